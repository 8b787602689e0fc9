"""`poetry poly sync` through the real Poetry application."""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import sys
from pathlib import Path

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory


def hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def service(make_workspace: MakeWorkspace, **kwargs: str) -> WorkspaceFactory:
    factory = make_workspace(**kwargs)
    factory.component("log")
    factory.component("greeting", "import acme.log\n")
    factory.base("api", "from acme.greeting import hello\n")
    factory.project("svc", ["api"])
    return factory


def test_sync_check_prints_the_diff_and_exits_1_when_a_project_misses_bricks(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace)
    before = hashes(factory.root)

    result = poly("poly sync", "--check", cwd=factory.root)

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "--- a/projects/svc/pyproject.toml",
        "+++ b/projects/svc/pyproject.toml",
        "@@ -8,6 +8,8 @@",
        " [tool.poetry]",
        " packages = [",
        '     { include = "acme/api", from = "../../bases" },',
        '+    { include = "acme/greeting", from = "../../components" },',
        '+    { include = "acme/log", from = "../../components" },',
        " ]",
        " ",
        " [build-system]",
    ]
    assert result.stderr == "1 project file out of sync: run `poetry poly sync`.\n"
    assert hashes(factory.root) == before


def test_sync_dry_run_prints_the_same_diff_exits_0_and_writes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace)
    before = hashes(factory.root)

    check = poly("poly sync", "--check", cwd=factory.root)
    result = poly("poly sync", "--dry-run", cwd=factory.root)

    assert result.exit_code == 0
    assert result.stdout == check.stdout
    assert hashes(factory.root) == before


def test_sync_writes_the_plan_then_check_passes_and_files_stay_byte_identical(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, theme="tdd", dev_style="poetry")

    result = poly("poly sync", cwd=factory.root)
    written = hashes(factory.root)
    mtime = (factory.root / "projects/svc/pyproject.toml").stat().st_mtime_ns
    again = poly("poly sync", cwd=factory.root)
    check = poly("poly sync", "--check", cwd=factory.root)

    assert (result.exit_code, result.stdout) == (0, "updated projects/svc/pyproject.toml\n")
    text = (factory.root / "projects/svc/pyproject.toml").read_text(encoding="utf-8")
    assert '{ include = "acme/log", from = "../../components/log/src" },' in text
    assert again.stdout == "nothing to sync: every project lists what its bricks need.\n"
    assert (check.exit_code, check.stdout) == (0, again.stdout)
    assert hashes(factory.root) == written
    assert (factory.root / "projects/svc/pyproject.toml").stat().st_mtime_ns == mtime


def test_sync_projects_touches_only_the_selected_project(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace)
    factory.project("other", ["api"])
    other = hashes(factory.root)["projects/other/pyproject.toml"]

    result = poly("poly sync", "--projects svc", cwd=factory.root)

    assert result.stdout == "updated projects/svc/pyproject.toml\n"
    assert hashes(factory.root)["projects/other/pyproject.toml"] == other


def test_sync_prune_removes_an_unneeded_brick_only_when_asked(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace)
    factory.component("spare")
    factory.project("svc", ["api", "greeting", "log", "spare"])

    kept = poly("poly sync", "--check", cwd=factory.root)
    pruned = poly("poly sync", "--prune", cwd=factory.root)

    assert kept.exit_code == 0
    assert pruned.stdout == "updated projects/svc/pyproject.toml\n"
    text = (factory.root / "projects/svc/pyproject.toml").read_text(encoding="utf-8")
    assert "acme/spare" not in text and "acme/log" in text


def test_sync_libs_without_a_development_constraint_fails_with_one_line(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace)
    factory.component("log", "import requests\n")
    before = hashes(factory.root)

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("--libs: the development project declares no version of")
    assert len(result.stderr.splitlines()) == 1
    assert hashes(factory.root) == before


def test_sync_libs_adds_the_library_with_the_development_constraint(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, dev_style="poetry")
    factory.component("log", "import requests\n")
    dev = factory.root / "pyproject.toml"
    text = dev.read_text(encoding="utf-8")
    dev.write_text(text.replace('python = "^3.10"\n', 'python = "^3.10"\nrequests = "^2.31"\n'))

    result = poly("poly sync", "--libs --projects svc", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    project = (factory.root / "projects/svc/pyproject.toml").read_text(encoding="utf-8")
    assert 'dependencies = [\n    "requests>=2.31,<3.0",\n]' in project


def test_sync_refuses_a_read_only_project_file_with_exit_2_and_changes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace)
    file = factory.root / "projects/svc/pyproject.toml"
    file.chmod(0o444)
    before = hashes(factory.root)

    result = poly("poly sync", cwd=factory.root)

    assert result.exit_code == 2
    assert result.stderr.startswith("projects/svc/pyproject.toml is read-only; nothing was")
    assert hashes(factory.root) == before
    assert file.stat().st_mode & 0o777 == 0o444


def test_sync_runs_with_no_stdin_as_in_a_pre_commit_hook(make_workspace: MakeWorkspace) -> None:
    factory = service(make_workspace)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    poetry = Path(sys.executable).parent / "poetry"

    def sync(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(poetry), "--no-ansi", "poly", "sync", *args],
            cwd=factory.root,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    first, second = sync(), sync("--check")

    assert (first.returncode, first.stdout) == (0, "updated projects/svc/pyproject.toml\n")
    assert second.returncode == 0, second.stderr


def test_sync_check_names_the_command_that_writes_what_it_found_with_its_options(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, dev_style="poetry")
    factory.component("log", "import requests\n")
    factory.component("spare")
    factory.project("svc", ["api", "greeting", "log", "spare"])
    factory.project("other", ["api", "greeting", "log", "spare"])
    dev = factory.root / "pyproject.toml"
    text = dev.read_text(encoding="utf-8")
    dev.write_text(text.replace('python = "^3.10"\n', 'python = "^3.10"\nrequests = "^2.31"\n'))
    plain = poly("poly sync", "--check", cwd=factory.root)

    check = poly("poly sync", "--check --libs --prune --projects svc", cwd=factory.root)
    hint = shlex.split(check.stderr.split("run `", 1)[1].split("`", 1)[0])
    ran = poly(" ".join(hint[1:3]), shlex.join(hint[3:]), cwd=factory.root)
    again = poly("poly sync", "--check --libs --prune --projects svc", cwd=factory.root)

    assert (plain.exit_code, plain.stdout) == (
        0,
        "nothing to sync: every project lists what its bricks need.\n",
    )
    assert check.exit_code == 1
    assert check.stderr == (
        "1 project file out of sync: run `poetry poly sync --libs --prune --projects svc`.\n"
    )
    assert ran.stdout == "updated projects/svc/pyproject.toml\n"
    assert (again.exit_code, again.stderr) == (0, "")
