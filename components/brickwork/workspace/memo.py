"""Reusing the result of an identical earlier run while none of its inputs changed.

A read command that opts in (`check`, `deps`) runs inside `inputs.recording()`, which notes
every file, folder and missing path it read, with the stat it saw. After the run its output,
notes and exit code are written to the analysis cache with those stats. The next run of the
same command (same options, same folder, same Brickwork, Python and environment variables)
stats every noted input; when all are as they were, it prints the stored result instead of
analysing again (ADR 0016).

Never trusted: a memo that is missing, truncated, not marshal, of another header or of the
wrong shape is a miss. A run none of whose inputs may be trusted by stat (one changed within
the last two seconds, or one unreadable) is not remembered.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from brickwork.workspace.config import find_root, load_config
from brickwork.workspace.errors import PolyError
from brickwork.workspace.inputs import RACY_NS, Inputs, listed_name, names_digest, stat_of
from brickwork.workspace.process import single_threaded, usable_cpus
from brickwork.workspace.snapshot import cache_folder, modules_digest, save_cache_file

MEMO_FORMAT = 1
"""Bump when the layout of a memo changes."""
_ENV_PREFIXES = ("POETRY_", "BRICKWORK_", "XDG_")
_ENV_NAMES = ("HOME", "APPDATA", "LOCALAPPDATA", "PYTHONPATH")
"""Environment variables that may change what a command reads (Poetry's folders, the cache)."""
_MARSHAL_VERSION = 4

_code: str | None = None


def code_version() -> str:
    """A digest of the name, size and mtime of every module of Brickwork (all its bricks):
    a new release or an edited development checkout makes every memo foreign."""
    global _code
    if _code is None:
        import brickwork

        packages: list[str] = []
        for top in sorted(brickwork.__path__):
            with contextlib.suppress(OSError), os.scandir(top) as entries:
                packages += [e.path for e in entries if not e.name.startswith((".", "__"))]
        _code = modules_digest(sorted(packages))
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
        if all(stats[path] == stat_of(path) for path in changed):  # all settled: store them
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
        now = stat_of(path)
        if stats[path] is None or now is None or type(effect) is not tuple or len(effect) != 2:
            return False
        check = checks.get(effect[0])
        try:
            data_now = check(path, effect[1]) if check is not None else None
        except Exception:  # a damaged effect: a miss
            return False
        if data_now is None:
            return False
        if now[0] >= 0 and now[1] < started - RACY_NS:
            stats[path] = now
            effects[path] = (effect[0], data_now)
    return True


def _store(folder: Path, name: str, memo: tuple[Any, ...], effects: dict[str, Any]) -> bool:
    """Write the parts of memo `name`: the effects first, then the main part, which names them
    by its token (a new token each time); never fails (False when it could not)."""
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
