"""Disk writes: atomic replaces a reader never sees half-written, refused on read-only files,
and one writer at a time per workspace.

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


def write_atomic(path: Path, text: str) -> bool:
    """Write `text` to `path` via a temp file + `os.replace`.

    Returns False (and leaves the file untouched, mtime included) when the content is
    already `text`. A read-only file is refused (`PolyError`), never replaced.
    """
    data = text.encode("utf-8")
    if not is_writable(path):
        raise PolyError(f"{path}: the file is read-only; nothing was changed.")
    try:
        if path.is_file() and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temp, mode)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError as err:
        raise PolyError(f"{path}: cannot write ({err.strerror}); nothing was changed.") from err
    return True
