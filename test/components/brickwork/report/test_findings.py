from __future__ import annotations

from pathlib import Path

from brickwork import report, workspace

ROOT = Path("/ws")


def finding(
    code: str = "BW101",
    message: str = "project 'svc' does not include brick 'log'",
    path: str = "components/acme/core/__init__.py",
    line: int | None = 3,
    severity: workspace.Severity = workspace.Severity.ERROR,
) -> workspace.Finding:
    return workspace.Finding(code, message, ROOT / path, line, "log", severity)


def test_finding_line_is_path_line_code_severity_message_with_user_text_escaped() -> None:
    error = finding(message="imports <b>tags</b>")
    warning = finding(
        "BW109", "not in development", "pyproject.toml", None, workspace.Severity.WARNING
    )

    assert report.finding_line(error, ROOT) == (
        "components/acme/core/__init__.py:3: <b>BW101</b> <fg=red>error</> imports \\<b>tags\\</b>"
    )
    assert report.finding_line(warning, ROOT) == (
        "pyproject.toml: <b>BW109</b> <fg=yellow>warning</> not in development"
    )


def test_finding_dict_has_the_same_keys_for_every_command_with_a_relative_path() -> None:
    outside = finding(path="x.py")
    outside = workspace.Finding("BW001", "bad", Path("/elsewhere/x.py"), None)

    assert report.finding_dict(finding(), ROOT) == {
        "code": "BW101",
        "severity": "error",
        "path": "components/acme/core/__init__.py",
        "line": 3,
        "subject": "log",
        "message": "project 'svc' does not include brick 'log'",
    }
    assert report.finding_dict(outside, ROOT)["path"] == "/elsewhere/x.py"


def test_finding_dict_names_the_projects_of_a_finding_shared_by_several() -> None:
    shared = workspace.Finding("BW201", "m", ROOT / "a.py", 1, "pyyaml", projects=("a", "b"))

    assert report.finding_dict(shared, ROOT)["projects"] == ["a", "b"]
    assert "projects" not in report.finding_dict(finding(), ROOT)


def test_summary_line_counts_errors_and_warnings_in_the_scope() -> None:
    warning = finding(severity=workspace.Severity.WARNING)

    assert report.summary_line([], 1, 3) == "✔ no problems in 1 project, 3 bricks"
    assert report.summary_line([finding(), warning, warning], 2, 1) == (
        "✘ 1 error, 2 warnings in 2 projects, 1 brick"
    )
    assert report.summary_line([warning], 0, 0) == "⚠ 0 errors, 1 warning in 0 projects, 0 bricks"


def test_findings_text_puts_a_blank_line_after_each_code_and_styles_the_summary() -> None:
    findings = [finding(), finding(line=4), finding("BW106", severity=workspace.Severity.WARNING)]

    lines = report.findings_text(findings, ROOT, "✘ summary <x>")

    assert [line.split(":", 1)[0] for line in lines[:5]] == [
        "components/acme/core/__init__.py",
        "components/acme/core/__init__.py",
        "",
        "components/acme/core/__init__.py",
        "",
    ]
    assert lines[-1] == "<error>✘ summary \\<x></error>"
    assert report.findings_text([], ROOT, "✔ fine") == ["<info>✔ fine</info>"]


def test_github_lines_escape_data_and_properties_and_end_with_the_summary() -> None:
    odd = finding(
        code="BW1:0,1",
        message="100% wrong\nsecond line\r",
        path="components/a,b/c:d.py",
        line=7,
    )
    plain = finding(path="pyproject.toml", line=None, severity=workspace.Severity.WARNING)

    lines = report.github_lines([odd, plain], ROOT, "✘ 1 error")

    assert lines == [
        "::error file=components/a%2Cb/c%3Ad.py,line=7,title=BW1%3A0%2C1::"
        "100%25 wrong%0Asecond line%0D",
        "::warning file=pyproject.toml,title=BW101::project 'svc' does not include brick 'log'",
        "✘ 1 error",
    ]


def test_github_paths_are_relative_to_the_repository_that_holds_the_workspace(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    ws_root = tmp_path / "python" / "ws"
    ws_root.mkdir(parents=True)
    found = workspace.Finding("BW102", "m", ws_root / "components" / "x.py", 1)

    repository = report.repository_root(ws_root)

    assert repository == tmp_path
    assert report.github_lines([found], repository, "s")[0].startswith(
        "::error file=python/ws/components/x.py,line=1,title=BW102::"
    )
    assert report.repository_root(tmp_path / "python") == tmp_path


def test_markdown_summary_is_a_bold_summary_and_a_table_with_pipes_escaped() -> None:
    findings = [finding(message="a | b"), finding("BW109", "ok", "pyproject.toml", None)]

    lines = report.markdown_summary(findings, ROOT, "✘ 2 errors")

    assert lines == [
        "**✘ 2 errors**",
        "",
        "| code | severity | where | message |",
        "|---|---|---|---|",
        "| `BW101` | error | `components/acme/core/__init__.py:3` | a \\| b |",
        "| `BW109` | error | `pyproject.toml` | ok |",
    ]
    assert report.markdown_summary([], ROOT, "✔ none") == ["**✔ none**"]


def test_check_data_is_the_documented_json_shape() -> None:
    data = report.check_data(
        [finding()], ROOT, strict=True, projects=["svc"], scope=(1, 3), exit_code=1
    )

    assert list(data) == [
        "schema",
        "version",
        "command",
        "root",
        "exit_code",
        "counts",
        "result",
        "error",
    ]
    assert list(data["result"]) == ["strict", "projects", "findings"]
    assert data["counts"] == {"projects": 1, "bricks": 3, "errors": 1, "warnings": 0}
    assert data["result"]["findings"][0]["path"] == "components/acme/core/__init__.py"
