"""Build several projects: each one built (and verified) into an `Outcome`, in parallel up to
the core count, with a callback per finished project for progress lines."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from brickwork.build.core import build_project
from brickwork.build.model import BuildOptions, BuildResult
from brickwork.build.verify import Verification, verify_wheel
from brickwork.workspace import EXIT_FAILURE, EXIT_OK, PolyError, Project, Workspace


@dataclass(frozen=True)
class Outcome:
    """One project's build: its result, or the one-line error that stopped it."""

    project: Project
    result: BuildResult | None = None
    error: str = ""
    exit_code: int = EXIT_OK
    verification: Verification | None = None

    @property
    def notes(self) -> tuple[str, ...]:
        return self.result.notes if self.result is not None else ()


def build_one(
    ws: Workspace, project: Project, options: BuildOptions, *, verify: bool = False
) -> Outcome:
    """Build (and with `verify`, install and import) one project; a `PolyError` becomes the
    outcome's error line and exit code, so one failed project does not stop the others."""
    try:
        result = build_project(ws, project, options)
        verification = None
        if verify and result.wheel is not None:
            verification = verify_wheel(result.wheel.path)
        failed = verification is not None and not verification.ok
        return Outcome(project, result, "", EXIT_FAILURE if failed else EXIT_OK, verification)
    except PolyError as err:
        return Outcome(project, error=str(err), exit_code=err.exit_code)


def build_many(
    ws: Workspace,
    projects: Sequence[Project],
    options: BuildOptions,
    *,
    verify: bool = False,
    done: Callable[[Outcome, int, int], None] | None = None,
) -> list[Outcome]:
    """Every project's outcome, in the order given; `done(outcome, n, total)` as each ends."""
    finished: dict[str, Outcome] = {}

    def record(outcome: Outcome) -> None:
        finished[outcome.project.name] = outcome
        if done is not None:
            done(outcome, len(finished), len(projects))

    workers = max(1, min(len(projects), os.cpu_count() or 1))
    if workers == 1:
        for project in projects:
            record(build_one(ws, project, options, verify=verify))
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(build_one, ws, p, options, verify=verify) for p in projects]
            for future in as_completed(futures):
                record(future.result())
    return [finished[p.name] for p in projects]
