"""Render data for people and machines: text tables, JSON, graphs, CI annotations."""

from __future__ import annotations

from brickwork.report.formats import (
    Output,
    OutputFormat,
    escape_tags,
    github_annotation,
    parse_format,
    to_json,
)
from brickwork.report.graphs import dot_graph, mermaid_graph
from brickwork.report.plans import plan_diff, plan_lines
from brickwork.report.table import render_table, vertical_headers, visible_width

__all__ = [
    "Output",
    "OutputFormat",
    "dot_graph",
    "escape_tags",
    "github_annotation",
    "mermaid_graph",
    "parse_format",
    "plan_diff",
    "plan_lines",
    "render_table",
    "to_json",
    "vertical_headers",
    "visible_width",
]
