"""Build several projects: each one built (and verified) into an `Outcome`, in parallel up to
the core count, with a callback per finished project for progress lines.

Several projects are built in a process pool: staging, poetry-core and zipping are Python
code, so threads would take turns on one core. Workers are forked (cheap: no new interpreter
to start, Brickwork and poetry-core already imported and warmed up) where this process runs a
single thread; elsewhere threads do the work. The files of the workspace are listed once (one
`git ls-files`), the time stamped into every artifact is read once, and each worker stages its
projects in one folder of its own, emptied between projects (see `staged`); the batch removes
those folders at the end, on success, error, Ctrl-C and SIGTERM. A forked worker stops the
build under way on SIGINT or SIGTERM (its own, or passed on by this process when only this
process got one), so that its stage is removed too. An output folder the batch made is removed
at the end when no project built into it.

With `verify`, a project's verification is a task of its own, started when its build ends
(builds first, then verifications, never more tasks than workers), so that the caller hears
each step as it happens (`Step`: building, built, verifying, verified) and a long
verification never hides the builds that are done.

Results come in the order the projects were given, whatever order they finish in.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from brickwork.packaging.core import STAGE_PREFIX, build_project, source_date_epoch, temp_parent
from brickwork.packaging.files import Listing, workspace_listing
from brickwork.packaging.model import BuildOptions, BuildResult
from brickwork.packaging.output import missing_folders, remove_empty
from brickwork.packaging.verify import Verification, verify_wheel
from brickwork.runs import stop_workers, usable_cpus, worker_pool
from brickwork.workspace import EXIT_FAILURE, EXIT_OK, PolyError, Project, Workspace


@dataclass(frozen=True)
class Outcome:
    """One project's build: its result, or the one-line error that stopped it."""

    project: Project
    result: BuildResult | None = None
    error: str = ""
    exit_code: int = EXIT_OK
    verification: Verification | None = None
    verify_seconds: float = 0.0
    """How long the verification took (0 without one)."""

    @property
    def notes(self) -> tuple[str, ...]:
        return self.result.notes if self.result is not None else ()

    @property
    def seconds(self) -> float:
        """What the user waited for this project: its build, and its verification."""
        return (self.result.seconds if self.result is not None else 0.0) + self.verify_seconds

    @property
    def verifies(self) -> bool:
        """Whether a verification follows this build (it built a wheel)."""
        return self.result is not None and self.result.wheel is not None


StepKind = Literal["building", "built", "verifying", "verified"]


@dataclass(frozen=True)
class Step:
    """A step of a batch as it happens: a build or a verification started or ended (with
    its outcome). `done`: how many projects of `total` are finished (built, and verified when
    asked), this one included."""

    kind: StepKind
    project: Project
    outcome: Outcome | None = None
    done: int = 0
    total: int = 0


def _build(
    ws: Workspace,
    project: Project,
    options: BuildOptions,
    known: Listing | None = None,
    reuse: Path | None = None,
) -> Outcome:
    try:
        return Outcome(project, build_project(ws, project, options, known, reuse=reuse))
    except PolyError as err:
        return Outcome(project, error=str(err), exit_code=err.exit_code)


def _verify(built: Outcome) -> Outcome:
    """`built` with its wheel installed and imported (a failed install: the error)."""
    assert built.result is not None and built.result.wheel is not None
    started = time.perf_counter()
    try:
        verification = verify_wheel(built.result.wheel.path)
    except PolyError as err:
        return Outcome(built.project, error=str(err), exit_code=err.exit_code)
    code = EXIT_OK if verification.ok else EXIT_FAILURE
    seconds = time.perf_counter() - started
    return replace(built, exit_code=code, verification=verification, verify_seconds=seconds)


def build_one(
    ws: Workspace,
    project: Project,
    options: BuildOptions,
    *,
    verify: bool = False,
    known: Listing | None = None,
    reuse: Path | None = None,
) -> Outcome:
    """Build (and with `verify`, install and import) one project; a `PolyError` becomes the
    outcome's error line and exit code, so one failed project does not stop the others.
    `known`, `reuse`: see `build_project`."""
    outcome = _build(ws, project, options, known, reuse)
    return _verify(outcome) if verify and outcome.verifies else outcome


#: The batch a worker builds from: set before the pool starts (forked workers inherit it), so
#: that a task is only an index (the workspace model is not pickled per project).
_BATCH: tuple[Workspace, Sequence[Project], BuildOptions, bool, Listing | None, Path] | None = None
#: In a forked worker: whether it is building now, and whether it was told to stop.
_BUSY = False
_STOPPED = False


def _stop(signum: int, frame: object) -> None:
    """SIGINT or SIGTERM in a forked worker: the build under way stops (its stage and scratch
    folders are removed on the way out); a worker between builds, or one already stopping,
    takes no more work and lets the pool end it (no traceback from an idle worker)."""
    global _STOPPED
    if _STOPPED:
        return
    _STOPPED = True
    if _BUSY:
        raise KeyboardInterrupt


def _worker_started() -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _stop)


def _build_at(index: int) -> Outcome:
    global _BUSY
    assert _BATCH is not None
    if _STOPPED:
        raise KeyboardInterrupt
    ws, projects, options, _, known, stages = _BATCH
    # each worker (process or thread) stages every project it builds in one folder of its own
    worker = stages / f"{os.getpid()}-{threading.get_ident()}"
    _BUSY = True
    try:
        return _build(ws, projects[index], options, known, worker)
    finally:
        _BUSY = False


def _verify_at(built: Outcome) -> Outcome:
    global _BUSY
    if _STOPPED:
        raise KeyboardInterrupt
    _BUSY = True
    try:
        return _verify(built)
    finally:
        _BUSY = False


def _warm_up() -> None:
    """Import poetry-core's builders and build its PEP 508 parser once, before forking, so that
    each worker does not do it again."""
    from poetry.core.packages.dependency import Dependency

    from brickwork.packaging import builders  # noqa: F401  (poetry-core's builders)

    Dependency.create_from_pep_508('warm-up>=1 ; python_version >= "3"')


def build_many(
    ws: Workspace,
    projects: Sequence[Project],
    options: BuildOptions,
    *,
    verify: bool = False,
    done: Callable[[Outcome, int, int], None] | None = None,
    step: Callable[[Step], None] | None = None,
    workers: int | None = None,
) -> list[Outcome]:
    """Every project's outcome, in the order given (whatever order they finish in, and with
    two projects of one name); `done(outcome, n, total)` as each project ends (built, and
    verified with `verify`); `step(Step)` as each build or verification starts and ends.
    `workers`: how many tasks run at once (default: up to the core count)."""
    finished: dict[int, Outcome] = {}
    total = len(projects)

    def tell(kind: StepKind, index: int, outcome: Outcome | None) -> None:
        follows = verify and outcome is not None and outcome.verifies
        if outcome is not None and (kind == "verified" or not follows):
            finished[index] = outcome
            if done is not None:
                done(outcome, len(finished), total)
        if step is not None:
            step(Step(kind, projects[index], outcome, len(finished), total))

    workers = max(1, min(total, workers or usable_cpus()))
    # an output folder shared by projects that all fail (or are stopped) goes too, whichever
    # of their builds ended last
    made = missing_folders(options.out_dir.resolve()) if options.out_dir is not None else []
    try:
        _build_all(ws, projects, options, verify, workers, tell)
        return [finished[i] for i in range(total)]
    finally:
        remove_empty(made)


Tell = Callable[[StepKind, int, "Outcome | None"], None]
"""`tell(kind, index, outcome)`: a step of project `index` started (no outcome) or ended."""


def _build_all(
    ws: Workspace,
    projects: Sequence[Project],
    options: BuildOptions,
    verify: bool,
    workers: int,
    tell: Tell,
) -> None:
    global _BATCH
    with temp_parent(options.temp_dir) as parent:
        if workers == 1:
            for index, project in enumerate(projects):
                tell("building", index, None)
                outcome = _build(ws, project, options)
                tell("built", index, outcome)
                if verify and outcome.verifies:
                    tell("verifying", index, None)
                    tell("verified", index, _verify(outcome))
            return
        if options.source_date_epoch is None:
            options = replace(options, source_date_epoch=source_date_epoch(ws))
        known = workspace_listing(ws.root)
        stages = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=parent))
        _BATCH = (ws, tuple(projects), options, verify, known, stages)
        try:
            with worker_pool(workers, before_fork=_warm_up, initializer=_worker_started) as pool:
                try:
                    _schedule(pool, len(projects), verify, workers, tell)
                except BaseException:
                    # Ctrl-C, SIGTERM or a bug: running builds are stopped, builds not started
                    # yet are dropped, not waited for
                    stop_workers(pool)
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        finally:
            _BATCH = None
            shutil.rmtree(stages, ignore_errors=True)


def _schedule(pool: Executor, count: int, verify: bool, workers: int, tell: Tell) -> None:
    """Run every build, then every verification a build asks for, never more tasks at once
    than `workers`: a task is submitted when it can start, so "building" and "verifying"
    are said when they start, not when they are queued."""
    builds = deque(range(count))
    checks: deque[tuple[int, Outcome]] = deque()
    running: dict[Future[Outcome], tuple[StepKind, int]] = {}
    while builds or checks or running:
        while len(running) < workers and (builds or checks):
            if builds:
                index = builds.popleft()
                running[pool.submit(_build_at, index)] = ("built", index)
                tell("building", index, None)
            else:
                index, built = checks.popleft()
                running[pool.submit(_verify_at, built)] = ("verified", index)
                tell("verifying", index, None)
        ended, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in sorted(ended, key=lambda f: running[f][1]):
            kind, index = running.pop(future)
            outcome = future.result()
            tell(kind, index, outcome)
            if kind == "built" and verify and outcome.verifies:
                checks.append((index, outcome))
