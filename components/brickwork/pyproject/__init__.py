"""Project files: tomlkit round-trips of brick includes and dependencies; atomic writes."""

from __future__ import annotations

from brickwork.pyproject.edit import (
    add_brick,
    add_brick_include,
    add_polylith_brick,
    has_polylith_bricks,
)
from brickwork.pyproject.files import write_atomic

__all__ = [
    "add_brick",
    "add_brick_include",
    "add_polylith_brick",
    "has_polylith_bricks",
    "write_atomic",
]
