"""Run Poetry like `.venv/bin/poetry`, optionally without Brickwork's `poly` entry point.

    .venv/bin/python benchmarks/poetry_launcher.py --version            # with the plugin
    BRICKWORK_BENCH_WITHOUT_PLUGIN=1 .venv/bin/python benchmarks/poetry_launcher.py --version

Both ways go through this same file, so the only difference between the two is whether
Poetry's plugin discovery sees our entry point: every other plugin installed in the
environment still loads. Used by benchmarks/startup.py.
"""

from __future__ import annotations

import os
import sys
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from poetry.plugins.plugin_manager import PluginManager

WITHOUT_PLUGIN = "BRICKWORK_BENCH_WITHOUT_PLUGIN"


def _is_ours(value: str, name: str) -> bool:
    return name == "poly" and value.split(":", 1)[0].split(".", 1)[0] == "brickwork"


def drop_our_entry_point() -> None:
    """Make Poetry's plugin discovery skip `poly = brickwork.poetry_plugin:PolyPlugin`."""
    from poetry.plugins.plugin_manager import PluginManager

    original = PluginManager.get_plugin_entry_points

    def filtered(self: PluginManager) -> list[metadata.EntryPoint]:
        return [ep for ep in original(self) if not _is_ours(ep.value, ep.name)]

    PluginManager.get_plugin_entry_points = filtered  # type: ignore[method-assign]


def without_this_folder() -> None:
    """Run as a script, this file's folder is `sys.path[0]`; it holds `build.py`, which would
    shadow the `build` package Poetry imports: Poetry must see what `.venv/bin/poetry` sees."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]


if __name__ == "__main__":
    without_this_folder()
    from poetry.console.application import main

    if os.environ.get(WITHOUT_PLUGIN) == "1":
        drop_our_entry_point()
    sys.argv[0] = "poetry"
    sys.exit(main())
