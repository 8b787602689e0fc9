"""Brick rules -> findings (data with stable codes); the exit code derives from the findings.
Also the one answer to "which bricks does this project need" that `sync` writes.

The modules behind these names load on first use (PEP 562): a view of a stored analysis
(`view_findings`, `exit_code`, `CodeSelection`) loads neither the rules nor the graph."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brickwork.check.core import IMPORT_CODES, run_checks
    from brickwork.check.needs import (
        LocalUse,
        ProjectNeeds,
        Provider,
        project_needs,
        reached_bricks,
    )
    from brickwork.check.select import CodeSelection, parse_codes
    from brickwork.check.settings import CheckSettings, load_settings, settle
    from brickwork.check.views import (
        Counts,
        count,
        exit_code,
        order_key,
        raw_checks,
        view_findings,
    )
    from brickwork.check.why import (
        ProjectWhy,
        WhyTarget,
        explain,
        unknown_target,
        why_target,
    )

_MODULES = {
    "core": ("IMPORT_CODES", "run_checks"),
    "needs": ("LocalUse", "ProjectNeeds", "Provider", "project_needs", "reached_bricks"),
    "select": ("CodeSelection", "parse_codes"),
    "settings": ("CheckSettings", "load_settings", "settle"),
    "views": ("Counts", "count", "exit_code", "order_key", "raw_checks", "view_findings"),
    "why": ("ProjectWhy", "WhyTarget", "explain", "unknown_target", "why_target"),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "IMPORT_CODES",
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


def __getattr__(name: str) -> object:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once
    return value
