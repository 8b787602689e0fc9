"""`-q` over every command: results, one-line errors and the reasons of a failure stay;
notes, progress, hints and what a write did go.

Each row runs one command twice, on two identical copies of a workspace in a real git
repository (both themes, both project file styles): once as usual and once with `-q`. What
`-q` keeps is said against the usual run: SAME (the result or the reason, as without `-q`),
NOTHING, or the usual output without some lines (`check -q` drops the findings that do not
fail the run)."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cleo.io.outputs.output import Verbosity

from test.components.brickwork.changes.conftest import build
from test.conftest import PolyRunner, Result, WorkspaceFactory, workspace_toml
from test.gitrepo import GitRepo

PASSING = "def test_ok():\n    assert True\n"
FAILING = "def test_broken():\n    assert False\n"

Expect = Callable[[str], str]
"""What `-q` prints, given what the usual run printed (both normalised)."""


def SAME(usual: str) -> str:
    return usual


def NOTHING(usual: str) -> str:
    return ""


def without(text: str) -> Expect:
    """The usual output without the lines (and the blank line after each) that hold `text`."""

    def expect(usual: str) -> str:
        lines = usual.splitlines(keepends=True)
        kept: list[str] = []
        skip = False
        for line in lines:
            if text in line:
                skip = True
                continue
            if skip and not line.strip():
                skip = False
                continue
            skip = False
            kept.append(line)
        return "".join(kept)

    return expect


def user_tests(factory: WorkspaceFactory) -> str:
    return "test/components/acme/user" if factory.theme == "loose" else "components/user/test"


def changed(factory: WorkspaceFactory, repo: GitRepo) -> None:
    """An uncommitted change to the user component (its tests and api's are selected)."""
    folder = factory.brick_dir("component", "user")
    factory.write(f"{folder}/__init__.py", "from acme import log\n\nNAME = 'user'\n")


def failing_test(factory: WorkspaceFactory, repo: GitRepo) -> None:
    changed(factory, repo)
    factory.write(f"{user_tests(factory)}/test_broken.py", FAILING)


def missing_brick(factory: WorkspaceFactory, repo: GitRepo) -> None:
    """BW101 (an error: tool lacks log, which other imports) next to BW108 (a warning: svc
    includes other, which none of its bricks needs)."""
    folder = factory.brick_dir("component", "other")
    factory.write(f"{folder}/__init__.py", "from acme import log\n")
    factory.project("svc", ["api", "user", "log", "other"], style=factory.dev_style)
    repo.commit("other uses log")


def missing_brick_changed(factory: WorkspaceFactory, repo: GitRepo) -> None:
    missing_brick(factory, repo)
    changed(factory, repo)


def undeclared(factory: WorkspaceFactory, repo: GitRepo) -> None:
    """api imports a library no project declares (BW201, an error of `libs` and `check`)."""
    folder = factory.brick_dir("base", "api")
    factory.write(f"{folder}/web.py", "import requests\n")
    repo.commit("api uses requests")


def lacking(factory: WorkspaceFactory, repo: GitRepo) -> None:
    """svc does not list log, which user imports: `sync` adds it."""
    factory.project("svc", ["api", "user"], style=factory.dev_style)
    repo.commit("svc without log")


@dataclass(frozen=True)
class Row:
    command: str
    args: str = ""
    exit_code: int = 0
    stdout: Expect = NOTHING
    stderr: Expect = NOTHING
    setup: Callable[[WorkspaceFactory, GitRepo], None] | None = None
    where: str = "."
    """The folder the command runs in: "." the workspace root, "empty" a folder outside
    any workspace, or a folder of the workspace."""
    one_line: bool = field(default=False)
    """The usual run's stderr is one line (a one-line error)."""

    @property
    def id(self) -> str:
        words = [self.command.removeprefix("poly "), self.args, self.where]
        return " ".join(w for w in words if w and w != ".") + f" -> {self.exit_code}"


ROWS = [
    # success: a result stays; what a write did, notes and progress go
    Row("poly create workspace", "--name shop", where="empty"),
    Row("poly create workspace", "--name shop --dry-run", stdout=SAME, where="empty"),
    Row("poly create component", "--name extra"),
    Row("poly create component", "--name extra --dry-run", stdout=SAME),
    Row("poly create base", "--name cli"),
    Row("poly create project", "--name web --base api"),
    Row("poly info", stdout=SAME),
    Row("poly info", "--output json", stdout=SAME),
    Row("poly deps", stdout=SAME),
    Row("poly check"),
    Row("poly check", "--output json", stdout=SAME),
    Row("poly libs", stdout=SAME),
    Row("poly sync", setup=lacking),
    Row("poly sync", "--dry-run", stdout=SAME, setup=lacking),
    Row("poly sync"),
    Row("poly diff", stdout=SAME, setup=changed),
    Row("poly diff", "--short", stdout=SAME, setup=changed),
    Row("poly test", "--list", stdout=SAME, setup=changed),
    Row("poly test", setup=changed),
    Row("poly test"),
    Row("poly test diff", stdout=SAME, setup=changed),
    Row("poly tag", stdout=SAME),
    Row("poly tag", "--dry-run", stdout=SAME),
    Row("poly"),  # the list of commands: nothing, as `poetry -q list`
    Row("poly build-project", "--projects svc", stdout=SAME),
    Row("poly build-project", "--projects svc --output json", stdout=SAME),
    Row("build-project", stdout=SAME, where="projects/svc"),
    # the command ran and failed: the reason stays
    Row("poly check", exit_code=1, stdout=without("BW108"), setup=missing_brick),
    Row("poly check", "--strict", exit_code=1, stdout=SAME, setup=missing_brick),
    Row("poly check", "--output github", exit_code=1, stdout=SAME, setup=missing_brick),
    Row("poly libs", exit_code=1, stdout=SAME, setup=undeclared),
    Row("poly create component", "--name log", exit_code=1, stderr=SAME, one_line=True),
    Row("poly sync", "--check", exit_code=1, stdout=SAME, stderr=SAME, setup=lacking),
    Row("poly test", exit_code=1, stdout=SAME, setup=failing_test),
    Row("poly test", exit_code=1, stderr=SAME, setup=missing_brick_changed),
    Row("poly test", "--fail-if-nothing-to-test", exit_code=1, stdout=SAME),
    Row("poly tag", exit_code=1, stderr=SAME, setup=changed, one_line=True),
    Row("poly build-project", "--projects tool", exit_code=1, stderr=SAME, setup=missing_brick),
    # the command could not run: its one line stays
    *(
        Row(command, args, exit_code=2, stderr=SAME, where="empty", one_line=True)
        for command, args in [
            ("poly create workspace", "--name 1shop"),
            ("poly create component", "--name x"),
            ("poly create base", "--name x"),
            ("poly create project", "--name x"),
            ("poly info", ""),
            ("poly deps", ""),
            ("poly check", ""),
            ("poly libs", ""),
            ("poly sync", ""),
            ("poly diff", ""),
            ("poly test", ""),
            ("poly test diff", ""),
            ("poly tag", ""),
            ("poly build-project", "--all"),
            ("build-project", ""),
        ]
    ),
    Row("poly check", "--output text,json", exit_code=2, stderr=SAME, one_line=True),
    Row("poly diff", "--since nowhere", exit_code=2, stderr=SAME, one_line=True),
    Row("poly", "crate --name x", exit_code=2, stderr=SAME, one_line=True),  # a typo
]


def make(root: Path, theme: str, style: str) -> tuple[WorkspaceFactory, GitRepo]:
    """log <- user <- api (svc), other (tool), with tests, in a git repository tagged
    stable-1; its `.venv` is the one running us (pytest finds the bricks by `pythonpath`)."""
    factory = WorkspaceFactory(root, "acme", theme, style)
    factory.write("workspace.toml", workspace_toml("acme", theme))
    for folder in ("components", "bases", "projects", "development"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    build(factory)
    factory.project("svc", ["api", "user", "log"], style=style)
    factory.project("tool", ["other"], style=style)
    factory.write(f"{user_tests(factory)}/test_user.py", PASSING)
    paths = ["components", "bases"]
    if theme == "tdd":
        paths = [f"components/{n}/src" for n in ("log", "user", "other")] + ["bases/api/src"]
    factory.write("pytest.ini", f"[pytest]\npythonpath = {' '.join(paths)}\n")
    os.symlink(Path(sys.executable).parents[1], root / ".venv")
    repo = GitRepo.init(root)
    repo.commit("initial")
    repo.tag("stable-1")
    return factory, repo


def normalised(text: str, root: Path) -> str:
    """Without what differs between two runs: the workspace's folder, seconds, pytest's
    timing."""
    text = text.replace(str(root), "<root>")
    return re.sub(r"\b\d+\.\d+( ?s|s)?\b", "<n>", text)


def run(poly: PolyRunner, row: Row, root: Path, quiet: bool) -> Result:
    cwd = root.parent / "empty" if row.where == "empty" else root / row.where
    cwd.mkdir(exist_ok=True)
    verbosity = Verbosity.QUIET if quiet else None
    result = poly(row.command, row.args, cwd=cwd, verbosity=verbosity)
    folder = cwd if row.where == "empty" else root
    return Result(
        result.exit_code, normalised(result.stdout, folder), normalised(result.stderr, folder)
    )


@pytest.mark.parametrize(("theme", "style"), [("loose", "pep621"), ("tdd", "poetry")])
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_quiet_keeps_results_and_the_reason_of_a_failure_and_drops_everything_else(
    poly: PolyRunner, tmp_path: Path, row: Row, theme: str, style: str
) -> None:
    factory, repo = make(tmp_path / "usual" / "ws", theme, style)
    if row.setup is not None:
        row.setup(factory, repo)
    twin = tmp_path / "quiet" / "ws"
    shutil.copytree(factory.root, twin, symlinks=True)

    usual = run(poly, row, factory.root, quiet=False)
    quiet = run(poly, row, twin, quiet=True)

    assert usual.exit_code == row.exit_code, usual
    assert quiet.exit_code == row.exit_code, quiet
    assert quiet.stdout == row.stdout(usual.stdout)
    assert quiet.stderr == row.stderr(usual.stderr)
    if row.exit_code == 0:
        assert quiet.stderr == ""
    else:  # the reason of a failure is never lost
        assert quiet.stdout or quiet.stderr
    if row.one_line:
        assert len(quiet.stderr.splitlines()) == 1, quiet.stderr
    if row.stdout is NOTHING and row.stderr is NOTHING:  # -q dropped something said
        assert (usual.stdout, usual.stderr) != ("", "") or row.command == "poly test"


def test_a_quiet_check_never_replays_a_usual_result_nor_the_other_way_round(
    poly: PolyRunner, tmp_path: Path
) -> None:
    factory, repo = make(tmp_path / "ws", "loose", "pep621")
    missing_brick(factory, repo)
    root = factory.root

    runs = [
        poly("poly check", cwd=root, verbosity=Verbosity.QUIET if quiet else None)
        for quiet in (False, True, False, True)
    ]

    usual, quiet = runs[0], runs[1]
    assert "BW108" in usual.stdout
    assert "BW101" in quiet.stdout
    assert "BW108" not in quiet.stdout
    assert runs[2:] == [usual, quiet]
