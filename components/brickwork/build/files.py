"""Which files of a folder a build may ship, and copying them into the stage.

The rule: the files git tracks (with their working-tree content, so uncommitted edits build),
never ignored or untracked ones; untracked files are left out and named in a note, so a
local build ships what a CI build of the same commit ships. Without git (no repository, or
the folder is outside one) every file is taken, except in folders that never hold source
(`__pycache__`, dot-folders such as `.pytest_cache`, `*.egg-info`) and compiled files.
"""

from __future__ import annotations

import bisect
import functools
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from brickwork.workspace import PolyError, is_ignored_dir

_SKIPPED_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True)
class Listing:
    """Files (absolute paths) of some folders, and the untracked ones left out."""

    files: tuple[Path, ...]
    untracked: tuple[Path, ...] = ()
    uses_git: bool = False

    @functools.cached_property
    def texts(self) -> tuple[list[str], list[str]]:
        """`files` and `untracked` as strings (sorted when the listing is sorted by string)."""
        return [str(p) for p in self.files], [str(p) for p in self.untracked]


def _git_listing(root: Path, folders: Sequence[Path]) -> tuple[list[Path], list[Path]] | None:
    """(tracked, untracked but not ignored) files under `folders`, from one `git ls-files` run
    in `root`; None when `root` is not in a git work tree (or git is not installed)."""
    specs = [os.path.relpath(f, root) for f in folders]
    command = ["git", "-c", "core.quotepath=off", "ls-files", "-z", "-t", "--cached", "--others"]
    try:
        result = subprocess.run(
            [*command, "--exclude-standard", "--", *specs],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message:
            return None
        last = message.splitlines()[-1] if message else f"exit {result.returncode}"
        raise PolyError(f"git ls-files failed in {root}: {last}")
    tracked: list[Path] = []
    untracked: list[Path] = []
    for entry in result.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if len(entry) > 2:
            (untracked if entry[0] == "?" else tracked).append(root / entry[2:])
    return tracked, untracked


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    if folder.is_file() or (folder.is_symlink() and not folder.is_dir()):
        return [folder]
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored_dir(d))
        found.extend(
            Path(dirpath, name)
            for name in sorted(filenames)
            if not name.endswith(_SKIPPED_SUFFIXES)
        )
    return found


def workspace_listing(root: Path) -> Listing | None:
    """Every file git lists under `root` (tracked, and untracked but not ignored), from one
    `git ls-files`, sorted: to pass to `list_files` when staging many projects. None
    without git."""
    listing = _git_listing(root, [root])
    if listing is None:
        return None
    tracked, untracked = listing
    # sorted as strings, so that `_under` finds a folder's files by bisection
    return Listing(tuple(sorted(tracked, key=str)), tuple(sorted(untracked, key=str)), True)


def _under(paths: Sequence[Path], texts: Sequence[str], folders: Sequence[Path]) -> list[Path]:
    """The paths (sorted, `texts` their strings) that are one of `folders` or inside one."""
    found: list[Path] = []
    for folder in folders:
        prefix = str(folder)
        start = bisect.bisect_left(texts, prefix)
        for index in range(start, len(texts)):
            text = texts[index]
            if not text.startswith(prefix):
                break
            if len(text) == len(prefix) or text[len(prefix)] == os.sep:
                found.append(paths[index])
    return found


def _from_known(known: Listing, wanted: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    files, untracked = known.texts
    return _under(known.files, files, wanted), _under(known.untracked, untracked, wanted)


def list_files(folders: Iterable[Path], root: Path | None, known: Listing | None = None) -> Listing:
    """The files under `folders` that a build may ship (see the module's rule); git runs in
    `root` (the workspace root); None, or a root outside a git work tree, walks the folders.
    `known`: a `workspace_listing` of `root` to take the files from instead of running git."""
    wanted = [f for f in dict.fromkeys(folders) if f.exists() or f.is_symlink()]
    if not wanted:
        return Listing(())
    if known is not None and known.uses_git:
        listing: tuple[list[Path], list[Path]] | None = _from_known(known, wanted)
    else:
        listing = _git_listing(root, wanted) if root is not None else None
    if listing is None:
        return Listing(tuple(sorted({p for f in wanted for p in _walk(f)})))
    tracked, untracked = listing
    # a tracked file deleted in the working tree is not shipped
    present = sorted({p for p in tracked if p.exists() or p.is_symlink()})
    return Listing(tuple(present), tuple(sorted(set(untracked))), uses_git=True)


def copy_file(source: Path, target: Path, ws_root: Path) -> str | None:
    """Copy one file into the stage; a symlink is followed only when it stays inside the
    workspace. Returns a note when the file is skipped."""
    if source.is_symlink():
        resolved = source.resolve()
        if not resolved.is_relative_to(ws_root):
            return (
                f"skipped {os.path.relpath(source, ws_root)}: a symlink to {resolved}, "
                "outside the workspace"
            )
        if resolved.is_dir():
            for inner in _walk(resolved):
                note = copy_file(inner, target / inner.relative_to(resolved), ws_root)
                if note is not None:
                    return note
            return None
        source = resolved
    if not source.is_file():
        return None
    if not target.parent.is_dir():
        target.parent.mkdir(parents=True)
    try:
        # A hard link costs no copy; the stage never writes through one (files it changes
        # are replaced, see `replace_text`), and poetry-core normalises modes itself.
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        os.chmod(target, 0o755 if os.access(source, os.X_OK) else 0o644)
    return None


def replace_text(path: Path, text: str) -> None:
    """Write a staged file as a new file: never through a hard link to the source tree."""
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8")
