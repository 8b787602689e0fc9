"""Brick rules -> findings (data with stable codes); the exit code derives from the findings.
Also the one answer to "which bricks does this project need" that `sync` writes."""

from __future__ import annotations

from brickwork.check.core import Counts, count, exit_code, run_checks
from brickwork.check.needs import (
    LocalUse,
    ProjectNeeds,
    Provider,
    project_needs,
    reached_bricks,
)
from brickwork.check.select import CodeSelection, parse_codes
from brickwork.check.settings import CheckSettings, load_settings, settle
from brickwork.check.views import order_key, raw_checks, view_findings
from brickwork.check.why import ProjectWhy, WhyTarget, explain, unknown_target, why_target

__all__ = [
    "CheckSettings",
    "CodeSelection",
    "Counts",
    "LocalUse",
    "ProjectNeeds",
    "ProjectWhy",
    "Provider",
    "WhyTarget",
    "count",
    "exit_code",
    "explain",
    "load_settings",
    "order_key",
    "parse_codes",
    "project_needs",
    "raw_checks",
    "reached_bricks",
    "run_checks",
    "settle",
    "unknown_target",
    "view_findings",
    "why_target",
]
