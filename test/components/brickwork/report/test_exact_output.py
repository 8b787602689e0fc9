"""Exact output of the pure renderers: every character a user or a CI reads is pinned."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import report, workspace

ROOT = Path("/ws")
ERROR = workspace.Severity.ERROR
WARNING = workspace.Severity.WARNING


def finding(
    code: str = "BW101",
    message: str = "m",
    path: str = "a.py",
    line: int | None = 3,
    severity: workspace.Severity = ERROR,
) -> workspace.Finding:
    return workspace.Finding(code, message, ROOT / path, line, "log", severity)


def test_relative_gives_a_posix_path_inside_the_root_and_the_path_as_given_outside() -> None:
    assert report.relative(ROOT / "a" / "b.py", ROOT) == "a/b.py"
    assert report.relative(Path("/other/b.py"), ROOT) == "/other/b.py"
    assert report.relative(ROOT, ROOT) == "."


def test_finding_dict_of_a_whole_file_finding_has_line_none_and_every_key_in_order() -> None:
    warning = workspace.Finding("BW109", "w", ROOT / "p.toml", None, "", WARNING, ("a",))

    assert report.finding_dict(warning, ROOT) == {
        "code": "BW109",
        "severity": "warning",
        "path": "p.toml",
        "line": None,
        "subject": "",
        "message": "w",
        "projects": ["a"],
    }
    assert list(report.finding_dict(warning, ROOT)) == [
        "code",
        "severity",
        "path",
        "line",
        "subject",
        "message",
        "projects",
    ]


def test_counts_are_errors_then_warnings() -> None:
    findings = [finding(), finding(severity=WARNING), finding(severity=WARNING)]

    assert report.counts(findings) == (1, 2)
    assert report.counts([]) == (0, 0)
    assert report.counts([finding(), finding()]) == (2, 0)


def test_plural_adds_an_s_to_every_count_but_one() -> None:
    assert report.plural(0, "brick") == "0 bricks"
    assert report.plural(1, "brick") == "1 brick"
    assert report.plural(2, "brick") == "2 bricks"


def test_summary_line_marks_errors_with_a_cross_even_with_warnings() -> None:
    assert report.summary_line([finding(), finding(severity=WARNING)], 1, 1) == (
        "✘ 1 error, 1 warning in 1 project, 1 brick"
    )
    assert report.summary_line([finding(), finding()], 3, 2) == (
        "✘ 2 errors, 0 warnings in 3 projects, 2 bricks"
    )


def test_findings_text_of_warnings_only_styles_the_summary_as_info() -> None:
    lines = report.findings_text([finding("BW106", "x", severity=WARNING)], ROOT, "⚠ 1")

    assert lines == ["a.py:3: <b>BW106</b> <fg=yellow>warning</> x", "", "<info>⚠ 1</info>"]


def test_findings_text_groups_consecutive_findings_of_a_code_with_one_blank_line() -> None:
    lines = report.findings_text(
        [finding("BW1", "one"), finding("BW1", "two"), finding("BW2", "three")], ROOT, "s"
    )

    assert lines == [
        "a.py:3: <b>BW1</b> <fg=red>error</> one",
        "a.py:3: <b>BW1</b> <fg=red>error</> two",
        "",
        "a.py:3: <b>BW2</b> <fg=red>error</> three",
        "",
        "<error>s</error>",
    ]


def test_finding_line_escapes_a_path_that_looks_like_a_tag() -> None:
    odd = workspace.Finding("BW1", "m", ROOT / "<b>.py", None)

    assert report.finding_line(odd, ROOT) == "\\<b>.py: <b>BW1</b> <fg=red>error</> m"


def test_repository_root_without_git_is_the_root_itself(tmp_path: Path) -> None:
    assert report.repository_root(tmp_path) == tmp_path
    (tmp_path / ".git").mkdir()
    assert report.repository_root(tmp_path) == tmp_path


def test_markdown_cells_escape_backslashes_pipes_and_newlines() -> None:
    lines = report.markdown_summary(
        [finding(message="a\\b|c\nd", path="x|y.py", line=None, severity=WARNING)],
        ROOT,
        "s|t",
    )

    assert lines == [
        "**s\\|t**",
        "",
        "| code | severity | where | message |",
        "|---|---|---|---|",
        "| `BW101` | warning | `x\\|y.py` | a\\\\b\\|c d |",
    ]


def test_check_data_is_exactly_the_documented_document() -> None:
    data = report.check_data(
        [finding(), finding(severity=WARNING)],
        ROOT,
        strict=False,
        projects=("a", "b"),
        scope=(2, 5),
        exit_code=0,
    )

    assert data == {
        "schema": "urn:brickwork:schema:check:2",
        "version": 2,
        "command": "check",
        "root": "/ws",
        "exit_code": 0,
        "counts": {"projects": 2, "bricks": 5, "errors": 1, "warnings": 1},
        "result": {
            "strict": False,
            "projects": ["a", "b"],
            "findings": [
                report.finding_dict(finding(), ROOT),
                report.finding_dict(finding(severity=WARNING), ROOT),
            ],
        },
        "error": None,
    }


def test_github_annotation_without_properties_is_level_and_message() -> None:
    assert report.github_annotation("notice", "hi") == "::notice::hi"
    assert report.github_annotation("error", "m", line=4) == "::error line=4::m"
    assert report.github_annotation("error", "m", title="t") == "::error title=t::m"
    assert report.github_annotation("warning", "m", file="f") == "::warning file=f::m"


def test_github_annotation_escapes_percent_first_and_properties_more_than_data() -> None:
    line = report.github_annotation(
        "error", "50%: a,b\r\n", file="%d:e,f\n", line=2, title="t:1,2%"
    )

    assert line == "::error file=%25d%3Ae%2Cf%0A,line=2,title=t%3A1%2C2%25::50%25: a,b%0D%0A"


def test_escape_tags_escapes_every_opening_bracket_only() -> None:
    assert report.escape_tags("<a> <b> c>") == "\\<a> \\<b> c>"


def test_parse_format_without_a_value_takes_the_first_allowed() -> None:
    allowed = (report.OutputFormat.MERMAID, report.OutputFormat.DOT)

    assert report.parse_format(None, allowed) is report.OutputFormat.MERMAID
    assert report.parse_format("dot", allowed) is report.OutputFormat.DOT
    with pytest.raises(workspace.PolyError) as raised:
        report.parse_format("Text", allowed)
    assert str(raised.value) == "--output 'Text' is not one of: mermaid, dot."


def test_output_formats_are_spelled_as_the_cli_takes_them() -> None:
    assert [f.value for f in report.OutputFormat] == [
        "text",
        "json",
        "mermaid",
        "dot",
        "github",
        "markdown",
        "github-matrix",
        "sarif",
    ]


def test_to_json_of_an_empty_document() -> None:
    assert report.to_json({}) == "{}"
    assert report.to_json({"a": "é"}) == '{\n  "a": "é"\n}'


def test_visible_width_of_tags_with_digits_and_punctuation_and_of_a_lone_bracket() -> None:
    assert report.visible_width("<fg=red;options=bold>ab</>") == 2
    assert report.visible_width("<c1>x</c1>") == 1
    assert report.visible_width("a < b") == 5
    assert report.visible_width("<Info>x</>") == len("<Info>x")
    assert report.visible_width("\\<b>x") == 4


def test_render_table_pads_every_column_but_strips_the_line_end() -> None:
    lines = report.render_table(["a", "bb", "c"], [["xxx", "", "y"], ["", "z", ""]])

    assert lines == ["a    bb  c", "xxx      y", "     z"]


def test_render_table_gap_is_the_space_between_columns() -> None:
    assert report.render_table(["a", "b"], [["cc", "d"]], gap=3) == ["a    b", "cc   d"]
    assert report.render_table(["h"], []) == ["h"]


def test_render_table_counts_escaped_markup_as_its_visible_width() -> None:
    lines = report.render_table(["x", "y"], [[report.escape_tags("<ab>"), "1"], ["<b>ab</b>", "2"]])

    assert lines == ["x     y", "\\<ab>  1", "<b>ab</b>    2"]


def test_vertical_headers_of_nothing_is_no_rows() -> None:
    assert report.vertical_headers([]) == []
    assert report.vertical_headers(["a", "bcd"]) == [["a", "b"], ["", "c"], ["", "d"]]


def test_mermaid_graph_is_exactly_the_documented_flowchart() -> None:
    lines = report.mermaid_graph(
        [("core", "component"), ("api", "base"), ("odd", "other")],
        [("api", "core", False), ("core", "odd", True)],
        direction="LR",
    )

    assert lines == [
        "graph LR",
        '  core["core"]:::component',
        '  api[["api"]]:::base',
        '  odd["odd"]:::other',
        "  api --> core",
        "  core -.-> odd",
        "  classDef component fill:#e8f1fb,stroke:#1f6feb,color:#111",
        "  classDef base fill:#fdf0e0,stroke:#c2410c,color:#111",
    ]


@pytest.mark.parametrize(
    "word",
    [
        "flowchart",
        "direction",
        "class",
        "click",
        "linkStyle",
        "default",
        "call",
        "href",
        "callback",
        "subgraph",
        "graph",
        "end",
        "style",
        "classdef",
    ],
)
def test_every_mermaid_keyword_gets_a_trailing_underscore(word: str) -> None:
    assert report.mermaid_graph([(word, "component")], [])[1] == (
        f'  {word}_["{word}"]:::component'
    )


def test_mermaid_ids_keep_letters_digits_and_underscores_only() -> None:
    assert report.mermaid_graph([("a_b-c.d2", "component")], [])[1] == (
        '  a_b_c_d2["a_b-c.d2"]:::component'
    )
    assert report.mermaid_graph([("ending", "component")], [])[1] == (
        '  ending["ending"]:::component'
    )


def test_dot_graph_is_exactly_the_documented_digraph() -> None:
    lines = report.dot_graph(
        [("core", "component"), ("api", "base"), ("a\\b", "other")],
        [("api", "core", False), ("core", "a\\b", True)],
        name="svc",
        direction="LR",
    )

    assert lines == [
        'digraph "svc" {',
        "  rankdir=LR;",
        '  node [fontname="Helvetica", style="filled"];',
        '  "core" [shape=box, fillcolor="#e8f1fb", color="#1f6feb"];',
        '  "api" [shape=component, fillcolor="#fdf0e0", color="#c2410c"];',
        '  "a\\\\b" [shape=box, fillcolor="#e8f1fb", color="#1f6feb"];',
        '  "api" -> "core";',
        '  "core" -> "a\\\\b" [style=dashed];',
        "}",
    ]


def test_graphs_default_to_top_down() -> None:
    assert report.mermaid_graph([], [])[0] == "graph TD"
    assert report.dot_graph([], [])[:2] == ['digraph "bricks" {', "  rankdir=TB;"]


def test_an_empty_column_takes_no_width_only_its_gaps() -> None:
    assert report.render_table(["a", "", "c"], [["x", "", "y"]]) == ["a    c", "x    y"]
