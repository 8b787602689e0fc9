"""`--output sarif` on hostile input: names that are not UTF-8 or need escaping in a URI, a
finding about a folder, no git repository, a workspace that cannot be read, the run's result
reused. Each case: setup -> command -> exit code, the log (valid SARIF 2.1.0, as GitHub code
scanning reads it) or the one error line, and nothing written."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from test.components.brickwork.report.test_sarif import valid_sarif
from test.conftest import MakeWorkspace, PolyRunner
from test.gitrepo import GitRepo
from test.robustness.test_bad_input import tree


def places(log: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in log["runs"][0]["results"]
    ]


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_a_file_name_that_is_not_utf8_is_a_percent_encoded_uri_of_its_bytes(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = make_workspace(theme=theme)
    ws.component("log")
    ws.base("api")
    folder = ws.root / ws.brick_dir("component", "log")
    name = os.fsdecode(b"mod\xe9.py")
    try:
        (folder / name).write_text("from acme import api\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only UTF-8 names")

    result = poly("poly check", "--output sarif", cwd=ws.root)

    assert result.exit_code == 1, result.stderr
    result.stdout.encode("utf-8")  # valid UTF-8: no lone surrogate
    log = valid_sarif(result.stdout)
    assert (
        "BW103",
        f"{ws.brick_dir('component', 'log')}/mod%E9.py",
        1,
    ) in places(log)


def test_names_that_need_escaping_in_a_uri_are_percent_encoded(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log", "", {"a b#1%.py": "import acme.nope\n"})

    result = poly("poly check", "--output sarif", cwd=ws.root)

    assert result.exit_code == 1
    assert ("BW102", "components/acme/log/a%20b%231%25.py", 1) in places(valid_sarif(result.stdout))


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_a_finding_about_a_folder_points_at_the_project_file_on_line_1(
    make_workspace: MakeWorkspace, poly: PolyRunner, style: str
) -> None:
    ws = make_workspace(dev_style=style)
    ws.component("log", "import acme.nope\n")
    ws.write("components/acme/my-brick/__init__.py", "")

    result = poly("poly check", "--output sarif", cwd=ws.root)

    assert result.exit_code == 1
    found = places(valid_sarif(result.stdout))
    assert ("BW005", "pyproject.toml", 1) in found
    assert ("BW102", "components/acme/log/__init__.py", 1) in found  # the true finding beside
    message = next(
        r["message"]["text"]
        for r in valid_sarif(result.stdout)["runs"][0]["results"]
        if r["ruleId"] == "BW005"
    )
    assert "my-brick" in message


def test_a_workspace_in_no_git_repository_is_its_own_source_root(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log", "import acme.nope\n")

    log = valid_sarif(poly("poly check", "--output sarif", cwd=ws.root).stdout)

    assert places(log) == [("BW102", "components/acme/log/__init__.py", 1)]
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ws.root.as_uri() + "/"


def test_run_from_a_project_folder_keeps_uris_from_the_repository_root(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace(theme="tdd")
    ws.component("log")
    ws.component("core", "from acme import log\n")
    ws.project("svc", ["core"])
    GitRepo.init(ws.root.parent)

    result = poly("poly check", "--output sarif", cwd=ws.root / "projects" / "svc")

    assert result.exit_code == 1
    assert places(valid_sarif(result.stdout)) == [
        ("BW101", "ws/components/core/src/acme/core/__init__.py", 1)
    ]


@pytest.mark.parametrize(
    ("command", "toml", "message"),
    [
        ("poly check", "[tool.brickwork.check]\nseverity = 3\n", "severity must be a table"),
        ("poly libs", "[tool.polylith\n", "workspace.toml"),
    ],
)
def test_a_workspace_that_cannot_be_read_is_one_line_and_no_half_log(
    make_workspace: MakeWorkspace, poly: PolyRunner, command: str, toml: str, message: str
) -> None:
    ws = make_workspace()
    ws.component("log")
    with (ws.root / "workspace.toml").open("a") as handle:
        handle.write(toml)
    before = tree(ws.root)

    result = poly(command, "--output sarif", cwd=ws.root)

    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    after = tree(ws.root)  # the analysis cache (safe to delete) aside
    assert {k: v for k, v in after.items() if not k.startswith(".brickwork_cache/")} == before


def test_select_keeps_each_result_at_its_rule(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log", "import acme.nope\nimport requests\n")

    result = poly("poly check", "--output sarif --select BW2", cwd=ws.root)

    log = valid_sarif(result.stdout)
    assert [r[0] for r in places(log)] == ["BW201"]
    assert result.exit_code == 1


def test_a_reused_result_is_the_same_log(make_workspace: MakeWorkspace, poly: PolyRunner) -> None:
    ws = make_workspace()
    ws.component("log", "import acme.nope\n")

    first = poly("poly check", "--output sarif", cwd=ws.root)
    second = poly("poly check", "--output sarif", cwd=ws.root)
    (ws.root / "components/acme/log/__init__.py").write_text("import os\nimport acme.nope\n")
    third = poly("poly check", "--output sarif", cwd=ws.root)

    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
    assert places(valid_sarif(third.stdout)) == [("BW102", "components/acme/log/__init__.py", 2)]
    prints = [
        valid_sarif(r.stdout)["runs"][0]["results"][0]["partialFingerprints"]
        for r in (first, third)
    ]
    assert prints[0] == prints[1]


def test_a_symlinked_workspace_path_still_gives_relative_uris(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    ws = make_workspace()
    ws.component("log", "import acme.nope\n")
    link = tmp_path / "link"
    link.symlink_to(ws.root)

    result = poly("poly check", "--output sarif", cwd=link)

    assert result.exit_code == 1
    assert [r[1] for r in places(valid_sarif(result.stdout))] == ["components/acme/log/__init__.py"]
