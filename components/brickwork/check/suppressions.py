"""Suppressions that silence nothing (BW110): a `# poly: ignore[...]` comment on an import
that `check --strict` would not miss, like ruff's unused-`noqa` rule.

A suppression is judged by what removing it changes, not by where findings are placed (a
project's missing brick or library is reported at its first import that is not silenced, a
cycle at one of its steps): the rules run again with every suppression removed, and each
code a new finding then lands on (its import, its code) is used. The others are removed
together again, until no finding is new (they all silence nothing) or the new ones land on
none of them (each is then removed alone, and kept when a finding of its code appears). A scan
without suppressions costs nothing more; with stale ones, usually one more run of the rules
their codes need.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from brickwork.imports import FileImports, WorkspaceImports, decode_source, ignore_map
from brickwork.workspace import Finding, Severity, codes

ANY = "*"
"""The code of a bare `# poly: ignore` (every code)."""

LIBRARY_CODES = "BW2"
"""The library rules' codes: judged only when the library rules can run again."""

MAX_ALONE = 20
"""At most this many candidates are removed one by one; any left are kept as used (a missed
report is better than a wrong one)."""

MAX_STATEMENT = 500
"""The most lines an import statement is looked at for its comment."""

Rules = Callable[[WorkspaceImports, frozenset[str]], Sequence[Finding]]
"""The findings (before settings) of the rules over a scan: at least those that may give a
finding with one of the codes (`*`: every rule)."""

Key = tuple[Path, int, str]
"""(file, line, code) of one code of a suppression comment."""


@dataclass(frozen=True)
class Comment:
    """A `# poly: ignore` comment of an import: the import's line, the comment's line (the
    last line of an import written over several) and the codes it names."""

    path: Path
    line: int
    at: int
    codes: tuple[str, ...]

    def places(self) -> list[Key]:
        return [(self.path, self.line, code) for code in self.codes]

    @property
    def text(self) -> str:
        if ANY in self.codes:
            return "# poly: ignore"
        return f"# poly: ignore[{', '.join(self.codes)}]"


def _source_lines(path: Path) -> list[str]:
    """The lines of a source file ([] if unreadable)."""
    try:
        return decode_source(path.read_bytes()).split("\n")
    except OSError:
        return []


def _statement_end(lines: Sequence[str], first: int) -> int:
    """The last line of the statement that starts on line `first` (an import written over
    several lines in parentheses or with backslashes)."""
    depth = 0
    for number in range(first, min(len(lines), first + MAX_STATEMENT) + 1):
        code = lines[number - 1].split("#", 1)[0]
        depth += code.count("(") - code.count(")")
        if depth <= 0 and not code.rstrip().endswith("\\"):
            return number
    return first


def _file_comments(file: FileImports) -> list[Comment]:
    """The comments written on the imports of `file` (on a line of the import statement). An
    import the scanner made from a string (a module loaded by name) carries codes of its own:
    only those written on its statement count."""
    suppressed = [imp for imp in file.imports if imp.ignored]
    if not suppressed:
        return []
    lines = _source_lines(file.path)
    written = ignore_map("\n".join(lines))
    found: dict[int, Comment] = {}
    for imp in suppressed:
        end = _statement_end(lines, imp.line)
        for at in range(imp.line, end + 1):
            named = written.get(at, ())
            real = (ANY,) if ANY in named else tuple(c for c in imp.ignored if c in named)
            if real and (ANY not in real or ANY in imp.ignored):
                known = found.get(imp.line)
                merged = tuple(dict.fromkeys((*(known.codes if known else ()), *real)))
                found[imp.line] = Comment(file.path, imp.line, at, merged)
                break
    return list(found.values())


def comments(ws_imports: WorkspaceImports) -> list[Comment]:
    """Every suppression comment written on an import of the scan (one per import line)."""
    return [c for file in ws_imports.files() for c in _file_comments(file)]


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


def _landed(key: Key, finding: Finding) -> bool:
    """Whether `finding` is at the import of `key` and has its code."""
    return _matches(key, finding) and (finding.path, finding.line) == key[:2]


def _library(keys: Iterable[Key]) -> bool:
    """Whether judging `keys` needs the library rules."""
    return any(k[2] == ANY or k[2].startswith(LIBRARY_CODES) for k in keys)


class _Judge:
    """Runs the rules over the scan without some of its suppressions; keeps the findings
    that are new (not in `before`) and have the code of one of the removed."""

    def __init__(self, ws_imports: WorkspaceImports, before: Sequence[Finding], rules: Rules):
        self.ws_imports = ws_imports
        self.before = frozenset(before)
        self.rules = rules

    def new(self, removed: Sequence[Key], every: bool = False) -> list[Finding]:
        """`every`: `removed` is every suppression of the scan."""
        scan = without(self.ws_imports, None if every else removed)
        found = self.rules(scan, frozenset(k[2] for k in removed))
        return [f for f in found if f not in self.before and any(_matches(k, f) for k in removed)]


def unused(
    ws_imports: WorkspaceImports,
    findings: Sequence[Finding],
    rules: Rules,
    *,
    libraries: bool = True,
) -> list[tuple[Comment, tuple[str, ...]]]:
    """Each comment with a code that silences nothing, and those codes, in scan order.
    `findings`: what `rules` gives for `ws_imports` itself; `libraries`: whether `rules`
    can run the library rules (else their codes, and bare comments, count as used)."""
    found = comments(ws_imports)
    keys = [k for c in found for k in c.places()]
    every = True
    if not libraries:
        judged = [k for k in keys if not _library([k])]
        every, keys = len(judged) == len(keys), judged
    if not keys:
        return []
    judge = _Judge(ws_imports, findings, rules)
    candidates, hits = keys, judge.new(keys, every)
    while candidates and hits:
        landed = [k for k in candidates if any(_landed(k, f) for f in hits)]
        if not landed:  # new findings elsewhere (a cycle at another step): one by one
            alone = candidates[:MAX_ALONE]
            candidates = [k for k in alone if not judge.new([k])]
            break
        candidates = [k for k in candidates if k not in landed]
        hits = judge.new(candidates) if candidates else []
    silent = set(candidates)
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
    for comment, named in unused(ws_imports, findings, rules, libraries=libraries):
        if named == comment.codes:
            what = f"`{comment.text}`"
            fix = f"remove `{comment.text}` from line {comment.at}"
        else:
            what = f"{', '.join(named)} of `{comment.text}`"
            fix = f"remove {', '.join(named)} from the comment on line {comment.at}"
        message = f"{what} silences nothing (no finding appears without it): {fix}"
        out.append(
            Finding(
                codes.UNUSED_SUPPRESSION,
                message,
                comment.path,
                comment.at,
                comment.text,
                Severity.WARNING,
            )
        )
    return out
