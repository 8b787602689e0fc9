"""Every command's `--output json`, run for real on a workspace with findings, several projects,
a git history, a planned sync and tests, validates against the schema the package ships
(ADR 0026); a run that cannot run prints an error document on stdout."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from cleo.io.outputs.output import Verbosity

from brickwork import report
from test.components.brickwork.poly_runs import declare_development
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo

Validator = Callable[[Any], Any]


@cache
def validator(name: str) -> Validator:
    """The compiled shipped schema `name` (`check`, `envelope`...)."""
    schema = json.loads(report.schema_file(name).read_text(encoding="utf-8"))
    return fastjsonschema.compile(schema)


def valid(command: str, stdout: str) -> dict[str, Any]:
    """The one JSON document on stdout, checked against its command's schema and the envelope."""
    data = json.loads(stdout)
    assert isinstance(data, dict)
    validator(command)(data)
    validator("envelope")(data)
    return data


LOG = "import yaml\n\n\ndef write(text):\n    return yaml.safe_dump(text)\n"


@dataclass(frozen=True)
class Shop:
    factory: WorkspaceFactory
    repo: GitRepo

    @property
    def root(self) -> Path:
        return self.factory.root


def folder_of_tests(factory: WorkspaceFactory, name: str) -> str:
    if factory.theme == "loose":
        return f"test/components/{factory.namespace}/{name}"
    return f"components/{name}/test"


@pytest.fixture(params=[("loose", "pep621"), ("tdd", "poetry")], ids=["loose-pep621", "tdd-poetry"])
def shop(request: pytest.FixtureRequest, make_workspace: MakeWorkspace) -> Shop:
    """Three components and a base, two projects: `shop` includes `api` and `greeting` but not
    `log` (which greeting imports: BW101) and imports `requests` undeclared (a library
    finding); `worker` is complete. Tagged `stable-1`, then `log` changed and not committed."""
    theme, style = request.param
    factory = make_workspace(theme=theme, dev_style=style)
    factory.component("log", files={"core.py": LOG})
    factory.component("greeting", files={"core.py": "from acme import log\n"})
    factory.component("store", files={"core.py": "import requests\n"})
    factory.base("api", files={"core.py": "from acme import greeting\n"})
    factory.project("shop", ["api", "greeting", "store"], style=style)
    factory.project("worker", ["log"], style=style, dependencies=["pyyaml"])
    factory.write(
        "projects/worker/poetry.lock", '[[package]]\nname = "pyyaml"\nversion = "5.4.1"\n'
    )
    declare_development(factory, ["pyyaml"])
    factory.write("poetry.lock", '[[package]]\nname = "pyyaml"\nversion = "6.0.1"\n')
    factory.write(
        f"{folder_of_tests(factory, 'greeting')}/test_greeting.py", "def test_ok(): pass\n"
    )
    factory.write(f"{folder_of_tests(factory, 'log')}/test_log.py", "def test_ok(): pass\n")
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    log = factory.brick_dir("component", "log")
    repo.write(f"{log}/core.py", LOG.replace("text)", "text.strip())"))
    return Shop(factory, repo)


def test_info_json_is_the_envelope_with_the_workspace_as_its_result(
    poly: PolyRunner, shop: Shop
) -> None:
    result = poly("poly info", "--output json", cwd=shop.root)

    data = valid("info", result.stdout)
    assert result.exit_code == data["exit_code"] == 0
    assert data["command"] == "info"
    assert data["root"] == str(shop.root)
    assert data["counts"] == {"components": 3, "bases": 1, "projects": 2}
    assert [c["name"] for c in data["result"]["components"]] == ["greeting", "log", "store"]
    assert data["error"] is None


def test_deps_json_lists_the_bricks_and_the_missing_brick_of_shop(
    poly: PolyRunner, shop: Shop
) -> None:
    result = poly("poly deps", "--output json --brick greeting", cwd=shop.root)

    data = valid("deps", result.stdout)
    assert result.exit_code == 0
    assert data["result"]["brick"]["uses"] == ["log"]
    assert data["counts"]["bricks"] == 4


def test_check_json_carries_the_true_findings_and_exit_1(poly: PolyRunner, shop: Shop) -> None:
    result = poly("poly check", "--output json", cwd=shop.root)

    data = valid("check", result.stdout)
    assert result.exit_code == data["exit_code"] == 1
    found = [(f["code"], f["severity"], f["subject"]) for f in data["result"]["findings"]]
    assert found == [
        ("BW101", "error", "log"),
        ("BW108", "warning", "store"),
        ("BW201", "error", "requests"),
        ("BW204", "warning", "pyyaml"),
    ]
    assert data["counts"] == {"projects": 2, "bricks": 4, "errors": 2, "warnings": 2}
    assert data["result"]["strict"] is False


def test_libs_json_names_requests_missing_from_shop(poly: PolyRunner, shop: Shop) -> None:
    result = poly("poly libs", "--output json --projects shop", cwd=shop.root)

    data = valid("libs", result.stdout)
    assert result.exit_code == data["exit_code"] == 1
    (project,) = data["result"]["projects"]
    assert project["missing"] == ["requests"]
    assert data["counts"]["errors"] == 1


def test_libs_json_of_the_workspace_shows_the_locked_versions_that_differ(
    poly: PolyRunner, shop: Shop
) -> None:
    result = poly("poly libs", "--output json", cwd=shop.root)

    data = valid("libs", result.stdout)
    assert result.exit_code == 1
    (pyyaml,) = data["result"]["versions"]
    assert pyyaml["differs"] is True
    assert [(p["project"], p["locked"]) for p in pyyaml["projects"]] == [
        ("worker", "5.4.1"),
        ("development", "6.0.1"),
    ]
    worker = next(p for p in data["result"]["projects"] if p["name"] == "worker")
    assert worker["lock"] == "projects/worker/poetry.lock"
    assert data["counts"] == {"projects": 3, "bricks": 4, "errors": 1, "warnings": 1}


def test_diff_json_shows_the_uncommitted_change_and_who_it_affects(
    poly: PolyRunner, shop: Shop
) -> None:
    result = poly("poly diff", "--output json", cwd=shop.root)

    data = valid("diff", result.stdout)
    assert result.exit_code == 0
    assert data["result"]["since"]["tag"] == "stable-1"
    assert [b["name"] for b in data["result"]["changed_bricks"]] == ["log"]
    assert {p["name"] for p in data["result"]["affected_projects"]} >= {"worker"}
    assert data["counts"]["files"] == 1


def test_sync_dry_run_json_plans_the_missing_include_and_writes_nothing(
    poly: PolyRunner, shop: Shop
) -> None:
    shop_file = shop.root / "projects/shop/pyproject.toml"
    before = shop_file.read_bytes()

    result = poly("poly sync", "--dry-run --output json", cwd=shop.root)

    data = valid("sync", result.stdout)
    assert result.exit_code == data["exit_code"] == 0
    (change,) = data["result"]["changes"]
    assert change["path"] == "projects/shop/pyproject.toml"
    assert change["action"] == "update" and change["written"] is False
    assert any(line.startswith("+") and "acme/log" in line for line in change["diff"])
    assert shop_file.read_bytes() == before


def test_sync_check_json_exits_1_and_sync_json_writes_what_it_lists(
    poly: PolyRunner, shop: Shop
) -> None:
    checked = poly("poly sync", "--check --output json", cwd=shop.root)
    assert checked.exit_code == valid("sync", checked.stdout)["exit_code"] == 1
    assert "out of sync" in checked.stderr

    written = poly("poly sync", "--output json", cwd=shop.root)

    data = valid("sync", written.stdout)
    assert written.exit_code == 0
    assert [c["written"] for c in data["result"]["changes"]] == [True]
    assert "acme/log" in (shop.root / "projects/shop/pyproject.toml").read_text(encoding="utf-8")
    again = valid("sync", poly("poly sync", "--output json", cwd=shop.root).stdout)
    assert again["result"]["changes"] == [] and again["counts"]["changes"] == 0


def test_build_project_json_lists_the_artifacts_of_one_project(
    poly: PolyRunner, shop: Shop, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    result = poly(
        "poly build-project", f"--projects worker --output-dir {out} --output json", cwd=shop.root
    )

    data = valid("build-project", result.stdout)
    assert result.exit_code == data["exit_code"] == 0, result.stderr
    (project,) = data["result"]["projects"]
    assert project["name"] == "worker" and project["ok"] is True
    assert {a["format"] for a in project["artifacts"]} == {"wheel", "sdist"}
    assert data["counts"] == {"projects": 1, "built": 1, "failed": 0, "artifacts": 2}


def test_test_list_json_gives_each_selected_folder_with_its_reason(
    poly: PolyRunner, shop: Shop
) -> None:
    result = poly("poly test", "--list --output json", cwd=shop.root)

    data = valid("test", result.stdout)
    assert result.exit_code == 0
    folders = {f["path"]: f["reason"] for f in data["result"]["folders"]}
    log_tests = folder_of_tests(shop.factory, "log")
    assert log_tests in folders
    assert folders[log_tests][-1] == "log"
    assert data["result"]["why_empty"] is None


def test_remove_dry_run_json_plans_the_folders_and_diffs_and_writes_nothing(
    poly: PolyRunner, shop: Shop
) -> None:
    before = (shop.root / "projects/shop/pyproject.toml").read_bytes()

    result = poly("poly remove", "store --dry-run --output json", cwd=shop.root)

    data = valid("remove", result.stdout)
    assert result.exit_code == data["exit_code"] == 0, result.stderr
    assert data["result"]["applied"] is False and data["result"]["users"] == []
    assert {c["path"] for c in data["result"]["changes"]} == {
        "pyproject.toml",
        "projects/shop/pyproject.toml",
    }
    assert (shop.root / "projects/shop/pyproject.toml").read_bytes() == before


def test_rename_json_plans_the_moves_and_diffs_and_a_taken_name_is_a_refusal(
    poly: PolyRunner, shop: Shop
) -> None:
    before = (shop.root / "projects/shop/pyproject.toml").read_bytes()

    result = poly("poly rename", "greeting greet --dry-run --output json", cwd=shop.root)
    taken = poly("poly rename", "greeting store --output json", cwd=shop.root)

    data = valid("rename", result.stdout)
    assert result.exit_code == data["exit_code"] == 0, result.stderr
    assert data["result"]["applied"] is False and data["result"]["refused"] is None
    assert "projects/shop/pyproject.toml" in {f["path"] for f in data["result"]["files"]}
    assert (shop.root / "projects/shop/pyproject.toml").read_bytes() == before
    refused = valid("rename", taken.stdout)
    assert taken.exit_code == refused["exit_code"] == 1
    assert refused["result"]["refused"] in taken.stderr


def test_every_json_command_is_run_by_this_module() -> None:
    tests = [name for name in globals() if name.startswith("test_") and "_json_" in name]
    for command in report.JSON_COMMANDS:
        assert any(name.startswith(f"test_{command.replace('-', '_')}_") for name in tests)


# -- errors --------------------------------------------------------------------------------


def test_a_command_that_cannot_run_prints_an_error_document_and_the_line(
    poly: PolyRunner, tmp_path: Path
) -> None:
    result = poly("poly check", "--output json", cwd=tmp_path)

    data = valid("check", result.stdout)
    assert result.exit_code == data["exit_code"] == 2
    assert data["result"] is None and data["root"] is None and data["counts"] == {}
    assert data["error"]["message"] in result.stderr
    assert "workspace.toml" in data["error"]["message"]


def test_an_unknown_project_with_json_output_is_an_error_document(
    poly: PolyRunner, shop: Shop
) -> None:
    result = poly("poly libs", "--output json --projects nope", cwd=shop.root)

    data = valid("libs", result.stdout)
    assert result.exit_code == data["exit_code"] == 2
    assert "nope" in data["error"]["message"]


def test_test_json_without_list_is_refused_with_an_error_document(
    poly: PolyRunner, shop: Shop
) -> None:
    result = poly("poly test", "--output json", cwd=shop.root)

    data = valid("test", result.stdout)
    assert result.exit_code == 2
    assert "--list" in data["error"]["message"]


def test_an_unknown_output_format_prints_no_document(poly: PolyRunner, shop: Shop) -> None:
    result = poly("poly check", "--output yaml", cwd=shop.root)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--output 'yaml'" in result.stderr


def test_text_output_of_a_failing_run_stays_one_line_on_stderr(
    poly: PolyRunner, tmp_path: Path
) -> None:
    result = poly("poly check", "", cwd=tmp_path)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


STOPPING_SCRIPT = (
    "import os, signal, time\n"
    "os.kill(int(os.environ['BRICKWORK_TEST_PID']), signal.SIGTERM)\n"
    "time.sleep(30)\n"
)


def test_an_interrupted_build_with_json_output_prints_an_error_document_exit_143(
    sigterm_guard: None, poly: PolyRunner, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = shop.root / "projects/worker/pyproject.toml"
    worker.write_text(
        worker.read_text("utf-8") + '\n[tool.poetry.build]\nscript = "build.py"\n', "utf-8"
    )
    shop.repo.commit("build script", {"projects/worker/build.py": STOPPING_SCRIPT})
    monkeypatch.setenv("BRICKWORK_TEST_PID", str(os.getpid()))
    started = time.monotonic()

    result = poly(
        "poly build-project", "--projects worker --allow-build-script --output json", cwd=shop.root
    )

    data = valid("build-project", result.stdout)
    assert result.exit_code == data["exit_code"] == 143
    assert data["error"] == {"message": "interrupted; nothing was left behind"}
    assert "interrupted; nothing was left behind" in result.stderr
    assert time.monotonic() - started < 20
    assert not (shop.root / "projects/worker/dist").exists()


def test_build_project_json_when_check_refuses_every_project_lists_each_refusal(
    poly: PolyRunner, shop: Shop, tmp_path: Path
) -> None:
    out = tmp_path / "dist"

    result = poly(
        "poly build-project", f"--projects shop --output-dir {out} --output json", cwd=shop.root
    )

    data = valid("build-project", result.stdout)
    assert result.exit_code == data["exit_code"] == 1
    (project,) = data["result"]["projects"]
    assert (project["name"], project["ok"], project["artifacts"]) == ("shop", False, [])
    assert (
        project["error"] == "not built: `poly check` found 2 errors; fix them, or pass --no-check."
    )
    assert data["counts"] == {"projects": 1, "built": 0, "failed": 1, "artifacts": 0}
    assert "BW101" in result.stderr
    assert not out.exists()


def test_build_project_affected_json_with_nothing_affected_is_an_empty_document(
    poly: PolyRunner, shop: Shop
) -> None:
    shop.repo.commit("log")
    shop.repo.tag("stable-2")

    result = poly("poly build-project", "--affected --output json", cwd=shop.root)

    data = valid("build-project", result.stdout)
    assert result.exit_code == data["exit_code"] == 0
    assert data["result"] == {"projects": []}
    assert data["counts"] == {"projects": 0, "built": 0, "failed": 0, "artifacts": 0}
    assert "nothing to build" in result.stderr


@pytest.mark.parametrize(
    ("command", "args", "exit_code"),
    [
        ("poly sync", "--dry-run --output json", 0),
        ("poly test", "--list --output json", 0),
        ("poly check", "--output json", 1),
        ("poly libs", "--output json --projects nope", 2),
    ],
)
def test_quiet_keeps_the_json_document(
    command: str, args: str, exit_code: int, poly: PolyRunner, shop: Shop
) -> None:
    loud = poly(command, args, cwd=shop.root)
    quiet = poly(command, args, cwd=shop.root, verbosity=Verbosity.QUIET)

    assert quiet.exit_code == loud.exit_code == exit_code
    assert quiet.stdout == loud.stdout
    valid(command.removeprefix("poly "), quiet.stdout)
