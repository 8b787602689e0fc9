"""git's view of the folders `poly remove` deletes: the repository holding the workspace, the
files it tracks there, the changes no commit holds, and the index entries dropped after."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from brickwork import changes


def repository(root: Path) -> tuple[changes.Git, str] | None:
    """git at the top of the repository holding `root` and `root`'s prefix in it; None when
    `root` is in none (or git is missing and no `.git` is around)."""
    try:
        return changes.open_repository(root)
    except changes.GitError as err:
        text = str(err)
        if "is not inside a git repository" in text:
            return None
        around = (root, *root.parents)
        if "git was not found" in text and not any((p / ".git").exists() for p in around):
            return None
        raise


def _git_paths(git: changes.Git, *args: str) -> list[str]:
    return git.null_separated("--literal-pathspecs", *args)


def tracked_files(git: changes.Git, paths: Iterable[str]) -> tuple[str, ...]:
    """The files git tracks under `paths` (relative to the repository's top)."""
    return tuple(_git_paths(git, "ls-files", "-z", "--", *paths))


def uncommitted(git: changes.Git, paths: Iterable[str]) -> tuple[str, ...]:
    """`XY path` of every change under `paths` that no commit holds: modified, staged,
    untracked (ignored files are not work)."""
    entries = _git_paths(
        git, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--",
        *paths,
    )  # fmt: skip
    return tuple(" ".join(entry[:2].split()) + " " + entry[3:] for entry in entries)


def drop_from_index(git: changes.Git, paths: Iterable[str]) -> None:
    """`git rm --cached` of the folders `paths` (one index write; the files are gone)."""
    given = list(paths)
    if given:
        git.run("--literal-pathspecs", "rm", "-r", "-q", "--cached", "-f", "--ignore-unmatch",
                "--", *given)  # fmt: skip
