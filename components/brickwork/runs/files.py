"""The one format of Brickwork's cache files, and how they are written.

Every cache file (the workspace snapshot, the import records, the stored analysis and its
shards) is one marshal of `(header, crc32 of body, body)`, where `body` is the marshal of
the content. Reading one runs no code and takes milliseconds. A file that is missing,
unreadable, truncated, not marshal, of another header, whose checksum does not match, or
whose content does not unmarshal is a miss (`read_cache` returns `MISS`), never an error and
never trusted: a cache is optional and deleting its folder is always safe. Files are
replaced atomically (temp file + `os.replace`): a reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from brickwork.runs.stat_key import key_of

MARSHAL_VERSION = 4
"""Readable by every Python 3."""

MISS: Final = object()
"""What `read_cache` returns for a file that cannot be used."""

_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by Brickwork (poetry poly).\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def dump_cache(header: tuple[Any, ...], content: Any) -> bytes:
    """The bytes of a cache file holding `content` (plain data) under `header`."""
    return wrap_cache(header, marshal.dumps(content, MARSHAL_VERSION))


def wrap_cache(header: tuple[Any, ...], body: bytes) -> bytes:
    """The bytes of a cache file whose content is already marshalled (`body`), under
    `header` (for a header made from the body itself)."""
    return marshal.dumps((header, zlib.crc32(body), body), MARSHAL_VERSION)


def load_cache(raw: bytes, header: tuple[Any, ...]) -> Any:
    """The content of the cache file `raw` when it was written under `header` and is whole;
    `MISS` otherwise."""
    try:
        data: Any = marshal.loads(raw)
        if type(data) is not tuple or len(data) != 3 or data[0] != header:
            return MISS
        if type(data[2]) is not bytes or zlib.crc32(data[2]) != data[1]:
            return MISS  # damaged since it was written
        return marshal.loads(data[2])
    except Exception:  # truncated or corrupt
        return MISS


def read_cache(folder: Path | None, name: str, header: tuple[Any, ...]) -> Any:
    """The content of cache file `folder/name` (see `load_cache`); `MISS` when there is no
    folder or the file cannot be read."""
    if folder is None:
        return MISS
    try:
        raw = (folder / name).read_bytes()
    except OSError:
        return MISS
    return load_cache(raw, header)


def write_cache(folder: Path | None, name: str, header: tuple[Any, ...], content: Any) -> bool:
    """Replace cache file `folder/name` atomically; never fails (False when it could not be
    written: no folder, a full disk, content marshal cannot hold)."""
    if folder is None:
        return False
    try:
        save_cache_file(folder, name, dump_cache(header, content))
    except (OSError, ValueError):
        return False
    return True


def save_cache_file(folder: Path, name: str, payload: bytes) -> None:
    """Replace `folder/name` atomically, creating the cache folder with its `.gitignore` (`*`)
    and `CACHEDIR.TAG` first. Raises `OSError` (callers treat a cache as optional)."""
    folder.mkdir(parents=True, exist_ok=True)
    for extra, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        if not (folder / extra).exists():
            write_atomic(folder / extra, text.encode())
    write_atomic(folder / name, payload)


def write_atomic(target: Path, payload: bytes) -> None:
    """Write to a temp file next to `target`, then `os.replace` it: readers never see half."""
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def content_digest(data: bytes) -> bytes:
    """The digest of a file's content that caches keep (the import records, the effect of a
    scanned file in a stored analysis): a file whose digest is unchanged holds what it held."""
    return hashlib.blake2b(data, digest_size=16).digest()


def same_content(path: str, digest: object) -> bool:
    """Whether the file at `path` holds the content whose `content_digest` is `digest` (False
    when it cannot be read)."""
    try:
        with open(path, "rb") as file:
            return content_digest(file.read()) == digest
    except OSError:
        return False


def modules_digest(packages: Iterable[str]) -> str:
    """A digest of the path and stat key (`stat_key`) of every module (`.py` file) in the
    `packages` folders: the version of the code in them, as far as caches go."""
    stats: list[str] = []
    for folder in packages:
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    stats.append(f"{entry.path}:{key_of(entry.stat())}")
    return hashlib.blake2b(
        "\n".join(stats).encode("utf-8", "surrogateescape"), digest_size=12
    ).hexdigest()


_versions: dict[tuple[str, ...] | None, str] = {}


def code_version(packages: tuple[str, ...] | None = None) -> str:
    """The version of Brickwork's code as far as caches go: `modules_digest` of its bricks
    named in `packages` (None: all of them). A new release, or an edit of the code in a
    development install, makes every cache file the old code wrote foreign. A few dozen stats,
    once a process."""
    found = _versions.get(packages)
    if found is None:
        import brickwork

        folders: list[str] = []
        for top in sorted(brickwork.__path__):
            with contextlib.suppress(OSError), os.scandir(top) as entries:
                folders += [
                    e.path
                    for e in entries
                    if not e.name.startswith((".", "__"))
                    and (packages is None or e.name in packages)
                ]
        found = _versions[packages] = modules_digest(sorted(folders))
    return found
