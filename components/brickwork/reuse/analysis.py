"""The stored analysis of a `check` over the workspace, which every view of it reads.

What is stored is the analysis, never a command's printed output: every finding before the
view's options apply (`check.raw_checks`), the BW110 findings a strict run adds, the notes,
and the few facts about the workspace a view prints (its root, the git repository holding
it, the scope counted in the summary). `check` in every output format, with `-q`,
`--strict`, `--select` and `--ignore`, and the check step of `build-project` and `test`,
render from it (`check.view_findings`): the second of them after the first costs a lookup
(ADR 0029).

The analysis is kept as one memo (`memo.remember`, ADR 0016) named `analysis`, keyed by what
decides it besides the files read: the current folder (a project folder selects that
project) and the options that change the analysis (`--projects`, `--alias`). Findings are
plain tuples; a stored analysis of the wrong shape is a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brickwork.workspace import Finding, Severity

NAME = "analysis"
"""The memo's name (its files: `analysis.memo.marshal`, `analysis.effects-NN.marshal`)."""

_SEVERITIES = {s.value: s for s in Severity}


@dataclass(frozen=True)
class CheckAnalysis:
    """Every finding of a `check` over some projects, before the view's options apply."""

    root: Path
    """The workspace root (paths are shown relative to it)."""
    repository: Path
    """The git repository holding the root (GitHub and SARIF paths are relative to it)."""
    project_file: Path
    """Where a SARIF result about no file points (the development project's file)."""
    projects: tuple[str, ...]
    """The names of the projects looked at."""
    scope: tuple[int, int]
    """(projects, bricks) the summary line counts."""
    severity: tuple[tuple[str, str], ...]
    """`[tool.brickwork.check.severity]`: (code, level)."""
    findings: tuple[Finding, ...]
    """Sorted, before settings and `--strict`."""
    unused: tuple[Finding, ...] | None
    """BW110 (shown under `--strict` only); None for a run over some projects."""
    notes: tuple[str, ...]
    """What the library rules said on stderr (a stale lock...)."""

    def to_plain(self) -> tuple[Any, ...]:
        unused = None if self.unused is None else [_plain(f) for f in self.unused]
        return (
            str(self.root),
            str(self.repository),
            str(self.project_file),
            list(self.projects),
            self.scope,
            list(self.severity),
            [_plain(f) for f in self.findings],
            unused,
            list(self.notes),
        )

    @classmethod
    def from_plain(cls, data: Any) -> CheckAnalysis | None:
        """The analysis `to_plain` gave; None for anything of another shape."""
        try:
            root, repository, project_file, projects, scope, severity, found, unused, notes = data
            analysis = cls(
                Path(_text(root)),
                Path(_text(repository)),
                Path(_text(project_file)),
                tuple(_text(p) for p in projects),
                (_number(scope[0]), _number(scope[1])),
                tuple((_text(code), _text(level)) for code, level in severity),
                tuple(_finding(f) for f in found),
                None if unused is None else tuple(_finding(f) for f in unused),
                tuple(_text(n) for n in notes),
            )
        except (TypeError, ValueError, KeyError):
            return None
        return analysis


def _plain(f: Finding) -> tuple[Any, ...]:
    path = str(f.path)
    return (f.code, f.message, path, f.line, f.subject, f.severity.value, list(f.projects))


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError(value)
    return value


def _number(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(value)
    return value


def _finding(data: Sequence[Any]) -> Finding:
    code, message, path, line, subject, severity, projects = data
    if line is not None:
        _number(line)
    return Finding(
        _text(code),
        _text(message),
        Path(_text(path)),
        line,
        _text(subject),
        _SEVERITIES[severity],
        tuple(_text(p) for p in projects),
    )
