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

Results come in the order the projects were given, whatever order they finish in.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from brickwork.build.core import STAGE_PREFIX, build_project, source_date_epoch, temp_parent
from brickwork.build.files import Listing, workspace_listing
from brickwork.build.model import BuildOptions, BuildResult
from brickwork.build.output import missing_folders, remove_empty
from brickwork.build.verify import Verification, verify_wheel
from brickwork.imports import single_threaded, usable_cpus
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
    try:
        result = build_project(ws, project, options, known, reuse=reuse)
        verification = None
        if verify and result.wheel is not None:
            verification = verify_wheel(result.wheel.path)
        failed = verification is not None and not verification.ok
        return Outcome(project, result, "", EXIT_FAILURE if failed else EXIT_OK, verification)
    except PolyError as err:
        return Outcome(project, error=str(err), exit_code=err.exit_code)


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
    ws, projects, options, verify, known, stages = _BATCH
    # each worker (process or thread) stages every project it builds in one folder of its own
    worker = stages / f"{os.getpid()}-{threading.get_ident()}"
    _BUSY = True
    try:
        return build_one(ws, projects[index], options, verify=verify, known=known, reuse=worker)
    finally:
        _BUSY = False


def _warm_up() -> None:
    """Import poetry-core's builders and build its PEP 508 parser once, before forking, so that
    each worker does not do it again."""
    from poetry.core.masonry.builders.sdist import SdistBuilder  # noqa: F401
    from poetry.core.masonry.builders.wheel import WheelBuilder  # noqa: F401
    from poetry.core.packages.dependency import Dependency

    Dependency.create_from_pep_508('warm-up>=1 ; python_version >= "3"')


def _pool(workers: int) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and single_threaded() and not multiprocessing.current_process().daemon:
        _warm_up()
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_started
        )
    return ThreadPoolExecutor(max_workers=workers)


def _stop_workers() -> None:
    """Tell the pool's forked workers to stop (SIGTERM): a signal sent to this process only
    (`timeout`, `docker stop`) must end their builds too, not wait for them."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()


def build_many(
    ws: Workspace,
    projects: Sequence[Project],
    options: BuildOptions,
    *,
    verify: bool = False,
    done: Callable[[Outcome, int, int], None] | None = None,
    workers: int | None = None,
) -> list[Outcome]:
    """Every project's outcome, in the order given (whatever order they finish in, and with
    two projects of one name); `done(outcome, n, total)` as each ends. `workers`: how many
    projects are built at once (default: up to the core count)."""
    finished: dict[int, Outcome] = {}

    def record(index: int, outcome: Outcome) -> None:
        finished[index] = outcome
        if done is not None:
            done(outcome, len(finished), len(projects))

    workers = max(1, min(len(projects), workers or usable_cpus()))
    # an output folder shared by projects that all fail (or are stopped) goes too, whichever
    # of their builds ended last
    made = missing_folders(options.out_dir.resolve()) if options.out_dir is not None else []
    try:
        return _build_all(ws, projects, options, verify, workers, record, finished)
    finally:
        remove_empty(made)


def _build_all(
    ws: Workspace,
    projects: Sequence[Project],
    options: BuildOptions,
    verify: bool,
    workers: int,
    record: Callable[[int, Outcome], None],
    finished: dict[int, Outcome],
) -> list[Outcome]:
    global _BATCH
    with temp_parent(options.temp_dir) as parent:
        if workers == 1:
            for index, project in enumerate(projects):
                record(index, build_one(ws, project, options, verify=verify))
            return [finished[i] for i in range(len(projects))]
        if options.source_date_epoch is None:
            options = replace(options, source_date_epoch=source_date_epoch(ws))
        known = workspace_listing(ws.root)
        stages = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=parent))
        _BATCH = (ws, tuple(projects), options, verify, known, stages)
        try:
            with _pool(workers) as pool:
                futures = {pool.submit(_build_at, i): i for i in range(len(projects))}
                try:
                    for future in as_completed(futures):
                        record(futures[future], future.result())
                except BaseException:
                    # Ctrl-C, SIGTERM or a bug: running builds are stopped, builds not started
                    # yet are dropped, not waited for
                    if not isinstance(pool, ThreadPoolExecutor):
                        _stop_workers()
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        finally:
            _BATCH = None
            shutil.rmtree(stages, ignore_errors=True)
    return [finished[i] for i in range(len(projects))]
