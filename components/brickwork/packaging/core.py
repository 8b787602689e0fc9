"""Build a staged project in-process with poetry-core: wheel and sdist, reproducibly.

This is the one component that imports poetry-core (ADR 0006), lazily, inside the functions
that build.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Collection, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork.packaging.content import check_artifacts
from brickwork.packaging.files import Listing
from brickwork.packaging.guards import allow_script, output_to_stderr, refuse_duplicate_entries
from brickwork.packaging.model import Artifact, BuildOptions, BuildResult, Format, Stage
from brickwork.packaging.output import check_output, publish, scratch_folder
from brickwork.packaging.pin import pin_stage, write_requirements
from brickwork.packaging.rewrite import rewrite_stage
from brickwork.packaging.stage import stage_project
from brickwork.workspace import PolyError, PolyFailure, Project, Workspace

if TYPE_CHECKING:
    from poetry.core.poetry import Poetry

STAGE_PREFIX = "brickwork-build-"
#: What the poetry-core step changes is process-wide (`SOURCE_DATE_EPOCH`, `tempfile.tempdir`,
#: and the working folder while a build script runs): builds in parallel threads take turns
#: for that step (milliseconds); staging runs in parallel.
_EPOCH_LOCK = threading.Lock()


def system_temp() -> Path:
    """The system temp folder; never the scratch folder that a build in another thread has
    pointed `tempfile` at for the moment (see `build_stage`)."""
    with _EPOCH_LOCK:
        return Path(tempfile.gettempdir())


@contextlib.contextmanager
def temp_parent(given: Path | None) -> Iterator[Path]:
    """The folder stages are made in: the system temp, or `given` (`--custom-temp-path`).
    A `given` folder that does not exist is created, and removed at the end with every folder
    created for it: nothing is left where it points (often inside the workspace)."""
    if given is None:
        yield system_temp()
        return
    created = None
    for folder in (given, *given.parents):
        if folder.exists() or folder.is_symlink():
            break
        created = folder
    try:
        given.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise PolyError(
            f"--custom-temp-path {given}: cannot create the folder ({err.strerror}); "
            "name a folder that exists or can be made."
        ) from err
    try:
        yield given
    finally:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)


def last_commit_time(root: Path) -> int | None:
    """The committer time of HEAD (seconds), or None without git or commits."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    value = result.stdout.strip()
    return int(value) if result.returncode == 0 and value.isdigit() else None


def source_date_epoch(ws: Workspace, given: int | None = None) -> int | None:
    """The time stamped into artifacts: `given`, else `SOURCE_DATE_EPOCH`, else the last
    commit's time; None leaves poetry-core's fixed defaults."""
    if given is not None:
        return given
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise PolyError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds.")
        return int(value)
    return last_commit_time(ws.root)


@contextlib.contextmanager
def epoch(seconds: int | None) -> Iterator[None]:
    """Set `SOURCE_DATE_EPOCH` (read by poetry-core's builders) for the duration."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    if seconds is not None:
        # zip cannot store times before 1980
        os.environ["SOURCE_DATE_EPOCH"] = str(max(seconds, 315532800))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@contextlib.contextmanager
def staged(
    ws: Workspace,
    project: Project,
    options: BuildOptions | None = None,
    known: Listing | None = None,
    *,
    reuse: Path | None = None,
) -> Iterator[Stage]:
    """A stage of `project` in a new temp folder (system temp, or `options.temp_dir`),
    removed when the block ends: on success, on error and on Ctrl-C. `known`: the
    workspace's files listed once, when staging many projects.

    `reuse`: stage in this folder (a batch's, which the batch removes) and, when the block
    ends, remove the stage's files but keep its folders for the next project. Creating and
    removing folders is what staging costs most on some file systems (ext4 mounted with
    `discard`: ~2 ms per removed folder), and projects of one workspace share most folders.
    Left-over empty folders ship nowhere: wheels and sdists hold files."""
    options = options or BuildOptions()
    with contextlib.ExitStack() as stack:
        if reuse is not None:
            folder = reuse
            folder.mkdir(parents=True, exist_ok=True)
        else:
            parent = stack.enter_context(temp_parent(options.temp_dir))
            folder = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=parent))
        try:
            stage = stage_project(
                ws, project, folder / "project", known, top_namespace=options.top_namespace
            )
            if options.top_namespace:
                stage = rewrite_stage(stage, options.top_namespace)
            yield stage
        finally:
            if reuse is None:
                shutil.rmtree(folder, ignore_errors=True)
            else:
                empty_folder(folder)


def empty_folder(folder: Path) -> None:
    """Remove every file under `folder`, keep the folders; anything that resists: remove
    the whole folder."""
    try:
        for dirpath, dirnames, filenames in os.walk(folder):
            for name in filenames + [d for d in dirnames if os.path.islink(f"{dirpath}/{d}")]:
                os.unlink(os.path.join(dirpath, name))
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def distribution_name(name: str) -> str:
    """The file-name form of a project name (`my-app` -> `my_app`)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def artifact(path: Path, format: Format) -> Artifact:
    return Artifact(path=path, format=format, size=path.stat().st_size, sha256=_sha256(path))


def artifact_name(file_name: str) -> str | None:
    """The distribution (file-name form) a wheel or sdist file name belongs to, else None.
    A wheel's name never holds `-`; an sdist's may (`svc-admin-1.0.tar.gz`, as older tools
    wrote it), so its version is what follows the last `-`."""
    if file_name.endswith(".whl"):
        parts = file_name[: -len(".whl")].split("-")
        return distribution_name(parts[0]) if len(parts) >= 5 else None
    if file_name.endswith(".tar.gz"):
        name, dash, version = file_name[: -len(".tar.gz")].rpartition("-")
        return distribution_name(name) if dash and name and version else None
    return None


def clean_artifacts(out_dir: Path, name: str, keep: Collection[str] = ()) -> tuple[Path, ...]:
    """Remove the wheels and sdists of distribution `name` from `out_dir`, but the files named
    in `keep` (the ones just built); other projects' artifacts (`svc_admin` next to `svc`) and
    other files stay."""
    if not out_dir.is_dir():
        return ()
    wanted = distribution_name(name)
    removed = []
    for path in sorted(out_dir.iterdir()):
        if path.name in keep or artifact_name(path.name) != wanted or not path.is_file():
            continue
        try:
            path.unlink()
        except OSError as err:
            raise PolyError(
                f"--clean: cannot remove the old artifact {path} ({err.strerror}); the new "
                f"artifacts are in {out_dir}."
            ) from err
        removed.append(path)
    return tuple(removed)


VALIDATED_FOLDER = "build-validated"
"""In the workspace cache: one empty file per staged project file poetry-core has validated
(named by a hash of its content and poetry-core's version)."""


def _validated_mark(stage: Stage, marks: Path | None) -> Path | None:
    if marks is None:
        return None
    from poetry.core import __version__

    text = (stage.root / "pyproject.toml").read_bytes()
    return marks / hashlib.sha256(__version__.encode() + b"\0" + text).hexdigest()[:32]


def create_poetry(stage: Stage, marks: Path | None = None) -> Poetry:
    """poetry-core's `Poetry` of a staged project. Its schema validation (~0.1 s: it compiles
    the JSON schemas) runs once per content of the staged project file: with `marks`, a folder
    that remembers which contents passed, an unchanged project is not validated again. Its
    warnings are not shown in either case (the build logs poetry-core's errors only)."""
    from poetry.core.factory import Factory

    mark = _validated_mark(stage, marks)
    if mark is None or not mark.exists():
        poetry = Factory().create_poetry(stage.root)  # raises on an invalid project file
        if mark is not None:
            with contextlib.suppress(OSError):
                mark.parent.mkdir(parents=True, exist_ok=True)
                mark.touch()
        return poetry

    class Validated(Factory):
        @classmethod
        def validate(cls, toml_data: dict[str, Any], strict: bool = False) -> dict[str, list[str]]:
            # what `Factory.validate` sets besides checking: `[tool.poetry]` with the
            # schema's defaults
            poetry = toml_data.setdefault("tool", {}).setdefault("poetry", {})
            poetry.setdefault("package-mode", True)
            if isinstance(poetry.get("build"), dict):
                poetry["build"].setdefault("generate-setup-file", False)
            return {"errors": [], "warnings": []}

    return Validated().create_poetry(stage.root)


def build_stage(
    stage: Stage, out_dir: Path, formats: tuple[Format, ...], marks: Path | None = None
) -> tuple[Artifact, ...]:
    """Build a staged project with poetry-core into `out_dir` (which must exist); a build error
    is a `PolyFailure` with poetry-core's message. `marks`: see `create_poetry`."""
    if not out_dir.is_dir():
        raise PolyError(f"{out_dir}: cannot write artifacts there (no such folder).")
    with scratch_folder(out_dir) as scratch:
        built = build_in(stage, scratch, formats, marks)
        publish([a.path for a in built], out_dir)
    return tuple(replace(a, path=out_dir / a.path.name) for a in built)


def build_in(
    stage: Stage, scratch: Path, formats: tuple[Format, ...], marks: Path | None = None
) -> tuple[Artifact, ...]:
    """Build a staged project with poetry-core into `scratch`, a folder of the build's own
    (see `scratch_folder`); the wheel first. A build error is a `PolyFailure` with
    poetry-core's message; a failed or interrupted build leaves its files in `scratch`, which
    its owner removes."""
    from brickwork.packaging.builders import StageSdistBuilder, StageWheelBuilder

    logging.getLogger("poetry.core").setLevel(logging.ERROR)
    built: list[tuple[Path, Format]] = []
    try:
        poetry = create_poetry(stage, marks)
        with temp_files_in(scratch):
            if Format.SDIST in formats:
                built.append((Path(StageSdistBuilder(poetry).build(scratch)), Format.SDIST))
            if Format.WHEEL in formats:
                with warnings.catch_warnings():  # said once, below, in a line of ours
                    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
                    wheel = scratch / StageWheelBuilder.make_in(poetry, scratch)
                refuse_duplicate_entries(wheel, stage)
                built.append((wheel, Format.WHEEL))
    except PolyError:
        raise
    except (RuntimeError, ValueError, OSError) as err:
        text = " ".join(str(err).split())
        raise PolyFailure(f"build failed: {text}") from err
    artifacts = [artifact(scratch / path.name, kind) for path, kind in built]
    return tuple(sorted(artifacts, key=lambda a: a.format is Format.SDIST))


@contextlib.contextmanager
def temp_files_in(folder: Path) -> Iterator[None]:
    """Point `tempfile` at `folder` for the duration: poetry-core writes a wheel into the temp
    folder before moving it, and a failed or interrupted build would leave it there."""
    old = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = old


def validated_marks(ws: Workspace) -> Path | None:
    """Where `create_poetry` remembers validated project files: in the workspace cache
    (None when the cache is turned off)."""
    from brickwork.imports import cache_location

    cache = cache_location(ws)
    return cache / VALIDATED_FOLDER if cache is not None else None


def build_project(
    ws: Workspace,
    project: Project,
    options: BuildOptions | None = None,
    known: Listing | None = None,
    *,
    reuse: Path | None = None,
) -> BuildResult:
    """Stage `project`, build it, remove the stage; the source tree is left as it was.
    A build that fails leaves the output folder as it was: no new (empty) folder, and with
    `clean` the old artifacts, which go only once the new ones are in place (`build.output`).
    `known`, `reuse`: for many projects, see `staged`."""
    options = options or BuildOptions()
    started = time.perf_counter()
    out_dir = (options.out_dir or project.path / "dist").resolve()
    check_output(out_dir)  # creates nothing: a refused build leaves no empty dist/ behind
    with staged(ws, project, options, known, reuse=reuse) as stage:
        notes = list(stage.notes)
        script = allow_script(ws, project, stage, options.allow_build_script)
        lock = None
        if options.locked or options.requirements:
            lock = pin_stage(ws, project, stage, pin=options.locked)
        seconds = source_date_epoch(ws, options.source_date_epoch)
        # Everything is built and checked in a scratch folder; only then does it replace
        # what `out_dir` holds, and only then do old artifacts go (`--clean`).
        with scratch_folder(out_dir) as scratch:
            with _EPOCH_LOCK, epoch(seconds), output_to_stderr(script):
                built = build_in(stage, scratch, options.formats, validated_marks(ws))
            check_artifacts(stage, built, options.top_namespace)
            files = [a.path for a in built]
            if options.requirements and lock:
                files.append(write_requirements(lock, scratch))
            published = publish(files, out_dir)
        artifacts = tuple(replace(a, path=out_dir / a.path.name) for a in built)
        requirements = published[len(built)] if len(published) > len(built) else None
        names = {p.name for p in published}
        removed = clean_artifacts(out_dir, project.name, names) if options.clean else ()
    return BuildResult(
        project=project.name,
        artifacts=artifacts,
        seconds=time.perf_counter() - started,
        notes=tuple(notes),
        requirements=requirements,
        removed=removed,
    )
