"""Find the workspace root and read `[tool.polylith]` into a `Config`."""

from __future__ import annotations

import hashlib
import keyword
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brickwork.runs import is_file as _is_file
from brickwork.runs import note_input
from brickwork.workspace.errors import PolyError
from brickwork.workspace.model import Config, Theme
from brickwork.workspace.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

WORKSPACE_FILE = "workspace.toml"
PROJECT_FILE = "pyproject.toml"


def parse_toml(text: str, source: Path | str) -> dict[str, Any]:
    """Parse TOML text; a syntax error or nesting too deep is a `PolyError` naming `source`."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as err:
        raise PolyError(f"{source}: invalid TOML ({err}); fix the syntax and run again.") from err
    except RecursionError as err:
        raise PolyError(
            f"{source}: arrays or tables nested too deeply to read; flatten them and run again."
        ) from err


def read_toml(path: Path) -> dict[str, Any]:
    """Read and parse a TOML file; every failure is a `PolyError` naming the file (the one
    TOML reader: every file a command reads goes through it)."""
    note_input(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise PolyError(
            f"{path}: not UTF-8 text (byte {err.start}); TOML files must be UTF-8: "
            "save it as UTF-8 and run again."
        ) from err
    except OSError as err:
        raise PolyError(f"{path}: cannot read ({err.strerror}).") from err
    return parse_toml(text, path)


def _tool_table(path: Path, name: str) -> Mapping[str, Any] | None:
    data = read_toml(path)
    tool = data.get("tool")
    table = tool.get(name) if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _polylith_table(path: Path) -> Mapping[str, Any] | None:
    return _tool_table(path, "polylith")


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds a Polylith workspace.

    A `workspace.toml` with `[tool.polylith]` wins; else a `pyproject.toml` with it.
    """
    start = start.resolve()
    candidates = [start, *start.parents]
    for name in (WORKSPACE_FILE, PROJECT_FILE):
        for folder in candidates:
            file = folder / name
            if _is_file(file) and _polylith_table(file) is not None:
                return folder
    raise PolyError(
        f"No Polylith workspace at or above {start}: no workspace.toml with a "
        "[tool.polylith] table. Run `poetry poly create workspace --name <namespace>` "
        "to make one, or run from inside a workspace."
    )


def is_valid_namespace(name: str) -> bool:
    """A namespace is one or more dotted Python identifiers, none a keyword."""
    parts = name.split(".")
    return all(p.isidentifier() and not keyword.iskeyword(p) for p in parts)


def _namespace_folder(root: Path, namespace: str) -> str | None:
    """The folder (`bases/cloudcrier_app`) whose name is the package name a namespace such
    as `cloudcrier-app` stands for, when the workspace has one."""
    wanted = re.sub(r"[-.\s]+", "_", namespace.strip()).lower()
    for top in ("bases", "components"):
        try:
            names = sorted(p.name for p in (root / top).iterdir() if p.is_dir())
        except OSError:
            continue
        for name in names:
            if name.lower() == wanted and is_valid_namespace(name):
                return f"{top}/{name}"
    return None


def load_config(root: Path) -> Config:
    """Read `[tool.polylith]` from the workspace at `root` into a typed `Config`."""
    source = root / WORKSPACE_FILE
    if not _is_file(source):
        source = root / PROJECT_FILE
    table = _polylith_table(source)
    if table is None:
        raise PolyError(f"{source}: no [tool.polylith] table.")
    settings = Settings(source.name, "tool.polylith", table)

    if "namespace" not in settings:
        raise settings.fail("namespace", "is missing", 'add `namespace = "<name>"`')
    namespace = settings.string("namespace", "")
    if not is_valid_namespace(namespace):
        folder = _namespace_folder(root, namespace)
        if folder is not None:
            raise settings.fail(
                "namespace",
                f"{namespace!r} is not a Python package name; the folder {folder} is",
                f'set namespace = "{folder.rsplit("/", 1)[-1]}"',
            )
        raise settings.fail(
            "namespace",
            f"{namespace!r} is not a Python package name",
            "use lowercase letters, digits and underscores",
        )

    structure = settings.table("structure")
    theme_value = structure.string("theme", "tdd")
    try:
        theme = Theme(theme_value)
    except ValueError:
        raise structure.fail("theme", f"is {theme_value!r}", 'use "loose" or "tdd"') from None

    tag = settings.table("tag")
    projects = settings.table("projects")
    groups = projects.table("groups")
    test = settings.table("test")
    resources = settings.table("resources")
    return Config(
        namespace=namespace,
        theme=theme,
        git_tag_pattern=settings.string("git_tag_pattern", "stable-*"),
        tag_patterns=tag.string_table("patterns"),
        tag_sorting=tag.strings("sorting", ["-committerdate"], single=True),
        test_enabled=test.boolean("enabled", True),
        brick_docs_enabled=resources.boolean("brick_docs_enabled", False),
        project_aliases=projects.string_table("alias"),
        project_groups={name: groups.strings(name) for name in groups},
        source=source,
        raw=table,
        brickwork=_tool_table(source, "brickwork") or {},
    )


CACHE_DIR = ".brickwork_cache"
"""Where the analysis cache lives, below the workspace root, unless moved."""
ENV_CACHE_DIR = "BRICKWORK_CACHE_DIR"
ENV_NO_CACHE = "BRICKWORK_NO_CACHE"


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no", "off")


def cache_folder(root: Path, config: Config) -> Path | None:
    """Where the analysis cache of the workspace at `root` lives; None when it is turned off.

    `BRICKWORK_NO_CACHE=1` or `[tool.brickwork] cache = false` turn it off;
    `BRICKWORK_CACHE_DIR` (shared by workspaces: each gets a folder in it) or
    `[tool.brickwork] cache-dir` (relative to the workspace root) move it.
    """
    try:
        shown = config.source.relative_to(root).as_posix()
    except ValueError:
        shown = str(config.source)
    settings = Settings(shown, "tool.brickwork", config.brickwork)
    enabled = settings.boolean("cache", True)
    configured = settings.string("cache-dir", "") if "cache-dir" in settings else None
    if configured is not None and not configured.strip():
        raise settings.fail("cache-dir", f"must be a folder path, not {configured!r}")
    if _truthy(os.environ.get(ENV_NO_CACHE)) or not enabled:
        return None
    shared = os.environ.get(ENV_CACHE_DIR, "").strip()
    if shared:
        key = hashlib.blake2b(os.fsencode(root), digest_size=6).hexdigest()
        return Path(os.path.abspath(os.path.expanduser(shared))) / f"{root.name}-{key}"
    if configured is not None:
        return root / Path(os.path.expanduser(str(configured)))
    return root / CACHE_DIR
