"""A commit's workspace, read from git objects into a private folder: no checkout, nothing in
the work tree or the index changes.

Only what the analysis reads is written: `workspace.toml`, the development project's file, and
below `components/`, `bases/`, `projects/` and `development/` the Python sources and project
files. Test folders of the loose theme (`test/`) make no brick edge and are left out. The
blobs come from one `git ls-tree -r` and one `git cat-file --batch`: a 2,000-brick workspace
costs two git processes and a few thousand small writes, instead of teaching every loader to
read git objects.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from brickwork.changes.git import Git, GitError

#: Top-level folders of a workspace the analysis reads.
READ_FOLDERS = ("components/", "bases/", "projects/", "development/")
#: Files at the workspace root the analysis reads.
READ_FILES = ("workspace.toml", "pyproject.toml")
#: Regular files (plain and executable); links and submodules are not written.
_FILE_MODES = ("100644", "100755")


def _wanted(path: str) -> bool:
    """Workspace files, project files and Python sources: nothing else shapes the graph
    (data files, docs and assets below a brick are left out)."""
    if path in READ_FILES:
        return True
    if not path.startswith(READ_FOLDERS):
        return False
    return path.endswith(".py") or path.rpartition("/")[2] == "pyproject.toml"


TreeFile = tuple[str, str, int]
"""(path inside the workspace, blob id, size in bytes)."""


def tree_files(git: Git, commit: str, prefix: str) -> list[TreeFile]:
    """Every file the analysis reads at `commit`; `prefix` is the workspace folder inside the
    repository (`""` or `sub/dir/`). Paths that could leave the folder are not listed."""
    args = ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]
    if prefix:
        args += ["--", prefix.rstrip("/")]
    found: list[TreeFile] = []
    for entry in git.null_separated(*args):
        meta, _, path = entry.partition("\t")
        mode, kind, blob, size = [*meta.split(), "", "", "", ""][:4]
        if kind != "blob" or mode not in _FILE_MODES or not path.startswith(prefix):
            continue
        inside = path[len(prefix) :]
        if _wanted(inside) and _safe(inside) and size.isdigit():
            found.append((inside, blob, int(size)))
    return found


#: Where a private folder is made when it fits there: memory, not disk. Writing thousands of
#: small files to a disk costs seconds of system time; to tmpfs, a tenth of a second.
MEMORY_FOLDERS = ("/dev/shm",)
#: Room to leave free in a memory folder: at least this much, and twice what is written.
_SPARE = 64 << 20


def private_parent(size: int) -> str | None:
    """The folder to make a private temporary folder in for `size` bytes of files: a memory
    folder with room to spare, else None (the system's temporary folder)."""
    for folder in MEMORY_FOLDERS:
        try:
            if not os.path.isdir(folder) or not os.access(folder, os.W_OK | os.X_OK):
                continue
            free = shutil.disk_usage(folder).free
        except OSError:
            continue
        if free > 2 * size + _SPARE:
            return folder
    return None


def _safe(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and ".." not in parts and "" not in parts


def materialize(git: Git, commit: str, files: list[TreeFile], dest: Path) -> int:
    """Write `files` (`tree_files` of `commit`) below `dest` (a private folder); how many were
    written. A blob git cannot read is a `GitError`, never a missing file."""
    if not files:
        return 0
    request = "".join(f"{blob}\n" for _, blob, _ in files).encode()
    done = git.run("cat-file", "--batch", check=False, input=request)
    if done.returncode != 0:
        raise GitError(f"`git cat-file --batch` failed in {git.cwd} reading {commit[:12]}.")
    out = done.stdout
    position = 0
    made: set[str] = set()
    for path, blob, _ in files:
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
