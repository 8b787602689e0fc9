"""Facts about the running process that decide whether work may be spread over processes."""

from __future__ import annotations

import os
import threading


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
