"""What a running command reads: the inputs of a result that may be reused (`memo`).

A read command that opts in runs inside `recording()`; every place that reads the disk for it
notes what it read (`note_input`: a file read, a folder listed, a path probed and found
missing), with the stat it saw. Noting costs nothing when no command records.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from brickwork.runs.stat_key import StatKey, key_of, stat_key, trusted

Stat = StatKey | None
"""The stat key (`stat_key`: size, mtime_ns, ctime_ns, inode) of a path, or None when it is
missing."""


def _as_stat(found: os.stat_result | None) -> Stat:
    return None if found is None else key_of(found)


Effect = tuple[str, Any]
"""(kind, data): what of an input a result depends on, when less than its stat says. A changed
stat is then looked at closer: `("names", digest)` for a folder, the digest of its entries'
names and kinds (`listed_name`; a file saved by writing a new one and renaming it changes its
folder's mtime, not its entries); other kinds are checked by the component that read the input
(`reuse`'s `checkers`)."""


Notes = tuple[list[tuple[str, Stat]], list[tuple[str, Effect]]]
"""(stats, effects) noted by a forked copy, as (path, value) items."""


def names_digest(names: Iterable[str]) -> bytes:
    """A short digest of a folder's entry names as `listed_name` gives them (in any order).
    A name that is not UTF-8 on disk holds surrogates (`os.fsdecode`): encoded back as the
    bytes it was."""
    joined = "\0".join(sorted(names))
    return hashlib.blake2b(joined.encode("utf-8", "surrogateescape"), digest_size=12).digest()


LINK = "/@"
"""What `listed_name` puts after a symbolic link's name (no name holds a `/`)."""


def listed_name(entry: os.DirEntry[str]) -> str:
    """An entry of a listed folder as its listing's effect keeps it: the name, with `/` after
    a folder's and `/@` after a symbolic link's. Readers look at what each entry is: a file
    replaced by a folder of the same name changes the listing. (What a link points at is not
    in a listing: a reader that follows a link notes the link's path itself.)"""
    try:
        if entry.is_symlink():
            return entry.name + LINK
        if entry.is_dir(follow_symlinks=False):
            return entry.name + "/"
    except OSError:
        pass
    return entry.name


WHOLE: Effect = ("whole", None)
"""The effect of an input read for all it holds: no checker knows it, so a changed stat is a
change (what another reader noted of it does not count)."""


class Inputs:
    """What one run read: path -> the stat it had (None: probed and missing), and for some of
    them what of them the result depends on (`Effect`)."""

    def __init__(self) -> None:
        self.stats: dict[str, Stat] = {}
        self.effects: dict[str, Effect] = {}
        self.started = time.time_ns()

    def note(self, path: str | os.PathLike[str]) -> None:
        """A file read for all it holds (or a path probed): a changed stat is a change, even
        when another reader noted what of it its result depends on (`load` reads a grouping
        folder's `__init__.py` for code, the scan for imports)."""
        key = os.fspath(path)
        if key not in self.stats:
            self.stats[key] = stat_key(key)
        self.effects[key] = WHOLE

    def note_stat(self, path: str, stat: Stat, effect: Effect | None = None) -> None:
        """A stat the reader took itself (no second `stat`), with what of the input the
        result depends on (None: all of it)."""
        known = self.stats.setdefault(path, stat)
        if effect is not None and known == stat and path not in self.effects:
            # An existence probe noted it first: a checker that reads the file answers for
            # that too (the file must still be there and readable for it to say yes).
            self.effects[path] = effect

    def note_listing(self, path: str, names: Iterable[str]) -> None:
        """A folder whose entries were listed: its stat, and the digest of the names (as
        `listed_name` gives them)."""
        if path not in self.stats:
            self.stats[path] = stat_key(path)
            self.effects[path] = ("names", names_digest(names))

    def mark(self) -> tuple[int, int]:
        """Where the notes are now (for `since`: notes are only ever added, in order)."""
        return len(self.stats), len(self.effects)

    def since(self, mark: tuple[int, int]) -> Notes:
        """The notes added after `mark`, as plain data (what a forked copy sends back)."""
        return list(self.stats.items())[mark[0] :], list(self.effects.items())[mark[1] :]

    def merge(self, notes: Notes) -> None:
        """Add what another process noted (what was noted here first stays)."""
        for path, found in notes[0]:
            self.stats.setdefault(path, found)
        for path, effect in notes[1]:
            if effect == WHOLE:
                self.effects[path] = WHOLE
            else:
                self.effects.setdefault(path, effect)

    def trusted(self) -> bool:
        """Whether every input can be recognised by its stat next time: none changed within
        the last two seconds of the run's start (`stat_key.trusted`), none unreadable."""
        started = self.started
        return all(s is None or trusted(s, started) for s in self.stats.values())


_current: Inputs | None = None


def current_inputs() -> Inputs | None:
    """The inputs being recorded, or None (most runs: noting costs nothing then)."""
    return _current


def note_input(path: str | os.PathLike[str]) -> None:
    """Note that the running command read, listed or probed `path` (no-op unless recording)."""
    if _current is not None:
        _current.note(path)


def note_listing(path: str, names: Iterable[str]) -> None:
    """Note that the running command listed folder `path` and found `names`, each as
    `listed_name` gives it (no-op unless recording)."""
    if _current is not None:
        _current.note_listing(path, names)


def note_entries(folder: str, entries: Sequence[os.DirEntry[str]]) -> None:
    """Note that the running command listed `folder` and found `entries` (no-op unless
    recording): the listing, and the links among them by their own stat (what a link points
    at decides what it is to a reader)."""
    if _current is None:
        return
    names = [listed_name(e) for e in entries]
    _current.note_listing(folder, names)
    for entry, name in zip(entries, names, strict=True):
        if name.endswith(LINK):  # what it points at, not all it holds
            _current.note_stat(entry.path, stat_key(entry.path))


def list_folder(folder: str | os.PathLike[str]) -> list[os.DirEntry[str]] | None:
    """The entries of `folder`, noted as an input (`note_entries`); None when it cannot be
    listed (noted as read: missing or unreadable)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        note_input(folder)
        return None
    note_entries(os.fspath(folder), entries)
    return entries


def probe(path: str | os.PathLike[str]) -> os.stat_result | None:
    """`os.stat(path)`, None when it is missing or unreadable; noted as an input."""
    try:
        found: os.stat_result | None = os.stat(path)
    except OSError:
        found = None
    if _current is not None:
        _current.note_stat(os.fspath(path), _as_stat(found))
    return found


def is_file(path: str | os.PathLike[str]) -> bool:
    """`os.path.isfile`, noted as an input."""
    found = probe(path)
    return found is not None and stat.S_ISREG(found.st_mode)


def is_dir(path: str | os.PathLike[str]) -> bool:
    """`os.path.isdir`, noted as an input."""
    found = probe(path)
    return found is not None and stat.S_ISDIR(found.st_mode)


@contextlib.contextmanager
def recording() -> Iterator[Inputs]:
    """Record the inputs of the code run inside the block."""
    global _current
    previous, _current = _current, Inputs()
    try:
        yield _current
    finally:
        _current = previous
