"""The output folder of a build: made only when artifacts are ready to go there, and left as it
was when the build fails.

A build checks the folder (or the nearest folder above it that exists) before it stages
anything, creates nothing until poetry-core runs, and writes each artifact into a hidden
scratch folder there first. Only when every artifact is built and checked are they moved into
place, and only then are a `--clean` build's old artifacts removed. A build that fails (a
refusal, an error, Ctrl-C, SIGTERM) removes its scratch folder and every folder it made
(`projects/svc/dist/`, the parents of `-o a/b/c`), so the tree is as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from brickwork.workspace import PolyError

SCRATCH_PREFIX = ".brickwork-build-"


def _cannot_create(out_dir: Path, reason: str) -> PolyError:
    return PolyError(f"cannot create the output folder {out_dir}: {reason}.")


def check_output(out_dir: Path) -> None:
    """Refuse, before anything is staged, an output folder that cannot be written or made:
    `out_dir` must be a writable folder, or the nearest folder above it that exists must be.
    Creates nothing. A folder that a parallel build of the batch removes while it is looked
    at (it made it, then failed) is looked past."""
    for _ in range(3):
        existing = next(p for p in (out_dir, *out_dir.parents) if p.exists() or p.is_symlink())
        if os.access(existing, os.W_OK | os.X_OK) and existing.is_dir():
            return
        if existing.exists() or existing.is_symlink():
            break
    if not existing.is_dir():
        raise _cannot_create(out_dir, os.strerror(errno.ENOTDIR))
    if existing == out_dir:
        raise PolyError(f"the output folder {out_dir} is not writable; choose another with -o.")
    raise _cannot_create(out_dir, f"{existing} is not writable")


def missing_folders(out_dir: Path) -> list[Path]:
    """The folders of `out_dir`'s path that do not exist yet, the deepest first."""
    missing = []
    for folder in (out_dir, *out_dir.parents):
        if folder.exists() or folder.is_symlink():
            break
        missing.append(folder)
    return missing


def remove_empty(made: list[Path]) -> None:
    """Remove the folders a build made, the deepest first, while they are empty (another
    build of the batch may have written into one meanwhile: it stays; `build_many` tries
    again when the batch ends). A folder already gone (another build of the batch removed
    it) is passed over: the folders above it may still be empty."""
    for folder in made:
        try:
            folder.rmdir()
        except FileNotFoundError:
            continue
        except OSError:
            return


@contextlib.contextmanager
def scratch_folder(out_dir: Path) -> Iterator[Path]:
    """A new hidden folder in `out_dir` (made with any missing parents) for the block's
    artifacts, removed when the block ends. When the block fails, the folders made for it are
    removed too: a failed build leaves no empty `dist/` behind."""
    made: list[Path] = []
    for attempt in range(3):
        made = missing_folders(out_dir)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=out_dir))
            break
        except FileNotFoundError:
            # a parallel build that failed removed the empty folder it had made: make it again
            if attempt == 2:
                raise _cannot_create(out_dir, "it was removed while the build ran") from None
        except OSError as err:
            remove_empty(made)
            if not out_dir.is_dir():
                raise _cannot_create(out_dir, err.strerror or str(err)) from err
            raise PolyError(f"{out_dir}: cannot write artifacts there ({err.strerror}).") from err
    try:
        yield scratch
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        remove_empty(made)
        raise
    shutil.rmtree(scratch, ignore_errors=True)


def publish(files: list[Path], out_dir: Path) -> list[Path]:
    """Move finished files from the scratch folder into `out_dir` (each replaces a file of its
    name), all or none: an error or interrupt part way removes the ones already moved."""
    moved: list[Path] = []
    try:
        for file in files:
            target = out_dir / file.name
            os.replace(file, target)
            moved.append(target)
    except BaseException as err:
        for target in moved:
            target.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise PolyError(f"{out_dir}: cannot write artifacts there ({err.strerror}).") from err
        raise
    return moved
