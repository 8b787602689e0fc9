"""A stored analysis's changed source file is looked at closer: one that holds what it was
scanned from is the same without a scan; one whose content changed is scanned again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brickwork import imports, runs
from brickwork.imports import collect
from brickwork.poetry_plugin import analysis


def effect_of(path: Path) -> tuple[Any, ...]:
    """The scan effect a run notes for `path`: (content digest, module, package?, scan digest)."""
    _, content, _, _, _, found = collect._scan_task((str(path), "acme.x.core", False))
    assert content == runs.content_digest(path.read_bytes())
    return (content, "acme.x.core", False, found)


def test_a_file_that_holds_what_was_scanned_is_the_same_without_a_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "core.py"
    path.write_text("import os\nfrom acme.y import core\n", "utf-8")
    effect = effect_of(path)
    assert imports.same_scan(str(path), effect) == effect

    def no_scan(*_: object) -> object:
        raise AssertionError("scanned")

    monkeypatch.setattr(imports, "same_scan", no_scan)
    path.write_text("import os\nfrom acme.y import core\n", "utf-8")  # saved again, same text
    assert analysis._same_scan(str(path), effect) == effect


def test_a_file_whose_content_changed_is_scanned_again(tmp_path: Path) -> None:
    path = tmp_path / "core.py"
    path.write_text("import os\nfrom acme.y import core\n", "utf-8")
    effect = effect_of(path)

    path.write_text("import os\nfrom acme.y import core  # the same imports\n", "utf-8")
    again = analysis._same_scan(str(path), effect)
    assert isinstance(again, tuple) and again != effect  # the same imports, another content
    assert again[1:] == effect[1:]
    path.write_text("import os\nfrom acme.z import core\n", "utf-8")
    assert analysis._same_scan(str(path), effect) is None
    path.unlink()
    assert analysis._same_scan(str(path), effect) is None
