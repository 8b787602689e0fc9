"""A stored result on disk is never trusted: a memo or an effects file that is missing,
truncated, corrupt, of another format or written by another run is a miss, never a crash."""

from __future__ import annotations

import marshal
import os
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brickwork import reuse, runs
from test.components.brickwork.runs.settle import settle

KEY = ("poly deps", "/ws", (), ())
PAYLOAD = (0, (), (("a line",),))
MEMO = "deps.memo.marshal"


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRICKWORK_NO_CACHE", raising=False)


def age(*paths: Path, seconds: float = 1000) -> None:
    """Set mtimes back; wait until the change times are out of the racy window."""
    past = time.time() - seconds
    for path in paths:
        os.utime(path, (past, past))
    settle(paths)


def same(path: str, data: Any) -> Any:
    """The effect check of these tests: the file's text is still `data`."""
    return data if Path(path).read_text("utf-8") == data else None


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A memo of three old files, each with an effect (its text)."""
    paths = [tmp_path / f"m{i}.py" for i in range(3)]
    for path in paths:
        path.write_text("import json\n", "utf-8")
    age(*paths)
    with runs.recording() as inputs:
        for path in paths:
            found = os.stat(path)
            inputs.note_stat(
                str(path),
                runs.key_of(found),
                ("same", "import json\n"),
            )
    folder = tmp_path / "cache"
    assert reuse.remember(folder, "deps", KEY, inputs, PAYLOAD)
    return folder


def reused(cache: Path) -> Any:
    found = reuse.reuse(cache, "deps", KEY, {"same": same})
    return None if found is None else (found.payload, found.looked_closer)


def touch_all(cache: Path) -> None:
    """Every input gets another mtime, not another text: the effects decide."""
    age(*(cache.parent / f"m{i}.py" for i in range(3)), seconds=900)


def test_an_intact_memo_is_reused_with_its_effects(cache: Path) -> None:
    assert reused(cache) == (PAYLOAD, 0)
    touch_all(cache)
    assert reused(cache) == (PAYLOAD, 3)


def test_a_memo_truncated_anywhere_is_a_miss(cache: Path) -> None:
    data = (cache / MEMO).read_bytes()
    for size in range(len(data)):
        (cache / MEMO).write_bytes(data[:size])
        assert reused(cache) is None, size


def remarshal(change: Callable[[Any], Any]) -> Callable[[bytes], bytes]:
    """A change to the outer part: (header, checksum, body)."""
    return lambda data: marshal.dumps(change(marshal.loads(data)))


def rebody(change: Callable[[Any], Any]) -> Callable[[bytes], bytes]:
    """A change to the body (paths, packed stats, token, payload), with a matching checksum:
    what the shape checks must catch."""

    def changed(data: bytes) -> bytes:
        header, _, body = marshal.loads(data)
        new = marshal.dumps(change(marshal.loads(body)))
        return marshal.dumps((header, zlib.crc32(new), new))

    return changed


def flip(data: bytes) -> bytes:
    """One bit of the body flipped, the checksum kept."""
    header, checksum, body = marshal.loads(data)
    damaged = bytearray(body)
    damaged[len(damaged) // 2] ^= 0x10
    return marshal.dumps((header, checksum, bytes(damaged)))


DAMAGED: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "not marshal": lambda data: b"\x00garbage\xff" * 8,
    "a trailing byte lost": lambda data: data[:-1],
    "none": remarshal(lambda memo: None),
    "a list": remarshal(list),
    "two parts": remarshal(lambda memo: memo[:2]),
    "four parts": remarshal(lambda memo: (*memo, None)),
    "another header": remarshal(lambda memo: ((*memo[0][:-1], "other"), *memo[1:])),
    "another format": remarshal(lambda memo: ((*memo[0][:2], 99, *memo[0][3:]), *memo[1:])),
    "a bit flipped in the body": flip,
    "a body that is no marshal": remarshal(
        lambda memo: (memo[0], zlib.crc32(b"\xffnot"), b"\xffnot")
    ),
    "a body of three parts": rebody(lambda body: body[:3]),
    "paths that are no list": rebody(lambda body: (tuple(body[0]), *body[1:])),
    "paths that are no strings": rebody(lambda body: ([7] * len(body[0]), *body[1:])),
    "stats that are no bytes": rebody(lambda body: (body[0], list(body[1]), *body[2:])),
    "stats one short": rebody(lambda body: (body[0], body[1][:-8], *body[2:])),
    "stats of other files": rebody(lambda body: ([p + "x" for p in body[0]], *body[1:])),
    "a token that is no bytes": rebody(lambda body: (*body[:2], "token", body[3])),
}


@pytest.mark.parametrize("damage", list(DAMAGED.values()), ids=list(DAMAGED))
def test_a_damaged_memo_is_a_miss(cache: Path, damage: Callable[[bytes], bytes]) -> None:
    (cache / MEMO).write_bytes(damage((cache / MEMO).read_bytes()))

    assert reused(cache) is None
    touch_all(cache)
    assert reused(cache) is None


def test_a_memo_of_another_command_copied_over_is_a_miss(cache: Path) -> None:
    (cache / "check.memo.marshal").write_bytes((cache / MEMO).read_bytes())

    assert reuse.reuse(cache, "check", KEY, {"same": same}) is None


def test_a_memo_that_is_a_folder_or_unreadable_is_a_miss(cache: Path) -> None:
    (cache / MEMO).unlink()
    (cache / MEMO).mkdir()
    assert reused(cache) is None
    (cache / MEMO).rmdir()
    assert reused(cache) is None


def shards(cache: Path) -> list[Path]:
    found = sorted(cache.glob("deps.effects-*.marshal"))
    assert len(found) == 32
    return found


def with_effects(cache: Path) -> list[Path]:
    """The shards that hold an effect of the inputs."""
    return [p for p in shards(cache) if marshal.loads(marshal.loads(p.read_bytes())[2])]


def rewrite(change: Callable[[Any, Any], Any]) -> Callable[[Path], object]:
    """A damage done to an effects file: (token, effects) -> what is written instead (a pair
    is written as a whole cache file with that token; anything else as plain marshal)."""

    def damage(path: Path) -> None:
        header, _, body = marshal.loads(path.read_bytes())
        changed = change(header[0], marshal.loads(body))
        if type(changed) is tuple and len(changed) == 2:
            path.write_bytes(runs.dump_cache((changed[0],), changed[1]))
        else:
            path.write_bytes(marshal.dumps(changed))

    return damage


SHARD_DAMAGE: dict[str, Callable[[Path], object]] = {
    "missing": Path.unlink,
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:-2]),
    "not marshal": lambda path: path.write_bytes(b"\xff" * 40),
    "another token": rewrite(lambda token, effects: (b"12345678", effects)),
    "no tuple": rewrite(lambda token, effects: effects),
    "no dict": rewrite(lambda token, effects: (token, [1, 2])),
    "effects that are no pairs": rewrite(
        lambda token, effects: (token, dict.fromkeys(effects, ("same",)))
    ),
    "effects of an unknown kind": rewrite(
        lambda token, effects: (token, dict.fromkeys(effects, ("nobody", 1)))
    ),
}


@pytest.mark.parametrize("damage", list(SHARD_DAMAGE.values()), ids=list(SHARD_DAMAGE))
def test_a_damaged_effects_file_is_a_miss_when_a_changed_input_needs_it(
    cache: Path, damage: Callable[[Path], object]
) -> None:
    for path in with_effects(cache):
        damage(path)

    assert reused(cache) == (PAYLOAD, 0)  # no input changed: no effect is read
    touch_all(cache)
    assert reused(cache) is None


def test_effects_of_an_older_memo_are_never_taken_for_a_newer_one(cache: Path) -> None:
    old = {path: path.read_bytes() for path in shards(cache)}
    module = cache.parent / "m0.py"
    module.write_text("import os\n", "utf-8")
    age(module, seconds=950)
    found = os.stat(module)
    with runs.recording() as inputs:
        stat = runs.key_of(found)
        inputs.note_stat(str(module), stat, ("same", "import os\n"))
    assert reuse.remember(cache, "deps", KEY, inputs, (1, (), (("os",),)))
    for path, data in old.items():  # the effects of the first memo, written over the second's
        path.write_bytes(data)

    module.write_text("import json\n", "utf-8")  # what the first memo's effect says
    age(module, seconds=900)

    assert reused(cache) is None


def test_a_result_that_cannot_be_written_is_not_stored_and_fails_nothing(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be\n", "utf-8")
    with runs.recording() as inputs:
        runs.note_input(blocked)
    age(blocked)

    assert not reuse.remember(blocked, "deps", KEY, inputs, PAYLOAD)
    assert reuse.reuse(blocked, "deps", KEY) is None
    assert not reuse.remember(tmp_path / "c", "deps", KEY, inputs, object())
    assert reuse.reuse(tmp_path / "c", "deps", KEY) is None


def test_a_stored_output_changed_on_disk_is_caught_by_the_checksum(cache: Path) -> None:
    header, checksum, body = marshal.loads((cache / MEMO).read_bytes())
    assert b"a line" in body
    damaged = body.replace(b"a line", b"b line")  # still marshal: only the checksum tells
    (cache / MEMO).write_bytes(marshal.dumps((header, checksum, damaged)))

    assert reused(cache) is None

    (cache / MEMO).write_bytes(marshal.dumps((header, zlib.crc32(damaged), damaged)))
    assert reused(cache) == ((0, (), (("b line",),)), 0)


def test_a_new_memo_writes_only_the_effects_shards_whose_content_changed(cache: Path) -> None:
    before = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in shards(cache)}
    paths = [cache.parent / f"m{i}.py" for i in range(3)]
    paths[0].write_text("import os\n", "utf-8")
    age(paths[0], seconds=950)
    with runs.recording() as inputs:
        texts = ["import os\n", "import json\n", "import json\n"]
        for path, text in zip(paths, texts, strict=True):
            inputs.note_stat(str(path), runs.key_of(os.stat(path)), ("same", text))
    assert reuse.remember(cache, "deps", KEY, inputs, (1, (), (("os",),)))

    after = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in shards(cache)}
    rewritten = [path for path in after if after[path] != before.get(path)]
    assert len(rewritten) == 1  # the shard of m0.py; the others hold what they held
    paths[0].write_text("import sys\n", "utf-8")  # its effect is read from the new shard
    age(paths[0], seconds=900)
    assert reused(cache) is None
    paths[0].write_text("import os\n", "utf-8")
    age(paths[0], seconds=850)
    assert reused(cache) == ((1, (), (("os",),)), 1)
