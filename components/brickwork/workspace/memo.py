"""Reusing the result of an identical earlier run while none of its inputs changed.

A read command that opts in (`check`, `deps`) runs inside `recording()`: every place that
reads the disk for it notes what it read (`note_input`: a file read, a folder listed, a path
probed and found missing), with the stat it saw. After the run its output, notes and exit
code are written to the analysis cache with those stats. The next run of the same command
(same options, same folder, same Brickwork, Python and environment variables) stats every
noted input; when all are as they were, it prints the stored result instead of analysing
again (ADR 0016).

Never trusted: a memo that is missing, truncated, not marshal, of another header or of the
wrong shape is a miss. A run none of whose inputs may be trusted by stat (one changed within
the last two seconds, or one unreadable) is not remembered.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from brickwork.workspace.process import single_threaded, usable_cpus

MEMO_FORMAT = 1
"""Bump when the layout of a memo changes."""
_RACY_NS = 2_000_000_000
"""An input changed this recently may change again within the same mtime tick."""
_ENV_PREFIXES = ("POETRY_", "BRICKWORK_", "XDG_")
_ENV_NAMES = ("HOME", "APPDATA", "LOCALAPPDATA", "PYTHONPATH")
"""Environment variables that may change what a command reads (Poetry's folders, the cache)."""
_MARSHAL_VERSION = 4

Stat = tuple[int, int, int] | None
"""(size, mtime_ns, inode) of a path, or None when it is missing."""


def _stat(path: str) -> Stat:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ino)


Effect = tuple[str, Any]
"""(kind, data): what of an input a result depends on, when less than its stat says. A changed
stat is then looked at closer: `("names", digest)` for a folder, the digest of its entries'
names and kinds (`listed_name`; a file saved by writing a new one and renaming it changes its
folder's mtime, not its entries); other kinds are checked by the component that read the input
(`reuse`'s `checkers`)."""


def names_digest(names: Iterable[str]) -> bytes:
    """A short digest of a folder's entry names as `listed_name` gives them (in any order)."""
    return hashlib.blake2b("\0".join(sorted(names)).encode(), digest_size=12).digest()


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


class Inputs:
    """What one run read: path -> the stat it had (None: probed and missing), and for some of
    them what of them the result depends on (`Effect`)."""

    def __init__(self) -> None:
        self.stats: dict[str, Stat] = {}
        self.effects: dict[str, Effect] = {}
        self.started = time.time_ns()
        self.unsafe: str | None = None
        """Why this run's result may not be reused (set by a reader that cannot say what it
        read); None when it may."""

    def note(self, path: str | os.PathLike[str]) -> None:
        key = os.fspath(path)
        if key not in self.stats:
            self.stats[key] = _stat(key)

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
            self.stats[path] = _stat(path)
            self.effects[path] = ("names", names_digest(names))

    def refuse(self, reason: str) -> None:
        self.unsafe = self.unsafe or reason

    def trusted(self) -> bool:
        """Whether every input can be recognised by its stat next time: none changed within
        the last two seconds of the run's start (its mtime may not change on the next edit),
        none unreadable, and no reader refused."""
        if self.unsafe is not None:
            return False
        recent = self.started - _RACY_NS
        return all(s is None or (s[0] >= 0 and s[1] < recent) for s in self.stats.values())


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


def probe(path: str | os.PathLike[str]) -> os.stat_result | None:
    """`os.stat(path)`, None when it is missing or unreadable; noted as an input."""
    try:
        found: os.stat_result | None = os.stat(path)
    except OSError:
        found = None
    if _current is not None:
        seen: Stat = None if found is None else (found.st_size, found.st_mtime_ns, found.st_ino)
        _current.note_stat(os.fspath(path), seen)
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


_code: str | None = None


def code_version() -> str:
    """A digest of the name, size and mtime of every module of Brickwork (all its bricks):
    a new release or an edited development checkout makes every memo foreign."""
    global _code
    if _code is None:
        import brickwork

        stats: list[str] = []
        for top in sorted(brickwork.__path__):
            with contextlib.suppress(OSError), os.scandir(top) as packages:
                for package in sorted(packages, key=lambda e: e.name):
                    if package.name.startswith((".", "__")):
                        continue
                    with contextlib.suppress(OSError), os.scandir(package.path) as entries:
                        for entry in sorted(entries, key=lambda e: e.name):
                            if entry.name.endswith(".py"):
                                seen = entry.stat()
                                stats.append(f"{entry.path}:{seen.st_size}:{seen.st_mtime_ns}")
        _code = hashlib.blake2b("\n".join(stats).encode(), digest_size=12).hexdigest()
    return _code


def _header(name: str, key: tuple[Any, ...]) -> tuple[Any, ...]:
    environment = tuple(
        sorted(
            (k, v) for k, v in os.environ.items() if k.startswith(_ENV_PREFIXES) or k in _ENV_NAMES
        )
    )
    return (
        "brickwork-memo",
        name,
        MEMO_FORMAT,
        code_version(),
        sys.version,
        sys.platform,
        environment,
        key,
    )


def memo_folder(start: Path) -> Path | None:
    """The analysis cache folder of the workspace at or above `start`; None when there is no
    workspace, its configuration cannot be read (the command says why) or the cache is off."""
    from brickwork.workspace.config import find_root, load_config
    from brickwork.workspace.errors import PolyError
    from brickwork.workspace.snapshot import cache_folder

    try:
        root = find_root(start)
        return cache_folder(root, load_config(root))
    except PolyError:
        return None


def _file(folder: Path, name: str, part: str = "memo") -> Path:
    return folder / f"{name}.{part}.marshal"


_MAX_CHANGED = 200
"""More changed inputs than this: analysing again is cheaper than looking at each closer."""
_PARALLEL_MIN = 30000
"""Below this many inputs, a second process to share the stats costs more than it saves."""

Checker = Callable[[str, Any], Any]
"""(path, effect data) -> the input's effect data now when the result still holds for it
(updated: a new content digest), None when it may not."""


def _changed(items: Sequence[tuple[str, Any]], limit: int) -> list[str] | None:
    """The paths whose stat is not the stored one (at most `limit`; None: more than that, or
    a damaged memo)."""
    stat_of = os.stat
    changed: list[str] = []
    try:
        for path, want in items:
            try:
                now = stat_of(path)
            except OSError:
                if want is None:
                    continue
                changed.append(path)
            else:
                if (
                    want is None
                    or now.st_mtime_ns != want[1]
                    or now.st_size != want[0]
                    or now.st_ino != want[2]
                ):
                    changed.append(path)
            if len(changed) > limit:
                return None
    except (TypeError, IndexError, ValueError):
        return None
    return changed


def _changed_in_parallel(items: Sequence[tuple[str, Any]], limit: int) -> list[str] | None:
    """`_changed`, half of the stats in a forked child when that pays off: the stats of
    10^5 files are most of a warm run, and the kernel answers two processes at once."""
    fork = getattr(os, "fork", None)
    if fork is None or len(items) < _PARALLEL_MIN or usable_cpus() < 2 or not single_threaded():
        return _changed(items, limit)
    half = len(items) // 2
    reader, writer = os.pipe()
    try:
        child = fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return _changed(items, limit)
    if child == 0:  # pragma: no cover - runs in the child, which never returns
        code = 1
        try:
            os.close(reader)
            found = _changed(items[:half], limit)
            answer = b"\1" if found is None else "\0".join(found).encode("utf-8", "surrogateescape")
            with os.fdopen(writer, "wb") as stream:
                stream.write(answer)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    mine = _changed(items[half:], limit)
    with os.fdopen(reader, "rb") as stream:
        answer = stream.read()
    _, status = os.waitpid(child, 0)
    if mine is None or answer == b"\1" or status != 0:
        return None
    theirs = answer.decode("utf-8", "surrogateescape").split("\0") if answer else []
    return theirs + mine if len(theirs) + len(mine) <= limit else None


def _same_names(path: str, digest: Any) -> Any:
    try:
        with os.scandir(path) as entries:
            names = [listed_name(entry) for entry in entries]
    except OSError:
        return None
    return digest if names_digest(names) == digest else None


class Reused:
    """A stored result that still holds: its payload, and how many inputs were checked."""

    def __init__(self, payload: Any, checked: int, looked_closer: int) -> None:
        self.payload = payload
        self.checked = checked
        self.looked_closer = looked_closer
        """How many inputs had another stat but the same effect (a touched or re-saved file)."""


def reuse(
    folder: Path | None,
    name: str,
    key: tuple[Any, ...],
    checkers: Mapping[str, Checker] | None = None,
) -> Reused | None:
    """The memo `name` when it was written by an identical run and none of its inputs changed
    since, or changed only where the result does not look (`checkers`: effect kind -> check);
    None otherwise. A memo whose changed inputs are all settled is stored again with their
    stats, so the next run does not look at them closer again."""
    if folder is None:
        return None
    target = _file(folder, name)
    try:
        data: Any = marshal.loads(target.read_bytes())
    except Exception:  # missing, unreadable, truncated or corrupt: a miss
        return None
    if type(data) is not tuple or len(data) != 4 or data[0] != _header(name, key):
        return None
    _, stats, token, payload = data
    if type(stats) is not dict:
        return None
    changed = _changed_in_parallel(list(stats.items()), _MAX_CHANGED)
    if changed is None:
        return None
    if changed:
        effects = _effects(folder, name, token, changed)
        if effects is None or not _settle(changed, stats, effects, checkers):
            return None
        if all(stats[path] == _stat(path) for path in changed):  # all settled: store them
            all_effects = _effects(folder, name, token, stats)
            if all_effects is not None:
                all_effects.update(effects)
                _store(folder, name, (data[0], stats, os.urandom(8), payload), all_effects)
    return Reused(payload, len(stats), len(changed))


_SHARDS = 32
"""The effects are stored in this many files by path: a run with a few changed inputs reads a
few small files, not the effects of every input."""


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % _SHARDS


def _effects(folder: Path, name: str, token: Any, paths: Iterable[str]) -> dict[str, Any] | None:
    """The effects of `paths` from memo `name`'s shards, when written with the same token."""
    found: dict[str, Any] = {}
    for shard in sorted({_shard(p) for p in paths}):
        try:
            data: Any = marshal.loads(_file(folder, name, f"effects-{shard:02d}").read_bytes())
        except Exception:
            return None
        if type(data) is not tuple or len(data) != 2 or data[0] != token:
            return None
        if type(data[1]) is not dict:
            return None
        found.update(data[1])
    return found


def _settle(
    changed: Iterable[str],
    stats: dict[str, Any],
    effects: dict[str, Any],
    checkers: Mapping[str, Checker] | None,
) -> bool:
    """Whether the result holds for every changed input (its effect is the same); updates the
    stats and effects of those whose new stat can be trusted next time."""
    checks: dict[str, Checker] = {"names": _same_names, **(checkers or {})}
    started = time.time_ns()
    for path in changed:
        effect = effects.get(path)
        now = _stat(path)
        if stats[path] is None or now is None or type(effect) is not tuple or len(effect) != 2:
            return False
        check = checks.get(effect[0])
        try:
            data_now = check(path, effect[1]) if check is not None else None
        except Exception:  # a damaged effect: a miss
            return False
        if data_now is None:
            return False
        if now[0] >= 0 and now[1] < started - _RACY_NS:
            stats[path] = now
            effects[path] = (effect[0], data_now)
    return True


def _store(folder: Path, name: str, memo: tuple[Any, ...], effects: dict[str, Any]) -> bool:
    """Write the parts of memo `name`: the effects first, then the main part, which names them
    by its token (a new token each time); never fails (False when it could not)."""
    from brickwork.workspace.snapshot import save_cache_file

    try:
        token = memo[2]
        shards: list[dict[str, Any]] = [{} for _ in range(_SHARDS)]
        for path, effect in effects.items():
            shards[_shard(path)][path] = effect
        for shard, part in enumerate(shards):
            blob = marshal.dumps((token, part), _MARSHAL_VERSION)
            save_cache_file(folder, _file(folder, name, f"effects-{shard:02d}").name, blob)
        save_cache_file(folder, _file(folder, name).name, marshal.dumps(memo, _MARSHAL_VERSION))
    except (OSError, ValueError):
        return False
    return True


def remember(
    folder: Path | None, name: str, key: tuple[Any, ...], inputs: Inputs, payload: Any
) -> bool:
    """Store `payload` as memo `name` when every input can be trusted; never fails (False
    when nothing was written). A run that cannot be remembered removes an older memo."""
    if folder is None:
        return False
    if not inputs.trusted():
        with contextlib.suppress(OSError):
            _file(folder, name).unlink()
        return False
    token = os.urandom(8)
    return _store(folder, name, (_header(name, key), inputs.stats, token, payload), inputs.effects)
