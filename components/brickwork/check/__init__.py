"""Brick rules -> findings (data with stable codes); the exit code derives from the findings."""

from __future__ import annotations

from brickwork.check.core import Counts, count, exit_code, run_checks
from brickwork.check.settings import (
    CODES,
    STRICT_ERRORS,
    WARNINGS,
    CheckSettings,
    default_severity,
    load_settings,
    settle,
)

__all__ = [
    "CODES",
    "STRICT_ERRORS",
    "WARNINGS",
    "CheckSettings",
    "Counts",
    "count",
    "default_severity",
    "exit_code",
    "load_settings",
    "run_checks",
    "settle",
]
