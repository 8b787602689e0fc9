"""Brick dependency graph: who imports whom (with file:line), closure, cycles, dependents."""

from __future__ import annotations

from brickwork.graph.analysis import (
    MAX_CYCLE_LENGTH,
    MAX_CYCLES_PER_GROUP,
    Cycle,
    Missing,
    find_cycles,
    missing_bricks,
    unused_bricks,
)
from brickwork.graph.core import (
    RUNTIME_CONTEXTS,
    BrickGraph,
    EdgeData,
    Target,
    build_graph,
    closure,
    dependencies,
    dependents,
    edge_summary,
    graph_of_edges,
    lazy_edge,
    namespace_targets,
)
from brickwork.graph.view import DepsView, build_view, cycles_of, validate, with_closure
from brickwork.graph.why import WhyChain, WhyHop, WhyRoot, find_chains
from brickwork.imports import ImportSite  # the one import-site type, re-exported

__all__ = [
    "MAX_CYCLES_PER_GROUP",
    "MAX_CYCLE_LENGTH",
    "RUNTIME_CONTEXTS",
    "BrickGraph",
    "Cycle",
    "DepsView",
    "EdgeData",
    "ImportSite",
    "Missing",
    "Target",
    "WhyChain",
    "WhyHop",
    "WhyRoot",
    "build_graph",
    "build_view",
    "closure",
    "cycles_of",
    "dependencies",
    "dependents",
    "edge_summary",
    "find_chains",
    "find_cycles",
    "graph_of_edges",
    "lazy_edge",
    "missing_bricks",
    "namespace_targets",
    "unused_bricks",
    "validate",
    "with_closure",
]
