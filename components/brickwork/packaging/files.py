"""Which files of a folder a build may ship, and copying them into the stage.

The rule (ADR 0020): the files git tracks (with their working-tree content, so uncommitted
edits build), never ignored or untracked ones, whatever the path: a tracked symlink ships what
git tracks where it points (a folder's tracked files, a tracked file), never the walk of a
folder. Untracked files are left out and named in a note, so a local build ships what a CI
build of the same commit ships. What a project's `include` names is added by the stage
(`brickwork.packaging.patterns`). In a git work tree git must answer: when it cannot run, the
build stops and says so. Without git (no repository, or the folder is outside one) every file
is taken, except in folders that never hold source (`__pycache__`, dot-folders such as
`.pytest_cache`, `*.egg-info`) and compiled files.
"""

from __future__ import annotations

import bisect
import functools
import os
import shutil
import stat
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from brickwork.workspace import PolyError, is_ignored_dir

_SKIPPED_SUFFIXES = (".pyc", ".pyo")
_T = TypeVar("_T")
#: How deep symlinks to folders are followed inside one another.
_LINK_DEPTH = 8


@dataclass(frozen=True)
class Listing:
    """Files (absolute paths) of some folders, and the untracked ones left out."""

    files: tuple[Path, ...]
    untracked: tuple[Path, ...] = ()
    uses_git: bool = False
    notes: tuple[str, ...] = ()
    """Symlinks left out, and why."""

    @functools.cached_property
    def texts(self) -> tuple[list[str], list[str]]:
        """`files` and `untracked` as strings (sorted when the listing is sorted by string)."""
        return [str(p) for p in self.files], [str(p) for p in self.untracked]


def in_git_work_tree(root: Path) -> bool:
    """Whether `root` is inside a git work tree, judged without git: a `.git` folder or file
    in it or above it, or `GIT_DIR` set."""
    if os.environ.get("GIT_DIR"):
        return True
    return any(os.path.lexists(folder / ".git") for folder in (root, *root.parents))


def _git_failed(root: Path, reason: str) -> PolyError:
    return PolyError(
        f"git cannot list the files to ship in {root}, a git work tree ({reason}); a build "
        "ships only what git tracks: install git, put it on PATH or repair the repository."
    )


def _git_listing(root: Path, folders: Sequence[Path]) -> tuple[list[Path], list[Path]] | None:
    """(tracked, untracked but not ignored) files under `folders`, from one `git ls-files` run
    in `root`; None when `root` is not in a git work tree. In a work tree, a git that cannot
    run or fails is a `PolyError`: shipping a walk of the folders instead would ship ignored
    files (secrets, build leftovers) without a word."""
    specs = [os.path.relpath(f, root) for f in folders]
    command = ["git", "-c", "core.quotepath=off", "ls-files", "-z", "-t", "--cached", "--others"]
    try:
        result = subprocess.run(
            [*command, "--exclude-standard", "--", *specs],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError as err:
        if in_git_work_tree(root):
            reason = "git is not on PATH" if isinstance(err, FileNotFoundError) else str(err)
            raise _git_failed(root, reason) from err
        return None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message and not in_git_work_tree(root):
            return None
        last = message.splitlines()[-1] if message else f"exit {result.returncode}"
        raise _git_failed(root, f"git ls-files: {last}")
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


def _under(paths: Sequence[_T], texts: Sequence[str], folders: Sequence[Path]) -> list[_T]:
    """The paths (sorted, `texts` their strings) that are one of `folders` or inside one."""
    found: list[_T] = []
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


def holds(texts: Sequence[str], folder: Path) -> bool:
    """Whether sorted path strings hold `folder` or a path inside it."""
    return bool(_under(texts, texts, [folder]))


class _Lister:
    """Asks git (or a workspace listing) about real paths, and answers for the paths asked:
    a folder reached through a symlink is listed where it really is, and its files are given
    back under the path that reached it."""

    def __init__(self, root: Path, known: Listing | None) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.known = known if known is not None and known.uses_git else None
        self.notes: list[str] = []
        self.untracked: list[Path] = []
        """Untracked files found where a symlink points."""

    def canonical(self, path: Path) -> Path | None:
        """`path` as git sees it (symlinks resolved, under `root`); None outside the root."""
        real = path.resolve()
        if not real.is_relative_to(self.real_root):
            return None
        return self.root / real.relative_to(self.real_root)

    def query(self, folders: list[Path]) -> tuple[list[Path], list[Path]] | None:
        if self.known is not None:
            files, untracked = self.known.texts
            tracked = _under(self.known.files, files, folders)
            left_out = _under(self.known.untracked, untracked, folders)
        else:
            listing = _git_listing(self.root, folders)
            if listing is None:
                return None
            tracked, left_out = listing
        # sorted as strings (and once each, however the folders nest) for `_under`
        return sorted(set(tracked), key=str), sorted(set(left_out), key=str)

    def collect(
        self, wanted: Sequence[Path], chain: tuple[Path, ...] = ()
    ) -> tuple[list[Path], list[Path]] | None:
        outside: list[Path] = []
        asked: list[tuple[Path, Path]] = []
        for folder in wanted:
            canonical = self.canonical(folder)
            if canonical is None:
                outside.append(folder)  # copied with a note (`copy_file`)
            else:
                asked.append((folder, canonical))
        answer = self.query(sorted({c for _, c in asked}, key=str)) if asked else ([], [])
        if answer is None:
            return None
        tracked, untracked = answer
        texts = ([str(p) for p in tracked], [str(p) for p in untracked])
        files: list[Path] = list(outside)
        left_out: list[Path] = []
        for folder, canonical in asked:
            for path in _under(tracked, texts[0], [canonical]):
                files.extend(self.follow(folder / path.relative_to(canonical), chain))
            left_out.extend(
                folder / p.relative_to(canonical) for p in _under(untracked, texts[1], [canonical])
            )
        return files, left_out

    def follow(self, path: Path, chain: tuple[Path, ...]) -> list[Path]:
        """A tracked path; a symlink among them stands for what git tracks where it points.
        `chain`: the folders the links followed to reach it point to."""
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return []  # a tracked file deleted in the working tree is not shipped
        if not stat.S_ISLNK(mode):
            return [path]
        target = path.resolve()
        canonical = self.canonical(path)
        if canonical is None or not target.exists():
            return [path]  # `copy_file` says why it is skipped
        shown = os.path.relpath(path, self.root)
        where = os.path.relpath(target, self.real_root)
        if target.is_file():
            answer = self.query([canonical])
            if answer is not None and canonical in answer[0]:
                return [path]
            self.notes.append(f"skipped {shown}: it points to {where}, which git does not track")
            return []
        looped = target in chain or path.parent.resolve().is_relative_to(target)
        if looped or len(chain) >= _LINK_DEPTH:
            self.notes.append(f"skipped {shown}: a symlink loop (it points to {where})")
            return []
        inner = self.collect([path], (*chain, target))
        found = inner[0] if inner is not None else []
        self.untracked.extend(inner[1] if inner is not None else [])
        if not found:
            self.notes.append(f"skipped {shown}: it points to {where}, where git tracks no file")
        return found


def list_files(folders: Iterable[Path], root: Path | None, known: Listing | None = None) -> Listing:
    """The files under `folders` that a build may ship (see the module's rule); git runs in
    `root` (the workspace root); None, or a root outside a git work tree, walks the folders.
    `known`: a `workspace_listing` of `root` to take the files from instead of running git."""
    wanted = [f for f in dict.fromkeys(folders) if f.exists() or f.is_symlink()]
    if not wanted:
        return Listing(())
    listing = None
    if root is not None:
        lister = _Lister(root, known)
        listing = lister.collect(wanted)
    if listing is None:
        return Listing(tuple(sorted({p for f in wanted for p in _walk(f)})))
    tracked, untracked = listing
    return Listing(
        tuple(sorted(set(tracked))),
        tuple(sorted({*untracked, *lister.untracked})),
        uses_git=True,
        notes=tuple(dict.fromkeys(lister.notes)),
    )


def copy_file(source: Path, target: Path, ws_root: Path) -> str | None:
    """Copy one file into the stage; a symlink is followed only to a file inside the
    workspace (a listing gives a folder's link as the files git tracks in it). Returns a note
    when the file is skipped."""
    if source.is_symlink():
        resolved = source.resolve()
        if not resolved.is_relative_to(ws_root.resolve()):
            return (
                f"skipped {os.path.relpath(source, ws_root)}: a symlink to {resolved}, "
                "outside the workspace"
            )
        if not resolved.is_file():
            what = "a folder" if resolved.is_dir() else "nothing"
            return f"skipped {os.path.relpath(source, ws_root)}: a symlink to {what}"
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
