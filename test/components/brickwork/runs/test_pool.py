"""Work shared between this process and forked copies: complete results, in order."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pytest

from brickwork.runs import fork_map

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork"),
    # test runner workers have threads; the copies here only compute and exit
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning"),
]


def square_with_pid(chunk: Sequence[int]) -> list[tuple[int, int]]:
    return [(n * n, os.getpid()) for n in chunk]


def test_the_results_of_every_chunk_come_back_in_order() -> None:
    chunks = [list(range(i * 10, i * 10 + 10)) for i in range(40)]
    results = fork_map(square_with_pid, chunks, 3)
    assert [[n for n, _ in chunk] for chunk in results] == [
        [n * n for n in chunk] for chunk in chunks
    ]
    assert all(isinstance(r, tuple) for chunk in results for r in chunk)


def test_one_process_does_every_chunk_itself() -> None:
    results = fork_map(square_with_pid, [[1, 2], [3]], 1)
    assert results == [[(1, os.getpid()), (4, os.getpid())], [(9, os.getpid())]]


def test_chunks_a_copy_fails_on_are_done_by_this_process() -> None:
    parent = os.getpid()

    def only_here(chunk: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("a copy that fails")
        return [n + 1 for n in chunk]

    chunks = [[n] for n in range(30)]
    assert fork_map(only_here, chunks, 2) == [[n + 1] for n in range(30)]


def test_a_copy_that_exits_early_loses_nothing() -> None:
    parent = os.getpid()

    def vanish(chunk: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            os._exit(3)
        return list(chunk)

    chunks = [[n, n] for n in range(20)]
    assert fork_map(vanish, chunks, 4) == chunks


def test_more_chunks_than_one_byte_can_number_are_refused() -> None:
    with pytest.raises(ValueError, match="at most 255 chunks"):
        fork_map(square_with_pid, [[1]] * 256, 2)
