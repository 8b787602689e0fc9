"""Every file a read command opens and every folder it lists while it analyses is among the
inputs its stored analysis is keyed by: a read that is not recorded would let a stored
analysis answer after that file changed. Python's audit hooks see every `open` and
`scandir`/`listdir`, whoever calls them."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cleo.io.outputs.output import Verbosity

from brickwork import runs
from test.bases.brickwork.poetry_plugin.reuse_support import (
    Ager,
    findings_workspace,
    isolate_poetry,
    managed_env,
)
from test.components.brickwork.libs.conftest import lock_text
from test.components.brickwork.runs.settle import settle_tree
from test.conftest import MakeWorkspace, PolyRunner

_seen: list[str] | None = None
"""The paths opened or listed while a test looks (None: it does not)."""
_EVENTS = {"open", "os.scandir", "os.listdir"}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _seen is not None and event in _EVENTS and args:
        path = args[0]
        if isinstance(path, (str, bytes, os.PathLike)):
            _seen.append(os.path.abspath(os.fsdecode(path)))


sys.addaudithook(_audit)  # hooks cannot be removed: it only looks while `_seen` is a list


@contextlib.contextmanager
def reads() -> Iterator[list[str]]:
    global _seen
    _seen = []
    try:
        yield _seen
    finally:
        _seen = None


@pytest.mark.parametrize(
    ("command", "edited"),
    [
        ("poly check", False),
        ("poly check --strict", False),
        ("poly check --projects svc", False),
        ("poly deps", False),
        # after an edit of one brick's imports: the analysis reads that brick again and keeps
        # the rest (ADR 0031); what it keeps is keyed by every input of the stored one
        ("poly check", True),
        ("poly deps", True),
    ],
)
def test_every_file_a_read_command_opens_in_the_workspace_is_an_input_it_records(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    edited: bool,
) -> None:
    isolate_poetry(tmp_path / "poetry", monkeypatch)
    ws = findings_workspace(make_workspace)
    ws.write("projects/svc/poetry.lock", lock_text({"authzed": ("1.0", ())}))
    ws.write("components/acme/core/data.txt", "not a module\n")
    managed_env(tmp_path / "poetry" / "venvs", ws, ["grpcutil/__init__.py"])
    Ager(tmp_path)()
    if edited:
        settle_tree(tmp_path)  # trusted by their stat: the first run stores its analysis
        poly("poly check", "", cwd=ws.root)
        ws.write("components/acme/core/__init__.py", "from acme import log\nimport json\n")
    recorded: list[runs.Inputs] = []
    recording = runs.recording

    @contextlib.contextmanager
    def watched() -> Iterator[runs.Inputs]:
        with recording() as inputs:
            recorded.append(inputs)
            yield inputs

    monkeypatch.setattr(runs, "recording", watched)
    name, _, args = command.partition(" --")
    with reads() as seen:
        result = poly(name, f"--{args}" if args else "", cwd=ws.root, verbosity=Verbosity.VERBOSE)

    assert result.exit_code in (0, 1), result.stderr
    assert ("analysed again where it changed" in result.stderr) is edited, result.stderr
    inputs = {path for found in recorded for path in found.stats}
    cache = str(ws.root / ".brickwork_cache")
    looked = {p for p in seen if p.startswith(str(tmp_path)) and not p.startswith(cache)}
    assert recorded, "the command analysed nothing"
    assert sorted(looked - inputs) == []
