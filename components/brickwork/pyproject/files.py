"""Disk writes: atomic replaces a reader never sees half-written, in the file's own shape
(through its symbolic link, in its line ending, with its owner and mode), refused on read-only
files, and one writer at a time per workspace.

The write lock is an advisory lock on a file in the system temp folder named after the
workspace root, so that a write command leaves nothing in the workspace but what its plan
names. Where `fcntl` does not exist (Windows) the lock is a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from brickwork.workspace import PolyError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 60.0
POLL_SECONDS = 0.02


def lock_path(root: Path) -> Path:
    """The lock file of the workspace at `root` (the same for every process)."""
    key = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / f"brickwork-{key}.lock"


@contextlib.contextmanager
def workspace_lock(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the workspace's write lock; waits up to `wait` seconds for another writer."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    path = lock_path(root)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as err:
        raise PolyError(f"{path}: cannot open the write lock ({err.strerror}).") from err
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise PolyError(
                        f"another brickwork command has been writing {root} for {wait:.0f} s; "
                        "nothing was written. Run again when it is done."
                    ) from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def is_writable(path: Path) -> bool:
    """Whether the user may write `path`: its owner write bit (which root ignores, but a
    read-only file means "do not change me") and the permission check of the system."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return True  # missing: a create, checked elsewhere
    return bool(mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def line_ending(data: bytes) -> str:
    """The line ending a file's bytes use: CRLF when most of its lines end so, else LF."""
    crlf = data.count(b"\r\n")
    return "\r\n" if crlf > data.count(b"\n") - crlf else "\n"


def encoded(text: str, like: bytes | None) -> bytes:
    """`text` (read with universal newlines, as every planner reads) as the bytes to write
    over a file whose bytes are `like`: in its line ending (a new file gets LF)."""
    if like is not None and line_ending(like) == "\r\n":
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text.encode("utf-8")


def real_target(path: Path) -> Path:
    """The file a write of `path` changes: `path`, or the file its symbolic link (chain)
    points at, so that the link stays a link and its target is updated. A link to nothing
    is refused (`PolyError`): writing through it would create a file wherever it points."""
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if not target.exists():
        raise PolyError(
            f"{path}: a symbolic link to {target}, which does not exist; nothing was written. "
            "Remove the link, or create its target, and run again."
        )
    return target


def _keep_owner(temp: str, path: Path, before: os.stat_result) -> None:
    """Give the temp file the owner and group of the file it replaces."""
    own = os.stat(temp)
    if (own.st_uid, own.st_gid) == (before.st_uid, before.st_gid):
        return
    try:
        os.chown(temp, before.st_uid, before.st_gid)
    except PermissionError:
        raise PolyError(
            f"{path}: belongs to uid {before.st_uid} (group {before.st_gid}), and writing it "
            "would make it yours; nothing was changed. Run as its owner."
        ) from None


def _replace(path: Path, target: Path, data: bytes, before: os.stat_result | None) -> None:
    """Put `data` in `target` (the real file of `path`) with a temp file + `os.replace`,
    keeping the mode, owner and group `before` had (a new file: 0o644)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(before.st_mode) if before is not None else 0o644
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            if before is not None:
                _keep_owner(temp, path, before)
            os.chmod(temp, mode)
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError as err:
        raise PolyError(f"{path}: cannot write ({err.strerror}); nothing was changed.") from err


def _existing(target: Path) -> tuple[os.stat_result | None, bytes | None]:
    try:
        if not target.is_file():
            return None, None
        return target.stat(), target.read_bytes()
    except OSError as err:
        raise PolyError(f"{target}: cannot read ({err.strerror}); nothing was changed.") from err


def write_atomic(path: Path, text: str) -> bool:
    """Write `text` to `path` via a temp file + `os.replace`, in the file's own shape.

    A symbolic link is written through (its target is replaced, the link kept); the file
    keeps its line ending (CRLF or LF), mode, owner and group. Returns False (and leaves the
    file untouched, mtime included) when the content is already `text`. A read-only file is
    refused (`PolyError`), never replaced.
    """
    target = real_target(path)
    if not is_writable(target):
        raise PolyError(f"{path}: the file is read-only; nothing was changed.")
    before, old = _existing(target)
    data = encoded(text, old)
    if old == data:
        return False
    _replace(path, target, data, before)
    return True


def read_bytes(path: Path) -> bytes | None:
    """The bytes of the file `path` (through its link) now, None when there is none."""
    try:
        return real_target(path).read_bytes()
    except (OSError, PolyError):
        return None


def write_bytes(path: Path, data: bytes) -> None:
    """Put exactly `data` in `path` in the file's own shape: through its symbolic link, with
    its mode, owner and group (also the undo of a `write_atomic`: the bytes it had)."""
    target = real_target(path)
    before, old = _existing(target)
    if old != data:
        _replace(path, target, data, before)
