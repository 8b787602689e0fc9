"""Graphs as text a user can paste: Mermaid (GitHub renders it) and Graphviz DOT."""

from __future__ import annotations

from collections.abc import Sequence

#: Node kinds and how each is drawn: (mermaid open, mermaid close, fill, stroke, dot shape).
_STYLES = {
    "component": ('["', '"]', "#e8f1fb", "#1f6feb", "box"),
    "base": ('[["', '"]]', "#fdf0e0", "#c2410c", "component"),
}
#: Words that Mermaid reads as syntax when used as a node id.
_MERMAID_KEYWORDS = frozenset(
    {"end", "graph", "flowchart", "subgraph", "direction", "style", "class", "classdef"}
    | {"click", "linkstyle", "default", "call", "href", "callback"}
)

Node = tuple[str, str]
"""(name, kind): kind is `component` or `base`."""
Edge = tuple[str, str, bool]
"""(source, target, dashed): dashed for type-only imports."""


def _mermaid_id(name: str) -> str:
    safe = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    return f"{safe}_" if safe.lower() in _MERMAID_KEYWORDS else safe


def mermaid_graph(nodes: Sequence[Node], edges: Sequence[Edge], direction: str = "TD") -> list[str]:
    """A Mermaid flowchart: components as boxes, bases as framed boxes; dashed edges dotted."""
    lines = [f"graph {direction}"]
    for name, kind in nodes:
        opening, closing, *_ = _STYLES.get(kind, _STYLES["component"])
        label = name.replace('"', "#quot;")
        lines.append(f"  {_mermaid_id(name)}{opening}{label}{closing}:::{kind}")
    for source, target, dashed in edges:
        arrow = "-.->" if dashed else "-->"
        lines.append(f"  {_mermaid_id(source)} {arrow} {_mermaid_id(target)}")
    for kind, (*_, fill, stroke, _shape) in _STYLES.items():
        lines.append(f"  classDef {kind} fill:{fill},stroke:{stroke},color:#111")
    return lines


def _dot_id(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_graph(
    nodes: Sequence[Node], edges: Sequence[Edge], name: str = "bricks", direction: str = "TB"
) -> list[str]:
    """A Graphviz digraph (`dot -Tsvg`): components as boxes, bases as component shapes."""
    lines = [
        f"digraph {_dot_id(name)} {{",
        f"  rankdir={direction};",
        '  node [fontname="Helvetica", style="filled"];',
    ]
    for node, kind in nodes:
        *_, fill, stroke, shape = _STYLES.get(kind, _STYLES["component"])
        lines.append(f'  {_dot_id(node)} [shape={shape}, fillcolor="{fill}", color="{stroke}"];')
    for source, target, dashed in edges:
        style = " [style=dashed]" if dashed else ""
        lines.append(f"  {_dot_id(source)} -> {_dot_id(target)}{style};")
    lines.append("}")
    return lines
