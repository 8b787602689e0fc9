"""A project file that starts with a UTF-8 byte order mark: Poetry refuses it (poetry-core's
reader and `poetry check`), so Brickwork refuses it too, with one line that names the file and
the fix, exit 2 and nothing written; it never writes a file Poetry cannot read."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from poetry.core.factory import Factory
from poetry.core.pyproject.exceptions import PyProjectError

from brickwork import pyproject, workspace
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.robustness.test_bad_input import tree

BOM = b"\xef\xbb\xbf"
SVC = "projects/svc/pyproject.toml"
SAYS = "starts with a UTF-8 byte order mark (BOM), which Poetry cannot read"


def with_bom(path: Path) -> None:
    path.write_bytes(BOM + path.read_bytes())


def service(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    factory = make_workspace()
    factory.component("log", "import requests\n")
    factory.base("api", "import acme.log\n")
    factory.project("svc", ["api"])
    return factory


def test_poetry_core_refuses_a_project_file_that_starts_with_a_bom(tmp_path: Path) -> None:
    file = tmp_path / "pyproject.toml"
    file.write_bytes(BOM + b'[project]\nname = "svc"\nversion = "1.0"\n')

    with pytest.raises(PyProjectError, match="not a valid TOML file"):
        Factory().create_poetry(tmp_path)


def test_poetry_check_refuses_a_project_file_that_starts_with_a_bom(
    make_workspace: MakeWorkspace,
) -> None:
    factory = service(make_workspace)
    with_bom(factory.root / SVC)
    poetry = Path(sys.executable).parent / "poetry"

    result = subprocess.run(
        [str(poetry), "check", "-C", str(factory.root / "projects/svc")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "Invalid TOML file" in result.stderr + result.stdout


@pytest.mark.parametrize("command", ["poly check", "poly sync", "poly info", "poly libs"])
@pytest.mark.parametrize("file", [SVC, "pyproject.toml"])
def test_every_command_refuses_a_bom_project_file_with_one_line_and_writes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner, command: str, file: str
) -> None:
    factory = service(make_workspace)
    with_bom(factory.root / file)
    before = tree(factory.root)

    result = poly(command, cwd=factory.root)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{factory.root / file}: {SAYS} (`poetry check`: Invalid TOML file); save it as UTF-8 "
        "without a BOM and run again.\n"
    )
    assert tree(factory.root) == before


def test_sync_works_again_once_the_bom_is_removed(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace)
    file = factory.root / SVC
    with_bom(file)
    assert poly("poly sync", cwd=factory.root).exit_code == 2
    file.write_bytes(file.read_bytes()[len(BOM) :])

    result = poly("poly sync", cwd=factory.root)

    assert (result.exit_code, result.stdout) == (0, f"updated {SVC}\n")
    assert not file.read_bytes().startswith(BOM)
    assert "acme/log" in file.read_text(encoding="utf-8")


def test_an_edit_of_a_bom_text_is_refused_with_the_same_line() -> None:
    text = '\ufeff[project]\nname = "svc"\ndependencies = []\n'

    with pytest.raises(workspace.PolyError, match=re.escape(f"svc.toml: {SAYS}")):
        pyproject.add_dependency(text, "requests", ">=2", source="svc.toml")
    with pytest.raises(workspace.PolyError, match=re.escape(f"svc.toml: {SAYS}")):
        pyproject.add_brick(text, "acme/log", "../../components", source="svc.toml")
