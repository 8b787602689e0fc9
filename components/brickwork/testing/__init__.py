"""Select the tests of what a change affects, and run pytest on them in the right environment."""

from __future__ import annotations

from brickwork.testing.run import NO_TESTS_COLLECTED, pytest_command, run_pytest, venv_python
from brickwork.testing.select import (
    PROJECT_TEST_FOLDERS,
    SelectedFolder,
    Selection,
    check_bricks,
    project_test_folders,
    select_tests,
)

__all__ = [
    "NO_TESTS_COLLECTED",
    "PROJECT_TEST_FOLDERS",
    "SelectedFolder",
    "Selection",
    "check_bricks",
    "project_test_folders",
    "pytest_command",
    "run_pytest",
    "select_tests",
    "venv_python",
]
