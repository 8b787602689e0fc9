"""Suppressions that silence nothing (BW110): a `# poly: ignore[...]` comment on an import
that `check --strict` would not miss, like ruff's unused-`noqa` rule.

A suppression is judged by what removing it changes, not by where findings are placed (a
project's missing brick or library is reported at its first import that is not silenced, a
cycle at one of its steps): the rules run again with every suppression removed, and each
code a finding then lands on is used. The others are candidates: removed together, and when
no finding is new they all silence nothing; otherwise each is removed alone and kept when a
finding of its code appears. A scan without suppressions costs nothing more.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from brickwork.imports import FileImports, WorkspaceImports
from brickwork.workspace import UNUSED_SUPPRESSION, Finding, Severity

ANY = "*"
"""The code of a bare `# poly: ignore` (every code)."""

LIBRARY_CODES = "BW2"
"""The library rules' codes: judged only when the library rules can run again."""

MAX_ALONE = 30
"""At most this many candidates are removed one by one; any left are kept as used (a missed
report is better than a wrong one)."""

Rules = Callable[[WorkspaceImports], Sequence[Finding]]
"""Every finding (before settings) of the rules over a scan."""

Key = tuple[Path, int, str]
"""(file, line, code) of one code of a suppression comment."""


@dataclass(frozen=True)
class Comment:
    """A `# poly: ignore` comment on an import line: where, and the codes it names."""

    path: Path
    line: int
    codes: tuple[str, ...]

    def places(self) -> list[Key]:
        return [(self.path, self.line, code) for code in self.codes]

    @property
    def text(self) -> str:
        if ANY in self.codes:
            return "# poly: ignore"
        return f"# poly: ignore[{', '.join(self.codes)}]"


def _files(ws_imports: WorkspaceImports) -> Iterator[FileImports]:
    for scanned in ws_imports.bricks.values():
        yield from scanned.files
        yield from scanned.tests
    yield from ws_imports.development
    for files in ws_imports.projects.values():
        yield from files


def comments(ws_imports: WorkspaceImports) -> list[Comment]:
    """Every suppression comment of the scan (one per file and line)."""
    found: dict[tuple[Path, int], tuple[str, ...]] = {}
    for file in _files(ws_imports):
        for imp in file.imports:
            if imp.ignored:
                known = found.get((file.path, imp.line), ())
                found[(file.path, imp.line)] = tuple(dict.fromkeys((*known, *imp.ignored)))
    return [Comment(path, line, codes) for (path, line), codes in found.items()]


def without(ws_imports: WorkspaceImports, removed: Collection[Key] | None) -> WorkspaceImports:
    """The scan with the codes `removed` taken out of its suppression comments (None: every
    comment removed)."""

    def strip(file: FileImports) -> FileImports:
        if not any(imp.ignored for imp in file.imports):
            return file
        imports = tuple(
            dataclasses.replace(
                imp,
                ignored=tuple(
                    c
                    for c in imp.ignored
                    if removed is not None and (file.path, imp.line, c) not in removed
                ),
            )
            if imp.ignored
            else imp
            for imp in file.imports
        )
        return dataclasses.replace(file, imports=imports)

    def strip_all(files: Iterable[FileImports]) -> tuple[FileImports, ...]:
        return tuple(strip(f) for f in files)

    bricks = {
        name: dataclasses.replace(b, files=strip_all(b.files), tests=strip_all(b.tests))
        for name, b in ws_imports.bricks.items()
    }
    return dataclasses.replace(
        ws_imports,
        bricks=bricks,
        development=strip_all(ws_imports.development),
        projects={name: strip_all(files) for name, files in ws_imports.projects.items()},
    )


def _matches(key: Key, finding: Finding) -> bool:
    return key[2] in (ANY, finding.code)


def _new(
    rules: Rules,
    ws_imports: WorkspaceImports,
    removed: Collection[Key] | None,
    found: frozenset[Finding],
) -> list[Finding]:
    return [f for f in rules(without(ws_imports, removed)) if f not in found]


def unused(
    ws_imports: WorkspaceImports,
    findings: Sequence[Finding],
    rules: Rules,
    *,
    libraries: bool = True,
) -> list[tuple[Comment, tuple[str, ...]]]:
    """Each comment with a code that silences nothing, and those codes, in scan order.
    `findings`: what `rules` gives for `ws_imports` itself; `libraries`: whether `rules`
    runs the library rules (else their codes, and bare comments, count as used)."""
    found = comments(ws_imports)
    if not found:
        return []
    before = frozenset(findings)
    keys = [k for c in found for k in c.places()]
    if not libraries:
        keys = [k for k in keys if k[2] != ANY and not k[2].startswith(LIBRARY_CODES)]
    hits = _new(rules, ws_imports, None, before)
    used = {k for k in keys if any(_matches(k, f) and (f.path, f.line) == k[:2] for f in hits)}
    candidates = [k for k in keys if k not in used]
    if candidates and _new(rules, ws_imports, candidates, before):
        for index, key in enumerate(candidates):
            alone = index >= MAX_ALONE or any(
                _matches(key, f) for f in _new(rules, ws_imports, [key], before)
            )
            if alone:
                used.add(key)
    silent = {k for k in candidates if k not in used}
    return [
        (c, tuple(code for code in c.codes if (c.path, c.line, code) in silent))
        for c in found
        if any(k in silent for k in c.places())
    ]


def unused_findings(
    ws_imports: WorkspaceImports,
    findings: Sequence[Finding],
    rules: Rules,
    *,
    libraries: bool = True,
) -> list[Finding]:
    """A BW110 warning for each comment (or code of one) that silences nothing."""
    out: list[Finding] = []
    for comment, codes in unused(ws_imports, findings, rules, libraries=libraries):
        if codes == comment.codes:
            what = f"`{comment.text}`"
            fix = f"remove `{comment.text}` from line {comment.line}"
        else:
            what = f"{', '.join(codes)} of `{comment.text}`"
            fix = f"remove {', '.join(codes)} from the comment on line {comment.line}"
        message = f"{what} silences nothing (no finding appears without it): {fix}"
        out.append(
            Finding(
                UNUSED_SUPPRESSION,
                message,
                comment.path,
                comment.line,
                comment.text,
                Severity.WARNING,
            )
        )
    return out
