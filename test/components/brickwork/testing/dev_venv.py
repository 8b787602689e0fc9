"""Real development venvs for `poly test`: one where the development project is not installed
(a fresh clone, `poetry add` before `poetry install`), and Poetry's own install of the root."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

from cleo.io.null_io import NullIO
from poetry.factory import Factory
from poetry.masonry.builders.editable import EditableBuilder
from poetry.utils.env import VirtualEnv


def make_venv(root: Path) -> Path:
    """`root/.venv`: a real venv that has pytest (through a `.pth` naming the site-packages
    of the environment running us) and nothing of the workspace."""
    env = root / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    [site] = env.glob("lib/python*/site-packages")
    (site / "dev_tools.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env


def poetry_install_root(root: Path) -> None:
    """What `poetry install` does for the root project: Poetry's own editable install."""
    poetry = Factory().create_poetry(root)
    EditableBuilder(poetry, VirtualEnv(root / ".venv"), NullIO()).build()
