"""`check` judges a project by the files its wheel holds (ADR 0024): for each way a project
writes `exclude` (a glob, a name at any depth, a path in the incumbent's layout, a pattern for
a format, an include that takes a file back for the wheel), `build-project` runs its
check, builds, and the wheel's Python files are exactly the ones check counted as the
project's runtime, plus the brick's developer-only files the project did not exclude.
Setup -> command -> exit code, message, artifact."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import imports, workspace
from test.artifacts import Wheel
from test.components.brickwork.check.test_shipped_files import LAYOUTS, shipped_workspace
from test.components.brickwork.packaging.conftest import commit_all, git
from test.conftest import MakeWorkspace, PolyRunner

CASES = {
    "a glob of folders": ('["**/tests", "**/helpers"]', ["helpers"]),
    "a name at any depth": ('["helpers", "conftest.py"]', ["helpers", "conftest.py"]),
    "a path in the incumbent's layout": ('["acme/greet/helpers"]', ["helpers"]),
    "a table with a format": (
        '["**/helpers", { path = "acme/greet/extras.py", format = "sdist" }]',
        ["helpers", "extras.py"],
    ),
    "an include that takes a file back": (
        '["**/helpers"]\ninclude = [{ path = "acme/greet/helpers/keep.py", format = "wheel" }]',
        ["helpers/__init__.py", "helpers/other.py"],
    ),
}


def _workspace(make: MakeWorkspace, theme: str, style: str, exclude: str) -> Path:
    """`greet` (in svc) with helpers that import what svc does not declare (boto3: a true
    BW201 if svc shipped them), a shipped extras.py and a kept helper importing requests."""
    factory = shipped_workspace(make, theme, style, exclude)
    project = factory.root / "projects/svc/pyproject.toml"
    text = project.read_text(encoding="utf-8")
    text = text.replace('"requests",', '"requests",\n    "pyyaml",').replace(
        'requests = "*"', 'requests = "*"\npyyaml = "*"'
    )
    project.write_text(text, encoding="utf-8")
    greet = factory.brick_dir("component", "greet")
    factory.write(f"{greet}/helpers/__init__.py", "import boto3\n")
    factory.write(f"{greet}/helpers/other.py", "import boto3\n")
    factory.write(f"{greet}/helpers/keep.py", "import requests\n")
    factory.write(f"{greet}/extras.py", "import requests\n")
    factory.write(".gitignore", "dist/\n__pycache__/\n.brickwork_cache/\n")
    git(factory.root, "init", "-q")
    commit_all(factory.root)
    return factory.root


def _runtime(root: Path) -> tuple[set[str], set[str]]:
    """(what check counts as svc's runtime, the developer-only files of its bricks), as paths
    in the wheel (`acme/greet/core.py`)."""
    ws = workspace.load(root)
    project = ws.project("svc")
    assert project is not None
    scan = imports.scan_workspace(ws, use_cache=False)
    shipped = imports.shipped_scan(ws, scan, project) or scan
    runtime: set[str] = set()
    tests: set[str] = set()
    for name in project.bricks:
        brick = ws.brick(name)
        assert brick is not None
        above = brick.path.parents[len(ws.namespace.split("."))]
        runtime.update(f.path.relative_to(above).as_posix() for f in shipped.bricks[name].files)
        tests.update(
            f.path.relative_to(above).as_posix()
            for f in shipped.bricks[name].tests
            if f.path.is_relative_to(brick.path)
        )
    return runtime, tests


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
@pytest.mark.parametrize("case", list(CASES))
def test_the_wheel_holds_the_python_files_check_judges_as_the_projects_runtime(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    tmp_path: Path,
    case: str,
    theme: str,
    style: str,
) -> None:
    exclude, left_out = CASES[case]
    root = _workspace(make_workspace, theme, style, exclude)
    out = tmp_path / "out"

    result = poly(
        "poly build-project", f"--projects svc --format wheel --output-dir {out}", cwd=root
    )

    assert result.exit_code == 0, result.stdout + result.stderr  # check found no false BW201
    wheel = Wheel(next(out.glob("*.whl")))
    shipped = {n for n in wheel.names() if n.endswith(".py")}
    runtime, tests = _runtime(root)
    assert shipped - tests == runtime
    greet = "acme/greet/"
    assert not {f"{greet}{name}" for name in left_out} & shipped
    assert not [n for n in shipped if any(n.startswith(f"{greet}{p}/") for p in left_out)]
    assert f"{greet}core.py" in runtime
    assert (f"{greet}extras.py" in runtime) is ("extras.py" not in left_out)
