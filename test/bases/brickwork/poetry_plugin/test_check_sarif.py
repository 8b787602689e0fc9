"""`check --output sarif` and `libs --output sarif`: the real commands on real workspaces (both
themes, both project formats), validated against the SARIF 2.1.0 schema and read the way
GitHub code scanning reads them."""

from __future__ import annotations

from typing import Any

import pytest
from cleo.io.outputs.output import Verbosity

from test.components.brickwork.report.test_sarif import valid_sarif
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo

FINGERPRINT = "brickworkFinding/v1"
FORMATS = [("loose", "pep621"), ("loose", "poetry"), ("tdd", "pep621"), ("tdd", "poetry")]


def mixed(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    """Errors and warnings: svc lacks log (BW101), core reaches into log's module (BW107),
    api imports requests that svc does not declare (BW201), svc declares authzed that nothing
    imports (BW203)."""
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("log", "def get() -> None: ...\n", {"core.py": "X = 1\n"})
    ws.component("core", "from acme import log\nfrom acme.log.core import X\n")
    ws.base("api", "import acme.core\nimport requests\n")
    ws.project("svc", ["api", "core"], style=style, dependencies=["authzed"])
    return ws


def results(log: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    return [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in log["runs"][0]["results"]
    ]


@pytest.mark.parametrize(("theme", "style"), FORMATS)
def test_check_sarif_holds_every_finding_at_its_file_and_line_with_the_exit_code_of_text(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = mixed(make_workspace, theme, style)
    core = ws.brick_dir("component", "core")
    api = ws.brick_dir("base", "api")

    text = poly("poly check", cwd=ws.root)
    result = poly("poly check", "--output sarif", cwd=ws.root)

    assert result.exit_code == text.exit_code == 1
    assert result.stderr == ""
    log = valid_sarif(result.stdout)
    found = results(log)
    assert ("BW101", "error", f"{core}/__init__.py", 1) in found
    assert ("BW107", "warning", f"{core}/__init__.py", 2) in found
    assert ("BW201", "error", f"{api}/__init__.py", 2) in found
    (declared,) = [r for r in found if r[0] == "BW203"]
    assert declared[1:3] == ("warning", "projects/svc/pyproject.toml")
    assert f"projects/svc/pyproject.toml:{declared[3]}: BW203 warning" in text.stdout
    assert len(found) == len([line for line in text.stdout.splitlines() if ": BW" in line])
    run = log["runs"][0]
    assert run["invocations"][0]["exitCode"] == 1
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ws.root.as_uri() + "/"


@pytest.mark.parametrize(("theme", "style"), [("loose", "pep621"), ("tdd", "poetry")])
def test_check_sarif_of_a_clean_workspace_has_the_rules_and_no_result(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("log")
    ws.base("api", "from acme import log\n")
    ws.project("svc", ["api", "log"], style=style)

    result = poly("poly check", "--output sarif", cwd=ws.root)

    assert result.exit_code == 0, result.stdout
    log = valid_sarif(result.stdout)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) >= 20


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_a_workspace_in_a_subfolder_of_the_repository_gets_uris_from_the_repository_root(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = mixed(make_workspace, theme, "pep621")
    repository = ws.root.parent
    GitRepo.init(repository)
    core = ws.brick_dir("component", "core")

    result = poly("poly check", "--output sarif", cwd=ws.root)

    log = valid_sarif(result.stdout)
    assert ("BW101", "error", f"ws/{core}/__init__.py", 1) in results(log)
    assert all(uri.startswith("ws/") for _, _, uri, _ in results(log))
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (repository.as_uri() + "/")


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_fingerprints_stay_when_a_line_is_inserted_above_the_findings(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = mixed(make_workspace, theme, "poetry")
    init = ws.root / ws.brick_dir("component", "core") / "__init__.py"

    before = valid_sarif(poly("poly check", "--output sarif", cwd=ws.root).stdout)
    init.write_text('"""Core."""\n\n' + init.read_text())
    after = valid_sarif(poly("poly check", "--output sarif", cwd=ws.root).stdout)

    def prints(log: dict[str, Any]) -> dict[str, tuple[str, int]]:
        return {
            r["partialFingerprints"][FINGERPRINT]: (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in log["runs"][0]["results"]
        }

    moved = {p: (code, line + 2) for p, (code, line) in prints(before).items()}
    unmoved = {p: (code, line) for p, (code, line) in prints(before).items()}
    assert set(prints(after)) == set(prints(before))
    assert {p: v for p, v in prints(after).items() if v[0] in ("BW101", "BW107")} == {
        p: v for p, v in moved.items() if v[0] in ("BW101", "BW107")
    }
    assert {p: v for p, v in prints(after).items() if v[0] == "BW203"} == {
        p: v for p, v in unmoved.items() if v[0] == "BW203"
    }


def test_strict_makes_the_interface_bypass_an_error_and_fails_on_warnings(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log", "", {"core.py": "X = 1\n"})
    ws.component("core", "from acme.log.core import X\n")
    ws.project("svc", ["core", "log"])

    relaxed = poly("poly check", "--output sarif", cwd=ws.root)
    strict = poly("poly check", "--strict --output sarif", cwd=ws.root)

    assert relaxed.exit_code == 0
    assert [r[:2] for r in results(valid_sarif(relaxed.stdout))] == [("BW107", "warning")]
    assert strict.exit_code == 1
    assert [r[:2] for r in results(valid_sarif(strict.stdout))] == [("BW107", "error")]
    rules = valid_sarif(strict.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert next(r for r in rules if r["id"] == "BW107")["defaultConfiguration"] == {
        "level": "warning"
    }


def test_quiet_prints_the_same_whole_log(make_workspace: MakeWorkspace, poly: PolyRunner) -> None:
    ws = mixed(make_workspace, "loose", "pep621")

    loud = poly("poly check", "--output sarif", cwd=ws.root)
    quiet = poly("poly check", "--output sarif", cwd=ws.root, verbosity=Verbosity.QUIET)
    again = poly("poly check", "--output sarif", cwd=ws.root, verbosity=Verbosity.QUIET)

    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (loud.exit_code, loud.stdout, "")
    assert (again.exit_code, again.stdout) == (quiet.exit_code, quiet.stdout)  # reused
    assert {r[0] for r in results(valid_sarif(quiet.stdout))} >= {"BW107", "BW203"}


@pytest.mark.parametrize(("theme", "style"), [("loose", "poetry"), ("tdd", "pep621")])
def test_libs_sarif_holds_the_library_findings_only(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = mixed(make_workspace, theme, style)
    api = ws.brick_dir("base", "api")

    text = poly("poly libs", cwd=ws.root)
    result = poly("poly libs", "--output sarif", cwd=ws.root)

    assert result.exit_code == text.exit_code == 1
    log = valid_sarif(result.stdout)
    found = results(log)
    assert ("BW201", "error", f"{api}/__init__.py", 2) in found
    assert {r[0] for r in found} == {"BW201", "BW203"}
    assert log["runs"][0]["automationDetails"] == {"id": "brickwork/libs/"}


@pytest.mark.parametrize("command", ["poly check", "poly libs"])
def test_notes_of_the_run_are_its_notifications_and_stay_on_stderr(
    make_workspace: MakeWorkspace, poly: PolyRunner, command: str
) -> None:
    ws = mixed(make_workspace, "loose", "pep621")
    ws.write("projects/svc/poetry.lock", "[[package]]\nname = 'pyyaml'\n")  # stale: a note

    text = poly(command, cwd=ws.root)
    result = poly(command, "--output sarif", cwd=ws.root)

    assert result.stderr == text.stderr != ""

    notes = valid_sarif(result.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes
    assert all(n["level"] == "note" for n in notes)
    assert all(n["message"]["text"] in text.stderr for n in notes)


def test_an_unknown_output_format_lists_sarif(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = mixed(make_workspace, "loose", "pep621")

    check = poly("poly check", "--output xml", cwd=ws.root)
    libs = poly("poly libs", "--output xml", cwd=ws.root)

    assert (check.exit_code, check.stdout) == (2, "")
    assert check.stderr == "--output 'xml' is not one of: text, json, github, sarif.\n"
    assert (libs.exit_code, libs.stderr) == (
        2,
        "--output 'xml' is not one of: text, json, sarif.\n",
    )
