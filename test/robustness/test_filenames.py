"""File names that are not UTF-8 on disk (`b"caf\\xe9.txt"`), in a brick, its tests and the
project: every read command works on them, cold, warm and with the cache off; a name shows
as its bytes (text) or as a `\\udcXX` escape (JSON); build-project refuses with one line that
names the file, and builds once the project excludes it; sync writes nothing.

A module whose name is not an identifier cannot be imported, but it is still scanned: its
imports give the findings any other module's would (the BW103 below is a true finding).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.conftest import MakeWorkspace, PolyRunner, Result, WorkspaceFactory
from test.gitrepo import GitRepo
from test.robustness.test_bad_input import tree

DATA = os.fsdecode(b"caf\xe9.txt")
MODULE = os.fsdecode(b"mod\xe9.py")


@dataclass(frozen=True)
class Case:
    id: str
    command: str
    args: str = ""
    exit_code: int = 0
    shown: str = ""
    """What stdout must hold."""


CASES = [
    Case("check", "check", exit_code=1, shown=f"{MODULE}:1: BW103 error"),
    Case("check-strict", "check", "--strict", exit_code=1, shown=f"{MODULE}:1: BW103 error"),
    Case("check-github", "check", "--output github", exit_code=1, shown=f"{MODULE},line=1"),
    Case("deps", "deps", shown="log"),
    Case("deps-brick", "deps", "--brick log", shown="api"),
    Case("libs", "libs", shown="no library problems"),
    Case("info", "info", shown="log"),
    Case("diff", "diff", shown=f"/log/{DATA}"),
    Case("test-list", "test", "--list", shown="log"),
]


def not_utf8(ws: WorkspaceFactory) -> GitRepo:
    """A component holding a data file and a module with non-UTF-8 names (the module imports
    a base: BW103), its test folder and the project holding such a file too; committed and
    tagged, then the data file changed (for diff and test)."""
    folder = ws.component("log")
    ws.base("api", files={"core.py": "from acme import log\n"})
    ws.project("svc", ["api", "log"])
    (folder / DATA).write_bytes(b"x\n")
    (folder / MODULE).write_text("import acme.api\n", encoding="utf-8")
    tests = ws.root / "test" / "components" / "acme" / "log"
    tests.mkdir(parents=True)
    (tests / DATA).write_bytes(b"fixture\n")
    (ws.root / "projects" / "svc" / DATA).write_bytes(b"notes\n")
    repo = GitRepo.init(ws.root)
    repo.commit("initial")
    repo.tag("stable-1")
    (folder / DATA).write_bytes(b"y\n")
    return repo


@pytest.fixture(params=["loose", "tdd"])
def factory(request: pytest.FixtureRequest, make_workspace: MakeWorkspace) -> WorkspaceFactory:
    return make_workspace(theme=request.param)


def runs(poly: PolyRunner, case: Case, cwd: Path) -> Iterator[tuple[str, Result]]:
    yield "cold", poly(f"poly {case.command}", case.args, cwd=cwd)
    yield "warm", poly(f"poly {case.command}", case.args, cwd=cwd)


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """The files added, changed or removed, but for the analysis cache."""
    keys = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return {k for k in keys if not k.startswith(".brickwork_cache/")}


def assert_clean(result: Result, case: Case, when: str) -> None:
    assert result.exit_code == case.exit_code, (when, result)
    assert "Traceback" not in result.stderr and "codec" not in result.stderr, (when, result)
    assert "codec" not in result.stdout, (when, result)
    assert case.shown in result.stdout.replace(os.sep, "/"), (when, result.stdout)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_read_command_works_on_file_names_that_are_not_utf8(
    factory: WorkspaceFactory, poly: PolyRunner, case: Case
) -> None:
    not_utf8(factory)
    before = tree(factory.root)

    for when, result in runs(poly, case, factory.root):
        assert_clean(result, case, when)
    assert changed(before, tree(factory.root)) == set()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_read_command_works_on_file_names_that_are_not_utf8_with_the_cache_off(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    monkeypatch: pytest.MonkeyPatch,
    case: Case,
) -> None:
    factory = make_workspace()
    not_utf8(factory)
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")
    before = tree(factory.root)

    for when, result in runs(poly, case, factory.root):
        assert_clean(result, case, when)
    assert tree(factory.root) == before


def test_check_json_writes_a_name_that_is_not_utf8_as_an_escape_of_its_bytes(
    factory: WorkspaceFactory, poly: PolyRunner
) -> None:
    not_utf8(factory)

    result = poly("poly check", "--output json", cwd=factory.root)

    assert result.exit_code == 1, result
    assert result.stdout.isascii() or "\udce9" not in result.stdout
    assert "\\udce9" in result.stdout
    paths = [
        f["path"] for f in json.loads(result.stdout)["result"]["findings"] if f["code"] == "BW103"
    ]
    assert [os.fsencode(p).rsplit(b"/", 1)[-1] for p in paths] == [b"mod\xe9.py"]


def test_diff_json_names_the_changed_file_by_its_bytes(
    factory: WorkspaceFactory, poly: PolyRunner
) -> None:
    not_utf8(factory)

    result = poly("poly diff", "--output json", cwd=factory.root)

    assert result.exit_code == 0, result
    files = [os.fsencode(f["path"]) for f in json.loads(result.stdout)["result"]["files"]]
    assert any(f.endswith(b"/caf\xe9.txt") for f in files), files


def test_build_project_refuses_a_file_name_that_is_not_utf8_with_one_line_naming_it(
    factory: WorkspaceFactory, poly: PolyRunner
) -> None:
    repo = not_utf8(factory)
    (factory.root / factory.brick_dir("component", "log") / MODULE).unlink()  # no BW103
    repo.commit("no odd module")
    before = tree(factory.root)

    result = poly("poly build-project", "--projects svc", cwd=factory.root)

    assert result.exit_code == 1, result
    assert "Traceback" not in result.stderr and "codec" not in result.stderr + result.stdout
    text = result.stdout + result.stderr
    assert "caf\\xe9.txt: a file name that is not UTF-8 cannot go in a wheel or sdist" in text
    assert "`exclude`" in text
    assert changed(before, tree(factory.root)) == set()


def test_build_project_builds_once_the_project_excludes_the_file(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    repo = not_utf8(factory)
    (factory.root / factory.brick_dir("component", "log") / MODULE).unlink()
    project = factory.root / "projects/svc/pyproject.toml"
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace("[tool.poetry]\n", '[tool.poetry]\nexclude = ["**/*.txt"]\n'),
        encoding="utf-8",
    )
    repo.commit("exclude the notes")

    result = poly("poly build-project", "--projects svc", cwd=factory.root)

    assert result.exit_code == 0, result
    assert sorted(p.suffix for p in (factory.root / "projects/svc/dist").iterdir()) == [
        ".gz",
        ".whl",
    ]


def test_sync_writes_nothing_next_to_a_file_name_that_is_not_utf8(
    factory: WorkspaceFactory, poly: PolyRunner
) -> None:
    not_utf8(factory)
    before = tree(factory.root)

    result = poly("poly sync", cwd=factory.root)

    assert result.exit_code == 0, result
    assert "Traceback" not in result.stderr and "codec" not in result.stderr
    assert changed(before, tree(factory.root)) == set()


def test_the_poetry_executable_on_a_strict_utf8_stdout_writes_the_name_s_bytes(
    make_workspace: MakeWorkspace,
) -> None:
    """With a UTF-8 locale Python's stdout is strict: the name must not fail the write."""
    factory = make_workspace()
    not_utf8(factory)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("VIRTUAL_ENV", None)

    done = subprocess.run(
        [str(Path(sys.executable).parent / "poetry"), "--no-ansi", "poly", "check"],
        cwd=factory.root,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 1, done
    assert b"codec" not in done.stderr, done.stderr
    assert b"components/acme/log/mod\xe9.py:1: BW103 error" in done.stdout
