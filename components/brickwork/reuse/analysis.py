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

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brickwork.reuse.plain import (
    Malformed,
    Paths,
    findings,
    findings_plain,
    pairs,
    text,
    texts,
)
from brickwork.workspace import Finding

NAME = "analysis"
"""The memo's name (its files: `analysis.memo.marshal`, `analysis.effects-NN.marshal`)."""


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
        paths = Paths()
        found = findings_plain(self.findings, paths)
        unused = None if self.unused is None else findings_plain(self.unused, paths)
        return (
            str(self.root),
            str(self.repository),
            str(self.project_file),
            list(self.projects),
            self.scope,
            list(self.severity),
            found,
            unused,
            list(self.notes),
            paths.plain(),
        )

    @classmethod
    def from_plain(cls, data: Any) -> CheckAnalysis:
        """The analysis `to_plain` gave; raises `Malformed` for anything of another shape."""
        if type(data) is not tuple or len(data) != 10:
            raise Malformed(data)
        root, repository, project_file, projects, scope, severity, found, unused, notes = data[:9]
        paths = Paths(texts(data[9]))
        if type(scope) is not tuple or len(scope) != 2 or not all(type(n) is int for n in scope):
            raise Malformed(scope)
        return cls(
            Path(text(root)),
            Path(text(repository)),
            Path(text(project_file)),
            texts(projects),
            (scope[0], scope[1]),
            tuple((text(code), text(level)) for code, level in pairs(severity)),
            findings(found, paths),
            None if unused is None else findings(unused, paths),
            texts(notes),
        )
