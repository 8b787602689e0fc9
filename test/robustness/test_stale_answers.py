"""Stale answers, tried as `tar x`, `unzip -o`, `cp -p` and a careful editor would cause them:
an input changed so that its size, mtime and (often) inode stay what they were. A warm run
must still give what a run with the cache off gives, for every cached thing: the stored
result, the scan cache, the project-file snapshot.

Each case is data: a workspace whose inputs are older than the racy window (mtimes set back,
then waited out: a change time cannot be set back), the read commands that fill the caches
(and are reused by the next identical run, which is checked), a change that keeps the stat a
size-mtime-inode key sees, and the commands run after it. Each must equal the run with
`BRICKWORK_NO_CACHE=1`, and that run must differ from the one before the change (the change
is visible, so a stale answer cannot pass).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from cleo.io.outputs.output import Verbosity

from test.bases.brickwork.poetry_plugin.reuse_support import isolate_poetry
from test.conftest import MakeWorkspace, PolyRunner, Result, WorkspaceFactory, workspace_toml

RACY_S = 2.0
"""Inputs changed more recently than this (mtime or change time) are not trusted by stat."""
CACHE = ".brickwork_cache"
REUSED = re.compile(r"^reused the .*none of its \d+ inputs? changed", re.MULTILINE)
"""What `-v` says when a run gives a stored result."""

Command = tuple[str, str]
"""(command, arguments)."""
Change = Callable[[WorkspaceFactory], None]


# -- the workspace -------------------------------------------------------------------------------

LOCK = """\
[[package]]
name = "requests"
version = "2.31.0"
description = "HTTP for Humans."
optional = false
python-versions = ">=3.7"
files = []

[package.dependencies]
idna = ">=2.5"

[[package]]
name = "idna"
version = "3.6"
description = "Internationalized Domain Names in Applications (IDNA)"
optional = false
python-versions = ">=3.5"
files = []

[metadata]
lock-version = "2.0"
python-versions = ">=3.10"
content-hash = "0000"
"""

SEVERITY = '\n[tool.brickwork.check]\nseverity = { BW108 = "error" }\n'
"""In workspace.toml: the unneeded brick `bus` of project svc is an error."""


def build(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    """api -> log, requests; svc ships api, log and bus (unneeded: BW108, an error by
    workspace.toml), declares requests and attrs (unused: BW203) and locks requests 2.31.0;
    sql is in development only."""
    ws = make_workspace(theme=theme, dev_style=style)
    ws.write("workspace.toml", workspace_toml("acme", theme) + SEVERITY)
    ws.component("log")
    ws.component("bus")
    ws.component("sql")
    ws.base("api", files={"core.py": "from acme import log\n", "web.py": "import requests\n"})
    ws.project("svc", ["api", "log", "bus"], style=style, dependencies=["requests", "attrs"])
    ws.write("projects/svc/poetry.lock", LOCK)
    (ws.root / CACHE).mkdir()  # its folder's entry made now, not by the first run
    return ws


def age(root: Path) -> None:
    """Set every mtime below `root` (the cache aside) 1000 s back, then wait until every change
    time is older than the racy window (no system call sets one back)."""
    past = time.time() - 1000
    newest = 0.0
    paths = [root]
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != CACHE]
        paths += [Path(folder, name) for name in (*dirs, *files)]
    for path in paths:
        os.utime(path, (past, past), follow_symlinks=False)
        newest = max(newest, os.lstat(path).st_ctime)
    wait = newest + RACY_S + 0.2 - time.time()
    if wait > 0:
        time.sleep(wait)


# -- changes that keep size, mtime and (in place) inode ------------------------------------------


def _same_size(old: bytes, before: bytes, after: bytes) -> bytes:
    assert len(before) == len(after) and old.count(before) == 1, (before, after)
    return old.replace(before, after)


def _restore_times(path: Path, seen: os.stat_result) -> None:
    os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns), follow_symlinks=False)


def rewrite(relative: str, before: bytes, after: bytes) -> Change:
    """Overwrite bytes in place (`r+b`: the same inode, the same size), mtime restored."""

    def change(ws: WorkspaceFactory) -> None:
        path = ws.root / relative.format(**places(ws))
        seen = path.stat()
        new = _same_size(path.read_bytes(), before, after)
        with open(path, "r+b") as stream:
            stream.write(new)
        _restore_times(path, seen)
        assert _key(path) == _key_of(seen)

    return change


def recreate(relative: str, before: bytes, after: bytes) -> Change:
    """Delete the file and write a new one of the same size (ext4 often gives the inode back),
    mtimes of the file and its folder restored, as `tar x` leaves them."""

    def change(ws: WorkspaceFactory) -> None:
        path = ws.root / relative.format(**places(ws))
        seen, folder = path.stat(), path.parent.stat()
        new = _same_size(path.read_bytes(), before, after)
        path.unlink()
        path.write_bytes(new)
        _restore_times(path, seen)
        _restore_times(path.parent, folder)

    return change


def add_file(relative: str, text: str) -> Change:
    """A new file in an existing folder, the folder's mtime restored (its size stays)."""

    def change(ws: WorkspaceFactory) -> None:
        path = ws.root / relative.format(**places(ws))
        folder = path.parent.stat()
        path.write_text(text, encoding="utf-8")
        _restore_times(path.parent, folder)
        assert _key(path.parent) == _key_of(folder)

    return change


def rename_folder(relative: str, new_name: str) -> Change:
    """Rename a folder to a name of the same length, its parent's mtime restored."""

    def change(ws: WorkspaceFactory) -> None:
        path = ws.root / relative.format(**places(ws))
        parent = path.parent.stat()
        assert len(new_name) == len(path.name)
        path.rename(path.with_name(new_name))
        _restore_times(path.parent, parent)

    return change


def edit(relative: str, text: str) -> Change:
    """An ordinary edit (a new mtime): the stored result cannot be reused after it."""

    def change(ws: WorkspaceFactory) -> None:
        path = ws.root / relative.format(**places(ws))
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return change


def both(*changes: Change) -> Change:
    def change(ws: WorkspaceFactory) -> None:
        for one in changes:
            one(ws)

    return change


def places(ws: WorkspaceFactory) -> dict[str, str]:
    """`{api}`, `{bus}`, `{log}` in a case's paths: the brick folders of the workspace's theme."""
    return {
        "api": ws.brick_dir("base", "api"),
        "bus": ws.brick_dir("component", "bus"),
        "log": ws.brick_dir("component", "log"),
    }


def _key_of(seen: os.stat_result) -> tuple[int, int, int]:
    return seen.st_size, seen.st_mtime_ns, seen.st_ino


def _key(path: Path) -> tuple[int, int, int]:
    return _key_of(path.stat())


# -- the cases ---------------------------------------------------------------------------------

CHECK: Sequence[Command] = (("poly check", ""), ("poly check", "--output json"))
GRAPH: Sequence[Command] = (*CHECK, ("poly deps", ""))
PROJECTS: Sequence[Command] = (*GRAPH, ("poly info", ""), ("poly libs", ""))
LIBS: Sequence[Command] = (("poly libs", ""), ("poly libs", "--output json"), ("poly check", ""))

SOURCE = "{api}/core.py"
LOG_TO_SQL = (b"from acme import log", b"from acme import sql")
"""api imports sql, which svc does not ship: BW101 (and log becomes unneeded: BW108)."""
PROJECT = "projects/svc/pyproject.toml"
INCLUDE_LOG_TO_SQL = (b"acme/log", b"acme/sql")
"""svc ships sql instead of log: api's import of log is BW101 now."""
ATTRS_TO_CLICK = (b"attrs", b"click")
"""svc declares click instead of attrs (the unused declared library changes)."""
UNRELATED_EDIT = edit("{bus}/__init__.py", "import os\n")
"""An edit that changes an import but no finding: the stored result is not reused."""


@dataclass(frozen=True)
class Case:
    id: str
    change: Change
    commands: Sequence[Command] = CHECK
    after: Sequence[Command] = ()
    """Commands run only after the change (nothing stored for them: other views); by default
    the ones run before."""


CASES = [
    Case("a source file deleted and recreated", recreate(SOURCE, *LOG_TO_SQL), GRAPH),
    Case("a source file rewritten in place", rewrite(SOURCE, *LOG_TO_SQL), GRAPH),
    Case(
        "a source file rewritten in place, seen by another view",
        rewrite(SOURCE, *LOG_TO_SQL),
        (("poly check", ""),),
        after=(("poly check", "--output json"), ("poly deps", "")),
    ),
    Case("a project's include rewritten in place", rewrite(PROJECT, *INCLUDE_LOG_TO_SQL), PROJECTS),
    Case(
        "a project's include rewritten in place next to an ordinary edit",
        both(rewrite(PROJECT, *INCLUDE_LOG_TO_SQL), UNRELATED_EDIT),
        PROJECTS,
    ),
    Case(
        "a project's include rewritten in place, seen by another view",
        rewrite(PROJECT, *INCLUDE_LOG_TO_SQL),
        (("poly check", ""),),
        after=(("poly check", "--output json"), ("poly deps", ""), ("poly info", "")),
    ),
    Case(
        "a project file deleted and recreated next to an ordinary edit",
        both(recreate(PROJECT, *INCLUDE_LOG_TO_SQL), UNRELATED_EDIT),
        PROJECTS,
    ),
    Case("a project's dependency rewritten in place", rewrite(PROJECT, *ATTRS_TO_CLICK), LIBS),
    Case(
        "a project's dependency rewritten in place next to an ordinary edit",
        both(rewrite(PROJECT, *ATTRS_TO_CLICK), UNRELATED_EDIT),
        LIBS,
    ),
    Case(
        "workspace.toml rewritten in place",
        rewrite("workspace.toml", b'BW108 = "error" }', b'BW108 = "off" }  '),
        CHECK,
    ),
    Case(
        "workspace.toml deleted and recreated",
        recreate("workspace.toml", b'BW108 = "error" }', b'BW108 = "off" }  '),
        CHECK,
    ),
    Case(
        "a lock file rewritten in place",
        rewrite("projects/svc/poetry.lock", b'"2.31.0"', b'"2.32.0"'),
        LIBS,
    ),
    Case(
        "a file added to a brick, the folder's mtime restored",
        add_file("{api}/extra.py", "from acme import sql\n"),
        GRAPH,
    ),
    Case("a brick renamed, its parent's mtime restored", rename_folder("{bus}", "bux"), PROJECTS),
]

LAYOUTS = [
    pytest.param("loose", "pep621", id="loose-pep621"),
    pytest.param("tdd", "poetry", id="tdd-poetry"),
]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_poetry(tmp_path / "home", monkeypatch)


def cached(poly: PolyRunner, root: Path, command: Command) -> Result:
    return poly(command[0], command[1], cwd=root, verbosity=Verbosity.VERBOSE)


def truth(
    poly: PolyRunner, root: Path, command: Command, monkeypatch: pytest.MonkeyPatch
) -> Result:
    with monkeypatch.context() as patch:
        patch.setenv("BRICKWORK_NO_CACHE", "1")
        return poly(command[0], command[1], cwd=root)


def shown(result: Result) -> tuple[int, str]:
    return result.exit_code, result.stdout


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_change_the_old_stat_key_cannot_see_gives_the_fresh_answer(
    case: Case,
    theme: str,
    style: str,
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = build(make_workspace, theme, style)
    age(ws.root)
    after = case.after or case.commands
    before = {c: truth(poly, ws.root, c, monkeypatch) for c in (*case.commands, *after)}
    # the true findings around the changed one, before the change
    check = before[("poly check", "")]
    assert check.exit_code == 1
    assert "BW108 error project 'svc' includes brick 'bus'" in check.stdout
    assert "BW203 warning project svc declares attrs" in check.stdout
    for command in case.commands:
        assert shown(cached(poly, ws.root, command)) == shown(before[command])
        again = cached(poly, ws.root, command)
        if command[0] != "poly info":  # info renders the model (its snapshot), stores nothing
            assert REUSED.search(again.stderr), (command, again.stderr)
        assert shown(again) == shown(before[command])

    case.change(ws)

    fresh = {c: truth(poly, ws.root, c, monkeypatch) for c in after}
    assert any(shown(fresh[c]) != shown(before[c]) for c in after), "the change shows nowhere"
    for command in after:
        assert shown(cached(poly, ws.root, command)) == shown(fresh[command]), command
