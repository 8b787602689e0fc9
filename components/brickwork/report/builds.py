"""Renderings of `build-project`: a progress line per project, the summary table (project,
artifact, size, seconds, sha256), the verification of each wheel, and the JSON document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork.report.findings import plural, relative
from brickwork.report.formats import escape_tags
from brickwork.report.table import render_table

if TYPE_CHECKING:
    from brickwork.build import Outcome, Verification

BUILD_SCHEMA = "brickwork.build/1"


def size_text(size: int) -> str:
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"


def build_progress(outcome: Outcome, index: int, total: int) -> list[str]:
    """The notes of one finished project, then `[2/5] built svc in 0.21 s: files` (stderr)."""
    name = escape_tags(outcome.project.name)
    lines = [f"<comment>note: {name}: {escape_tags(note)}</>" for note in outcome.notes]
    if outcome.result is None:
        return [*lines, f"<error>[{index}/{total}] {name}: {escape_tags(outcome.error)}</>"]
    files = ", ".join(a.path.name for a in outcome.result.artifacts)
    verdict = "" if outcome.exit_code == 0 else " (verify failed)"
    seconds = outcome.result.seconds
    return [*lines, f"[{index}/{total}] built {name} in {seconds:.2f} s: {files}{verdict}"]


def verification_lines(verification: Verification) -> list[str]:
    """Each module and entry point the fresh venv imported, `ok` or `FAIL` with the error;
    `skip` with the reason for a module not imported (program or test code)."""
    failed = [p for p in verification.probes if not p.ok]
    skipped = [p for p in verification.probes if p.skipped]
    lines = [f"verify {escape_tags(verification.wheel.name)}:"]
    for probe in verification.probes:
        if probe.skipped:
            mark, detail = "<comment>skip</comment>", f"  ({escape_tags(probe.skipped)})"
        elif probe.ok:
            mark, detail = "<info>ok</info>  ", ""
        else:
            mark, detail = "<error>FAIL</error>", f"  {escape_tags(probe.error)}"
        lines.append(f"  {mark} {probe.kind} {escape_tags(probe.name)}{detail}")
    verdict = "✔ every module imports" if not failed else f"✘ {plural(len(failed), 'failure')}"
    if skipped:
        verdict += f" ({len(skipped)} skipped)"
    return [*lines, f"  {verdict}"]


def build_summary(outcomes: Sequence[Outcome], root: Path) -> list[str]:
    """The table of artifacts, then the verification of each wheel that was verified."""
    rows = []
    for outcome in outcomes:
        name = escape_tags(outcome.project.name)
        if outcome.result is None:
            rows.append([name, "<error>failed</error>", "-", "-", "-"])
            continue
        for item in outcome.result.artifacts:
            rows.append(
                [
                    name,
                    escape_tags(relative(item.path, root)),
                    size_text(item.size),
                    f"{outcome.result.seconds:.2f}",
                    item.sha256,
                ]
            )
    lines = render_table(["project", "artifact", "size", "seconds", "sha256"], rows)
    for outcome in outcomes:
        if outcome.verification is not None:
            lines += verification_lines(outcome.verification)
    return lines


def build_data(outcomes: Sequence[Outcome], root: Path, exit_code: int) -> dict[str, Any]:
    """The documented JSON shape of `poly build-project --output json`."""

    def project(outcome: Outcome) -> dict[str, Any]:
        result = outcome.result
        verification = outcome.verification
        return {
            "name": outcome.project.name,
            "ok": outcome.exit_code == 0,
            "error": outcome.error or None,
            "seconds": round(result.seconds, 3) if result else None,
            "artifacts": [
                {"format": a.format.value, "path": str(a.path), "size": a.size, "sha256": a.sha256}
                for a in (result.artifacts if result else ())
            ],
            "requirements": str(result.requirements) if result and result.requirements else None,
            "notes": list(outcome.notes),
            "verify": None
            if verification is None
            else [
                {
                    "kind": p.kind,
                    "name": p.name,
                    "ok": p.ok,
                    "error": p.error or None,
                    "skipped": p.skipped or None,
                }
                for p in verification.probes
            ],
        }

    return {
        "schema": BUILD_SCHEMA,
        "root": str(root),
        "projects": [project(o) for o in outcomes],
        "exit_code": exit_code,
    }
