"""Select the tests of what a change affects, and run pytest on them in the right environment."""

from __future__ import annotations

from brickwork.testing.inproject import (
    ProjectEnv,
    ProjectTests,
    env_key,
    lock_for,
    project_env,
    run_in_projects,
    split_by_project,
    venvs_folder,
)
from brickwork.testing.probe import environment_of, pytest_may_add_paths, require_runnable
from brickwork.testing.run import (
    NO_TESTS_COLLECTED,
    combined_exit,
    pytest_command,
    run_pytest,
    venv_python,
)
from brickwork.testing.select import (
    PROJECT_TEST_FOLDERS,
    RunOptions,
    SelectedFolder,
    Selection,
    check_bricks,
    choose_tests,
    project_test_folders,
    select_tests,
)

__all__ = [
    "NO_TESTS_COLLECTED",
    "PROJECT_TEST_FOLDERS",
    "ProjectEnv",
    "ProjectTests",
    "RunOptions",
    "SelectedFolder",
    "Selection",
    "check_bricks",
    "choose_tests",
    "combined_exit",
    "env_key",
    "environment_of",
    "lock_for",
    "project_env",
    "project_test_folders",
    "pytest_command",
    "pytest_may_add_paths",
    "require_runnable",
    "run_in_projects",
    "run_pytest",
    "select_tests",
    "split_by_project",
    "venv_python",
    "venvs_folder",
]
