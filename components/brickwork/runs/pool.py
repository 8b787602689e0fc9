"""Share chunks of work between this process and forked copies of it; pools of workers.

A cold scan of thousands of files parses in parallel. Where `fork` is safe, the copies are
made with `os.fork` directly: no executor, no pickled tasks, no idle parent. Every process,
this one included, takes the next chunk number from one pipe until it is empty (whoever is
free takes the next chunk); a copy sends its results back marshalled (plain data only) and
exits. A chunk whose results do not come back (a copy that could not start or failed) is
done here, so the results are always complete and in order.

Longer tasks that return objects (a build per project) go to a `worker_pool`: forked workers
where a copy may be made, else threads.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, TypeVar

from brickwork.runs.process import fork_copy, read_answer, single_threaded, stop_copy

_Task = TypeVar("_Task")
_MAX_CHUNKS = 255
"""Chunk numbers are single bytes in the pipe (a 1-byte read from a pipe is atomic)."""
_MARSHAL_VERSION = 4


def fork_map(
    work: Callable[[Sequence[_Task]], list[Any]],
    chunks: Sequence[Sequence[_Task]],
    processes: int,
) -> list[list[Any]]:
    """`[work(chunk) for chunk in chunks]`, done by this process and `processes - 1` forked
    copies of it. `work` must return marshallable data; at most 255 chunks."""
    if len(chunks) > _MAX_CHUNKS:
        raise ValueError(f"at most {_MAX_CHUNKS} chunks, not {len(chunks)}")
    numbers, feed = os.pipe()
    try:
        os.write(feed, bytes(range(len(chunks))))
    finally:
        os.close(feed)  # once the numbers are taken, every reader sees the end of the pipe
    done: dict[int, list[Any]] = {}
    copies: list[tuple[int, int]] = []
    try:
        for _ in range(processes - 1):
            copy = _fork(work, chunks, numbers)
            if copy is None:
                break
            copies.append(copy)
        done.update(_take(work, chunks, numbers))
        while copies:
            done.update(_receive(copies.pop(), len(chunks)))
    finally:
        os.close(numbers)
        for copy in copies:  # left when this process failed: stop them
            stop_copy(copy)
    return [done[i] if i in done else work(chunk) for i, chunk in enumerate(chunks)]


def _take(
    work: Callable[[Sequence[_Task]], list[Any]], chunks: Sequence[Sequence[_Task]], numbers: int
) -> dict[int, list[Any]]:
    """Do chunks until no number is left in the pipe."""
    done: dict[int, list[Any]] = {}
    while number := os.read(numbers, 1):
        done[number[0]] = work(chunks[number[0]])
    return done


def _fork(
    work: Callable[[Sequence[_Task]], list[Any]], chunks: Sequence[Sequence[_Task]], numbers: int
) -> tuple[int, int] | None:
    """Start a copy that does chunks and writes their results to a pipe: (pid, read end)."""
    return fork_copy(lambda: marshal.dumps(list(_take(work, chunks, numbers).items())))


def _receive(copy: tuple[int, int], count: int) -> dict[int, list[Any]]:
    """The results a copy sent, or none when they are incomplete."""
    try:
        items = marshal.loads(read_answer(copy))
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(items, list):
        return {}
    return {
        item[0]: item[1]
        for item in items
        if isinstance(item, tuple)
        and len(item) == 2
        and type(item[0]) is int
        and 0 <= item[0] < count
        and isinstance(item[1], list)
    }


def start_method() -> str:
    """How a pool's workers start: `fork` where a copy may be made (`fork` exists and this
    process runs one thread: forking a threaded process can deadlock, and Python 3.12+ warns),
    else `forkserver` or `spawn` (a new interpreter per worker)."""
    if hasattr(os, "fork") and single_threaded():
        return "fork"
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def in_pool_worker() -> bool:
    """Whether this process is a daemonic `multiprocessing` worker (no children of its own)."""
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is not None and bool(multiprocessing.current_process().daemon)


def process_pool(
    workers: int, method: str, initializer: Callable[[], None] | None = None
) -> Executor:
    """A pool of `workers` processes started by `method` (`start_method`), each running
    `initializer` first; `OSError`, `RuntimeError` or `ImportError` where none can start (a
    sandbox, no `/dev/shm`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer)


def worker_pool(
    workers: int,
    *,
    before_fork: Callable[[], None] | None = None,
    initializer: Callable[[], None] | None = None,
) -> Executor:
    """A pool of `workers`: forked copies of this process where a copy may be made
    (`start_method`, and this process is no pool's worker itself), else threads.
    `before_fork` runs here first when the workers are forked (what each would do again:
    imports, caches); `initializer` runs in each forked worker as it starts."""
    if start_method() == "fork" and not in_pool_worker():
        if before_fork is not None:
            before_fork()
        return process_pool(workers, "fork", initializer)
    return ThreadPoolExecutor(max_workers=workers)


def stop_workers(pool: Executor) -> None:
    """Tell the forked workers of a `worker_pool` to stop (SIGTERM): a signal sent to this
    process only (`timeout`, `docker stop`) must end their work too, not wait for it. Threads
    cannot be stopped: they finish the task they run."""
    if isinstance(pool, ThreadPoolExecutor):
        return
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()
