"""A reused `poly check` result is never stale: after any one change to what it read, a cached
run prints exactly what a run without cache prints, and reuses the stored result only when the
change does not reach the output (a touched file, an edit that changes no import)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from test.bases.brickwork.poetry_plugin.reuse_support import (
    REUSED,
    Ager,
    Runs,
    cached_wheel,
    findings_workspace,
    isolate_poetry,
    library_rules_forked,
    managed_env,
    shown,
)
from test.components.brickwork.libs.conftest import lock_text, write_dist_info
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Change = Callable[[WorkspaceFactory], object]
"""A step of a case (what it returns is not used)."""
CORE = "components/acme/core"
SITE = "projects/svc/.venv/lib/python3.11/site-packages"
POETRY = "../poetry"
"""Poetry's folders of the test (`isolate_poetry`), from the workspace root."""
PROVIDES = ["authzed/__init__.py", "grpcutil/__init__.py"]


@pytest.fixture
def runs(poly: PolyRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runs:
    isolate_poetry(tmp_path / "poetry", monkeypatch)
    return Runs(poly, tmp_path / "ws", monkeypatch)


def nothing(ws: WorkspaceFactory) -> None:
    """The workspace as `findings_workspace` makes it."""


def svc(ws: WorkspaceFactory, bricks: list[str], dependencies: list[str]) -> None:
    ws.project("svc", bricks, dependencies=dependencies)


def replace(path: Path, text: str) -> None:
    """Save `path` as editors and git do: write a temp file next to it, rename it over."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def dist_info(ws: WorkspaceFactory, files: list[str]) -> None:
    write_dist_info(ws.root / SITE, "authzed", "0.10.0", files)


def lock(ws: WorkspaceFactory, locked: dict[str, str]) -> None:
    ws.write("projects/svc/poetry.lock", lock_text({n: (v, ()) for n, v in locked.items()}))


def symlinked(ws: WorkspaceFactory) -> None:
    """core/linked.py is a link to shared/one.py (outside every brick)."""
    ws.write("shared/one.py", "import yaml\n")
    ws.write("shared/two.py", "import toml\n")
    (ws.root / CORE / "linked.py").symlink_to("../../../shared/one.py")


def dangling(ws: WorkspaceFactory) -> None:
    """core/gen.py is a link to a file that a build makes (missing until then)."""
    (ws.root / CORE / "gen.py").symlink_to("../../../build/gen.py")


def linked_brick(ws: WorkspaceFactory) -> None:
    """components/acme/ext is a link to a folder that a build makes (missing until then)."""
    (ws.root / "components/acme/ext").symlink_to("../../vendor/ext")


def dev_include(ws: WorkspaceFactory) -> None:
    """The development project includes development/helpers, a package that is no brick."""
    includes = [
        *(ws.include(k, n, prefix="") for k, n in ws.dev_bricks),
        ("helpers", "development"),
    ]
    ws.write("pyproject.toml", ws.project_text("development", includes, "pep621", []))
    ws.write("development/helpers/__init__.py", "import json\n")


def scripts_include(ws: WorkspaceFactory) -> None:
    """Project svc includes scripts/tools, which is not there yet (BW finding)."""
    text = (ws.root / "projects/svc/pyproject.toml").read_text()
    extra = '    { include = "tools", from = "../../scripts" },\n'
    ws.write(
        "projects/svc/pyproject.toml", text.replace("packages = [\n", f"packages = [\n{extra}")
    )


def file_to_folder(ws: WorkspaceFactory) -> None:
    (ws.root / CORE / "data").unlink()
    ws.write(f"{CORE}/data/mod.py", "import toml\n")


def relink(ws: WorkspaceFactory) -> None:
    link = ws.root / CORE / "linked.py"
    link.unlink()
    link.symlink_to("../../../shared/two.py")


# (name, prepare, change, reused): reused is True when the change cannot reach the output,
# False when it does (the output differs), None when either is right (a miss that costs time).
CASES: list[tuple[str, Change, Change, bool | None]] = [
    (
        "an import added to a brick module",
        nothing,
        lambda ws: ws.write(f"{CORE}/helpers.py", "import yaml\nimport toml\n"),
        False,
    ),
    (
        "a brick module edited without an import change",
        nothing,
        lambda ws: ws.write(f"{CORE}/helpers.py", "import yaml\n\nVALUE = 1\n"),
        True,
    ),
    (
        "an import moved to another line",
        nothing,
        lambda ws: ws.write(f"{CORE}/helpers.py", '"""Helpers."""\nimport yaml\n'),
        False,
    ),
    (
        "a brick __init__ edited without an import change",
        nothing,
        lambda ws: ws.write(f"{CORE}/__init__.py", "from acme import log\n\nVALUE = 1\n"),
        True,
    ),
    ("a brick module touched", nothing, lambda ws: (ws.root / CORE / "helpers.py").touch(), True),
    (
        "a module added to a brick",
        nothing,
        lambda ws: ws.write(f"{CORE}/extra.py", "import toml\n"),
        False,
    ),
    ("a module deleted", nothing, lambda ws: (ws.root / CORE / "helpers.py").unlink(), False),
    (
        "a module renamed",
        nothing,
        lambda ws: (ws.root / CORE / "helpers.py").rename(ws.root / CORE / "util.py"),
        False,
    ),
    (
        "a test module added",
        nothing,
        lambda ws: ws.write("test/components/acme/core/test_more.py", "import toml\n"),
        False,
    ),
    (
        "the test folder of a brick created",
        nothing,
        lambda ws: ws.write("test/components/acme/log/test_log.py", "import toml\n"),
        False,
    ),
    (
        "a brick created",
        nothing,
        lambda ws: ws.write("components/acme/extra/__init__.py", ""),
        False,
    ),
    (
        "a module added to a folder that was no brick",
        nothing,
        lambda ws: ws.write("components/acme/notyet/mod.py", "import toml\n"),
        False,
    ),
    (
        "a dependency added to a project",
        nothing,
        lambda ws: svc(ws, ["api", "core"], ["pyyaml", "authzed", "requests"]),
        False,
    ),
    (
        "an include added to a project",
        nothing,
        lambda ws: svc(ws, ["api", "core", "log"], ["pyyaml", "authzed"]),
        False,
    ),
    ("a project added", nothing, lambda ws: ws.project("other", ["a"]), False),
    (
        "a stale lock file created in a project",
        nothing,
        lambda ws: lock(ws, {"authzed": "0.10.0"}),
        False,
    ),
    (
        "a lock file edited so that it becomes stale",
        lambda ws: lock(ws, {"authzed": "0.10.0", "pyyaml": "6.0"}),
        lambda ws: lock(ws, {"authzed": "0.10.0"}),
        False,
    ),
    (
        "a stale lock file deleted",
        lambda ws: lock(ws, {"authzed": "0.10.0"}),
        lambda ws: (ws.root / "projects/svc/poetry.lock").unlink(),
        False,
    ),
    (
        "workspace.toml edited",
        nothing,
        lambda ws: ws.write(
            "workspace.toml",
            (ws.root / "workspace.toml").read_text()
            + '\n[tool.brickwork.check.severity]\nBW101 = "warning"\n',
        ),
        False,
    ),
    (
        "a project virtualenv created with the distribution of an import",
        nothing,
        lambda ws: dist_info(ws, ["authzed/__init__.py", "grpcutil/__init__.py"]),
        False,
    ),
    (
        "the RECORD of an installed distribution rewritten in place",
        lambda ws: dist_info(ws, ["authzed/__init__.py"]),
        lambda ws: (ws.root / SITE / "authzed-0.10.0.dist-info" / "RECORD").write_text(
            "authzed/__init__.py,,\ngrpcutil/__init__.py,,\n", encoding="utf-8"
        ),
        False,
    ),
    (
        "a module saved through a temp file with the same content",
        nothing,
        lambda ws: replace(ws.root / CORE / "helpers.py", "import yaml\n"),
        True,
    ),
    (
        "a module saved through a temp file with the same imports",
        nothing,
        lambda ws: replace(ws.root / CORE / "helpers.py", "import yaml\n# saved\n"),
        True,
    ),
    (
        "a module saved through a temp file with another import",
        nothing,
        lambda ws: replace(ws.root / CORE / "helpers.py", "import toml\n"),
        False,
    ),
    (
        "the target of a symlinked module edited",
        symlinked,
        lambda ws: ws.write("shared/one.py", "import yaml\nimport toml\n"),
        False,
    ),
    (
        "the target of a symlinked module edited without an import change",
        symlinked,
        lambda ws: ws.write("shared/one.py", "import yaml\nVALUE = 1\n"),
        True,
    ),
    ("a symlinked module pointed at another file", symlinked, relink, False),
    (
        "the missing target of a symlinked module created",
        dangling,
        lambda ws: ws.write("build/gen.py", "import toml\n"),
        False,
    ),
    (
        "the missing target of a symlinked brick created",
        linked_brick,
        lambda ws: ws.write("vendor/ext/__init__.py", "import toml\n"),
        False,
    ),
    (
        "a pyproject.toml added to a folder of projects/ that had none",
        lambda ws: ws.write("projects/k8s/deploy.yaml", "kind: Deployment\n"),
        lambda ws: ws.project("k8s", ["a"], folder="k8s"),
        False,
    ),
    (
        "a module added to a package the development project includes",
        dev_include,
        lambda ws: ws.write("development/helpers/tool.py", "import toml\n"),
        False,
    ),
    (
        "a missing folder that a project includes created",
        scripts_include,
        lambda ws: ws.write("scripts/tools/__init__.py", "import toml\n"),
        False,
    ),
    (
        "a Poetry-managed virtualenv of a project created",
        nothing,
        lambda ws: managed_env(ws.root / POETRY / "venvs", ws, PROVIDES),
        False,
    ),
    (
        "a wheel that provides an import cached by Poetry",
        nothing,
        lambda ws: cached_wheel(ws.root / POETRY / "cache/artifacts", "authzed", PROVIDES),
        False,
    ),
    (
        "a wheel that provides an import cached next to another",
        lambda ws: cached_wheel(ws.root / POETRY / "cache/artifacts", "other", ["other.py"]),
        lambda ws: cached_wheel(ws.root / POETRY / "cache/artifacts", "authzed", PROVIDES),
        False,
    ),
    (
        "a plain file replaced by a folder of modules of the same name",
        lambda ws: ws.write(f"{CORE}/data", "plain data\n"),
        file_to_folder,
        False,
    ),
]


@pytest.mark.parametrize(
    ("prepare", "change", "reused"),
    [pytest.param(p, c, r, id=name) for name, p, c, r in CASES],
)
def test_after_one_change_a_cached_check_prints_what_an_uncached_one_prints(
    make_workspace: MakeWorkspace,
    runs: Runs,
    tmp_path: Path,
    prepare: Change,
    change: Change,
    reused: bool | None,
) -> None:
    ws = findings_workspace(make_workspace)
    prepare(ws)
    age = Ager(tmp_path)
    age()
    first = runs.cached()
    assert runs.memo().is_file()
    again = runs.cached()
    assert REUSED in again.stderr
    assert shown(again) == shown(first)

    change(ws)
    age()
    after = runs.cached()
    truth = runs.truth()

    assert shown(after) == shown(truth)
    if reused is not None:
        assert (REUSED in after.stderr) is reused, after.stderr
        assert (shown(truth) == shown(first)) is reused  # the change reaches the output or not


LIBRARY_CASES = (
    "a stale lock file created in a project",
    "the RECORD of an installed distribution rewritten in place",
    "a Poetry-managed virtualenv of a project created",
    "a wheel that provides an import cached by Poetry",
)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize(
    ("prepare", "change", "reused"),
    [pytest.param(p, c, r, id=name) for name, p, c, r in CASES if name in LIBRARY_CASES],
)
def test_with_the_library_rules_forked_what_they_read_still_decides_reuse(
    make_workspace: MakeWorkspace,
    runs: Runs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    prepare: Change,
    change: Change,
    reused: bool | None,
) -> None:
    library_rules_forked(monkeypatch)
    test_after_one_change_a_cached_check_prints_what_an_uncached_one_prints(
        make_workspace, runs, tmp_path, prepare, change, reused
    )
