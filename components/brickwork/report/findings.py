"""Findings rendered: one text line, one JSON object, one GitHub annotation, a summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import Any

from brickwork.report.formats import document, escape_tags, github_annotation
from brickwork.runs import note_input
from brickwork.workspace import Finding, Severity


def inside(path: Path, root: Path) -> str | None:
    """`path` relative to `root` with POSIX separators (`.` for `root` itself), or None when
    it is not inside."""
    if isinstance(path, PurePosixPath) and isinstance(root, PurePosixPath):
        # The lexical test `relative_to` makes, on the normalised text: about ten times
        # faster, and it runs once per finding shown.
        text, base = str(path), str(root)
        if text == base:
            return "."
        prefix = base if base.endswith("/") else base + "/"
        if text.startswith(prefix):
            return text[len(prefix) :]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root` (POSIX separators) when inside it, else as given."""
    shown = inside(path, root)
    return str(path) if shown is None else shown


def relative_to(root: Path) -> Callable[[Path], str]:
    """`relative(path, root)` for many paths under one `root` (its text prepared once)."""
    if not isinstance(root, PurePosixPath):
        return lambda path: relative(path, root)
    base = str(root)
    prefix = base if base.endswith("/") else base + "/"
    cut = len(prefix)

    def shown(path: Path) -> str:
        text = str(path)
        if text.startswith(prefix) and isinstance(path, PurePosixPath):
            return text[cut:]
        return relative(path, root)

    return shown


def where(finding: Finding, root: Path) -> str:
    """`path:line` of a finding, the path relative to `root` (`path` for a whole file)."""
    line = f":{finding.line}" if finding.line else ""
    return f"{relative(finding.path, root)}{line}"


_STYLED = {
    Severity.ERROR: f"<fg=red>{Severity.ERROR.value}</>",
    Severity.WARNING: f"<fg=yellow>{Severity.WARNING.value}</>",
}


def finding_line(finding: Finding, root: Path) -> str:
    """`path:line: CODE severity message`, styled for cleo; user text is escaped."""
    return _line(finding, relative_to(root))


def _line(finding: Finding, shown: Callable[[Path], str]) -> str:
    line = f":{finding.line}" if finding.line else ""
    return (
        f"{escape_tags(shown(finding.path))}{line}: <b>{finding.code}</b> "
        f"{_STYLED[finding.severity]} {escape_tags(finding.message)}"
    )


def finding_dict(finding: Finding, root: Path) -> dict[str, Any]:
    """The JSON object of a finding (the same keys in every command's JSON)."""
    return _dict(finding, relative_to(root))


_VALUES = {severity: severity.value for severity in Severity}


def _dict(finding: Finding, shown: Callable[[Path], str]) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": _VALUES[finding.severity],
        "path": shown(finding.path),
        "line": finding.line,
        "subject": finding.subject,
        "message": finding.message,
        **({"projects": list(finding.projects)} if finding.projects else {}),
    }


def counts(findings: Sequence[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(f.severity is Severity.ERROR for f in findings)
    return errors, len(findings) - errors


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(findings: Sequence[Finding], projects: int, bricks: int) -> str:
    """`✔ no problems in 1 project, 3 bricks`, `✘ 2 errors, 1 warning in ...` (plain text);
    the mark is ✘ only when there are errors, ⚠ when there are warnings only."""
    scope = f"{plural(projects, 'project')}, {plural(bricks, 'brick')}"
    if not findings:
        return f"✔ no problems in {scope}"
    errors, warnings = counts(findings)
    mark = "✘" if errors else "⚠"
    return f"{mark} {plural(errors, 'error')}, {plural(warnings, 'warning')} in {scope}"


def styled_summary(findings: Sequence[Finding], summary: str) -> str:
    """The summary, green without errors, red with them."""
    style = "error" if counts(findings)[0] else "info"
    return f"<{style}>{escape_tags(summary)}</{style}>"


def findings_text(findings: Sequence[Finding], root: Path, summary: str) -> list[str]:
    """One line per finding, a blank line after each code, then the summary."""
    lines: list[str] = []
    shown = relative_to(root)
    for _code, group in groupby(findings, key=lambda f: f.code):
        lines.extend(_line(f, shown) for f in group)
        lines.append("")
    return [*lines, styled_summary(findings, summary)]


def findings_styled(
    findings: Sequence[Finding], root: Path, summary: str, style: Callable[[str], str]
) -> str:
    """`findings_text` as the terminal shows it, in one string to write unformatted: `style`
    (the output's formatter) turns each tagged fragment into text once per distinct fragment,
    and user text (paths, messages) is written as is, not escaped. Equal to formatting each
    line of `findings_text` (a test compares them), without parsing 5,000 lines for tags."""
    heads: dict[str, str] = {}
    lines: list[str] = []
    shown = relative_to(root)
    for _code, group in groupby(findings, key=lambda f: f.code):
        for f in group:
            tagged = f"<b>{f.code}</b> {_STYLED[f.severity]}"
            head = heads.get(tagged)
            if head is None:
                head = heads[tagged] = style(tagged)
            line = f":{f.line}" if f.line else ""
            lines.append(f"{shown(f.path)}{line}: {head} {f.message}")
        lines.append("")
    lines.append(style(styled_summary(findings, summary)))
    return "\n".join(lines)


def repository_root(root: Path) -> Path:
    """The git repository holding `root` (GitHub resolves annotation paths against it)."""
    for folder in (root, *root.parents):
        note_input(folder / ".git")  # an input of a result that may be reused (see `memo`)
        if (folder / ".git").exists():
            return folder
    return root


def github_lines(findings: Sequence[Finding], repository: Path, summary: str) -> list[str]:
    """One workflow command per finding (paths relative to `repository`), then the summary."""
    shown = relative_to(repository)
    lines = [
        github_annotation(
            _VALUES[f.severity],
            f.message,
            file=shown(f.path),
            line=f.line,
            title=f.code,
        )
        for f in findings
    ]
    return [*lines, summary]


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_summary(findings: Sequence[Finding], root: Path, summary: str) -> list[str]:
    """A Markdown summary (a CI job summary): the summary line, then a table of findings."""
    lines = [f"**{_markdown_cell(summary)}**"]
    if not findings:
        return lines
    rows = [
        [
            f"`{f.code}`",
            f.severity.value,
            f"`{_markdown_cell(where(f, root))}`",
            _markdown_cell(f.message),
        ]
        for f in findings
    ]
    head = _pipes(["code", "severity", "where", "message"])
    return [*lines, "", head, "|---|---|---|---|", *(_pipes(row) for row in rows)]


def _pipes(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def check_data(
    findings: Sequence[Finding],
    root: Path,
    *,
    strict: bool,
    projects: Sequence[str],
    scope: tuple[int, int],
    exit_code: int,
) -> dict[str, Any]:
    """The JSON document of `poly check --output json` (schema `schemas/check.json`); `scope`
    is (projects, bricks)."""
    errors, warnings = counts(findings)
    shown = relative_to(root)
    return document(
        "check",
        root,
        exit_code,
        {"projects": scope[0], "bricks": scope[1], "errors": errors, "warnings": warnings},
        {
            "strict": strict,
            "projects": list(projects),
            "findings": [_dict(f, shown) for f in findings],
        },
    )
