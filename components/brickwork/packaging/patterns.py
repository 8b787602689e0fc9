"""The build's side of `include` and `exclude` (ADR 0020): the pattern reading itself lives in
`brickwork.imports` (pure, shared with the analysis, ADR 0024); here, what only a build needs:
a staged path as a literal glob, and the entries a staged project file keeps for poetry-core.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from brickwork.imports import (
    ALL,
    COPY_SKIPS,
    Entry,
    Selector,
    Tree,
    excluded_by_name,
    read_entries,
)

__all__ = [
    "ALL",
    "COPY_SKIPS",
    "Entry",
    "Selector",
    "Tree",
    "excluded_by_name",
    "literal",
    "partial_entries",
    "read_entries",
]

_WILDCARDS = set("*?[")


def literal(path: str) -> str:
    """A staged path as a glob that matches only itself."""
    return "".join(f"[{c}]" if c in _WILDCARDS else c for c in path)


def partial_entries(doc: Any, partial: Sequence[tuple[str, frozenset[str]]]) -> None:
    """A file both excluded and included for some formats only ships in those: tell
    poetry-core with `[tool.poetry]` entries that name the staged file alone."""
    if not partial:
        return
    import tomlkit

    poetry = doc.setdefault("tool", {}).setdefault("poetry", {})
    include = poetry.setdefault("include", tomlkit.array())
    exclude = tomlkit.array()
    for staged, formats in sorted(partial, key=lambda item: item[0]):
        entry = tomlkit.inline_table()
        entry.update({"path": literal(staged), "format": sorted(formats)})
        include.append(entry)
        exclude.append(literal(staged))
    poetry["exclude"] = exclude
