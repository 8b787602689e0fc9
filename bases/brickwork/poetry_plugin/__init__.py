"""The Poetry plugin base: `poetry poly ...` commands on top of the bricks."""

from __future__ import annotations

from brickwork.poetry_plugin.plugin import COMMANDS, PolyPlugin

__all__ = ["COMMANDS", "PolyPlugin"]
