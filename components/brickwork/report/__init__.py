"""Every renderer: findings (text, JSON, GitHub, Markdown), tables, graphs, progress on stderr.

Renderers take data (findings, the model, a component's report) and return lines; only
`Progress` writes, to stderr through cleo's IO (ADR 0009). Every JSON document is one envelope
(`document`, `error_document`), validated by the schema `schema_file(command)` names (ADR 0026)."""

from __future__ import annotations

from brickwork.report.affected import (
    affected_data,
    affected_markdown,
    affected_text,
    chain_text,
    github_matrix,
)
from brickwork.report.builds import (
    build_data,
    build_line,
    build_notes,
    build_progress,
    build_status,
    build_summary,
    verification_lines,
    verify_line,
)
from brickwork.report.dependencies import deps_data, deps_dot, deps_lines, deps_mermaid
from brickwork.report.findings import (
    check_data,
    counts,
    finding_dict,
    finding_line,
    findings_styled,
    findings_text,
    github_lines,
    markdown_summary,
    plural,
    relative,
    repository_root,
    summary_line,
)
from brickwork.report.formats import (
    JSON_COMMANDS,
    JSON_VERSION,
    OutputFormat,
    document,
    error_document,
    escape_tags,
    github_annotation,
    parse_format,
    schema_file,
    schema_id,
    to_json,
)
from brickwork.report.graph_diff import (
    graph_diff_data,
    graph_diff_markdown,
    graph_diff_text,
)
from brickwork.report.graphs import dot_graph, mermaid_graph
from brickwork.report.libraries import libs_data, libs_lines
from brickwork.report.marks import ASCII_MARKS, fit_stream
from brickwork.report.plans import plan_data, plan_diff, plan_lines
from brickwork.report.progress import Progress, ProgressIO
from brickwork.report.removal import removal_data, removal_done, removal_lines, users_lines
from brickwork.report.renames import rename_data, rename_done, rename_lines, rename_refusal
from brickwork.report.sarif import (
    SARIF_VERSION,
    Tool,
    findings_sarif,
    installed_tool,
    sarif_log,
)
from brickwork.report.table import render_table, vertical_headers, visible_width
from brickwork.report.tests import (
    outside_projects_line,
    project_env_line,
    selection_data,
    selection_lines,
)
from brickwork.report.why import why_data, why_lines
from brickwork.report.workspace_info import info_data, info_lines, project_label

__all__ = [
    "ASCII_MARKS",
    "JSON_COMMANDS",
    "JSON_VERSION",
    "SARIF_VERSION",
    "OutputFormat",
    "Progress",
    "ProgressIO",
    "Tool",
    "affected_data",
    "affected_markdown",
    "affected_text",
    "build_data",
    "build_line",
    "build_notes",
    "build_progress",
    "build_status",
    "build_summary",
    "chain_text",
    "check_data",
    "counts",
    "deps_data",
    "deps_dot",
    "deps_lines",
    "deps_mermaid",
    "document",
    "dot_graph",
    "error_document",
    "escape_tags",
    "finding_dict",
    "finding_line",
    "findings_sarif",
    "findings_styled",
    "findings_text",
    "fit_stream",
    "github_annotation",
    "github_lines",
    "github_matrix",
    "graph_diff_data",
    "graph_diff_markdown",
    "graph_diff_text",
    "info_data",
    "info_lines",
    "installed_tool",
    "libs_data",
    "libs_lines",
    "markdown_summary",
    "mermaid_graph",
    "outside_projects_line",
    "parse_format",
    "plan_data",
    "plan_diff",
    "plan_lines",
    "plural",
    "project_env_line",
    "project_label",
    "relative",
    "removal_data",
    "removal_done",
    "removal_lines",
    "rename_data",
    "rename_done",
    "rename_lines",
    "rename_refusal",
    "render_table",
    "repository_root",
    "sarif_log",
    "schema_file",
    "schema_id",
    "selection_data",
    "selection_lines",
    "summary_line",
    "to_json",
    "users_lines",
    "verification_lines",
    "verify_line",
    "vertical_headers",
    "visible_width",
    "why_data",
    "why_lines",
]
