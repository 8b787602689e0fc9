"""Stable points: the tag (or commit) a change set is measured from, and the next tag."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

from brickwork.changes.git import (
    SHALLOW_HINT,
    Git,
    GitError,
    create_tag,
    is_dirty,
    is_shallow,
    open_repository,
    resolve,
    tags_matching,
)
from brickwork.workspace import Config, PolyError, PolyFailure

#: Keys every workspace knows, with the pattern used when `[tool.polylith.tag.patterns]`
#: does not name them (`stable` falls back to `git_tag_pattern` first).
DEFAULT_PATTERNS = {"stable": "stable-*", "release": "v[0-9]*"}


@dataclass(frozen=True)
class StablePoint:
    """What `--since` resolved to."""

    given: str
    """The `--since` value (`stable` when none was given)."""
    sha: str
    tag: str | None = None
    """The tag found for a pattern key, or the tag named literally."""
    pattern: str | None = None
    """The glob of a pattern key (`stable-*`), None for a literal ref."""

    @property
    def label(self) -> str:
        return self.tag or self.given


def tag_pattern(config: Config, key: str) -> str | None:
    """The tag glob of a pattern key (`stable`, `release` or a `tag.patterns` key), else None."""
    if key in config.tag_patterns:
        return config.tag_patterns[key]
    if key == "stable":
        return config.git_tag_pattern or DEFAULT_PATTERNS["stable"]
    return DEFAULT_PATTERNS.get(key)


def _keys(config: Config) -> str:
    return ", ".join(sorted({*DEFAULT_PATTERNS, *config.tag_patterns}))


def find_stable_point(git: Git, config: Config, since: str | None = None) -> StablePoint:
    """The newest tag matching the pattern of key `since` (default `stable`), ordered by
    `tag.sorting`; or the tag, branch or commit `since` names. Nothing found: `PolyError`."""
    given = since or "stable"
    if resolve(git, "HEAD") is None:
        raise GitError(
            f"{git.cwd}: the repository has no commits yet: commit first, then tag a stable "
            "point (`poetry poly tag`) to compare with."
        )
    pattern = tag_pattern(config, given)
    shallow = is_shallow(git)
    if pattern is not None:
        tags = [t for t in tags_matching(git, pattern, config.tag_sorting) if t]
        if not tags:
            what = (
                SHALLOW_HINT
                if shallow
                else (
                    f"create one with `poetry poly tag {given}` (or `git tag <name> <commit>`), "
                    "or pass --since <tag or commit>"
                )
            )
            raise GitError(f"no tag matches {pattern!r} (--since {given}); {what}.")
        sha = resolve(git, f"refs/tags/{tags[0]}")
        if sha is None:  # pragma: no cover - a listed tag always resolves
            raise GitError(f"tag {tags[0]!r} names no commit.")
        return StablePoint(given, sha, tags[0], pattern)
    sha = resolve(git, given)
    if sha is None:
        hint = SHALLOW_HINT if shallow else "fetch it, or check the spelling"
        raise GitError(
            f"--since {given!r} is neither a tag pattern key ({_keys(config)}) nor a tag, "
            f"branch or commit of this repository; {hint}."
        )
    tag = given if resolve(git, f"refs/tags/{given}") is not None else None
    return StablePoint(given, sha, tag)


def tag_head(folder: Path, config: Config, key: str, *, create: bool, push: bool) -> str:
    """The next tag of pattern key `key` (see `next_tag`) for the repository holding
    `folder`; with `create`, made at HEAD (and pushed with `push`, see `create_tag`).

    An unknown key is a `PolyError` (exit 2); a repository without commits a `GitError` (exit 2,
    a dry run too: there is nothing to tag); a dirty working tree a `PolyFailure` (exit 1).
    A shallow clone is refused as `find_stable_point` refuses it (`GitError`, exit 2), even
    for a dry run: the tags it lacks may be on the remote, so any number proposed could be
    taken already."""
    pattern = tag_pattern(config, key)
    if pattern is None:
        raise PolyError(
            f"{key!r} is not a tag pattern key; use one of: {_keys(config)} "
            "(or add it under [tool.polylith.tag.patterns])."
        )
    git, _prefix = open_repository(folder)
    if resolve(git, "HEAD") is None:  # before anything else: stashing or tagging needs a commit
        raise GitError(f"{git.cwd}: the repository has no commits yet: commit first, then tag.")
    if is_shallow(git):
        raise GitError(
            f"nothing tagged: the next {pattern!r} tag cannot be known here, the remote may "
            f"have newer ones; {SHALLOW_HINT}."
        )
    existing = tags_matching(git, pattern, config.tag_sorting)
    tag = next_tag(pattern, [t for t in existing if t])
    if create:
        if is_dirty(git):
            raise PolyFailure(
                "the working tree has uncommitted changes; commit or stash them, then tag "
                "(a stable point names a commit, not the files on disk)."
            )
        create_tag(git, tag, push=push)
    return tag


_GLOB = re.compile(r"[*?\[]")


def next_tag(pattern: str, existing: list[str]) -> str:
    """The tag after `existing` for `pattern`: `stable-<n+1>` for counters, the next patch
    release (`v1.4.3` -> `v1.4.4`) for versions; the first is `<prefix>1` or `<prefix>0.1.0`."""
    match = _GLOB.search(pattern)
    prefix = pattern[: match.start()] if match else pattern
    numbers: list[tuple[int, ...]] = []
    for tag in existing:
        rest = tag[len(prefix) :] if tag.startswith(prefix) else ""
        if re.fullmatch(r"\d+(\.\d+)*", rest):
            numbers.append(tuple(int(p) for p in rest.split(".")))
    if numbers:
        top = max(numbers)
        candidate = prefix + ".".join(map(str, (*top[:-1], top[-1] + 1)))
    else:
        counter = pattern == prefix + "*"
        candidate = prefix + ("1" if counter else "0.1.0")
    if not fnmatch.fnmatchcase(candidate, pattern):
        raise PolyError(
            f"cannot work out the next tag for pattern {pattern!r} (tried {candidate!r}); "
            "create it with `git tag`."
        )
    return candidate
