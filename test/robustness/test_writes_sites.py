"""Optional imports in sources a parser refuses, and the build gate: the token fallback
classifies a `try`/`except ImportError` body in newer or older syntax like the syntax tree, and
`build-project` builds a project whose only problems are optional imports while it refuses one
with a required import it lacks. Setup -> command -> exit code, findings, tree or artifact."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import commit_all, git
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

PEP_695 = """\
type Pair[T] = tuple[T, T]

try:
    import psutil
except ImportError:
    psutil = None
if not on_rtd:
    import sphinx_rtd_theme
import requests


class Box[T]:
    def load(self) -> T:
        try:
            import orjson
        except (ImportError, OSError) as err:
            raise RuntimeError("install the fast extra") from err
        return orjson.loads(self)
"""
PYTHON_2 = """\
import urllib2

try:
    import simplejson as json
except ImportError, e:
    import json
print "loaded"
import requests
"""
DEEP = "".join(f"{'    ' * i}if flag{i}:\n" for i in range(40)) + (
    "    " * 40
    + "try:\n"
    + "    " * 41
    + "import psutil\n"
    + "    " * 40
    + "except:\n"
    + "    " * 41
    + "pass\n"
    + "import requests\n"
)


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    found: list[tuple[str, str, str]]


CASES = [
    Case(
        "PEP 695 syntax the running parser refuses",
        PEP_695,
        [
            ("BW201", "requests", "error"),
            ("BW201", "sphinx-rtd-theme", "warning"),
        ],
    ),
    Case("Python 2 with `except ImportError, e:`", PYTHON_2, [("BW201", "requests", "error")]),
    Case("forty guards deep", DEEP, [("BW201", "requests", "error")]),
]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` but the analysis cache, with its bytes."""
    found: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".brickwork_cache", ".git")]
        for name in files:
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_the_token_fallback_keeps_optional_imports_out_of_the_errors(
    case: Case, theme: str, make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace(theme=theme)
    ws.component("probe", case.source)
    ws.base("api", "from acme import probe\n")
    ws.project("svc", ["api", "probe"])
    before = tree(ws.root)

    result = poly("poly check", "--output json --projects svc", cwd=ws.root)

    data = json.loads(result.stdout)["result"]
    found = sorted((f["code"], f["subject"], f["severity"]) for f in data["findings"])
    assert (result.exit_code, found) == (1, case.found)
    assert "Traceback" not in result.stderr
    assert tree(ws.root) == before


def _service(make_workspace: MakeWorkspace, init: str) -> WorkspaceFactory:
    ws = make_workspace()
    ws.component("probe", init)
    ws.base("api", "from acme import probe\n")
    ws.project("svc", ["api", "probe"])
    ws.write(".gitignore", "dist/\n__pycache__/\n.brickwork_cache/\n")
    git(ws.root, "init", "-q")
    commit_all(ws.root)
    return ws


OPTIONAL_ONLY = "try:\n    import psutil\nexcept ImportError:\n    psutil = None\n"


def test_build_project_builds_a_project_whose_only_problems_are_optional_imports(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    ws = _service(make_workspace, OPTIONAL_ONLY + "if flag:\n    import tomli\n")
    out = tmp_path / "out"

    result = poly("poly build-project", f"--projects svc -f wheel --output-dir {out}", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    (wheel,) = out.iterdir()
    assert "acme/probe/__init__.py" in Wheel(wheel).names()


def test_build_project_still_refuses_a_project_that_lacks_a_required_library(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    ws = _service(make_workspace, OPTIONAL_ONLY + "import requests\n")
    out = tmp_path / "out"

    result = poly("poly build-project", f"--projects svc -f wheel --output-dir {out}", cwd=ws.root)

    assert result.exit_code == 1
    assert "requests" in result.stdout + result.stderr
    assert "psutil" not in result.stdout + result.stderr
    assert not out.exists() or not list(out.iterdir())
