"""Render data for people and machines: text tables, JSON, graphs, CI annotations."""

from __future__ import annotations

from brickwork.report.affected import (
    DIFF_SCHEMA,
    affected_data,
    affected_markdown,
    affected_text,
    chain_text,
    github_matrix,
)
from brickwork.report.formats import (
    Output,
    OutputFormat,
    escape_tags,
    github_annotation,
    parse_format,
    to_json,
)
from brickwork.report.graphs import dot_graph, mermaid_graph
from brickwork.report.table import render_table, vertical_headers, visible_width

__all__ = [
    "DIFF_SCHEMA",
    "Output",
    "OutputFormat",
    "affected_data",
    "affected_markdown",
    "affected_text",
    "chain_text",
    "dot_graph",
    "escape_tags",
    "github_annotation",
    "github_matrix",
    "mermaid_graph",
    "parse_format",
    "render_table",
    "to_json",
    "vertical_headers",
    "visible_width",
]
