"""Renderings of `build-project`: progress lines (a build or verification ended, what runs
now), the summary table (project, artifact, size, seconds, sha256), the verification of each
wheel, and the JSON document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork.report.findings import plural, relative
from brickwork.report.formats import document, escape_tags
from brickwork.report.table import render_table

if TYPE_CHECKING:
    from brickwork.packaging import Outcome, Verification


def size_text(size: int) -> str:
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"


def build_notes(outcome: Outcome) -> list[str]:
    """What the user should know about one project's build (stderr; silenced by `-q`)."""
    name = escape_tags(outcome.project.name)
    return [f"<comment>note: {name}: {escape_tags(note)}</>" for note in outcome.notes]


def build_line(outcome: Outcome, index: int, total: int) -> str:
    """`[2/5] built svc in 0.21 s: files` when a build ends, or `[2/5] svc: <error>` (the
    reason of a failure, which `-q` keeps)."""
    name = escape_tags(outcome.project.name)
    if outcome.result is None:
        return f"<error>[{index}/{total}] {name}: {escape_tags(outcome.error)}</>"
    files = ", ".join(a.path.name for a in outcome.result.artifacts)
    verdict = "" if outcome.exit_code == 0 else " (verify failed)"
    seconds = outcome.result.seconds
    return f"[{index}/{total}] built {name} in {seconds:.2f} s: {files}{verdict}"


def build_progress(outcome: Outcome, index: int, total: int) -> list[str]:
    """The notes of one finished project, then its `build_line` (stderr)."""
    return [*build_notes(outcome), build_line(outcome, index, total)]


def verify_line(outcome: Outcome) -> str:
    """`verified svc in 12.1 s: ✔ every module imports` when a verification ends (or
    `✘ 2 failures`; the details are in the summary), or `svc: <error>` when it could not run."""
    name = escape_tags(outcome.project.name)
    verification = outcome.verification
    if verification is None:
        return f"<error>{name}: {escape_tags(outcome.error)}</>"
    failed = sum(not p.ok for p in verification.probes)
    verdict = "✔ every module imports" if not failed else f"✘ {plural(failed, 'failure')}"
    return f"verified {name} in {outcome.verify_seconds:.2f} s: {verdict}"


def build_status(building: Sequence[str], verifying: Sequence[str], done: int, total: int) -> str:
    """What runs now, for a status line: `building api, web… verifying svc… (1/4 done)`."""
    parts = [
        f"{what} {', '.join(names)}…"
        for what, names in (("building", building), ("verifying", verifying))
        if names
    ]
    return f"{' '.join(parts)} ({done}/{total} done)" if parts else ""


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
                    f"{outcome.seconds:.2f}",  # what the user waited: build (and verify)
                    item.sha256,
                ]
            )
    lines = render_table(["project", "artifact", "size", "seconds", "sha256"], rows)
    for outcome in outcomes:
        if outcome.verification is not None:
            lines += verification_lines(outcome.verification)
    return lines


def build_data(outcomes: Sequence[Outcome], root: Path, exit_code: int) -> dict[str, Any]:
    """The JSON document of `poly build-project --output json` (`schemas/build-project.json`)."""

    def project(outcome: Outcome) -> dict[str, Any]:
        result = outcome.result
        verification = outcome.verification
        return {
            "name": outcome.project.name,
            "ok": outcome.exit_code == 0,
            "error": outcome.error or None,
            "seconds": round(outcome.seconds, 3) if result else None,  # as the table shows
            "verify_seconds": round(outcome.verify_seconds, 3) if verification else None,
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

    built = [o for o in outcomes if o.result is not None]
    counts = {
        "projects": len(outcomes),
        "built": len(built),
        "failed": sum(o.exit_code != 0 for o in outcomes),
        "artifacts": sum(len(o.result.artifacts) for o in built if o.result is not None),
    }
    return document(
        "build-project", root, exit_code, counts, {"projects": [project(o) for o in outcomes]}
    )
