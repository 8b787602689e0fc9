from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test.components.brickwork.changes.conftest import GitWorkspace, build
from test.conftest import MakeWorkspace, PolyRunner
from test.gitrepo import GitRepo

PASSING = "def test_ok():\n    assert True\n"
FAILING = "def test_broken():\n    assert False\n"


@pytest.fixture
def repo_ws(make_workspace: MakeWorkspace) -> GitWorkspace:
    """The changes workspace with tests for user and other, its `.venv` the one running us
    (which finds the bricks through pytest's `pythonpath`: the project is not installed)."""
    factory = make_workspace()
    build(factory)
    factory.write("test/components/acme/user/test_user.py", PASSING)
    factory.write("test/components/acme/other/test_other.py", PASSING)
    factory.write("pytest.ini", "[pytest]\npythonpath = components bases\n")
    os.symlink(Path(sys.executable).parents[1], factory.root / ".venv")
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    return GitWorkspace(factory, repo)


def test_list_shows_the_tests_of_the_changed_brick_and_its_dependents_with_reasons(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    repo_ws.repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    result = poly("poly test", "--list", cwd=repo_ws.root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "test/components/acme/log   components/acme/log/core.py → log",
        "test/components/acme/user  components/acme/log/core.py → log → user",
        "no tests: api",
    ]


def test_a_changed_test_file_selects_only_that_bricks_tests(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    repo_ws.repo.commit("t", {"test/components/acme/user/test_more.py": PASSING})
    result = poly("poly test", "--list", cwd=repo_ws.root)
    assert result.stdout.splitlines() == [
        "test/components/acme/user  test/components/acme/user/test_more.py → user (tests)"
    ]


def test_test_runs_pytest_on_the_selection_and_passes_its_exit_code_through(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    repo_ws.repo.commit("other", {"components/acme/other/core.py": "X = 1\n"})
    result = poly("poly test", "-- -q -p no:cacheprovider", cwd=repo_ws.root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    repo_ws.repo.write("test/components/acme/other/test_other.py", FAILING)
    result = poly("poly test", "-- -q -p no:cacheprovider", cwd=repo_ws.root)
    assert result.exit_code == 1
    assert "1 failed" in result.stdout


def test_nothing_affected_says_why_and_exits_0_unless_asked_to_fail(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    result = poly("poly test", "", cwd=repo_ws.root)
    assert (result.exit_code, result.stdout) == (
        0,
        "nothing to test: nothing changed since stable-1\n",
    )
    result = poly("poly test", "--fail-if-nothing-to-test", cwd=repo_ws.root)
    assert result.exit_code == 1
    repo_ws.repo.commit("docs", {"docs/x.md": "x\n"})
    result = poly("poly test", "", cwd=repo_ws.root)
    assert result.stdout == (
        "nothing to test: the 1 changed file since stable-1 affect no brick or project\n"
    )


def test_projects_narrow_the_selection_to_their_bricks(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    repo_ws.repo.commit(
        "two", {"components/acme/log/core.py": "X = 1\n", "components/acme/other/x.py": ""}
    )
    result = poly("poly test", "--list --projects tool", cwd=repo_ws.root)
    assert result.stdout.splitlines() == [
        "test/components/acme/other  components/acme/other/x.py → other"
    ]


def test_all_and_bricks_choose_tests_without_looking_at_changes(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    listed = poly("poly test", "--list --all", cwd=repo_ws.root).stdout.splitlines()
    assert [line.split()[0] for line in listed[:-1]] == [
        "test/components/acme/log",
        "test/components/acme/other",
        "test/components/acme/user",
    ]
    listed = poly("poly test", "--list --bricks user", cwd=repo_ws.root).stdout.splitlines()
    assert listed == ["test/components/acme/user  --bricks"]
    result = poly("poly test", "--list --bricks usr", cwd=repo_ws.root)
    assert result.exit_code == 2
    assert "unknown brick 'usr'; did you mean user?" in result.stderr


def test_test_refuses_to_run_when_check_finds_errors_unless_no_check(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    repo_ws.repo.commit("bad", {"components/acme/other/core.py": "from acme import api\n"})
    result = poly("poly test", "-- -q", cwd=repo_ws.root)
    assert result.exit_code == 1
    assert "not running tests: `poly check` found" in result.stderr
    assert "BW10" in result.stderr
    result = poly("poly test", "--no-check -- -q -p no:cacheprovider", cwd=repo_ws.root)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_git_errors_are_exit_2_never_nothing_to_test(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    result = poly("poly test", "--since nope", cwd=repo_ws.root)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_test_diff_lists_bricks_whose_tests_changed_and_their_projects(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    repo_ws.repo.commit("t", {"test/components/acme/user/test_more.py": PASSING})
    result = poly("poly test diff", "", cwd=repo_ws.root)
    assert result.stdout.splitlines() == [
        "bricks with changed tests: user",
        "projects with those bricks: svc",
    ]
    assert poly("poly test diff", "--bricks --short", cwd=repo_ws.root).stdout == "user\n"
    assert poly("poly test diff", "--short", cwd=repo_ws.root).stdout == "svc\n"


def test_test_without_a_development_virtualenv_says_to_install_first(
    poly: PolyRunner, repo_ws: GitWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo_ws.root / ".venv").unlink()
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    monkeypatch.setenv("POETRY_VIRTUALENVS_PATH", str(tmp_path / "no-envs"))
    monkeypatch.setenv("POETRY_VIRTUALENVS_CREATE", "false")  # skips interpreter discovery
    repo_ws.repo.commit("other", {"components/acme/other/core.py": "X = 1\n"})
    result = poly("poly test", "", cwd=repo_ws.root)
    assert result.exit_code == 2
    assert "has no virtualenv to run the tests in; run `poetry install` there first" in (
        result.stderr
    )


EMPTY_LOCK = (
    "# This file is automatically @generated by Poetry and should not be changed by hand.\n"
    "package = []\n\n[metadata]\n"
    'lock-version = "2.1"\npython-versions = ">=3.10"\ncontent-hash = "%s"\n'
)


@pytest.fixture
def service_ws(make_workspace: MakeWorkspace) -> GitWorkspace:
    """svc ships api and user but forgets log, which user imports; the development venv (the
    one running us) finds every brick through pytest's `pythonpath`."""
    factory = make_workspace()
    factory.component("log", "def info(text):\n    return text\n")
    factory.component("user", "from acme import log\n")
    factory.base("api", "from acme import user\n")
    factory.project("svc", ["api", "user"])
    factory.write("test/components/acme/user/test_user.py", USES_USER)
    factory.write("pytest.ini", "[pytest]\npythonpath = components bases\n")
    factory.write("poetry.lock", EMPTY_LOCK % "1")
    factory.write(".gitignore", ".brickwork_cache/\n__pycache__/\n.venv\n.pytest_cache/\n")
    os.symlink(Path(sys.executable).parents[1], factory.root / ".venv")
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    return GitWorkspace(factory, repo)


USES_USER = "from acme import user\n\n\ndef test_user():\n    assert user.log.info('x') == 'x'\n"
RUN = "--bricks user --no-check -- -q -p no:cacheprovider"


def venvs(root: Path) -> list[Path]:
    return sorted((root / ".brickwork_cache" / "venvs").iterdir())


def test_in_project_fails_when_the_wheel_lacks_a_brick_its_tests_import(
    poly: PolyRunner, service_ws: GitWorkspace
) -> None:
    dev = poly("poly test", RUN, cwd=service_ws.root)
    assert dev.exit_code == 0, dev.stdout + dev.stderr
    assert "1 passed" in dev.stdout
    result = poly("poly test", f"--in-project {RUN}", cwd=service_ws.root)
    assert result.exit_code != 0
    assert "cannot import name 'log' from 'acme'" in result.stdout
    assert "venvs/svc-" in result.stdout
    assert result.stderr.startswith("svc: 1 test folder in its own venv (built, key ")
    service_ws.factory.project("svc", ["api", "user", "log"])
    service_ws.repo.commit("svc ships log")
    result = poly("poly test", f"--in-project {RUN}", cwd=service_ws.root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_in_project_reuses_the_cached_venv_and_rebuilds_it_when_the_lock_changes(
    poly: PolyRunner, service_ws: GitWorkspace
) -> None:
    first = poly("poly test", f"--in-project {RUN}", cwd=service_ws.root)
    assert "(built, key " in first.stderr
    [env] = venvs(service_ws.root)
    marker = env / "marker"
    marker.write_text("still here\n")
    second = poly("poly test", f"--in-project {RUN}", cwd=service_ws.root)
    assert "(reused, key " in second.stderr
    assert venvs(service_ws.root) == [env]
    assert marker.read_text() == "still here\n"
    service_ws.repo.commit("relock", {"poetry.lock": EMPTY_LOCK % "2"})
    third = poly("poly test", f"--in-project {RUN}", cwd=service_ws.root)
    assert "(built, key " in third.stderr
    [rebuilt] = venvs(service_ws.root)
    assert rebuilt != env
    assert not marker.exists()


def test_in_project_without_a_lock_file_says_to_run_poetry_lock(
    poly: PolyRunner, service_ws: GitWorkspace
) -> None:
    (service_ws.root / "poetry.lock").unlink()
    result = poly("poly test", f"--in-project {RUN}", cwd=service_ws.root)
    assert result.exit_code == 2
    assert result.stderr == (
        "svc has no poetry.lock (in projects/svc or at the workspace root) to build its test "
        "venv from; run `poetry lock` in projects/svc first.\n"
    )


def test_test_in_a_venv_without_pytest_cannot_run_and_says_how_to_install_it(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    venv = repo_ws.root / ".venv"
    venv.unlink()
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    for args in ("--bricks other --no-check", "--bricks other --no-check --in-project"):
        result = poly("poly test", args, cwd=repo_ws.root)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            f"pytest is not installed in the environment at {venv}; add it to the development "
            "project (`poetry add --group dev pytest`), or install it (`poetry install`) when "
            "it is listed already, then run again.\n"
        )
    listed = poly("poly test", "--bricks other --list", cwd=repo_ws.root)
    assert (listed.exit_code, listed.stdout) == (0, "test/components/acme/other  --bricks\n")


SLOW = (
    "import os, signal, time\n\n\ndef test_slow(tmp_path):\n"
    "    os.kill(int(os.environ['BRICKWORK_TEST_PID']), signal.SIGTERM)\n"
    "    time.sleep(30)\n"
    "    open(os.environ['BRICKWORK_TEST_DONE'], 'w').close()\n"
)


def test_sigterm_stops_pytest_too_and_exits_143(
    sigterm_guard: None,
    poly: PolyRunner,
    repo_ws: GitWorkspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo_ws.repo.write("test/components/acme/other/test_other.py", SLOW)
    monkeypatch.setenv("BRICKWORK_TEST_PID", str(os.getpid()))
    monkeypatch.setenv("BRICKWORK_TEST_DONE", str(tmp_path / "done"))
    started = time.monotonic()
    result = poly(
        "poly test", "--bricks other --no-check -- -q -p no:cacheprovider", cwd=repo_ws.root
    )
    assert result.exit_code == 143
    assert result.stderr == "interrupted; nothing was left behind\n"
    assert time.monotonic() - started < 20
    assert not (tmp_path / "done").exists()
