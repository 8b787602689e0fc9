from __future__ import annotations

import sys
from pathlib import Path

from brickwork import testing


def test_run_pytest_streams_output_and_returns_pytests_exit_code(tmp_path: Path) -> None:
    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "test_a.py").write_text("def test_a():\n    assert 1 == 2\n")
    lines: list[str] = []
    target = testing.SelectedFolder(folder, ("--all",))
    args = ["-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    code = testing.run_pytest(Path(sys.executable), tmp_path, [target], args, lines.append)
    assert code == 1
    assert any("1 failed" in line for line in lines)


def test_run_pytest_reports_no_tests_collected_as_pytest_does(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    target = testing.SelectedFolder(tmp_path / "empty", ("--all",))
    code = testing.run_pytest(
        Path(sys.executable), tmp_path, [target], ["-q", "-p", "no:cacheprovider"], lambda _: None
    )
    assert code == testing.NO_TESTS_COLLECTED
