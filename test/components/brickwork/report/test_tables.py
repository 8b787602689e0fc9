from __future__ import annotations

import pytest

from brickwork import report


def test_visible_width_ignores_style_tags_and_counts_an_escaped_bracket_once() -> None:
    assert report.visible_width("<info>ok</>") == 2
    assert report.visible_width("<fg=yellow>1.0</>") == 3
    assert report.visible_width(report.escape_tags("<b>x")) == 4
    assert report.visible_width("plain") == 5


def test_table_columns_are_as_wide_as_the_widest_visible_cell() -> None:
    rows = [
        ["<comment>core</>", report.escape_tags("list<int>"), "x"],
        ["<c2>api</>", "<fg=red>missing</>", "y"],
    ]

    lines = report.render_table(["brick", "detail", ""], rows)

    assert lines == [
        "brick  detail",
        "<comment>core</>   list\\<int>  x",
        "<c2>api</>    <fg=red>missing</>    y",
    ]


def test_table_without_headers_and_short_rows_are_fine() -> None:
    assert report.render_table([], [["a", "bb"], ["ccc"]], gap=1) == ["a   bb", "ccc"]
    assert report.render_table([], []) == []


def test_vertical_headers_spell_names_downwards() -> None:
    assert report.vertical_headers(["ab", "c"]) == [["a", "c"], ["b", ""]]


@pytest.mark.parametrize("name", ["end", "End", "END", "graph", "Subgraph", "classDef", "style"])
def test_mermaid_node_ids_never_are_reserved_words_in_any_case(name: str) -> None:
    lines = report.mermaid_graph([(name, "component"), ("x", "base")], [("x", name, False)])

    assert lines[1] == f'  {name}_["{name}"]:::component'
    assert lines[3] == f"  x --> {name}_"


def test_mermaid_draws_bases_framed_type_only_edges_dotted_and_quotes_escaped() -> None:
    lines = report.mermaid_graph(
        [('we"ird-name', "component"), ("api", "base")], [("api", 'we"ird-name', True)]
    )

    assert lines[:4] == [
        "graph TD",
        '  we_ird_name["we#quot;ird-name"]:::component',
        '  api[["api"]]:::base',
        "  api -.-> we_ird_name",
    ]
    assert lines[-2].startswith("  classDef component fill:")


def test_dot_quotes_and_escapes_names_and_dashes_type_only_edges() -> None:
    lines = report.dot_graph([('a"b', "component"), ("api", "base")], [("api", 'a"b', True)])

    assert lines[0] == 'digraph "bricks" {'
    assert '  "a\\"b" [shape=box, fillcolor="#e8f1fb", color="#1f6feb"];' in lines
    assert '  "api" -> "a\\"b" [style=dashed];' in lines
    assert lines[-1] == "}"


def test_output_format_parses_case_insensitively_and_rejects_the_others() -> None:
    allowed = (report.OutputFormat.TEXT, report.OutputFormat.JSON)

    assert report.parse_format(None, allowed) is report.OutputFormat.TEXT
    assert report.parse_format("JSON", allowed) is report.OutputFormat.JSON
    with pytest.raises(Exception, match=r"--output 'dot' is not one of: text, json\."):
        report.parse_format("dot", allowed)


def test_json_keeps_key_order_indents_two_spaces_and_keeps_unicode() -> None:
    assert report.to_json({"b": 1, "a": ["✔"]}) == '{\n  "b": 1,\n  "a": [\n    "✔"\n  ]\n}'
