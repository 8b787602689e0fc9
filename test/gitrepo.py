"""Real git repositories for tests: init, write and commit, tags, branches, merges, renames,
deletions, shallow clones (`git clone --depth 1 file://…`) and a detached HEAD.

Every commit gets its own committer date, one minute after the previous one, so tag order by
`committerdate` is deterministic; the user's git configuration is never read.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

#: The date of the first commit of every repository (seconds since the epoch).
EPOCH = 1_700_000_000


def git_env(when: int | None = None) -> dict[str, str]:
    """An environment isolated from the user's and system's git configuration."""
    env = dict(os.environ)
    env.update(
        {
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.com",
            "LC_ALL": "C",
        }
    )
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{when} +0000"
    return env


@dataclass
class GitRepo:
    """A git repository on disk (the work tree at `root`)."""

    root: Path
    clock: list[int] = field(default_factory=lambda: [EPOCH])

    @classmethod
    def init(cls, root: Path, branch: str = "main") -> GitRepo:
        """`git init` in `root` (created if needed), on `branch`."""
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        repo.git("init", "--quiet", f"--initial-branch={branch}")
        return repo

    def git(self, *args: str) -> str:
        """Run git in the work tree; a failure raises with git's message."""
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env=git_env(self.clock[0]),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def write(self, relative: str, text: str = "") -> Path:
        """Write a file (dedented) without committing it."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def commit(self, message: str = "change", files: dict[str, str] | None = None) -> str:
        """Write `files`, stage everything, commit; returns the new commit's SHA."""
        for relative, text in (files or {}).items():
            self.write(relative, text)
        self.git("add", "--all")
        self.clock[0] += 60
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def tag(self, name: str, ref: str = "HEAD", *, annotated: bool = False) -> None:
        if annotated:
            self.git("tag", "-a", "-m", name, name, ref)
        else:
            self.git("tag", name, ref)

    def tags(self) -> list[str]:
        return self.git("tag", "--list").split()

    def branch(self, name: str, *, checkout: bool = True) -> None:
        self.git("branch", name)
        if checkout:
            self.checkout(name)

    def checkout(self, ref: str) -> None:
        self.git("checkout", "--quiet", ref)

    def detach(self, ref: str = "HEAD") -> None:
        """Check out `ref` as a detached HEAD."""
        self.git("checkout", "--quiet", "--detach", ref)

    def merge(self, branch: str, message: str | None = None) -> str:
        """Merge `branch` into the current branch with a merge commit."""
        self.clock[0] += 60
        self.git("merge", "--quiet", "--no-ff", "-m", message or f"merge {branch}", branch)
        return self.head()

    def rename(self, old: str, new: str) -> None:
        """`git mv old new` (staged, not committed)."""
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def delete(self, relative: str) -> None:
        """`git rm -r` (staged, not committed)."""
        self.git("rm", "-r", "--quiet", relative)

    def shallow_clone(self, dest: Path, depth: int = 1, branch: str | None = None) -> GitRepo:
        """`git clone --depth N file://…` into `dest`: history and tags cut off as in CI."""
        args = ["clone", "--quiet", "--depth", str(depth)]
        if branch:
            args += ["--branch", branch]
        self.git(*args, self.root.as_uri(), str(dest))
        return GitRepo(dest, [self.clock[0]])

    def clone(self, dest: Path) -> GitRepo:
        """A full clone (all history and tags)."""
        self.git("clone", "--quiet", self.root.as_uri(), str(dest))
        return GitRepo(dest, [self.clock[0]])

    def is_clean(self) -> bool:
        return not self.git("status", "--porcelain").strip()
