"""The one way Brickwork runs git: every call checks its exit code; failures are `PolyError`s
that say what to do. Nothing here ever turns an error into "no changes"."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from brickwork.workspace import PolyError, PolyFailure

#: What to tell a user whose clone lacks history or tags (GitHub Actions clones one commit).
SHALLOW_HINT = (
    "the clone is shallow: fetch the history and tags first "
    "(`git fetch --tags --unshallow`, or `fetch-depth: 0` in actions/checkout)"
)


class GitError(PolyError):
    """git is missing, the folder is no repository, or a git command failed (exit 2)."""


#: How git starts the lines that say why a command failed (`!` and `remote:` from a push).
_WHY = ("fatal:", "error:", "!", "remote:")
#: Lines git adds to a failure that say nothing about this one.
_NOISE = ("hint:", "To ", "Please make sure you have", "and the repository exists")
_MAX_REASON = 400


def reason(done: subprocess.CompletedProcess[bytes]) -> str:
    """Why a git call failed, on one line: its `fatal:`/`error:` lines, a push's rejected refs
    (`! [rejected] … (already exists)`), the remote's own words and a command git suggests,
    without hints and boilerplate; else every other line; else the exit code."""
    lines = [" ".join(line.split()) for line in done.stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line not in ("", "remote:") and not line.startswith(_NOISE)]
    why = [line for line in lines if line.startswith((*_WHY, "git "))] or lines
    parts = list(dict.fromkeys(_drop_prefix(line) for line in why))
    text = "; ".join(part for part in parts if part)
    if len(text) > _MAX_REASON:
        text = text[: _MAX_REASON - 1].rstrip() + "…"
    return text or f"exit code {done.returncode}"


def _drop_prefix(line: str) -> str:
    if line.startswith("git "):  # the command git suggests (`git config … safe.directory …`)
        return f"run `{line}`"
    for prefix in ("fatal:", "error:", "remote: error:", "remote: fatal:"):
        if line.startswith(prefix):
            line = line[len(prefix) :].strip()
            break
    return line.rstrip(".")


@dataclass(frozen=True)
class Git:
    """git, run in one folder of a repository."""

    cwd: Path

    def run(
        self, *args: str, check: bool = True, input: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        """Run `git args…` (`input` on its stdin); with `check`, a non-zero exit is a
        `GitError` quoting git."""
        env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
        env.pop("GIT_DIR", None)
        env.pop("GIT_WORK_TREE", None)
        command = ["git", "-c", "core.quotepath=off", *args]
        try:
            done = subprocess.run(
                command, cwd=self.cwd, env=env, input=input, capture_output=True, check=False
            )
        except FileNotFoundError:
            raise GitError(
                "git was not found on PATH; install git to compare with a stable point."
            ) from None
        if check and done.returncode != 0:
            detail = reason(done)
            raise GitError(f"`git {' '.join(args)}` failed in {self.cwd}: {detail}")
        return done

    def text(self, *args: str) -> str:
        """The stripped stdout of a successful call."""
        return self.run(*args).stdout.decode("utf-8", "replace").strip()

    def null_separated(self, *args: str) -> list[str]:
        """The NUL-separated fields of a successful call's stdout (`-z` output)."""
        out = self.run(*args).stdout.decode("utf-8", "surrogateescape")
        return [field for field in out.split("\0") if field]


def open_repository(folder: Path) -> tuple[Git, str]:
    """git at the top of the repository holding `folder`, and `folder`'s path inside it
    (`""` at the top, else `sub/dir/`). Not a repository: `GitError`."""
    here = Git(folder)
    done = here.run("rev-parse", "--show-toplevel", "--show-prefix", check=False)
    if done.returncode != 0:
        detail = reason(done)
        if "not a git repository" not in detail:  # dubious ownership, a broken .git, ...
            raise GitError(f"git cannot read the repository holding {folder}: {detail}")
        raise GitError(
            f"{folder} is not inside a git repository; diff, test and tag compare commits, "
            "so run them in a clone (or `git init` and commit first)."
        )
    lines = done.stdout.decode("utf-8", "surrogateescape").split("\n")
    top = Path(lines[0])
    prefix = lines[1] if len(lines) > 1 else ""
    return Git(top), prefix


def is_shallow(git: Git) -> bool:
    return git.text("rev-parse", "--is-shallow-repository") == "true"


def resolve(git: Git, ref: str) -> str | None:
    """The commit SHA that `ref` names, or None when it names nothing."""
    if ref.startswith("-"):
        return None
    done = git.run(
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", check=False
    )
    sha = done.stdout.decode().strip()
    return sha if done.returncode == 0 and sha else None


def head(git: Git) -> str:
    sha = resolve(git, "HEAD")
    if sha is None:
        raise GitError(f"{git.cwd}: the repository has no commits yet: commit first.")
    return sha


def tags_matching(git: Git, pattern: str, sorting: tuple[str, ...]) -> list[str]:
    """Tags matching the glob `pattern`, in `sorting` order (the first key is the primary one;
    ties go to the higher version: `stable-10` before `stable-9` on the same commit).

    `committerdate` is the date of the tagged commit for annotated tags too (git leaves it
    empty for a tag object, which would sort annotated tags last)."""
    if not pattern:
        return []
    by_commit_date = [key.lstrip("-") for key in sorting] == ["committerdate"]
    keys = ["-v:refname"] if by_commit_date else ["-v:refname", *reversed(sorting)]
    sorts = [f"--sort={key}" for key in keys]  # git: the last --sort is the primary key
    fields = "%(refname:strip=2)%00%(committerdate:unix)%00%(*committerdate:unix)"
    rows = [
        line.split("\0")
        for line in git.text("tag", "--list", *sorts, "--format", fields, pattern).splitlines()
        if line
    ]
    if by_commit_date:
        newest_first = sorting[0].startswith("-")

        def date(row: list[str]) -> int:
            value = int(row[1] or row[2] or 0)
            return -value if newest_first else value

        rows.sort(key=date)
    return [row[0] for row in rows]


def merge_base(git: Git, a: str, b: str) -> str | None:
    """The best common ancestor of two commits; None when git finds none."""
    done = git.run("merge-base", a, b, check=False)
    if done.returncode == 1 and not done.stdout.strip():
        return None
    if done.returncode != 0:
        raise GitError(f"`git merge-base {a} {b}` failed in {git.cwd}: {reason(done)}")
    return done.stdout.decode().strip()


def _name_status(fields: list[str]) -> list[tuple[str, str, str | None]]:
    """(status letter, path, old path of a rename or copy) from `--name-status -z` fields."""
    out: list[tuple[str, str, str | None]] = []
    index = 0
    while index < len(fields):
        status = fields[index]
        if status[:1] in ("R", "C"):
            out.append((status[0], fields[index + 2], fields[index + 1]))
            index += 3
        else:
            out.append((status[:1], fields[index + 1], None))
            index += 2
    return out


def changed_paths(git: Git, base: str, *, working_tree: bool) -> list[tuple[str, str, str | None]]:
    """(status, repository path, old path) of every file changed since commit `base`: up to
    HEAD, or up to the working tree (staged, unstaged, untracked but not ignored)."""
    diff = ["diff", "--name-status", "-z", "--find-renames", "--no-color", "--no-ext-diff"]
    target = [base] if working_tree else [base, "HEAD"]
    found = _name_status(git.null_separated(*diff, *target, "--"))
    if working_tree:
        untracked = git.null_separated("ls-files", "--others", "--exclude-standard", "-z")
        found += [("?", path, None) for path in untracked]
    return found


def show(git: Git, commit: str, path: str) -> str | None:
    """The text of the file at repository path `path` in `commit`; None when `commit` has no
    file there. A file git cannot read (a missing object, a partial clone offline) is a
    `GitError`, never "not there": that would read as a changed or emptied file."""
    entry = git.null_separated("ls-tree", "-z", "--full-tree", commit, "--", path)
    meta = entry[0].split("\t", 1)[0].split() if entry else []
    if len(meta) != 3 or meta[1] != "blob":
        return None
    return git.run("cat-file", "blob", meta[2]).stdout.decode("utf-8", "replace")


def is_dirty(git: Git) -> bool:
    """Whether tracked files differ from HEAD (staged or not)."""
    return bool(git.text("status", "--porcelain", "--untracked-files=no"))


def create_tag(git: Git, name: str, *, push: bool = False, remote: str = "origin") -> None:
    """A lightweight tag `name` at HEAD (sorted by the commit's date), optionally pushed.

    A push that fails (or is interrupted) deletes the tag again: a tag only ever exists
    locally when `push` was not asked for or the remote has it too."""
    if resolve(git, f"refs/tags/{name}") is not None:
        raise PolyFailure(f"tag {name!r} exists already; nothing was tagged.")
    sha = head(git)
    git.run("tag", name, sha)
    if not push:
        return
    try:
        done = git.run("push", remote, f"refs/tags/{name}", check=False)
    except BaseException:
        _untag(git, name, sha)
        raise
    if done.returncode == 0:
        return
    why = reason(done)
    kept = _untag(git, name, sha)
    hint = "; `git fetch --tags` shows the remote's tags" if "already exists" in why else ""
    raise GitError(f"pushing tag {name!r} to {remote!r} failed: {why}; {kept}{hint}.")


def _untag(git: Git, name: str, sha: str) -> str:
    """Delete the local tag `name` created at `sha`; says what is left behind."""
    done = git.run("update-ref", "-d", f"refs/tags/{name}", sha, check=False)
    if done.returncode == 0:
        return "the local tag was deleted, nothing was tagged"
    return f"the local tag could not be deleted ({reason(done)}): `git tag -d {name}`"
