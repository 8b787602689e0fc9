"""The stored analysis: what a run of a read command found, and the inputs it found it in.

A later run that read the same inputs (none changed by the stat key, or changed only where
the analysis does not look) takes the stored analysis instead of analysing again (ADR 0016,
ADR 0029).
"""

from __future__ import annotations

from brickwork.reuse.analysis import NAME as ANALYSIS
from brickwork.reuse.analysis import CheckAnalysis
from brickwork.reuse.memo import (
    Reused,
    Stale,
    look_up,
    memo_folder,
    remember,
    reuse,
)
from brickwork.reuse.projects import ProjectSnapshot

__all__ = [
    "ANALYSIS",
    "CheckAnalysis",
    "ProjectSnapshot",
    "Reused",
    "Stale",
    "look_up",
    "memo_folder",
    "remember",
    "reuse",
]
