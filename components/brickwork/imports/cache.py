"""The on-disk scan cache: per file, its imports keyed by content hash and scanner version.

One marshal file per workspace (`.brickwork_cache/imports.marshal`, a `.gitignore` of `*`
next to it): a dict of path -> tuple, each file's imports packed in one string, so that
loading 10^5 entries takes a fraction of a second and nothing in it can execute code.
A file whose stat key (`runs.stat_key`) did not change is not read; one that changed is
hashed, and rescanned only when its content changed. The cache file is replaced atomically
(temp file + `os.replace`), written only when something changed, and a missing, old,
corrupt or unreadable cache is ignored and rebuilt: deleting it is always safe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brickwork.imports.model import Import, ImportContext
from brickwork.imports.scan import SCANNER_VERSION
from brickwork.imports.source import Row
from brickwork.runs import StatKey, code_version, read_cache, write_cache
from brickwork.workspace import Workspace, cache_folder

CACHE_FORMAT = 4
"""Bump when the layout of the cache file changes."""
FILE_NAME = "imports.marshal"
_HEADER = ("brickwork-imports", CACHE_FORMAT, SCANNER_VERSION)
CODE_PACKAGES = ("workspace", "imports", "runs")
"""The bricks whose code decides what the records hold: their source is their version."""

Stat = StatKey
"""(size, mtime_ns, ctime_ns, inode); size -1 when the file changed too recently to trust its
stat (`runs.trusted`)."""
Entry = tuple[int, int, int, int, bytes, str, bool, str, str | None, int | None, bytes]
"""(size, mtime_ns, ctime_ns, inode, digest, module, is_package, encoded imports, error,
error_line, `scan_digest` of the three before it)."""
UNTRUSTED: Stat = (-1, 0, 0, 0)


def scan_digest(imports: str, error: str | None, line: int | None) -> bytes:
    """A short digest of what a scan found in a file (what a result depends on, not its
    text: an edit that changes no import leaves it the same)."""
    text = f"{imports}\x1d{error}\x1d{line}"
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=8).digest()


def cache_location(ws: Workspace) -> Path | None:
    """Where the analysis cache of `ws` lives, or None when caching is turned off.

    `BRICKWORK_NO_CACHE=1` or `[tool.brickwork] cache = false` turn it off;
    `BRICKWORK_CACHE_DIR` (shared by workspaces: each gets a folder in it) or
    `[tool.brickwork] cache-dir` (relative to the workspace root) move it.
    """
    return cache_folder(ws.root, ws.config)


def _header() -> tuple[Any, ...]:
    return (*_HEADER, code_version(CODE_PACKAGES))


# Imports are stored as one string per file: records separated by RS, fields by US. Names,
# modules and codes are identifiers, dots, digits and `*`, so they never hold either.
_RS, _US = "\x1e", "\x1f"
_CONTEXT_LIST = tuple(ImportContext)
_CONTEXT_INDEX = {c: str(i) for i, c in enumerate(_CONTEXT_LIST)}


def encode(imports: Iterable[Import]) -> str:
    """Imports as one compact string (fast to store, load and share)."""
    return encode_rows((i.module, i.names, i.line, i.context, i.ignored) for i in imports)


def encode_rows(rows: Iterable[Row]) -> str:
    """`encode` of the imports' fields (module, names, line, context, ignored)."""
    return _RS.join(
        f"{module}{_US}{','.join(names)}{_US}{line}{_US}"
        f"{_CONTEXT_INDEX[context]}{_US}{','.join(ignored)}"
        for module, names, line, context, ignored in rows
    )


def _well_formed(payload: str) -> bool:
    return not payload or payload.count(_US) == 4 * (payload.count(_RS) + 1)


class Decoder:
    """Encoded imports -> `Import`s; equal records (common across files) share one object."""

    def __init__(self) -> None:
        self.records: dict[str, Import] = {}
        self.payloads: dict[str, tuple[Import, ...]] = {"": ()}

    def __call__(self, payload: str) -> tuple[Import, ...]:
        found = self.payloads.get(payload)
        if found is None:
            records = self.records
            found = tuple([records.get(r) or self.record(r) for r in payload.split(_RS)])
            self.payloads[payload] = found
        return found

    def record(self, record: str) -> Import:
        module, names, line, context, ignored = record.split(_US)
        self.records[record] = found = Import(
            module,
            tuple(names.split(",")) if names else (),
            int(line),
            _CONTEXT_LIST[int(context)],
            tuple(ignored.split(",")) if ignored else (),
        )
        return found


class ImportCache:
    """The entries of one cache file, by path relative to the workspace root."""

    def __init__(self, folder: Path | None, entries: dict[str, Entry] | None = None) -> None:
        self.folder = folder
        self.entries: dict[str, Entry] = entries if entries is not None else {}
        self.dirty = False

    @classmethod
    def load(cls, folder: Path | None) -> ImportCache:
        """The cache in `folder` (None: a cache that is never saved); empty when unusable."""
        if folder is None:
            return cls(None)
        entries = read_cache(folder, FILE_NAME, _header())
        return cls(folder, entries) if type(entries) is dict else cls(folder)

    def get(self, key: str, module: str, is_package: bool) -> Entry | None:
        entry = self.entries.get(key)
        if (
            type(entry) is not tuple
            or len(entry) != 11
            or entry[5] != module
            or entry[6] is not is_package
            or type(entry[7]) is not str
            or not _well_formed(entry[7])
            or not (entry[8] is None or type(entry[8]) is str)
            or not (entry[9] is None or type(entry[9]) is int)
            or type(entry[4]) is not bytes
            or type(entry[10]) is not bytes
            or not all(type(number) is int for number in entry[:4])
        ):
            return None
        return entry

    def put(self, key: str, entry: Entry) -> None:
        if self.entries.get(key) != entry:
            self.entries[key] = entry
            self.dirty = True

    def keep_only(self, keys: set[str]) -> None:
        """Forget the files that are gone."""
        stale = [k for k in self.entries if k not in keys]
        for key in stale:
            del self.entries[key]
        self.dirty = self.dirty or bool(stale)

    def save(self) -> bool:
        """Write the cache if anything changed; never fails (a cache is optional)."""
        if self.folder is None or not self.dirty:
            return False
        if not write_cache(self.folder, FILE_NAME, _header(), self.entries):
            return False
        self.dirty = False
        return True
