"""The warm-run snapshot: what `load` read from disk, keyed by the stat of every input.

Brickwork's on-disk analysis cache lives in one folder per workspace (`.brickwork_cache/`,
see `cache_folder`). Each part of the snapshot is one cache file in it (`runs.write_cache`:
header, checksum, plain tuples, dicts and strings), so loading it runs no code and takes
milliseconds. A part's header holds its name, the snapshot format and Brickwork's own code
fingerprint; a part that `runs.read_cache` refuses, or an entry of the wrong shape, is ignored
and rebuilt, never trusted. Parts are replaced only when something changed. Deleting the
folder is always safe.

This module holds the `workspace.marshal` part: per project file (by path relative to the
root), its stat key (`runs.stat_key`) and the fingerprint of the brick index it was resolved
against, with the parsed TOML, the resolved includes and the declared dependencies. A warm `load`
stats each project file and rebuilds only the ones that changed.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brickwork.runs import (
    MARSHAL_VERSION,
    StatKey,
    key_of,
    modules_digest,
    read_cache,
    trusted,
    write_cache,
)
from brickwork.workspace.model import Config
from brickwork.workspace.settings import Settings

SNAPSHOT_FORMAT = 3
"""Bump when the layout of a snapshot part changes."""
DEFAULT_DIR = ".brickwork_cache"
FILE_NAME = "workspace.marshal"
ENV_DIR = "BRICKWORK_CACHE_DIR"
ENV_DISABLE = "BRICKWORK_NO_CACHE"
_CODE_PACKAGES = ("workspace", "imports", "runs")
"""The bricks whose code decides what a snapshot holds: their source is its version."""
ProjectEntry = tuple[StatKey, str, tuple[Any, ...]]
"""(stat key, brick-index fingerprint, plain project record)."""


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no", "off")


def cache_folder(root: Path, config: Config) -> Path | None:
    """Where the analysis cache of the workspace at `root` lives; None when it is turned off.

    `BRICKWORK_NO_CACHE=1` or `[tool.brickwork] cache = false` turn it off;
    `BRICKWORK_CACHE_DIR` (shared by workspaces: each gets a folder in it) or
    `[tool.brickwork] cache-dir` (relative to the workspace root) move it.
    """
    try:
        shown = config.source.relative_to(root).as_posix()
    except ValueError:
        shown = str(config.source)
    settings = Settings(shown, "tool.brickwork", config.brickwork)
    enabled = settings.boolean("cache", True)
    configured = settings.string("cache-dir", "") if "cache-dir" in settings else None
    if configured is not None and not configured.strip():
        raise settings.fail("cache-dir", f"must be a folder path, not {configured!r}")
    if _truthy(os.environ.get(ENV_DISABLE)) or not enabled:
        return None
    shared = os.environ.get(ENV_DIR, "").strip()
    if shared:
        key = hashlib.blake2b(os.fsencode(root), digest_size=6).hexdigest()
        return Path(os.path.abspath(os.path.expanduser(shared))) / f"{root.name}-{key}"
    if configured is not None:
        return root / Path(os.path.expanduser(str(configured)))
    return root / DEFAULT_DIR


_version: str | None = None


def brickwork_version() -> str:
    """Brickwork's version as far as snapshots go: a digest of the name, size and mtime of
    every module of the bricks that fill them (a new release, or an edit of the code in a
    development install, makes every old snapshot foreign). About 40 stats, once a process."""
    global _version
    if _version is None:
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        _version = modules_digest(os.path.join(here, package) for package in _CODE_PACKAGES)
    return _version


def header(part: str, *extra: object) -> tuple[object, ...]:
    """The first item of a snapshot part: what it is and what wrote it."""
    return ("brickwork-snapshot", part, SNAPSHOT_FORMAT, brickwork_version(), *extra)


def read_part(folder: Path | None, name: str, expected: tuple[object, ...]) -> dict[Any, Any]:
    """The entries of part `name` when its header is `expected`; {} when missing, corrupt,
    truncated or written by another version (never an error: a snapshot is optional)."""
    entries = read_cache(folder, name, expected)
    return entries if type(entries) is dict else {}


def write_part(folder: Path | None, name: str, head: tuple[Any, ...], entries: Any) -> bool:
    """Replace part `name` atomically; never fails (False when it could not be written)."""
    return write_cache(folder, name, head, entries)


def fingerprint(items: Iterable[str]) -> str:
    """A short digest of strings (the brick index a project file was resolved against); a
    path that is not UTF-8 on disk is encoded back as the bytes it was."""
    joined = "\0".join(items)
    return hashlib.blake2b(joined.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()


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
        self.entries: dict[str, ProjectEntry] = read_part(folder, FILE_NAME, self.head)
        self.seen: set[str] = set()
        self.dirty = False
        self.started = time.time_ns()

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
            write_part(self.folder, FILE_NAME, self.head, self.entries)
            self.dirty = False
