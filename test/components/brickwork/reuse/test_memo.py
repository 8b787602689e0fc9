"""Reusing a stored result: what a run notes, when it may be stored, and that a stored result
is given back only while every input it noted is unchanged or changed where it does not look."""

from __future__ import annotations

import array
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brickwork import reuse, runs
from brickwork.reuse import memo as memo_module
from brickwork.runs import inputs as inputs_module
from test.components.brickwork.runs.settle import settle

KEY = ("poly check", "/ws", (("strict", "False"),), ())
PAYLOAD = (1, ("a note",), (("a finding", "", "a summary"),))


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRICKWORK_NO_CACHE", raising=False)


class Clock:
    """Sets mtimes in the past, another one on every call (a changed file looks changed), and
    waits until their change times are out of the racy window."""

    def __init__(self) -> None:
        self.calls = 0

    def age(self, *paths: Path) -> None:
        self.calls += 1
        past = time.time() - 1000 - self.calls
        for path in paths:
            os.utime(path, (past, past))
        settle(paths)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def files(tmp_path: Path, clock: Clock) -> list[Path]:
    """Three old files in `src/`, the folder old too."""
    folder = tmp_path / "src"
    folder.mkdir()
    paths = [folder / f"m{i}.py" for i in range(3)]
    for path in paths:
        path.write_text(f"# module {path.name}\n", "utf-8")
    clock.age(*paths, folder)
    return paths


def record(*paths: Path, listed: tuple[Path, ...] = ()) -> runs.Inputs:
    """The inputs of a run that read `paths` and listed the folders `listed`."""
    with runs.recording() as inputs:
        for path in paths:
            runs.note_input(path)
        for folder in listed:
            with os.scandir(folder) as entries:
                runs.note_listing(str(folder), [runs.listed_name(e) for e in entries])
    return inputs


def stored(cache: Path, inputs: runs.Inputs, name: str = "check") -> None:
    assert reuse.remember(cache, name, KEY, inputs, PAYLOAD)


def reused(cache: Path, name: str = "check", **checkers: Any) -> Any:
    found = reuse.reuse(cache, name, KEY, checkers)
    return None if found is None else (found.payload, found.checked, found.looked_closer)


def test_nothing_is_noted_outside_a_recording_and_a_recording_ends_with_its_block(
    files: list[Path],
) -> None:
    runs.note_input(files[0])
    assert runs.current_inputs() is None
    with runs.recording() as outer:
        runs.note_input(files[0])
        with runs.recording() as inner:
            runs.note_input(files[1])
        assert runs.current_inputs() is outer
        runs.note_input(files[2])
    assert runs.current_inputs() is None
    assert list(outer.stats) == [str(files[0]), str(files[2])]
    assert list(inner.stats) == [str(files[1])]


def test_an_input_keeps_what_was_noted_of_it_first(files: list[Path], tmp_path: Path) -> None:
    folder = files[0].parent
    with runs.recording() as inputs:
        runs.note_input(files[0])
        before = inputs.stats[str(files[0])]
        files[0].write_text("changed meanwhile\n", "utf-8")
        runs.note_input(files[0])
        inputs.note_stat(str(files[0]), (1, 2, 3, 4), ("scan", b"x"))
        runs.note_listing(str(folder), ["m0.py", "m1.py", "m2.py"])
        runs.note_listing(str(folder), ["other.py"])
        assert runs.is_file(files[1])
        assert not runs.is_dir(files[1])
        assert not runs.is_file(tmp_path / "missing")

    assert inputs.stats[str(files[0])] == before
    assert inputs.effects[str(files[0])] == inputs_module.WHOLE  # read for all it holds
    digest = inputs_module.names_digest(["m2.py", "m1.py", "m0.py"])
    assert inputs.effects[str(folder)] == ("names", digest)
    assert inputs.stats[str(tmp_path / "missing")] is None
    stat = os.stat(files[1])
    assert inputs.stats[str(files[1])] == runs.key_of(stat)


def test_a_listed_name_tells_files_folders_and_links_apart(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", "utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to("folder")
    (tmp_path / "dangling").symlink_to("nowhere")

    with os.scandir(tmp_path) as entries:
        names = sorted(runs.listed_name(e) for e in entries)

    assert names == ["dangling/@", "file", "folder/", "link/@"]


def test_only_inputs_older_than_two_seconds_may_be_trusted(
    files: list[Path], tmp_path: Path
) -> None:
    assert record(*files, tmp_path / "missing").trusted()

    files[1].write_text("just now\n", "utf-8")
    assert not record(*files).trusted()

    untrusted = record(files[0])
    untrusted.note_stat("other", (-1, 0, 0, 0))
    assert not untrusted.trusted()


def test_a_stored_result_is_given_back_while_no_input_changed(
    cache: Path, files: list[Path], tmp_path: Path
) -> None:
    stored(cache, record(*files, tmp_path / "missing", listed=(files[0].parent,)))

    assert reused(cache) == (PAYLOAD, 5, 0)
    assert reused(cache) == (PAYLOAD, 5, 0)


def test_a_result_of_named_parts_reads_back_each_part_when_asked(
    cache: Path, files: list[Path]
) -> None:
    parts = {"check": PAYLOAD, "graph": ("edges",) * 3, "libs": {"a": (1, 2)}}
    assert reuse.remember(cache, "check", KEY, record(*files), parts)
    found = reuse.reuse(cache, "check", KEY)
    assert found is not None and isinstance(found.payload, memo_module.Parts)
    assert list(found.payload) == ["check", "graph", "libs"]

    assert found.payload["check"] == PAYLOAD
    assert found.payload.raw("check") is None  # read back now
    assert found.payload.raw("graph") is not None  # nobody asked: still as stored
    # stored again as read, the parts nobody asked for are kept as they were
    assert reuse.remember(cache, "check", KEY, record(*files), found.payload)
    again = reuse.reuse(cache, "check", KEY)
    assert again is not None and again.payload == parts == found.payload


def test_a_result_of_another_name_or_key_or_environment_is_not_given_back(
    cache: Path, files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    stored(cache, record(*files))

    assert reused(cache, "deps") is None
    assert reuse.reuse(cache, "check", (*KEY[:3], (("brick", "x"),))) is None
    monkeypatch.setenv("POETRY_VIRTUALENVS_PATH", "/elsewhere")
    assert reused(cache) is None
    monkeypatch.delenv("POETRY_VIRTUALENVS_PATH")
    monkeypatch.setenv("SOMETHING_ELSE", "1")
    assert reused(cache) == (PAYLOAD, 3, 0)


def test_nothing_is_stored_without_a_folder_or_with_fresh_inputs_and_an_old_memo_goes(
    cache: Path, files: list[Path]
) -> None:
    assert not reuse.remember(None, "check", KEY, record(*files), PAYLOAD)
    assert reuse.reuse(None, "check", KEY) is None
    stored(cache, record(*files))

    files[0].write_text("just now\n", "utf-8")
    assert not reuse.remember(cache, "check", KEY, record(*files), PAYLOAD)

    assert not (cache / "check.memo.marshal").exists()
    assert reused(cache) is None


@pytest.mark.parametrize("change", ["edit", "touch", "delete", "replace"])
def test_a_changed_file_without_an_effect_is_a_miss(
    cache: Path, files: list[Path], clock: Clock, change: str
) -> None:
    stored(cache, record(*files))

    target = files[1]
    if change == "edit":
        target.write_text("# module m1.py, edited\n", "utf-8")
    elif change == "touch":
        clock.age(target)
    elif change == "delete":
        target.unlink()
    else:  # the same content, in a new file renamed over it
        temp = target.with_name("temp")
        temp.write_bytes(target.read_bytes())
        os.replace(temp, target)

    assert reused(cache) is None


def test_a_missing_input_that_appears_is_a_miss(
    cache: Path, files: list[Path], tmp_path: Path
) -> None:
    stored(cache, record(*files, tmp_path / "poetry.lock"))

    (tmp_path / "poetry.lock").write_text("", "utf-8")

    assert reused(cache) is None


def test_a_folder_listed_again_with_the_same_entries_is_reused_and_stored_again(
    cache: Path, files: list[Path], clock: Clock
) -> None:
    folder = files[0].parent
    stored(cache, record(listed=(folder,)))
    (folder / "temp").write_text("", "utf-8")
    (folder / "temp").unlink()
    clock.age(folder)

    assert reused(cache) == (PAYLOAD, 1, 1)
    assert reused(cache) == (PAYLOAD, 1, 0)  # settled and stored with the new stat


@pytest.mark.parametrize("change", ["add", "remove", "rename", "file to folder", "link"])
def test_a_folder_whose_entries_changed_is_a_miss(
    cache: Path, files: list[Path], clock: Clock, change: str
) -> None:
    folder = files[0].parent
    (folder / "data").write_text("", "utf-8")
    clock.age(folder)
    stored(cache, record(listed=(folder,)))

    if change == "add":
        (folder / "new.py").write_text("", "utf-8")
    elif change == "remove":
        files[0].unlink()
    elif change == "rename":
        files[0].rename(folder / "renamed.py")
    elif change == "file to folder":
        (folder / "data").unlink()
        (folder / "data").mkdir()
    else:
        (folder / "data").unlink()
        (folder / "data").symlink_to("m0.py")
    clock.age(folder)

    assert reused(cache) is None


def with_effects(paths: list[Path], kind: str = "same") -> runs.Inputs:
    """Inputs whose effect is checked by `checkers[kind]` (here: the file's first line)."""
    with runs.recording() as inputs:
        for path in paths:
            stat = os.stat(path)
            first = path.read_text("utf-8").splitlines()[0]
            inputs.note_stat(str(path), runs.key_of(stat), (kind, first))
    return inputs


def same_first_line(path: str, data: Any) -> Any:
    first = Path(path).read_text("utf-8").splitlines()[0]
    return data if first == data else None


def test_a_file_changed_where_the_result_does_not_look_is_reused_once_looked_at(
    cache: Path, files: list[Path], clock: Clock
) -> None:
    stored(cache, with_effects(files))
    files[2].write_text(files[2].read_text("utf-8") + "more lines\n", "utf-8")
    clock.age(files[2])

    assert reused(cache, same=same_first_line) == (PAYLOAD, 3, 1)
    assert reused(cache, same=same_first_line) == (PAYLOAD, 3, 0)
    files[2].write_text("# another first line\n", "utf-8")
    clock.age(files[2])
    assert reused(cache, same=same_first_line) is None


def test_an_effect_nobody_can_check_or_whose_check_fails_is_a_miss(
    cache: Path, files: list[Path], clock: Clock
) -> None:
    stored(cache, with_effects(files))
    files[0].write_text(files[0].read_text("utf-8") + "more\n", "utf-8")
    clock.age(files[0])

    def broken(path: str, data: Any) -> Any:
        raise ValueError(path)

    assert reused(cache) is None
    assert reused(cache, same=broken) is None
    assert reused(cache, same=same_first_line) == (PAYLOAD, 3, 1)


def test_a_file_changed_just_now_is_reused_but_looked_at_again_next_time(
    cache: Path, files: list[Path]
) -> None:
    stored(cache, with_effects(files))
    files[0].write_text(files[0].read_text("utf-8") + "more\n", "utf-8")
    soon = time.time() + 100  # "just now" however slow this machine is
    os.utime(files[0], (soon, soon))

    assert reused(cache, same=same_first_line) == (PAYLOAD, 3, 1)
    assert reused(cache, same=same_first_line) == (PAYLOAD, 3, 1)


def test_a_run_that_read_a_file_changed_just_now_is_kept_and_looked_at_closer_until_settled(
    cache: Path, files: list[Path], clock: Clock
) -> None:
    files[0].write_text(files[0].read_text("utf-8") + "more\n", "utf-8")  # an edit, just now
    stored(cache, with_effects(files))  # its stat cannot be trusted: its effect can

    assert reused(cache, same=same_first_line) == (PAYLOAD, 3, 1)
    assert reused(cache) is None  # nobody can look closer: a miss
    files[0].write_text("# another first line\n", "utf-8")
    assert reused(cache, same=same_first_line) is None
    files[0].write_text("# module m0.py\nagain\n", "utf-8")
    clock.age(files[0])
    assert reused(cache, same=same_first_line) == (PAYLOAD, 3, 1)  # settled: stored again
    assert reused(cache, same=same_first_line) == (PAYLOAD, 3, 0)


def test_a_run_that_read_a_file_changed_just_now_without_an_effect_is_not_kept(
    cache: Path, files: list[Path]
) -> None:
    stored(cache, with_effects(files))
    files[1].write_text("just now\n", "utf-8")
    inputs = with_effects(files)
    del inputs.effects[str(files[1])]

    assert not reuse.remember(cache, "check", KEY, inputs, PAYLOAD)
    assert not (cache / "check.memo.marshal").exists()


def many(tmp_path: Path, clock: Clock, count: int) -> list[Path]:
    folder = tmp_path / "many"
    folder.mkdir()
    paths = [folder / f"f{i}" for i in range(count)]
    for path in paths:
        path.write_text("# same first line\n", "utf-8")
    clock.age(*paths)
    return paths


@pytest.mark.parametrize(("changed", "hit"), [(200, True), (201, False)])
def test_more_than_200_changed_inputs_are_a_miss_even_where_each_would_be_reused(
    cache: Path, tmp_path: Path, clock: Clock, changed: int, hit: bool
) -> None:
    paths = many(tmp_path, clock, 250)
    stored(cache, with_effects(paths))
    clock.age(*paths[:changed])

    found = reused(cache, same=same_first_line)

    assert found == ((PAYLOAD, 250, changed) if hit else None)


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every stat pass is shared with a forked child (as on a workspace of 10^5 files); the
    list holds the children's process ids."""
    fork = getattr(os, "fork", None)
    if fork is None:
        pytest.skip("no fork on this platform")
    children: list[int] = []

    def counted() -> int:
        child: int = fork()
        children.append(child)
        return child

    monkeypatch.setattr(memo_module, "_PARALLEL_MIN", 2)
    monkeypatch.setattr(memo_module, "can_fork", lambda: True)
    monkeypatch.setattr(os, "fork", counted)
    yield children


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_the_stats_shared_with_a_child_process_give_the_serial_answer(
    tmp_path: Path, clock: Clock, forking: list[int]
) -> None:
    paths = many(tmp_path, clock, 40)
    items = [(str(p), runs.stat_key(str(p))) for p in paths]
    items += [(str(tmp_path / "gone"), None), (str(tmp_path / "appears"), (0, 0, 0, 0))]
    items += [(str(tmp_path / "dé\udcffjà"), None)]  # not UTF-8: passed back all the same
    (tmp_path / "appears").write_text("", "utf-8")
    clock.age(paths[3], paths[30])
    paths[35].unlink()

    names = [path for path, _ in items]
    values = array.array("q", memo_module._packed(stat for _, stat in items))

    serial = memo_module._changed(names, values, 10)
    parallel = memo_module._changed_in_parallel(names, values, 10)

    assert parallel == serial
    assert [names[i] for i in serial or []] == [
        str(paths[3]),
        str(paths[30]),
        str(paths[35]),
        str(tmp_path / "appears"),
    ]
    clock.age(*paths[:11])
    assert memo_module._changed(names, values, 10) is None
    assert memo_module._changed_in_parallel(names, values, 10) is None
    assert len(forking) == 2


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_stored_result_is_reused_and_missed_alike_with_the_stats_shared(
    cache: Path, tmp_path: Path, clock: Clock, forking: list[int]
) -> None:
    paths = many(tmp_path, clock, 40)
    stored(cache, with_effects(paths))

    assert reused(cache, same=same_first_line) == (PAYLOAD, 40, 0)
    paths[7].write_text("# same first line\nmore\n", "utf-8")
    clock.age(paths[7])
    assert reused(cache, same=same_first_line) == (PAYLOAD, 40, 1)
    paths[39].write_text("# another first line\n", "utf-8")
    clock.age(paths[39])
    assert reused(cache, same=same_first_line) is None
    assert len(forking) == 3


def test_a_file_read_for_all_it_holds_is_never_looked_at_closer(files: list[Path]) -> None:
    # one reader reads a file for its content (a grouping folder's `__init__.py`), another
    # notes only what of it its result depends on (its imports): the first one decides
    path = str(files[0])
    with runs.recording() as first:
        runs.note_input(path)
        first.note_stat(path, runs.stat_key(path), ("scan", b"digest"))
    with runs.recording() as second:
        second.note_stat(path, runs.stat_key(path), ("scan", b"digest"))
        runs.note_input(path)
    with runs.recording() as merged:
        merged.note_stat(path, runs.stat_key(path), ("scan", b"digest"))
        merged.merge(first.since((0, 0)))

    for inputs in (first, second, merged):
        assert inputs.effects[path] == inputs_module.WHOLE
