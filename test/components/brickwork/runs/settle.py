"""What tests of caches share: waiting until files may be trusted by their stat key.

A test moves mtimes into the past with `os.utime`; a change time cannot be moved (that is why
the stat key holds it), so a test whose run must trust its inputs waits until their change
times are older than the racy window (`runs.RACY_NS`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from brickwork import runs

MARGIN_S = 0.05
"""Beyond the window: the run that follows takes its start time after the wait."""


def settle(paths: Iterable[Path | str]) -> None:
    """Wait until the change time of every path (not following links) is older than the racy
    window; returns at once when it already is."""
    newest = 0
    for path in paths:
        try:
            newest = max(newest, os.lstat(path).st_ctime_ns)
        except OSError:
            continue
    wait = (newest + runs.RACY_NS) / 1e9 + MARGIN_S - time.time()
    if wait > 0:
        time.sleep(wait)


def settle_tree(root: Path) -> None:
    """`settle` every file and folder below `root` (`root` too)."""
    paths: list[Path] = [root]
    for folder, dirs, files in os.walk(root):
        paths += [Path(folder, name) for name in (*dirs, *files)]
    settle(paths)
