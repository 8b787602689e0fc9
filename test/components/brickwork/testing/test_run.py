from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from brickwork import testing, workspace


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


def test_run_pytest_in_an_environment_without_pytest_cannot_run_and_says_how_to_install_it(
    tmp_path: Path,
) -> None:
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    (tmp_path / "tests").mkdir()
    target = testing.SelectedFolder(tmp_path / "tests", ("--all",))
    lines: list[str] = []
    with pytest.raises(workspace.PolyError) as caught:
        testing.run_pytest(env / "bin" / "python", tmp_path, [target], [], lines.append)
    assert caught.value.exit_code == 2
    assert str(caught.value) == (
        f"pytest is not installed in the environment at {env}; add it to the development "
        "project (`poetry add --group dev pytest`), or install it (`poetry install`) when it "
        "is listed already, then run again."
    )
    assert lines == []


def test_an_isolated_run_does_not_count_pytest_found_only_through_pythonpath(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / "pytest.py").write_text("raise SystemExit(0)\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "fake"))
    target = testing.SelectedFolder(tmp_path / "fake", ("--all",))
    python = env / "bin" / "python"
    assert testing.run_pytest(python, tmp_path, [target], [], lambda _: None) == 0
    with pytest.raises(workspace.PolyError, match="rebuild it"):
        testing.run_pytest(
            python, tmp_path, [target], [], lambda _: None, isolated=True, missing="rebuild it"
        )
