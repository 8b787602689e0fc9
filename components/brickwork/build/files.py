"""Which files of a folder a build may ship, and copying them into the stage.

The rule: the files git tracks (with their working-tree content, so uncommitted edits build),
never ignored or untracked ones; untracked files are left out and named in a note, so a
local build ships what a CI build of the same commit ships. Without git (no repository, or
the folder is outside one) every file is taken, except in folders that never hold source
(`__pycache__`, dot-folders such as `.pytest_cache`, `*.egg-info`) and compiled files.
"""

from __future__ import annotations

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


def git_root(folder: Path) -> Path | None:
    """The top of the git work tree holding `folder`, or None (no git, or not a repository)."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    if result.returncode != 0 or not result.stdout.strip():
        return None
    return Path(result.stdout.strip()).resolve()


def _git_paths(repo: Path, folders: Sequence[Path], *args: str) -> list[Path]:
    specs = [os.path.relpath(f, repo) for f in folders]
    result = subprocess.run(
        ["git", "-c", "core.quotepath=off", "ls-files", "-z", *args, "--", *specs],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PolyError(f"git ls-files failed in {repo}: {message[-1] if message else '?'}")
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [repo / name for name in names if name]


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


def list_files(folders: Iterable[Path], repo: Path | None) -> Listing:
    """The files under `folders` that a build may ship (see the module's rule)."""
    wanted = [f for f in dict.fromkeys(folders) if f.exists() or f.is_symlink()]
    if not wanted:
        return Listing(())
    if repo is None or not all(f.resolve().is_relative_to(repo) for f in wanted):
        return Listing(tuple(sorted({p for f in wanted for p in _walk(f)})))
    tracked = _git_paths(repo, wanted, "--cached")
    untracked = _git_paths(repo, wanted, "--others", "--exclude-standard")
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
    target.parent.mkdir(parents=True, exist_ok=True)
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
