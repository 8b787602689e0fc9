"""Atomic file writes: a reader never sees a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from brickwork.pyproject.lock import is_writable
from brickwork.workspace import PolyError


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
