"""Spreading work over forked copies of this process, where that is safe and pays.

- `can_fork`, `usable_cpus`, `single_threaded`: whether a copy may be made and run at once.
- `fork_copy` / `read_answer`: a copy that writes one answer to a pipe and exits; every use of
  a copy goes through them (the scan's shared chunks, the memo's shared stats, `beside`).
- `beside(work)`: one piece of work done by a copy while this process does another; what the
  copy noted for a recording (`inputs.recording`) is noted here when its result is taken.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from brickwork.runs.inputs import current_inputs

_T = TypeVar("_T")


def usable_cpus() -> int:
    """The cores this process may run on (its affinity), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1


def single_threaded() -> bool:
    """Whether this process runs one thread, counting threads not started by `threading`
    (forking a threaded process can deadlock; Python 3.12+ warns)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def can_fork() -> bool:
    """Whether work may go to a forked copy of this process: `fork` exists, the process runs
    one thread, and there is a second core to run the copy on."""
    return hasattr(os, "fork") and usable_cpus() > 1 and single_threaded()


class Pending(Generic[_T]):
    """The result of work started by `beside`: `result()` waits for it."""

    def __init__(self, work: Callable[[], _T], child: tuple[int, int] | None) -> None:
        self._work = work
        self._child = child  # (pid, read end of the pipe), or None: done here on demand
        self._inputs = current_inputs()
        self._found: tuple[_T] | None = None

    @property
    def forked(self) -> bool:
        return self._child is not None

    def result(self) -> _T:
        """The work's result: the copy's, or (when there is no copy, or its answer did not
        come back whole) the work done here and now. What the copy read is noted here too."""
        if self._found is None:
            answer = self._collect()
            if answer is None:
                self._found = (self._work(),)
            else:
                found, stats, effects = answer
                if self._inputs is not None:
                    self._inputs.merge((stats, effects))
                self._found = (found,)
        return self._found[0]

    def _collect(self) -> tuple[Any, list[Any], list[Any]] | None:
        if self._child is None:
            return None
        child, self._child = self._child, None
        data = read_answer(child)
        import pickle

        try:
            answer = pickle.loads(data)
        except Exception:  # nothing, or a part: the copy failed
            return None
        if not (isinstance(answer, tuple) and len(answer) == 3):
            return None
        return answer

    def cancel(self) -> None:
        """Stop the copy (its result is no longer wanted)."""
        if self._child is not None:
            child, self._child = self._child, None
            stop_copy(child)


@contextlib.contextmanager
def beside(work: Callable[[], _T], *, fork: bool = True) -> Iterator[Pending[_T]]:
    """Start `work` in a forked copy of this process (when `fork` and `can_fork()`), to run
    while this process does something else; `result()` inside the block gives its result.

    `work` must be deterministic and return picklable data; files it reads are noted in the
    running recording (`recording`) when the result is taken. A copy that fails sends nothing
    and the work is then done here, so a failure (a `PolyError` included) is raised here as if
    there had been no copy. Leaving the block without taking the result stops the copy.
    """
    pending = Pending(work, _start(work) if fork and can_fork() else None)
    try:
        yield pending
    finally:
        pending.cancel()


_exiting: list[int] = []
"""Copies that sent their answer and may still be freeing their memory: reaped later."""


def _reap(pid: int) -> None:
    """Collect a finished copy's exit status, without waiting for it to free its memory (a
    copy that is still exiting is collected when the next one starts)."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == 0:
            _exiting.append(pid)


def _reap_exited() -> None:
    """Reap the copies left to free their memory (long done by the time the next one starts)."""
    while _exiting:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_exiting.pop(), 0)


def fork_copy(answer: Callable[[], bytes]) -> tuple[int, int] | None:
    """Fork a copy of this process that writes `answer()` to a pipe and exits without any
    cleanup (the state it shares is this process's): (pid, read end of the pipe), or None when
    no copy could be made. A copy that fails writes nothing or a part: check what `read_answer`
    gives."""
    _reap_exited()
    stream, sink = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(stream)
        os.close(sink)
        return None
    if pid == 0:  # the copy: never returns
        code = 1
        try:
            os.close(stream)
            payload = memoryview(answer())
            while payload:
                payload = payload[os.write(sink, payload) :]
            os.close(sink)  # the end of the answer now, not once the copy's memory is freed
            code = 0
        finally:
            os._exit(code)
    os.close(sink)
    return pid, stream


def read_answer(copy: tuple[int, int]) -> bytes:
    """All that a copy made by `fork_copy` wrote; the copy is then reaped (without waiting for
    it to free its memory)."""
    pid, stream = copy
    parts: list[bytes] = []
    try:
        while part := os.read(stream, 1 << 20):
            parts.append(part)
    finally:
        os.close(stream)
        _reap(pid)
    return b"".join(parts)


def stop_copy(copy: tuple[int, int]) -> None:
    """Stop a copy made by `fork_copy` whose answer is no longer wanted, and reap it."""
    pid, stream = copy
    os.close(stream)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _start(work: Callable[[], Any]) -> tuple[int, int] | None:
    """Fork a copy that runs `work` and writes (result, new notes) pickled to a pipe."""
    import pickle  # here, not in the copy: the copy's answer is awaited

    inputs = current_inputs()
    mark = inputs.mark() if inputs is not None else (0, 0)

    def answer() -> bytes:
        found = work()
        stats, effects = inputs.since(mark) if inputs is not None else ([], [])
        return pickle.dumps((found, stats, effects), protocol=4)

    return fork_copy(answer)
