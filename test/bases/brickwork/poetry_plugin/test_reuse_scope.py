"""What decides whether a stored `check`/`deps`/`info`/`libs` result may be reused besides the
workspace's files: options, folder, environment, the cache settings; what a run that failed
leaves; what a reused run prints (the notes too)."""

from __future__ import annotations

import marshal
import zlib
from pathlib import Path
from typing import Any

import pytest
from cleo.io.outputs.output import Verbosity

from test.bases.brickwork.poetry_plugin.reuse_support import (
    REUSED,
    Ager,
    Runs,
    findings_workspace,
    isolate_poetry,
    managed_env,
    shown,
)
from test.components.brickwork.libs.conftest import lock_text
from test.conftest import MakeWorkspace, PolyRunner, Result, WorkspaceFactory


@pytest.fixture
def runs(poly: PolyRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runs:
    isolate_poetry(tmp_path / "poetry", monkeypatch)
    return Runs(poly, tmp_path / "ws", monkeypatch)


@pytest.fixture
def age(tmp_path: Path) -> Ager:
    return Ager(tmp_path)


@pytest.fixture
def ws(make_workspace: MakeWorkspace, age: Ager) -> WorkspaceFactory:
    """`findings_workspace`, aged: its results may be stored."""
    factory = findings_workspace(make_workspace)
    age()
    return factory


def twice(runs: Runs, command: str, args: str, cwd: Path | None = None) -> Result:
    """Run `command` twice: the first gives the truth and is stored, the second is reused."""
    first = runs.cached(command, args, cwd)
    assert REUSED not in first.stderr, (command, args, cwd)
    assert shown(first) == shown(runs.truth(command, args, cwd))
    again = runs.cached(command, args, cwd)
    assert REUSED in again.stderr
    assert shown(again) == shown(first)
    return first


def test_every_view_of_check_reads_one_stored_analysis(ws: WorkspaceFactory, runs: Runs) -> None:
    twice(runs, "poly check", "")
    for args in ("--strict", "--select BW1", "--ignore BW2", "--output json", "--output github"):
        view = runs.cached("poly check", args)
        assert REUSED in view.stderr, args
        assert shown(view) == shown(runs.truth("poly check", args)), args


def test_a_check_of_other_projects_or_libraries_or_in_another_folder_keeps_its_own_analysis(
    ws: WorkspaceFactory, runs: Runs
) -> None:
    svc = ws.root / "projects" / "svc"
    variants = [
        ("", None),
        ("--projects svc", None),
        ("--alias authzed=grpcutil", None),
        ("", svc),
    ]
    for args, cwd in variants:
        twice(runs, "poly check", args, cwd)
    assert REUSED in runs.cached("poly check", "").stderr  # each selection keeps its own


def test_deps_libs_and_check_read_one_stored_analysis_until_an_import_changes(
    ws: WorkspaceFactory, runs: Runs, age: Ager
) -> None:
    first = runs.cached("poly deps", "--brick core")
    assert REUSED not in first.stderr  # the first view after a change analyses
    before = shown(first)
    assert before == shown(runs.truth("poly deps", "--brick core"))
    for command, args in [
        ("poly deps", "--brick api"),
        ("poly deps", "--output mermaid"),
        ("poly check", ""),
        ("poly check", "--output json"),
        ("poly libs", ""),
        ("poly libs", "--output json"),
    ]:
        view = runs.cached(command, args)
        assert REUSED in view.stderr, (command, args)
        assert shown(view) == shown(runs.truth(command, args)), (command, args)

    ws.write("components/acme/core/helpers.py", "import yaml\nfrom acme import a\n")
    age()
    after = runs.cached("poly deps", "--brick core")

    assert REUSED not in after.stderr
    assert shown(after) == shown(runs.truth("poly deps", "--brick core"))
    assert after.stdout != first.stdout  # core uses a now


INFO_ARGS = ("", "--short", "--output json")
LIBS_ARGS = ("", "--projects svc", "--output json", "--strict")
SHOWN_CHANGES = [  # (command, the option sets stored first, a change that reaches the output)
    pytest.param(
        "poly info", INFO_ARGS, lambda ws: ws.component("extra"), id="info, a component created"
    ),
    pytest.param(
        "poly info",
        INFO_ARGS,
        lambda ws: ws.project("svc", ["api"]),
        id="info, a project file edited",
    ),
    pytest.param(
        "poly info",
        INFO_ARGS,
        lambda ws: ws.write("components/acme/notyet/__init__.py", ""),
        id="info, a folder made a brick",
    ),
    pytest.param(
        "poly libs",
        LIBS_ARGS,
        lambda ws: ws.write("projects/svc/poetry.lock", lock_text({"authzed": ("1.0", ())})),
        id="libs, a lock file created",
    ),
    pytest.param(
        "poly libs",
        LIBS_ARGS,
        lambda ws: managed_env(ws.root / "../poetry/venvs", ws, ["grpcutil/__init__.py"]),
        id="libs, a Poetry-managed virtualenv created",
    ),
    pytest.param(
        "poly libs",
        LIBS_ARGS,
        lambda ws: ws.write("components/acme/core/helpers.py", "import toml\n"),
        id="libs, an import changed",
    ),
]


@pytest.mark.parametrize(("command", "stored", "change"), SHOWN_CHANGES)
def test_info_and_libs_show_what_they_read_after_a_change(
    ws: WorkspaceFactory,
    runs: Runs,
    age: Ager,
    command: str,
    stored: tuple[str, ...],
    change: Any,
) -> None:
    for args in stored:
        assert shown(runs.cached(command, args)) == shown(runs.truth(command, args))

    change(ws)
    age()
    after = runs.cached(command, "")

    assert REUSED not in after.stderr
    assert shown(after) == shown(runs.truth(command, ""))


def test_info_save_never_reuses_a_result_it_would_not_write(
    ws: WorkspaceFactory, runs: Runs
) -> None:
    saved = ws.root / "development/poly/info.txt"
    first = runs.cached("poly info", "--save")
    saved.unlink()
    again = runs.cached("poly info", "--save")

    assert REUSED not in again.stderr
    assert shown(again) == shown(first)
    assert saved.is_file()
    assert not runs.memo("info").exists()


def test_a_changed_environment_variable_that_may_change_what_is_read_is_a_new_run(
    ws: WorkspaceFactory, runs: Runs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, age: Ager
) -> None:
    venvs = managed_env(tmp_path / "venvs", ws, ["authzed/__init__.py", "grpcutil/__init__.py"])
    age()
    before = twice(runs, "poly check", "")

    monkeypatch.setenv("POETRY_VIRTUALENVS_PATH", str(venvs))
    after = runs.cached()
    assert REUSED not in after.stderr
    assert shown(after) == shown(runs.truth())
    assert after.stdout != before.stdout  # svc's virtualenv says authzed provides grpcutil

    for name in ("BRICKWORK_SOMETHING", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, "1")
        twice(runs, "poly check", "")
    monkeypatch.setenv("UNRELATED_TO_BRICKWORK", "1")
    assert REUSED in runs.cached().stderr


def test_poetry_config_that_names_another_virtualenvs_folder_is_read_again(
    ws: WorkspaceFactory, runs: Runs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, age: Ager
) -> None:
    monkeypatch.delenv("POETRY_VIRTUALENVS_PATH")
    venvs = managed_env(tmp_path / "venvs", ws, ["authzed/__init__.py", "grpcutil/__init__.py"])
    age()
    before = twice(runs, "poly check", "")

    config = tmp_path / "poetry" / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[virtualenvs]\npath = "{venvs}"\n', "utf-8")
    age()
    after = runs.cached()

    assert REUSED not in after.stderr
    assert shown(after) == shown(runs.truth())
    assert after.stdout != before.stdout


@pytest.mark.parametrize(
    "payload", [None, (0, "no notes", ()), (0, (), (("a", 1),)), ("0", (), ())]
)
def test_a_stored_result_of_another_shape_is_not_printed(
    ws: WorkspaceFactory, runs: Runs, payload: Any
) -> None:
    twice(runs, "poly check", "")
    header, _, body = marshal.loads(runs.memo().read_bytes())
    paths, stats, token, _ = marshal.loads(body)
    body = marshal.dumps((paths, stats, token, payload))
    runs.memo().write_bytes(marshal.dumps((header, zlib.crc32(body), body)))

    after = runs.cached()

    assert REUSED not in after.stderr
    assert shown(after) == shown(runs.truth())
    assert REUSED in runs.cached().stderr  # stored again, well formed


def test_a_git_repository_around_the_workspace_changes_github_annotations(
    ws: WorkspaceFactory, runs: Runs, tmp_path: Path, age: Ager
) -> None:
    twice(runs, "poly check", "--output github")

    (tmp_path / ".git").mkdir()
    age()
    after = runs.cached("poly check", "--output github")

    assert REUSED not in after.stderr
    assert shown(after) == shown(runs.truth("poly check", "--output github"))
    assert "file=ws/components/acme/core/__init__.py" in after.stdout


def test_no_result_is_stored_when_the_cache_is_off(
    ws: WorkspaceFactory, runs: Runs, age: Ager, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")
    for _ in range(2):
        assert REUSED not in runs.cached().stderr
    assert not (ws.root / ".brickwork_cache").exists()
    monkeypatch.delenv("BRICKWORK_NO_CACHE")
    twice(runs, "poly check", "")

    toml = ws.root / "workspace.toml"
    toml.write_text(toml.read_text() + "\n[tool.brickwork]\ncache = false\n", "utf-8")
    runs.memo().unlink()
    age()
    for _ in range(2):
        result = runs.cached()
        assert REUSED not in result.stderr
        assert shown(result) == shown(runs.truth())
    assert not runs.memo().exists()


def test_a_run_that_fails_with_an_error_stores_nothing(
    ws: WorkspaceFactory, runs: Runs, age: Ager
) -> None:
    failed = runs.cached("poly check", "--projects nosuch")
    assert failed.exit_code == 2
    assert not runs.memo().exists()
    assert runs.cached("poly deps", "--brick nosuch").exit_code == 2
    assert not runs.memo("deps").exists()

    twice(runs, "poly check", "")
    stored = runs.memo().read_bytes()
    project = ws.root / "projects" / "svc" / "pyproject.toml"
    valid = project.read_text()
    project.write_text("[project\n", "utf-8")
    age()
    for _ in range(2):
        broken = runs.cached()
        assert (broken.exit_code, broken.stdout) == (2, "")
        assert "invalid TOML" in broken.stderr
        assert runs.memo().read_bytes() == stored

    project.write_text(valid, "utf-8")
    age()
    twice(runs, "poly check", "")


def test_a_reused_run_prints_the_same_notes_and_output_at_every_verbosity(
    ws: WorkspaceFactory, runs: Runs, poly: PolyRunner, age: Ager
) -> None:
    ws.write("projects/svc/poetry.lock", lock_text({"authzed": ("0.10.0", ())}))
    age()
    first = poly("poly check", cwd=ws.root)
    stored = runs.memo().read_bytes()
    again = poly("poly check", cwd=ws.root)
    quiet = poly("poly check", cwd=ws.root, verbosity=Verbosity.QUIET)

    assert runs.memo().read_bytes() == stored  # not stored again: reused (-q is kept apart)
    assert "note: projects/svc/poetry.lock is stale" in first.stderr
    assert (again.exit_code, again.stdout, again.stderr) == (
        first.exit_code,
        first.stdout,
        first.stderr,
    )
    # -q: no note; the findings that fail the run and the summary (its own stored result)
    assert (quiet.exit_code, quiet.stderr) == (first.exit_code, "")
    assert quiet.stdout.splitlines()[-1] == first.stdout.splitlines()[-1]
    assert set(quiet.stdout.splitlines()) <= set(first.stdout.splitlines())
    assert REUSED in runs.cached().stderr


@pytest.mark.parametrize(
    "package",
    [
        "sqs",
        "linked sqs",  # a sub-package shared from elsewhere: no walk for modules goes into it
        "__pycache__",  # a folder no walk for modules goes into
    ],
)
def test_a_sub_package_that_becomes_a_package_makes_a_folder_a_brick_group(
    make_workspace: MakeWorkspace, runs: Runs, age: Ager, package: str
) -> None:
    ws = make_workspace()
    ws.write("components/acme/aws/s3/client.py", "import json\n")
    folder = ws.root / "components" / "acme" / "aws" / package.removeprefix("linked ")
    if package == "linked sqs":
        ws.write("vendor/sqs/README.md", "Soon a package.\n")
        folder.symlink_to("../../../vendor/sqs")
    else:
        ws.write("components/acme/aws/sqs/README.md", "Soon a package.\n")
        folder.mkdir(exist_ok=True)
    ws.dev_bricks.append(("component", "aws"))
    ws.base("api", "import acme.aws.sqs\n")
    age()
    before = twice(runs, "poly check", "")

    (folder / "__init__.py").write_text("", "utf-8")
    age()
    after = runs.cached()

    assert shown(after) == shown(runs.truth())
    assert "BW107" in before.stdout
    if package == "__pycache__":  # a cache folder is no sub-package: aws stays one brick
        assert "BW107" in after.stdout
        return
    assert REUSED not in after.stderr
    assert "BW107" not in after.stdout  # aws groups nested bricks now: acme.aws.sqs is one


def test_a_test_folder_created_in_a_tdd_brick_is_seen(
    make_workspace: MakeWorkspace, runs: Runs, age: Ager
) -> None:
    ws = make_workspace(theme="tdd")
    ws.component("core", "import json\n")
    age()
    before = twice(runs, "poly check", "")

    ws.write("components/core/test/test_core.py", "import toml\n")
    age()
    after = runs.cached()

    assert REUSED not in after.stderr
    assert shown(after) == shown(runs.truth())
    assert after.stdout != before.stdout  # the development project does not declare toml


def test_views_right_after_an_edit_share_one_analysis_and_a_second_quick_edit_is_seen(
    ws: WorkspaceFactory, runs: Runs
) -> None:
    twice(runs, "poly check", "")
    core = ws.root / "components" / "acme" / "core" / "__init__.py"
    core.write_text("from acme import log\nimport json\n")  # an edit, just now: racy stats

    first = runs.cached("poly check", "")
    assert REUSED not in first.stderr
    assert shown(first) == shown(runs.truth("poly check", ""))
    for args in ("--output json", "--strict"):
        view = runs.cached("poly check", args)
        assert REUSED in view.stderr, args  # the edited file looked at closer, not analysed
        assert shown(view) == shown(runs.truth("poly check", args)), args

    core.write_text("import acme.a\n")  # within the same seconds: core now needs a, not log
    again = runs.cached("poly check", "")
    assert REUSED not in again.stderr
    assert shown(again) == shown(runs.truth("poly check", ""))
    assert shown(again) != shown(first)
