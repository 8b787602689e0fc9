"""Run pytest in a given interpreter, streaming its output line by line to the caller."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from brickwork.testing.probe import pytest_may_add_paths, require_runnable
from brickwork.testing.select import SelectedFolder
from brickwork.workspace import PolyError

#: pytest's exit code when it collected no tests.
NO_TESTS_COLLECTED = 5


def venv_python(folder: Path) -> Path | None:
    """The interpreter of the virtualenv `folder/.venv`, when there is one."""
    venv = folder / ".venv"
    candidates = [venv / "bin" / "python"]
    if sys.platform == "win32":
        candidates.insert(0, venv / "Scripts" / "python.exe")
    return next((c for c in candidates if c.is_file()), None)


#: What an isolated run adds: `-I` keeps the working folder and `PYTHONPATH` off `sys.path`,
#: `-o pythonpath=` drops a `pythonpath` from the pytest configuration (which would put the
#: development project's bricks back).
ISOLATED = ("-I", "-m", "pytest", "-o", "pythonpath=")


def pytest_command(
    python: Path,
    root: Path,
    targets: Sequence[SelectedFolder],
    args: Sequence[str],
    *,
    isolated: bool = False,
) -> list[str]:
    """`python -m pytest <folders relative to root> <args>`; `isolated`: see `ISOLATED`."""
    folders = [os.path.relpath(t.path, root) for t in targets]
    start = ISOLATED if isolated else ("-m", "pytest")
    return [str(python), *start, *dict.fromkeys(folders), *args]


#: What to do when the development environment lacks pytest.
DEV_HINT = (
    "add it to the development project (`poetry add --group dev pytest`), or install it "
    "(`poetry install`) when it is listed already, then run again"
)


def run_pytest(
    python: Path,
    root: Path,
    targets: Sequence[SelectedFolder],
    args: Sequence[str],
    write: Callable[[str], None],
    *,
    isolated: bool = False,
    missing: str = DEV_HINT,
    namespace: str | None = None,
) -> int:
    """Run pytest on `targets` in `root` with `python`; each output line goes to `write`.
    Returns pytest's exit code. An interpreter that cannot import pytest is a `PolyError`
    (exit 2, "could not run"), never a failed run: `missing` says what to do then. With
    `namespace` (the development environment), one where the namespace cannot be found, and
    pytest would not add it itself, is one too: the development project is not installed."""
    if namespace is not None and pytest_may_add_paths(root, targets, args):
        namespace = None
    require_runnable(python, root, missing, isolated=isolated, namespace=namespace)
    command = pytest_command(python, root, targets, args, isolated=isolated)
    try:
        process = subprocess.Popen(
            command,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
    except OSError as err:
        raise PolyError(f"cannot run {python}: {err.strerror}; check the environment.") from err
    assert process.stdout is not None
    with process:
        try:
            for line in process.stdout:
                write(line.rstrip("\n"))
        except BaseException:  # interrupted: pytest does not outlive the run
            _stop(process)
            raise
    return process.returncode


def _stop(process: subprocess.Popen[str]) -> None:
    """End pytest: a moment to finish on the Ctrl-C it got too, then SIGTERM, then SIGKILL."""
    for grace, end in ((1.0, process.terminate), (5.0, process.kill)):
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            end()
    process.wait()


def combined_exit(codes: Sequence[int]) -> int:
    """One exit code for several pytest runs: the first failure's; `NO_TESTS_COLLECTED` only
    when no run collected anything; else 0."""
    failed = [c for c in codes if c not in (0, NO_TESTS_COLLECTED)]
    if failed:
        return failed[0]
    return NO_TESTS_COLLECTED if codes and all(c == NO_TESTS_COLLECTED for c in codes) else 0
