"""Can the environment run the tests at all? One cheap look before pytest starts.

One subprocess of the environment's own interpreter, started in the workspace root as pytest
will be, asks `importlib.util.find_spec` for pytest and for the top of the workspace's
namespace. `find_spec` on a top-level name runs the path finders only: nothing of the
workspace is imported, and nothing of the environment is imported into Brickwork's process.

A namespace that cannot be found means the development project is not installed there (a
fresh clone before `poetry install`, or `poetry install --no-root`): every brick test would end
in `ModuleNotFoundError`, and pytest's exit code 2 would read as Brickwork's "could not run".
That verdict is given only when pytest itself could not find the bricks some other way: a
`pythonpath` setting or a `conftest.py` that changes `sys.path` next to the tests make the
look inconclusive, and then pytest runs and says what it finds (a missed warning is better
than a false refusal).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from brickwork.testing.select import SelectedFolder
from brickwork.workspace import PolyError

#: What `_PROBE` prints last (its exit code is 0: any other is the interpreter failing).
_NO_PYTEST = "brickwork-probe: no pytest"
_NOT_INSTALLED = "brickwork-probe: no namespace"
_READY = "brickwork-probe: ready"
#: `python -c _PROBE <namespace or "">`: pytest first (its message says `poetry install` too,
#: for a pytest the project lists already), then the namespace.
_PROBE = (
    "import importlib.util as u, sys; "
    "top = sys.argv[1]; "
    f"print({_NO_PYTEST!r} if u.find_spec('pytest') is None else "
    f"{_NOT_INSTALLED!r} if top and u.find_spec(top) is None else {_READY!r})"
)

#: The files through which pytest may put the bricks on `sys.path` itself.
_PYTEST_CONFIGS = ("pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg")
_PATH_WORDS = ("pythonpath", "python_paths", "sys.path", "addsitedir")
"""Lower-case words that show a file may change `sys.path`: pytest's `pythonpath`, the older
pytest-pythonpath plugin's `python_paths`, `PYTHONPATH` set by pytest-env, a `conftest.py`."""


def environment_of(python: Path) -> Path:
    """The environment folder of a venv interpreter (`<env>/bin/python` -> `<env>`)."""
    return python.parent.parent if python.parent.name in ("bin", "Scripts") else python


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _folders_up(root: Path, folder: Path) -> Iterable[Path]:
    """`folder` and its parents up to and including `root`."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        return (root,)
    return (root.joinpath(*parts[:n]) for n in range(len(parts), -1, -1))


def pytest_may_add_paths(
    root: Path, targets: Sequence[SelectedFolder], args: Sequence[str]
) -> bool:
    """Whether pytest might put the bricks on `sys.path` itself for this run: a `pythonpath`
    in a pytest configuration between `root` and the test folders or in `args`, a
    `conftest.py` there or inside the test folders that touches `sys.path`, or another
    configuration file named in `args`. Reads a few small files; imports nothing."""
    if any("pythonpath" in a.lower() or a.startswith(("-c", "--config-file")) for a in args):
        return True
    files: set[Path] = set()
    for target in targets:
        for folder in _folders_up(root, target.path):
            files.update(folder / name for name in (*_PYTEST_CONFIGS, "conftest.py"))
        if target.path.is_dir():
            files.update(target.path.rglob("conftest.py"))
    return any(any(w in _read(f).lower() for w in _PATH_WORDS) for f in files if f.is_file())


def require_runnable(
    python: Path,
    root: Path,
    missing: str,
    *,
    isolated: bool = False,
    namespace: str | None = None,
) -> None:
    """A `PolyError` (exit 2) when `python`, started in `root` as a run would start it,
    cannot import pytest (saying `missing`), or, with `namespace`, cannot find the
    namespace's top package (the development project is not installed there)."""
    start = ("-I",) if isolated else ()
    top = namespace.split(".")[0] if namespace else ""
    try:
        done = subprocess.run(
            [str(python), *start, "-c", _PROBE, top],
            cwd=root,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    except OSError as err:
        raise PolyError(f"cannot run {python}: {err.strerror}; check the environment.") from err
    env = environment_of(python)
    said = done.stdout.decode("utf-8", "replace").strip().splitlines()
    verdict = said[-1] if said and done.returncode == 0 else ""
    if verdict == _NOT_INSTALLED:
        raise PolyError(
            f"the development project is not installed in {env} (`import {top}` finds "
            "nothing there): run `poetry install`, then run again."
        )
    if verdict == _NO_PYTEST:
        raise PolyError(f"pytest is not installed in the environment at {env}; {missing}.")
    if verdict != _READY:  # the interpreter itself fails (a broken `.pth`, a bad venv)
        errors = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = f"exit {done.returncode}" + (f": {errors[-1]}" if errors else "")
        if done.returncode == 0:  # a stub that answers nothing
            why = "it runs no Python code"
        raise PolyError(
            f"the Python of {env} fails to start ({why}); repair or "
            "recreate the environment (`poetry env remove --all`, then `poetry install`)."
        )
