"""The warm-run snapshot of project files: each one's parsed record, kept while its stat is
the one it had (ADR 0014).

`workspace.load(records=ProjectSnapshot.open)` asks it for the record of every project file:
per project file (by path relative to the root), the snapshot holds its stat key
(`runs.stat_key`) and the fingerprint of the brick index it was resolved against, with the
parsed TOML, the resolved includes and the declared dependencies. A file whose stat is
unchanged (and not too recent to trust: `runs.trusted`) is not read again; the others are
read and their records replace the old ones. The snapshot is one cache file
(`workspace.marshal`, `runs.write_cache`: header, checksum, plain data), so loading it runs no
code; its header holds the snapshot format and the version of the code that fills it, and a
file `runs.read_cache` refuses, or an entry of the wrong shape, is read again, never trusted.
It is replaced only when something changed; deleting the cache folder is always safe.
"""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from brickwork import workspace
from brickwork.runs import (
    MARSHAL_VERSION,
    StatKey,
    code_version,
    key_of,
    probe,
    read_cache,
    trusted,
    write_cache,
)

SNAPSHOT_FORMAT = 3
"""Bump when the layout of a snapshot part changes."""
FILE_NAME = "workspace.marshal"
CODE_PACKAGES = ("workspace", "imports", "runs")
"""The bricks whose code decides what a snapshot holds: their source is its version."""
ProjectEntry = tuple[StatKey, str, tuple[Any, ...]]
"""(stat key, brick-index fingerprint, plain project record)."""


def header(part: str, *extra: object) -> tuple[object, ...]:
    """The first item of a snapshot part: what it is and what wrote it."""
    return ("brickwork-snapshot", part, SNAPSHOT_FORMAT, code_version(CODE_PACKAGES), *extra)


def _marshallable(value: Any) -> bool:
    """Whether marshal stores `value` as it is (TOML dates and times are not plain data)."""
    try:
        marshal.dumps(value, MARSHAL_VERSION)
    except ValueError:
        return False
    return True


def _strings(value: Any, size: int) -> bool:
    return type(value) is tuple and len(value) == size and all(type(v) is str for v in value)


def well_formed_project(record: Any) -> bool:
    """Whether a record from a snapshot has the shape `workspace.load` writes (a damaged
    snapshot is read again, never trusted)."""
    if type(record) is not tuple or len(record) != 8 or not _strings(record[:4], 4):
        return False
    includes, deps, problems, data = record[4:]
    return (
        type(includes) is tuple
        and all(
            type(i) is tuple
            and len(i) == 4
            and _strings(i[:2], 2)
            and type(i[2]) is tuple
            and all(type(b) is str for b in i[2])
            and (i[3] is None or type(i[3]) is int)
            for i in includes
        )
        and type(deps) is tuple
        and all(
            type(d) is tuple
            and len(d) == 6
            and _strings(d[:3], 3)
            and all(v is None or type(v) is str for v in d[3:5])
            and type(d[5]) is str
            for d in deps
        )
        and type(problems) is tuple
        and all(
            type(p) is tuple
            and len(p) == 4
            and _strings(p[:2], 2)
            and (p[2] is None or type(p[2]) is int)
            and type(p[3]) is str
            for p in problems
        )
        and type(data) is dict
    )


class ProjectSnapshot:
    """The project-file part of a workspace snapshot: read once, updated, saved if changed."""

    def __init__(self, folder: Path | None, key: tuple[object, ...]) -> None:
        self.folder = folder
        self.head = header("workspace", *key)
        entries = read_cache(folder, FILE_NAME, self.head)
        self.entries: dict[str, ProjectEntry] = entries if type(entries) is dict else {}
        self.seen: set[str] = set()
        self.dirty = False
        self.started = time.time_ns()

    @classmethod
    def open(cls, root: Path, config: workspace.Config) -> ProjectSnapshot:
        """The snapshot of the workspace at `root` (nothing is kept when its cache is off)."""
        key = (str(root), config.namespace, config.theme.value)
        return cls(workspace.cache_folder(root, config), key)

    def record(
        self, key: str, file: Path, bricks: str, read: Callable[[], tuple[Any, ...]]
    ) -> tuple[Any, ...]:
        """The record of project file `file` while its stat and the brick index are those it
        was made with; else `read()`, kept for the next run."""
        stat = probe(file)
        record = self.get(key, stat, bricks) if stat is not None else None
        if record is None or not well_formed_project(record):
            record = read()
            if stat is not None:
                self.put(key, stat, bricks, record)
        return record

    def get(self, key: str, stat: os.stat_result, bricks: str) -> tuple[Any, ...] | None:
        """The record of project file `key` if its stat and brick index are unchanged."""
        self.seen.add(key)
        entry = self.entries.get(key)
        if (
            type(entry) is tuple
            and len(entry) == 3
            and entry[0] == key_of(stat)
            and entry[1] == bricks
            and type(entry[2]) is tuple
        ):
            return entry[2]
        return None

    def put(self, key: str, stat: os.stat_result, bricks: str, record: tuple[Any, ...]) -> None:
        self.seen.add(key)
        if self.folder is None:
            return
        found = key_of(stat)
        if not trusted(found, self.started) or not _marshallable(record):
            stale = self.entries.pop(key, None)
            self.dirty = self.dirty or stale is not None
            return
        self.entries[key] = (found, bricks, record)
        self.dirty = True

    def save(self) -> None:
        """Forget project files that are gone; write the part if anything changed."""
        stale = [k for k in self.entries if k not in self.seen]
        for key in stale:
            del self.entries[key]
        if self.dirty or stale:
            write_cache(self.folder, FILE_NAME, self.head, self.entries)
            self.dirty = False
