"""A commit's workspace, read from git objects into a private folder: no checkout, nothing in
the work tree or the index changes.

Only what the analysis reads is written: `workspace.toml`, the development project's files,
and every file below `components/`, `bases/`, `projects/` and `development/`. Test folders of
the loose theme (`test/`) make no brick edge and are left out. Blobs come from one
`git ls-tree -r` and one `git cat-file --batch`, so a 2,000-brick workspace costs two git
processes and a few thousand small writes (ADR: the graph diff reads the stable point like
this instead of teaching every loader to read git objects).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from brickwork.changes.git import Git, GitError

#: Top-level folders of a workspace the analysis reads.
READ_FOLDERS = ("components/", "bases/", "projects/", "development/")
#: Files at the workspace root the analysis reads.
READ_FILES = ("workspace.toml", "pyproject.toml")
#: Regular files (plain and executable); links and submodules are not written.
_FILE_MODES = ("100644", "100755")


def _wanted(path: str) -> bool:
    return path in READ_FILES or path.startswith(READ_FOLDERS)


def tree_files(git: Git, commit: str, prefix: str) -> list[tuple[str, str]]:
    """(path inside the workspace, blob id) of every file the analysis reads at `commit`;
    `prefix` is the workspace folder inside the repository (`""` or `sub/dir/`)."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if prefix:
        args += ["--", prefix.rstrip("/")]
    found: list[tuple[str, str]] = []
    for entry in git.null_separated(*args):
        meta, _, path = entry.partition("\t")
        mode, kind, blob = [*meta.split(), "", "", ""][:3]
        if kind != "blob" or mode not in _FILE_MODES or not path.startswith(prefix):
            continue
        inside = path[len(prefix) :]
        if _wanted(inside):
            found.append((inside, blob))
    return found


def _safe(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and ".." not in parts and "" not in parts


def materialize(git: Git, commit: str, prefix: str, dest: Path) -> int:
    """Write the files `tree_files` names at `commit` below `dest` (an empty private folder);
    how many were written. A blob git cannot read is a `GitError`, never a missing file."""
    files = [(path, blob) for path, blob in tree_files(git, commit, prefix) if _safe(path)]
    if not files:
        return 0
    request = "".join(f"{blob}\n" for _, blob in files).encode()
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=git.cwd,
            env=env,
            input=request,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitError(
            "git was not found on PATH; install git to compare with a stable point."
        ) from None
    if done.returncode != 0:
        raise GitError(f"`git cat-file --batch` failed in {git.cwd} reading {commit[:12]}.")
    out = done.stdout
    position = 0
    made: set[str] = set()
    for path, blob in files:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(
                f"git cannot read {path} ({blob[:12]}) of commit {commit[:12]}: "
                "fetch the missing objects (`git fetch`), then run again."
            )
        size = int(header[2])
        data = out[end + 1 : end + 1 + size]
        position = end + 1 + size + 1  # the content, then a newline
        target = os.path.join(dest, *path.split("/"))
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(target, "wb") as handle:
            handle.write(data)
    return len(files)
