"""The stored workspace model: read back equal to what `load` reads, reused only while none of
the files and folders `load` read changed, and its inputs made those of a larger result."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brickwork import reuse, runs, workspace
from brickwork.reuse import model
from brickwork.reuse.plain import Malformed
from test.bases.brickwork.poetry_plugin.reuse_support import REUSED, Ager, Runs
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

MODEL = "workspace model from the cache"


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BRICKWORK_NO_CACHE", "BRICKWORK_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)


def _full(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    """Bricks of both kinds, a grouping folder (loose), a project one folder deeper, a
    project with dependencies of both kinds, and problems found while reading."""
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("log", "def get() -> None: ...\n", {"impl.py": "import yaml\n"})
    ws.base("api", "from acme import log\n")
    if theme == "loose":
        ws.write("components/acme/aws/__init__.py", '"""Amazon."""\n')
        ws.component("aws/s3", "def put() -> None: ...\n")
        ws.write("components/acme/bad-name/__init__.py", "X = 1\n")
    ws.project("svc", ["api", "log"], style=style, dependencies=["pyyaml==6.0"])
    ws.project("team_job", ["log", "gone"], style=style, folder="team/job")
    return ws


def _same(found: workspace.Workspace, read: workspace.Workspace) -> None:
    assert found == read
    assert [p.raw for p in found.projects] == [p.raw for p in read.projects]
    assert dict(found.listed) == dict(read.listed)


@pytest.mark.parametrize("theme", ["loose", "tdd"])
@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_the_stored_model_reads_back_as_load_reads_it(
    make_workspace: MakeWorkspace, theme: str, style: str
) -> None:
    ws = _full(make_workspace, theme, style)
    read = workspace.load(ws.root, records=reuse.ProjectSnapshot.open)
    assert read.problems  # the missing include, the folder that is no identifier

    plain = model.model_plain(read)

    _same(model.model_from_plain(plain, read.root, read.config), read)


def test_a_stored_model_of_another_shape_is_refused(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.component("log")
    ws.project("svc", ["log"])
    read = workspace.load(ws.root, records=reuse.ProjectSnapshot.open)
    components, bases, projects, problems, listed = model.model_plain(read)
    project = projects[0]

    cases: list[tuple[Any, ...]] = [
        (components, bases, projects, problems),
        (list(components), bases, projects, problems, listed),
        ((("x", "component", "/a", "/a", "/t", "no"),), bases, projects, problems, listed),
        ((("x", "brick", "/a", "/a", "/t", False),), bases, projects, problems, listed),
        (components, bases, (("svc",),), problems, listed),
        (components, bases, ((*project[:7], ["log"], *project[8:]),), problems, listed),
        (components, bases, ((*project[:8], (("x", "/a", ("log",), "1"),), *project[9:]),), (), {}),
        (components, bases, projects, (("BW101", "m", "/a", 1, "s", "fatal", ()),), listed),
        (components, bases, projects, problems, {"/a": (("x.py",),)}),
    ]
    for damaged in cases:
        with pytest.raises((Malformed, KeyError, TypeError, ValueError)):
            model.model_from_plain(damaged, read.root, read.config)


def test_the_model_is_reused_until_a_brick_or_project_changes(
    make_workspace: MakeWorkspace, poly: PolyRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _full(make_workspace, "loose", "pep621")
    runs_ = Runs(poly, ws.root, monkeypatch)
    age = Ager(ws.root)
    age()
    assert MODEL not in runs_.cached("poly info").stderr

    assert MODEL in runs_.cached("poly info").stderr
    ws.write("components/acme/log/impl.py", "import yaml\nX = 1\n")  # code: not the model's
    age()
    assert MODEL in runs_.cached("poly info").stderr

    changes: list[Callable[[], object]] = [
        lambda: ws.component("mail", "def send() -> None: ...\n"),
        lambda: ws.project("svc", ["api", "log", "mail"]),
        lambda: ws.write("components/acme/aws/__init__.py", "X = 1\n"),  # no group now
    ]
    for change in changes:
        change()
        age()
        result = runs_.cached("poly info")
        assert MODEL not in result.stderr
        assert result.stdout == runs_.truth("poly info").stdout
        assert MODEL in runs_.cached("poly info").stderr


def test_a_grouping_folder_that_gains_code_is_seen_by_a_check_stored_before(
    make_workspace: MakeWorkspace, poly: PolyRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `load` reads the grouping folder's `__init__.py` for code, the scan for imports: a
    # change that keeps its imports still changes the bricks
    ws = _full(make_workspace, "loose", "pep621")
    ws.base("api", "from acme import log\nfrom acme.aws import s3\n")
    runs_ = Runs(poly, ws.root, monkeypatch)
    age = Ager(ws.root)
    age()
    runs_.cached()
    assert REUSED in runs_.cached().stderr

    ws.write("components/acme/aws/__init__.py", '"""Amazon."""\nREGION = "eu"\n')
    age()
    result = runs_.cached()

    assert REUSED not in result.stderr
    assert result.stdout == runs_.truth().stdout


def test_a_stored_model_makes_a_larger_result_depend_on_its_inputs(
    make_workspace: MakeWorkspace,
) -> None:
    ws = _full(make_workspace, "loose", "pep621")
    Ager(ws.root)()
    with runs.recording() as first:
        model.load(ws.root)
    with runs.recording() as second:
        _, checked = model.load(ws.root)

    assert checked == len(first.stats)
    assert second.stats == first.stats
    assert second.effects == first.effects
    folder = str(ws.root / "components/acme/log")
    assert second.effects[folder][0] == "names"


def test_without_a_cache_nothing_is_stored(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _full(make_workspace, "loose", "pep621")
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")

    for _ in range(2):
        _, checked = model.load(ws.root)
        assert checked is None
    assert not os.path.exists(Path(ws.root, ".brickwork_cache", "model.memo.marshal"))
