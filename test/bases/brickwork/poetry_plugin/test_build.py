"""`poetry poly build-project` and `poetry build-project` through the real Poetry application."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import (
    GREETING_CORE,
    MakeService,
    commit_all,
    git,
)
from test.conftest import PolyRunner


def test_build_project_prints_a_summary_and_a_progress_line(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()

    result = poly("poly build-project", "--projects svc", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["project", "artifact", "size", "seconds", "sha256"]
    assert [line.split()[:2] for line in lines[1:]] == [
        ["svc", "projects/svc/dist/svc-1.2.0-py3-none-any.whl"],
        ["svc", "projects/svc/dist/svc-1.2.0.tar.gz"],
    ]
    assert result.stderr.startswith("[1/1] built svc in ")
    assert result.stderr.rstrip().endswith("s: svc-1.2.0-py3-none-any.whl, svc-1.2.0.tar.gz")
    wheel = Wheel(factory.root / "projects/svc/dist/svc-1.2.0-py3-none-any.whl")
    assert "acme/greeting/core.py" in wheel.files()


def test_json_output_lists_every_artifact_with_its_hash(
    poly: PolyRunner, make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    out = tmp_path / "out"

    result = poly("poly build-project", f"--all --output json --output-dir {out}", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema"] == "urn:brickwork:schema:build-project:2"
    assert document["exit_code"] == 0
    [project] = document["result"]["projects"]
    assert (project["name"], project["ok"], project["error"]) == ("svc", True, None)
    assert [(a["format"], Path(a["path"]).name) for a in project["artifacts"]] == [
        ("wheel", "svc-1.2.0-py3-none-any.whl"),
        ("sdist", "svc-1.2.0.tar.gz"),
    ]
    assert all(len(a["sha256"]) == 64 for a in project["artifacts"])


def test_inside_a_project_folder_that_project_is_built(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()

    result = poly("poly build-project", "--format wheel", cwd=factory.root / "projects/svc")

    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (factory.root / "projects/svc/dist").iterdir()) == [
        "svc-1.2.0-py3-none-any.whl"
    ]


def test_check_findings_refuse_the_build_unless_no_check(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()
    factory.write("bases/acme/api/extra.py", "import acme.unused\n")
    commit_all(factory.root)

    refused = poly("poly build-project", "--projects svc", cwd=factory.root)
    built_anything = (factory.root / "projects/svc/dist").exists()
    forced = poly("poly build-project", "--projects svc --no-check", cwd=factory.root)

    assert refused.exit_code == 1
    assert "BW101" in refused.stderr
    assert refused.stderr.rstrip().endswith(
        "not built: `poly check` found 1 error; fix them, or pass --no-check."
    )
    assert refused.stdout == ""
    assert not built_anything
    assert forced.exit_code == 0, forced.stderr


def test_without_a_project_the_command_says_how_to_choose_one(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()

    result = poly("poly build-project", "", cwd=factory.root)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "which project? name it with --projects NAME, use --all or --affected, or run in a "
        "project folder (poetry -C projects/NAME poly build-project).\n"
    )


def test_affected_builds_only_the_projects_a_change_since_the_stable_point_touches(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()
    factory.write("projects/other/pyproject.toml", '[project]\nname = "other"\nversion = "1"\n')
    commit_all(factory.root, "other project")
    git(factory.root, "tag", "stable-1")
    factory.write("components/acme/greeting/core.py", GREETING_CORE + "\nEXTRA = 1\n")
    commit_all(factory.root, "change greeting")

    result = poly("poly build-project", "--affected", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == ["svc", "svc"]
    assert not (factory.root / "projects/other/dist").exists()


def test_affected_with_nothing_changed_builds_nothing_and_says_so(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()
    git(factory.root, "tag", "stable-1")

    result = poly("poly build-project", "--affected", cwd=factory.root)

    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "nothing to build: no project is affected by the changes.\n"


def test_an_unknown_format_is_one_line_and_exit_2(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()

    result = poly("poly build-project", "--projects svc --format egg", cwd=factory.root)

    assert (result.exit_code, result.stderr) == (2, "--format 'egg' is not wheel or sdist.\n")


def test_locked_without_a_lock_file_is_one_line_and_exit_2(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()

    result = poly("poly build-project", "--projects svc --locked", cwd=factory.root)

    assert result.exit_code == 2
    assert result.stderr == (
        "[1/1] svc: no poetry.lock in projects/svc or at the workspace root; run `poetry lock` "
        "(in projects/svc or at the root) and build again.\n"
    )


def test_locked_with_a_lock_that_is_not_utf8_is_one_line_and_exit_2(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()
    (factory.root / "projects/svc/poetry.lock").write_bytes(b'[[package]]\nname = "\xff"\n')

    result = poly("poly build-project", "--projects svc --locked", cwd=factory.root)

    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith("[1/1] svc: ")
    assert "projects/svc/poetry.lock: cannot read ('utf-8' codec can't decode byte 0xff" in last


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_a_read_only_output_folder_is_one_line_and_exit_2(
    poly: PolyRunner, make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    out = tmp_path / "read-only"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = poly("poly build-project", f"--projects svc --output-dir {out}", cwd=factory.root)
    finally:
        out.chmod(0o700)

    assert result.exit_code == 2
    assert result.stderr == (
        f"[1/1] svc: the output folder {out} is not writable; choose another with -o.\n"
    )


def test_an_output_folder_that_cannot_be_made_is_one_line_and_exit_2(
    poly: PolyRunner, make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")

    result = poly(
        "poly build-project", f"--projects svc --output-dir {blocker / 'dist'}", cwd=factory.root
    )

    assert result.exit_code == 2
    assert result.stderr == (
        f"[1/1] svc: cannot create the output folder {blocker / 'dist'}: Not a directory.\n"
    )


def test_the_incumbents_build_project_command_and_options_still_work(
    poly: PolyRunner, make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    out = tmp_path / "out"
    (out).mkdir()
    (out / "svc-0.1.0.tar.gz").write_text("old", encoding="utf-8")

    result = poly(
        "build-project",
        f"-f wheel -o {out} --clean --with-top-namespace top "
        f"--custom-temp-path {tmp_path / 'stages'}",
        cwd=factory.root / "projects/svc",
    )

    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["svc-1.2.0-py3-none-any.whl"]
    assert not (tmp_path / "stages").exists()  # made for the build, then removed
    wheel = Wheel(out / "svc-1.2.0-py3-none-any.whl")
    assert wheel.files()[0] == "top/acme/api/__init__.py"


def test_verify_reports_each_module_and_fails_on_a_broken_import(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()
    factory.write("bases/acme/api/extra.py", "import acme.unused.missing\n")
    commit_all(factory.root)

    result = poly(
        "poly build-project", "--projects svc --format wheel --verify --no-check", cwd=factory.root
    )

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    verify = lines[lines.index("verify svc-1.2.0-py3-none-any.whl:") :]
    assert verify == [
        "verify svc-1.2.0-py3-none-any.whl:",
        "  ok   module acme.api",
        "  ok   module acme.api.core",
        "  FAIL module acme.api.extra  ModuleNotFoundError: No module named 'acme.unused'",
        "  ok   module acme.greeting",
        "  ok   module acme.greeting.core",
        "  ok   entry point acme.api.core:main",
        "  ✘ 1 failure",
    ]
    # the build's line as it ends, then the verification's: start and verdict
    built, verifying, verified = result.stderr.splitlines()
    assert built.startswith("[1/1] built svc in ")
    assert built.endswith(" s: svc-1.2.0-py3-none-any.whl")
    assert verifying == "verifying svc…"
    assert verified.startswith("verified svc in ")
    assert verified.endswith(" s: ✘ 1 failure")


def _three_projects(make_service: MakeService) -> Path:
    """svc and lone build; bad's base imports a brick bad lacks (a check error of bad only)."""
    factory = make_service()
    factory.base("cli", '"""The cli base."""\n\nimport acme.unused\n')
    includes = [factory.include("base", "cli"), factory.include("component", "greeting")]
    factory.write(
        "projects/bad/pyproject.toml", factory.project_text("bad", includes, "pep621", [])
    )
    lone = [factory.include("component", "greeting")]
    factory.write("projects/lone/pyproject.toml", factory.project_text("lone", lone, "pep621", []))
    commit_all(factory.root)
    return factory.root


def test_a_project_that_check_refuses_does_not_stop_the_others(
    poly: PolyRunner, make_service: MakeService, tmp_path: Path
) -> None:
    root = _three_projects(make_service)
    out = tmp_path / "out"

    result = poly(
        "poly build-project", f"--projects bad,svc,lone -f wheel --output-dir {out}", cwd=root
    )

    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "lone-0.1.0-py3-none-any.whl",
        "svc-1.2.0-py3-none-any.whl",
    ]
    assert "BW101" in result.stderr
    assert "bad: not built: `poly check` found 1 error; fix them, or pass --no-check." in (
        result.stderr.splitlines()
    )
    rows = [line.split()[:2] for line in result.stdout.splitlines()[1:]]
    assert rows == [
        ["bad", "failed"],
        ["svc", f"{out}/svc-1.2.0-py3-none-any.whl"],
        ["lone", f"{out}/lone-0.1.0-py3-none-any.whl"],
    ]


def test_json_output_names_the_refused_project_and_its_reason(
    poly: PolyRunner, make_service: MakeService, tmp_path: Path
) -> None:
    root = _three_projects(make_service)

    result = poly(
        "poly build-project", f"--all -f wheel --output json --output-dir {tmp_path}", cwd=root
    )

    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(p["name"], p["ok"], p["error"]) for p in data["result"]["projects"]] == [
        ("bad", False, "not built: `poly check` found 1 error; fix them, or pass --no-check."),
        ("lone", True, None),
        ("svc", True, None),
    ]
    assert data["exit_code"] == 1


def test_the_incumbents_command_outside_a_project_folder_says_how_to_choose(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()

    result = poly("build-project", "", cwd=factory.root)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "which project? run `poetry build-project` in a project folder (poetry build-project "
        "-C projects/NAME), or build several with `poetry poly build-project --projects "
        "NAME,NAME` or `--all`.\n"
    )


def test_verify_lists_a_main_module_as_skipped_and_passes(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()
    factory.write("bases/acme/api/__main__.py", "import sys\n\nsys.exit(2)\n")
    commit_all(factory.root)

    result = poly("poly build-project", "--projects svc -f wheel --verify", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[lines.index("verify svc-1.2.0-py3-none-any.whl:") + 1 :] == [
        "  ok   module acme.api",
        "  skip module acme.api.__main__  (a program (run with python -m), not imported)",
        "  ok   module acme.api.core",
        "  ok   module acme.greeting",
        "  ok   module acme.greeting.core",
        "  ok   entry point acme.api.core:main",
        "  ✔ every module imports (1 skipped)",
    ]


def test_clean_beside_projects_whose_names_start_alike_removes_only_its_own(
    poly: PolyRunner, make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    svc = (factory.root / "projects/svc/pyproject.toml").read_text(encoding="utf-8")
    for name in ("svc_admin", "svcx"):
        text = svc.replace('name = "svc"', f'name = "{name}"').replace("svc = ", f"{name} = ")
        factory.write(f"projects/{name}/pyproject.toml", text)
    commit_all(factory.root)
    out = tmp_path / "dist"
    everything = poly("poly build-project", f"--all --output-dir {out}", cwd=factory.root)
    (out / "svc-0.9.0-py3-none-any.whl").write_text("old", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    result = poly(
        "poly build-project", f"--projects svc --clean --output-dir {out}", cwd=factory.root
    )

    assert (everything.exit_code, result.exit_code) == (0, 0), result.stderr
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(after) == [
        "svc-1.2.0-py3-none-any.whl",
        "svc-1.2.0.tar.gz",
        "svc_admin-1.2.0-py3-none-any.whl",
        "svc_admin-1.2.0.tar.gz",
        "svcx-1.2.0-py3-none-any.whl",
        "svcx-1.2.0.tar.gz",
    ]
    assert {k: v for k, v in after.items() if not k.startswith("svc-")} == {
        k: v for k, v in before.items() if not k.startswith("svc-")
    }
