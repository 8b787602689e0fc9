"""`--in-project`: a project's tests in a venv built from that project's own wheel and lock.

The venv holds the project's wheel (built with `--locked --requirements`), the pinned
requirements from its lock, and pytest; nothing of the development project. It is cached under
the workspace cache folder (`.brickwork_cache/venvs/<project>-<key>`), keyed by a hash of the
lock file, the Python version, the wheel's sha256 and the pinned requirements; a key that
matches reuses the venv, another one rebuilds it (and removes the project's older venvs).

pytest comes from the development environment, offline: its installed distributions (pytest
and what it requires there) are packed back into wheels and installed with `--no-index
--find-links`. A venv with system site packages would be simpler, but it would also see the
development project's bricks, which is what this mode must not.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from brickwork import packaging
from brickwork.imports import cache_location
from brickwork.testing.probe import environment_of, require_runnable
from brickwork.testing.run import DEV_HINT, run_pytest
from brickwork.testing.select import SelectedFolder, Selection
from brickwork.workspace import PolyError, Project, Workspace

VENV_FOLDER = "venvs"
READY = ".brickwork-ready"
"""Written last into a complete venv; holds its key. A venv without it is rebuilt."""
_KEY_FORMAT = b"brickwork-in-project/1\0"

_REPACK = r"""
import base64, hashlib, importlib.metadata as md, json, os, sys, zipfile
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
out, todo, seen, made = sys.argv[1], ["pytest"], set(), []
while todo:
    name = canonicalize_name(todo.pop())
    if name in seen:
        continue
    seen.add(name)
    try:
        dist = md.distribution(name)
    except md.PackageNotFoundError:
        if name == "pytest":
            sys.exit("pytest is not installed in " + sys.prefix)
        continue
    for text in dist.requires or []:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate({"extra": ""}):
            todo.append(req.name)
    files = sorted(dist.files or [], key=str)
    info = next(f.parts[0] for f in files if f.parts[0].endswith(".dist-info"))
    wheel = os.path.join(out, info[: -len(".dist-info")] + "-py3-none-any.whl")
    record = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            path, parts = str(file).replace(os.sep, "/"), file.parts
            if ".." in parts or "__pycache__" in parts or path.endswith(".pyc"):
                continue
            if parts[0].endswith(".dist-info") and parts[-1] in (
                "RECORD", "INSTALLER", "REQUESTED", "direct_url.json"):
                continue
            data = file.locate().read_bytes()
            archive.writestr(path, data)
            sha = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{path},sha256={sha.decode()},{len(data)}")
        archive.writestr(info + "/RECORD", "\n".join([*record, info + "/RECORD,,"]) + "\n")
    made.append(wheel)
sys.stdout.write(json.dumps(made))
"""


@dataclass(frozen=True)
class ProjectEnv:
    """A project's test venv: its interpreter, its cache key, and whether it was reused."""

    project: str
    python: Path
    key: str
    reused: bool
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProjectTests:
    """The selected test folders that run in one project's venv."""

    project: Project
    targets: tuple[SelectedFolder, ...]


def split_by_project(
    ws: Workspace, selection: Selection, projects: tuple[Project, ...] = ()
) -> tuple[tuple[ProjectTests, ...], tuple[str, ...]]:
    """Each project (of `projects`, else every deployable) with the selected folders of its
    bricks and its own tests; and the selected bricks that are in none of those projects."""
    candidates = projects or ws.deployables
    groups: list[ProjectTests] = []
    placed: set[str] = set()
    for project in candidates:
        mine = tuple(
            t
            for t in selection.targets
            if t.project == project.name or (t.brick is not None and t.brick in project.bricks)
        )
        placed |= {t.brick for t in mine if t.brick is not None}
        if mine:
            groups.append(ProjectTests(project, mine))
    left = {t.brick for t in selection.targets if t.brick is not None} - placed
    return tuple(groups), tuple(sorted(left))


def lock_for(ws: Workspace, project: Project) -> Path:
    """The lock file the project's venv is pinned to; none: a `PolyError` (exit 2)."""
    try:
        return packaging.find_lock(ws, project)
    except PolyError as err:
        folder = ws.relative(project.path)
        raise PolyError(
            f"{project.name} has no poetry.lock (in {folder} or at the workspace root) to "
            f"build its test venv from; run `poetry lock` in {folder} first."
        ) from err


def _run(command: list[str], what: str) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as err:
        raise PolyError(f"{what} failed: cannot run {command[0]}: {err.strerror}.") from err
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise PolyError(f"{what} failed: {lines[-1] if lines else result.returncode}")
    return result.stdout


def _env_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def env_key(lock: Path, python_version: str, wheel_sha256: str, requirements: str) -> str:
    """The cache key of a project venv (hex)."""
    digest = hashlib.sha256(_KEY_FORMAT)
    for part in (lock.read_bytes(), python_version.encode(), wheel_sha256.encode()):
        digest.update(part + b"\0")
    digest.update(requirements.encode())
    return digest.hexdigest()


@contextlib.contextmanager
def venvs_folder(ws: Workspace) -> Iterator[Path]:
    """Where project venvs live: `<cache>/venvs`; with the cache turned off, a temp folder
    removed afterwards (nothing is reused)."""
    cache = cache_location(ws)
    if cache is not None:
        folder = cache / VENV_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    temp = Path(tempfile.mkdtemp(prefix="brickwork-venvs-"))
    try:
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _install(env: Path, dev_python: Path, wheel: Path, requirements: Path) -> None:
    # pip of the running interpreter installs into the venv (`--python`), as `--verify` does;
    # without one, the venv gets its own
    own_pip = importlib.util.find_spec("pip") is not None
    without_pip = ["--without-pip"] if own_pip else []
    _run([str(dev_python), "-m", "venv", *without_pip, str(env)], f"creating {env.name}")
    python = _env_python(env)
    pip = (
        [sys.executable, "-m", "pip", "--python", str(python)]
        if own_pip
        else [str(python), "-m", "pip"]
    )
    pip += ["install", "--quiet", "--disable-pip-version-check", "--no-input"]
    index = [] if packaging.index_configured() else ["--no-index"]
    links = ["--find-links", str(wheel.parent)]
    if any(
        line and not line.startswith("#") for line in requirements.read_text("utf-8").splitlines()
    ):
        _run([*pip, *index, *links, "-r", str(requirements)], f"installing {wheel.name}'s lock")
    _run([*pip, "--no-index", "--no-deps", str(wheel)], f"installing {wheel.name}")
    with tempfile.TemporaryDirectory(prefix="brickwork-pytest-") as folder:
        _run([str(dev_python), "-I", "-c", _REPACK, folder], "packing pytest from the dev venv")
        _run([*pip, "--no-index", "--find-links", folder, "pytest"], "installing pytest")


def project_env(ws: Workspace, project: Project, dev_python: Path, folder: Path) -> ProjectEnv:
    """The project's test venv in `folder`: reused when its key matches, else (re)built."""
    lock = lock_for(ws, project)
    version = _run([str(dev_python), "-c", "import sys; print(sys.version)"], "python").strip()
    with tempfile.TemporaryDirectory(prefix="brickwork-wheel-") as out:
        options = packaging.BuildOptions(
            formats=(packaging.Format.WHEEL,), out_dir=Path(out), locked=True, requirements=True
        )
        result = packaging.build_project(ws, project, options)
        wheel, requirements = result.wheel, result.requirements
        assert wheel is not None and requirements is not None
        key = env_key(lock, version, wheel.sha256, requirements.read_text(encoding="utf-8"))
        env = folder / f"{packaging.distribution_name(project.name)}-{key[:16]}"
        ready = env / READY
        reused = ready.is_file() and ready.read_text(encoding="utf-8") == key
        if not reused:
            shutil.rmtree(env, ignore_errors=True)
            try:
                _install(env, dev_python, wheel.path, requirements)
            except BaseException:
                shutil.rmtree(env, ignore_errors=True)
                raise
            ready.write_text(key, encoding="utf-8")
            _remove_older(folder, env, project)
    return ProjectEnv(project.name, _env_python(env), key, reused, result.notes)


def _remove_older(folder: Path, keep: Path, project: Project) -> None:
    prefix = f"{packaging.distribution_name(project.name)}-"
    for other in folder.iterdir():
        name = other.name
        if other != keep and name.startswith(prefix) and len(name) == len(keep.name):
            shutil.rmtree(other, ignore_errors=True)


def run_in_projects(
    ws: Workspace,
    groups: Sequence[ProjectTests],
    dev_python: Path,
    args: Sequence[str],
    write: Callable[[str], None],
    announce: Callable[[ProjectEnv, ProjectTests], None],
) -> tuple[int, ...]:
    """Each group's tests with pytest in its project's venv (isolated); pytest's exit codes.
    pytest is packed from the development environment: one that lacks it stops here."""
    require_runnable(dev_python, ws.root, DEV_HINT, isolated=True)
    codes = []
    with venvs_folder(ws) as folder:
        for group in groups:
            env = project_env(ws, group.project, dev_python, folder)
            announce(env, group)
            rebuild = f"delete {environment_of(env.python)} and run again to rebuild it"
            codes.append(
                run_pytest(
                    env.python, ws.root, group.targets, args, write, isolated=True, missing=rebuild
                )
            )
    return tuple(codes)
