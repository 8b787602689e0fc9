"""Git-aware change sets: stable points, changed files -> changed bricks and projects ->
affected bricks and projects (transitively, each with its reason chain), and tags."""

from __future__ import annotations

from brickwork.changes.core import (
    Affected,
    Chain,
    ChangeSet,
    FileChange,
    affected_since,
    collect_changes,
    find_affected,
)
from brickwork.changes.git import (
    SHALLOW_HINT,
    Git,
    GitError,
    create_tag,
    is_dirty,
    open_repository,
    tags_matching,
)
from brickwork.changes.graphdiff import (
    EdgeChange,
    GraphDiff,
    ProjectChange,
    Site,
    graph_diff,
)
from brickwork.changes.locks import brick_distributions
from brickwork.changes.points import (
    DEFAULT_PATTERNS,
    StablePoint,
    find_stable_point,
    next_tag,
    tag_head,
    tag_pattern,
)

__all__ = [
    "DEFAULT_PATTERNS",
    "SHALLOW_HINT",
    "Affected",
    "Chain",
    "ChangeSet",
    "EdgeChange",
    "FileChange",
    "Git",
    "GitError",
    "GraphDiff",
    "ProjectChange",
    "Site",
    "StablePoint",
    "affected_since",
    "brick_distributions",
    "collect_changes",
    "create_tag",
    "find_affected",
    "find_stable_point",
    "graph_diff",
    "is_dirty",
    "next_tag",
    "open_repository",
    "tag_head",
    "tag_pattern",
    "tags_matching",
]
