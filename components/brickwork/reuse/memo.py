"""Reusing what an identical earlier run found while none of its inputs changed.

A read command runs its analysis inside `runs.recording()`, which notes every file, folder and
missing path it read, with the stat key it saw. After the run the analysis is written to the
cache with those keys. The next run with the same key (the same selection, Brickwork, Python
and environment variables) stats every noted input; when all are as they were, or changed only
where the analysis does not look (a touched file: its scan is the same), it reads the stored
analysis instead of analysing again (ADR 0016, ADR 0029).

Never trusted: a memo that is missing, truncated, not marshal, of another header, whose
checksum does not match or of the wrong shape is a miss. An input that changed within the last
two seconds (its next change may keep its stat key) is stored as `_UNSURE` when its effect is
known, so that every later run looks at it closer until one can trust its stat; a run with such
an input whose effect is not known, or with an unreadable one, is not remembered.

Layout of `<command>.memo.marshal`: `(header, crc32 of body, body)`, where body is the marshal of
`(paths, stats, tokens, payload)`: the inputs' paths, their stat keys (`runs.stat_key`: size,
mtime_ns, ctime_ns, inode) packed as 64-bit integers in one `bytes` (`KEY_WIDTH` per path; -1s
for a path that was missing, `_UNSURE` for one too recent to trust), the digest of each effects
shard's content (a shard that did not change is not written again), and the result. Packed
stats load ~6x faster than a dict of tuples (8 MB, 100,000 inputs: 10 ms instead of 60). A
result that is a dict of named parts is stored as `(_PARTS, {name: marshal of the part})` and
read back as `Parts`: a part is unmarshalled when a view asks for it (a warm `check` reads the
check part only, not the graph and the library analysis beside it).
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import marshal
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from brickwork.runs import (
    KEY_WIDTH,
    MARSHAL_VERSION,
    MISS,
    WHOLE,
    Inputs,
    Notes,
    can_fork,
    code_version,
    dump_cache,
    fork_copy,
    key_of,
    listed_name,
    names_digest,
    read_answer,
    read_cache,
    save_cache_file,
    stat_key,
    trusted,
    wrap_cache,
)
from brickwork.workspace import PolyError, cache_folder, find_root, load_config

MEMO_FORMAT = 6
"""Bump when the layout of a memo changes."""
_ENV_PREFIXES = ("POETRY_", "BRICKWORK_", "XDG_")
_ENV_NAMES = ("HOME", "APPDATA", "LOCALAPPDATA", "PYTHONPATH")
"""Environment variables that may change what a command reads (Poetry's folders, the cache)."""


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
_PARALLEL_MIN = 8000
"""Below this many inputs, a second process to share the stats costs more than it saves."""

Checker = Callable[[str, Any], Any]
"""(path, effect data) -> the input's effect data now when the result still holds for it
(updated: a new content digest), None when it may not."""


_MISSING = (-1,) * KEY_WIDTH
"""The packed stat key of an input that was missing."""
_UNSURE = (-2,) + (0,) * (KEY_WIDTH - 1)
"""The packed stat key of an input that changed too recently for its stat to be trusted: no
stat matches it, so every run looks at it closer (its effect) until one can store its stat."""


def _packed(stats: Iterable[Any]) -> bytes:
    values = array.array("q")
    for stat in stats:
        values.extend(_MISSING if stat is None else stat)
    return values.tobytes()


def _unpacked(packed: bytes, count: int) -> array.array[int] | None:
    if len(packed) != 8 * KEY_WIDTH * count:  # a key of 8-byte integers a path
        return None
    values = array.array("q")
    values.frombytes(packed)
    return values


def _stat_at(values: array.array[int], index: int) -> Any:
    found = tuple(values[KEY_WIDTH * index : KEY_WIDTH * (index + 1)])
    return None if found == _MISSING else found


def _changed(
    paths: Sequence[str], values: array.array[int], limit: int, start: int = 0
) -> list[int] | None:
    """The indexes (from `start`) of the paths whose stat is not the stored one (at most
    `limit`; None: more than that). `values`: the stored stat keys, `KEY_WIDTH` per path."""
    stat_of = os.stat
    changed: list[int] = []
    numbers = iter(values.tolist())  # plain ints at once: cheaper than one at a time
    keys = zip(*[numbers] * KEY_WIDTH, strict=False)  # one stored key a path, as a tuple
    index = start - 1
    for path, stored in zip(paths, keys, strict=False):
        index += 1
        try:
            now = stat_of(path)
        except OSError:
            if stored == _MISSING:
                continue
            changed.append(index)
        else:
            if key_of(now) != stored:
                changed.append(index)  # (a missing path's -1s never match a stat)
        if len(changed) > limit:
            return None
    return changed


def _changed_in_parallel(
    paths: Sequence[str], values: array.array[int], limit: int
) -> list[int] | None:
    """`_changed`, half of the stats in a forked child when that pays off: the stats of
    10^5 files are most of a warm run, and the kernel answers two processes at once."""
    if len(paths) < _PARALLEL_MIN or not can_fork():
        return _changed(paths, values, limit)
    half = len(paths) // 2

    def answer() -> bytes:  # b"\0" and the indexes, or b"\1": more than `limit`
        found = _changed(paths[:half], values[: KEY_WIDTH * half], limit)
        return b"\1" if found is None else b"\0" + array.array("q", found).tobytes()

    copy = fork_copy(answer)
    if copy is None:
        return _changed(paths, values, limit)
    mine = _changed(paths[half:], values[KEY_WIDTH * half :], limit, half)
    data = read_answer(copy)
    if mine is None or not data.startswith(b"\0") or (len(data) - 1) % 8:
        return None  # too many changed, or a copy that failed: a miss
    theirs = array.array("q", data[1:]).tolist()
    return theirs + mine if len(theirs) + len(mine) <= limit else None


def _same_names(path: str, digest: Any) -> Any:
    try:
        with os.scandir(path) as entries:
            names = [listed_name(entry) for entry in entries]
    except OSError:
        return None
    return digest if names_digest(names) == digest else None


_PARTS = "brickwork-parts"
"""The tag of a stored result made of named parts, each marshalled on its own."""


class Parts(Mapping[str, Any]):
    """A result of named parts read back from a memo: each part is unmarshalled when it is
    first asked for (the body's checksum covers them all)."""

    def __init__(self, raw: dict[str, bytes]) -> None:
        self._raw = raw
        self._made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            self._made[name] = marshal.loads(self._raw[name])
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def raw(self, name: str) -> bytes | None:
        """The part as stored, when it was not asked for (nothing to marshal again)."""
        return None if name in self._made else self._raw.get(name)


def _stored(payload: Any) -> Any:
    """`payload` as a memo holds it: a dict of named parts with each part marshalled apart
    (a part of a `Parts` that nobody asked for is kept as it was read)."""
    if isinstance(payload, Parts | dict) and all(type(k) is str for k in payload):
        parts = {}
        for name in payload:
            raw = payload.raw(name) if isinstance(payload, Parts) else None
            parts[name] = raw if raw is not None else marshal.dumps(payload[name], MARSHAL_VERSION)
        return (_PARTS, parts)
    return payload


def _read_back(payload: Any) -> Any:
    """The result a memo holds, its named parts as `Parts`."""
    if (
        type(payload) is tuple
        and len(payload) == 2
        and payload[0] == _PARTS
        and type(payload[1]) is dict
        and all(type(k) is str and type(v) is bytes for k, v in payload[1].items())
    ):
        return Parts(payload[1])
    return payload


class Reused:
    """A stored result that still holds: its payload, and how many inputs were checked."""

    def __init__(
        self,
        payload: Any,
        checked: int,
        looked_closer: int,
        inputs: Callable[[], Notes] | None = None,
    ) -> None:
        self.payload = payload
        self.checked = checked
        self.looked_closer = looked_closer
        """How many inputs had another stat but the same effect (a touched or re-saved file)."""
        self._inputs = inputs

    def notes(self) -> Notes:
        """The result's inputs as a run that read them now notes them (`Inputs.merge`): a
        stored part of a larger result (the workspace model of an analysis) makes the larger
        one depend on them too."""
        return self._inputs() if self._inputs is not None else ([], [])


class Stale:
    """A stored result that no longer holds because some scanned files changed what they
    import, and nothing else changed: what an analysis that keeps the rest from it needs."""

    def __init__(
        self,
        payload: Any,
        changed: tuple[str, ...],
        stored: tuple[list[str], array.array[int]],
        tokens: tuple[bytes, ...],
    ) -> None:
        self.payload = payload
        self.changed = changed
        """The scanned files whose imports changed (or may have: looked at, not settled)."""
        self.stored = stored
        """Its inputs' paths and their stored stat keys (`KEY_WIDTH` integers a path): a run
        that keeps part of it depends on them all, and `remember(..., base=)` stores them with
        the run's own inputs, which it noted first (the changed files among them)."""
        self.tokens = tokens
        """The digests of its effects shards: `remember(..., base=)` keeps the shards that
        no input noted again touches, without reading them."""


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
    found = look_up(folder, name, key, checkers)
    return found if isinstance(found, Reused) else None


def look_up(
    folder: Path | None,
    name: str,
    key: tuple[Any, ...],
    checkers: Mapping[str, Checker] | None = None,
    stale: str | None = None,
) -> Reused | Stale | None:
    """`reuse`, and on a miss where every changed input has the effect kind `stale` (a
    scanned file, still there) a `Stale` result: the stored payload, the changed inputs."""
    if folder is None:
        return None
    header = _header(name, key)
    body: Any = read_cache(folder, _file(folder, name).name, header)
    if body is MISS or type(body) is not tuple or len(body) != 4:
        return None
    paths, packed, tokens, payload = body
    if type(paths) is not list or type(packed) is not bytes or not _tokens_shape(tokens):
        return None
    values = _unpacked(packed, len(paths))
    if values is None or not all(type(path) is str for path in paths):
        return None
    changed = _changed_in_parallel(paths, values, _MAX_CHANGED)
    if changed is None:
        return None
    if changed:
        stats = {paths[i]: _stat_at(values, i) for i in changed}
        effects = _effects(folder, name, tokens, stats)
        if effects is None:
            return None
        if not _settle(stats, effects, checkers):
            return _stale(_read_back(payload), stats, effects, stale, (paths, values), tokens)
        if all(stats[path] == stat_key(path) for path in stats):  # all settled: store them
            all_effects = _effects(folder, name, tokens, paths)
            if all_effects is not None:
                all_effects.update(effects)
                for index in changed:
                    at = KEY_WIDTH * index
                    values[at : at + KEY_WIDTH] = array.array("q", stats[paths[index]])
                memo = (paths, values.tobytes(), payload)
                _store(folder, name, header, memo, all_effects)
    else:
        stats, effects = {}, {}

    def inputs() -> Notes:
        """Every input with the stat key it has now (a changed one whose new stat cannot be
        trusted yet: the stored one, so the next run looks at it closer again)."""
        found = _effects(folder, name, tokens, paths) or {}
        found.update(effects)
        keys = [stats[p] if p in stats else _stat_at(values, i) for i, p in enumerate(paths)]
        return list(zip(paths, keys, strict=True)), list(found.items())

    return Reused(_read_back(payload), len(paths), len(changed), inputs)


def _stale(
    payload: Any,
    stats: dict[str, Any],
    effects: dict[str, Any],
    kind: str | None,
    inputs: tuple[list[str], array.array[int]],
    tokens: tuple[bytes, ...],
) -> Stale | None:
    """A `Stale` result when every changed input (`stats`: their stored stats) is of effect
    `kind` and existed then and now; None otherwise."""
    if kind is None:
        return None
    for path, stored in stats.items():
        effect = effects.get(path)
        if (
            stored is None
            or type(effect) is not tuple
            or len(effect) != 2
            or effect[0] != kind
            or not os.path.isfile(path)
        ):
            return None
    return Stale(payload, tuple(stats), inputs, tokens)


_SHARDS = 32
"""The effects are stored in this many files by path: a run with a few changed inputs reads a
few small files, not the effects of every input."""


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % _SHARDS


def _tokens_shape(tokens: Any) -> bool:
    return (
        type(tokens) is tuple
        and len(tokens) == _SHARDS
        and all(type(token) is bytes for token in tokens)
    )


def _effects(
    folder: Path, name: str, tokens: tuple[bytes, ...], paths: Iterable[str]
) -> dict[str, Any] | None:
    """The effects of `paths` from memo `name`'s shards, each when it holds what the memo
    names (`tokens`: the digest of each shard's content)."""
    found: dict[str, Any] = {}
    for shard in sorted({_shard(p) for p in paths}):
        part = read_cache(
            folder, _file(folder, name, f"effects-{shard:02d}").name, (tokens[shard],)
        )
        if type(part) is not dict:
            return None
        found.update(part)
    return found


def _settle(
    stats: dict[str, Any],
    effects: dict[str, Any],
    checkers: Mapping[str, Checker] | None,
) -> bool:
    """Whether the result holds for every changed input (`stats`: their stored stats; its
    effect is the same); updates the stats and effects of those whose new stat can be trusted
    next time."""
    checks: dict[str, Checker] = {"names": _same_names, **(checkers or {})}
    started = time.time_ns()
    for path in list(stats):
        effect = effects.get(path)
        now = stat_key(path)
        if stats[path] is None or now is None or type(effect) is not tuple or len(effect) != 2:
            return False
        check = checks.get(effect[0])
        try:
            data_now = check(path, effect[1]) if check is not None else None
        except Exception:  # a damaged effect: a miss
            return False
        if data_now is None:
            return False
        if trusted(now, started):
            stats[path] = now
            effects[path] = (effect[0], data_now)
    return True


def _store(
    folder: Path,
    name: str,
    header: tuple[Any, ...],
    memo: tuple[Any, ...],
    effects: dict[str, Any],
    base: tuple[bytes, ...] | None = None,
) -> bool:
    """Write the parts of memo `name` (`memo`: paths, packed stats, payload): the effects
    first, in shards named in the main part by the digest of their content, then the main
    part. A shard whose file already holds that content is not written again (after one
    changed import, one or two of them change). `base`: the tokens of the shards of the memo
    this one grows from; `effects` are then those that change (a stored `WHOLE` stays), and a
    shard none of them falls in is kept as it is, unread. Never fails (False when it could
    not)."""
    try:
        shards: list[dict[str, Any]] = [{} for _ in range(_SHARDS)]
        for path, effect in effects.items():
            shards[_shard(path)][path] = effect
        tokens: list[bytes] = []
        for shard, part in enumerate(shards):
            if base is not None:
                if not part:
                    tokens.append(base[shard])
                    continue
                file = _file(folder, name, f"effects-{shard:02d}").name
                kept = read_cache(folder, file, (base[shard],))
                if type(kept) is not dict:
                    return False
                now = {p: e for p, e in part.items() if kept.get(p) not in (e, WHOLE)}
                if not now:  # noted again as it was (a folder the model lists)
                    tokens.append(base[shard])
                    continue
                kept.update(now)
                part = kept
            body = marshal.dumps(part, MARSHAL_VERSION)
            token = hashlib.blake2b(body, digest_size=16).digest()
            tokens.append(token)
            file = _file(folder, name, f"effects-{shard:02d}").name
            blob = wrap_cache((token,), body)
            try:
                if (folder / file).read_bytes() == blob:
                    continue
            except OSError:
                pass
            save_cache_file(folder, file, blob)
        paths, packed, payload = memo
        main = (paths, packed, tuple(tokens), payload)
        save_cache_file(folder, _file(folder, name).name, dump_cache(header, main))
    except (OSError, ValueError):
        return False
    return True


def _with_base(paths: list[str], stats: list[Any], base: Stale) -> tuple[list[str], bytes]:
    """The inputs of a run that kept the rest of `base` (`paths` with `stats`, noted by the
    run) and every input of `base` it did not note, with the stat key `base` stored for it:
    (paths, packed stat keys). The stored keys were trusted when `base` was stored (or are
    `_UNSURE`, which the run notes again: no stat matches them), so they are not checked
    again, and they are copied as they are, not one at a time."""
    kept_paths, kept_values = base.stored
    values = array.array("q", kept_values)
    index = {p: i for i, p in enumerate(kept_paths)}
    added: list[str] = []
    added_stats: list[Any] = []
    for path, stat in zip(paths, stats, strict=True):
        at = index.get(path)
        if at is None:
            added.append(path)
            added_stats.append(stat)
        else:
            key = _MISSING if stat is None else stat
            values[KEY_WIDTH * at : KEY_WIDTH * (at + 1)] = array.array("q", key)
    return [*kept_paths, *added], values.tobytes() + _packed(added_stats)


def remember(
    folder: Path | None,
    name: str,
    key: tuple[Any, ...],
    inputs: Inputs,
    payload: Any,
    base: Stale | None = None,
) -> bool:
    """Store `payload` as memo `name` when every input can be recognised next time: by its
    stat, or, for an input that changed within the racy window and whose effect is known (a
    scanned file, a listed folder), by a closer look (it is stored with `_UNSURE`, which no
    stat matches, until a later run sees a stat it can trust). Never fails (False when
    nothing was written). A run that cannot be remembered removes an older memo. `base`: the
    stale memo this run kept the rest of: its inputs are stored too, with their stored stats
    and effects, those `inputs` noted replacing them."""
    if folder is None:
        return False
    started = inputs.started
    effects = inputs.effects
    stats: list[Any] = []
    for path, stat in inputs.stats.items():
        if stat is None or trusted(stat, started):
            stats.append(stat)
        elif stat[0] >= 0 and effects.get(path, WHOLE) != WHOLE:
            stats.append(_UNSURE)
        else:  # unreadable, or changed just now with nothing to look at closer
            with contextlib.suppress(OSError):
                _file(folder, name).unlink()
            return False
    try:
        paths, packed = list(inputs.stats), _packed(stats)
        if base is not None:
            paths, packed = _with_base(paths, stats, base)
    except OverflowError:  # an inode number past 2**63 (some file systems): not kept
        return False
    memo = (paths, packed, _stored(payload))
    tokens = None if base is None else base.tokens
    return _store(folder, name, _header(name, key), memo, inputs.effects, tokens)
