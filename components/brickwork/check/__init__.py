"""Brick rules -> findings (data with stable codes); the exit code derives from the findings."""

from __future__ import annotations

from brickwork.check.core import Counts, count, exit_code, run_checks
from brickwork.check.select import CodeSelection, parse_codes
from brickwork.check.settings import CheckSettings, load_settings, settle

__all__ = [
    "CheckSettings",
    "CodeSelection",
    "Counts",
    "count",
    "exit_code",
    "load_settings",
    "parse_codes",
    "run_checks",
    "settle",
]
