"""The one stat key of every cached thing, and the one rule for when a stat may be trusted.

A cache knows an input it read before by its stat key: (size, mtime_ns, ctime_ns, inode).
Size and mtime alone miss a file rewritten in place with its old mtime restored, and a file
deleted and written again with its old size and mtime (`tar x`, `unzip -o`, `cp -p` restore
mtimes; ext4 often hands the old inode back at once). The change time cannot be set from user
space and moves on every write, rename, chmod and link: no such change keeps the key.

A stat taken less than `RACY_NS` after its mtime or change time may not be trusted: the file
can change again within the same clock tick (two seconds on FAT) and keep its key. Every
place that stores a key asks `trusted` first.
"""

from __future__ import annotations

import os

RACY_NS = 2_000_000_000
"""An input changed this recently may change again within the same timestamp tick."""

StatKey = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a path."""

KEY_WIDTH = 4
"""How many integers a key holds (for caches that pack keys)."""


def key_of(found: os.stat_result) -> StatKey:
    """The stat key of a stat result (`os.stat`, `os.fstat`, `DirEntry.stat`)."""
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


def stat_key(path: str | os.PathLike[str]) -> StatKey | None:
    """The stat key of `path` (through links), None when it is missing or unreadable."""
    try:
        return key_of(os.stat(path))
    except OSError:
        return None


def trusted(key: StatKey, started: int) -> bool:
    """Whether `key`, taken by a run that started at `started` (`time.time_ns()`), will differ
    after any later change of its file: a real stat (size >= 0) whose mtime and change time
    are both older than the racy window before the start (a time in the future is not)."""
    recent = started - RACY_NS
    return key[0] >= 0 and key[1] < recent and key[2] < recent
