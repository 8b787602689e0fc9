"""Project files: tomlkit round-trips of brick includes and dependencies; atomic writes."""

from __future__ import annotations

from brickwork.pyproject.files import write_atomic

__all__ = ["write_atomic"]
