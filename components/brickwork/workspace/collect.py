"""Disk -> model: discover bricks and read every project file of a workspace."""

from __future__ import annotations

import ast
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from brickwork.runs import is_dir as _is_dir
from brickwork.runs import is_file as _is_file
from brickwork.runs import list_folder, note_input
from brickwork.workspace.codes import (
    DUPLICATE_BRICK_NAME,
    DUPLICATE_PROJECT_NAME,
    INVALID_BRICK_NAME,
)
from brickwork.workspace.config import PROJECT_FILE, find_root, load_config
from brickwork.workspace.model import (
    Brick,
    BrickKind,
    Config,
    Finding,
    Listing,
    Project,
    Theme,
    Workspace,
)
from brickwork.workspace.projects import BrickIndex, ProjectRecords, read_project

IGNORED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})


def is_ignored_dir(name: str) -> bool:
    """Folders that never hold bricks or brick code: dot-dirs, caches, virtualenvs."""
    return name.startswith(".") or name in IGNORED_DIRS or name.endswith(".egg-info")


def is_folder(entry: os.DirEntry[str], *, follow_symlinks: bool = True) -> bool:
    """`entry.is_dir()`, False where it cannot be answered (a symlink loop, a link to nowhere,
    no permission): one unreadable entry never stops a walk."""
    try:
        return entry.is_dir(follow_symlinks=follow_symlinks)
    except OSError:
        return False


def is_regular_file(entry: os.DirEntry[str]) -> bool:
    """`entry.is_file()`, False where it cannot be answered (see `is_folder`)."""
    try:
        return entry.is_file()
    except OSError:
        return False


def walkable(entries: Iterable[os.DirEntry[str]]) -> Listing:
    """(names of the `.py` files, names of the sub-folders to walk into) among a folder's
    entries: what a walk for brick code finds in it (not links to folders, nor ignored
    folders); the one definition the scan's walk and `load`'s listings share."""
    files: list[str] = []
    folders: list[str] = []
    for entry in entries:
        name = entry.name
        if name.endswith(".py") and is_regular_file(entry):
            files.append(name)
        elif is_folder(entry, follow_symlinks=False) and not is_ignored_dir(name):
            folders.append(name)
    return tuple(files), tuple(folders)


def _has_python(folder: Path) -> bool:
    """Whether `folder` holds a `.py` file at any depth (not in ignored folders, not through
    links to folders); its `__init__.py` is looked for by the caller."""
    pending = [str(folder)]
    while pending:
        entries = list_folder(pending.pop())
        if entries is None:
            continue
        if any(e.name.endswith(".py") and not is_folder(e) for e in entries):
            return True
        pending += [
            e.path
            for e in entries
            if is_folder(e, follow_symlinks=False) and not is_ignored_dir(e.name)
        ]
    return False


def _subdirs(folder: Path) -> Iterator[Path]:
    entries = list_folder(folder)
    for entry in sorted(entries or (), key=lambda e: e.name):
        if is_folder(entry) and not is_ignored_dir(entry.name):
            yield folder / entry.name  # a child of a Path: one short parse, not a long one


def brick_package_path(root: Path, config: Config, kind: BrickKind, name: str) -> Path:
    """Where the package of brick `name` lives in this workspace's theme."""
    ns_path = Path(*config.namespace.split("."))
    if config.theme is Theme.LOOSE:
        return root / kind.directory / ns_path / name
    return root / kind.directory / name / "src" / ns_path / name


def brick_test_path(root: Path, config: Config, kind: BrickKind, name: str) -> Path:
    """Where the tests of brick `name` live in this workspace's theme."""
    base = str(root)
    if config.theme is Theme.LOOSE:
        ns = os.path.join(*config.namespace.split("."))
        return Path(os.path.join(base, "test", kind.directory, ns, name))
    return Path(os.path.join(base, kind.directory, name, "test"))


def _is_group(package: Path) -> bool:
    """A nested-brick folder in the tdd theme (`components/aws/src/acme/aws` holding `s3/`,
    `sqs/`): no module of its own, only sub-packages; one brick whose sub-packages are
    interfaces (ADR 0025: nested bricks of their own are a loose-theme layout)."""
    entries = list_folder(package)
    if entries is None:
        return False
    if any(e.name.endswith(".py") and is_regular_file(e) for e in entries):
        return False
    return any(is_folder(e) and _is_file(os.path.join(e.path, "__init__.py")) for e in entries)


_TEST_FOLDERS = frozenset({"test", "tests"})
"""Sub-folders of a brick that hold its tests: never a nested brick (a folder with tests next
to its sub-packages is read as a grouping folder all the same)."""
_GROUP_INIT_LIMIT = 4096
"""A grouping folder's `__init__.py` longer than this is code, not a docstring."""


def _holds_no_code(init: str) -> bool:
    """Whether the `__init__.py` at `init` is empty, comments or a docstring only."""
    try:
        with open(init, "rb") as handle:
            data = handle.read(_GROUP_INIT_LIMIT + 1)
    except OSError:
        return False
    note_input(init)
    if len(data) > _GROUP_INIT_LIMIT:
        return False
    try:
        with warnings.catch_warnings():  # invalid escapes in old docstrings: not our concern
            warnings.simplefilter("ignore")
            body = ast.parse(data).body
    except (SyntaxError, ValueError):
        return False
    return not body or (
        len(body) == 1
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )


def _nested_packages(
    package: Path, listed: dict[str, Listing] | None = None
) -> tuple[list[str] | None, bool]:
    """(sub-packages, has `__init__.py`) of a brick folder of the loose theme, from one
    listing (kept in `listed`, as `walkable` reads it, when given). The sub-packages of a
    grouping folder (`components/acme/aws` holding `s3/`, `sqs/`) are bricks of their own
    (`aws/s3`); None when `package` is not one: it holds a `.py` file other than an
    `__init__.py` without code, or no sub-folder with an `__init__.py`."""
    entries = list_folder(package)
    if entries is None:
        return None, False
    if listed is not None:
        listed[str(package)] = walkable(entries)
    init = None
    for entry in entries:
        if entry.name.endswith(".py") and is_regular_file(entry):
            if entry.name != "__init__.py":
                return None, init is not None or any(
                    e.name == "__init__.py" and is_regular_file(e) for e in entries
                )
            init = entry.path
    folders = sorted(
        (
            e
            for e in entries
            if is_folder(e) and not is_ignored_dir(e.name) and e.name not in _TEST_FOLDERS
        ),
        key=lambda e: e.name,
    )
    if not any(_is_file(os.path.join(e.path, "__init__.py")) for e in folders):
        return None, init is not None
    if init is not None and not _holds_no_code(init):
        return None, True
    return [e.name for e in folders], init is not None


def _brick(
    config: Config, kind: BrickKind, name: str, package: Path, folder: Path, has_init: bool
) -> Brick:
    """A brick; its paths are children of `folder`, built once per kind (thousands of bricks:
    joining one name to a `Path` costs half of parsing a whole path). `folder` is
    `test/<kind>/<namespace>` in the loose theme, `<kind>` (e.g. `components`) in tdd."""
    if config.theme is Theme.LOOSE:
        return Brick(name=name, kind=kind, path=package, root=package, test_path=folder / name)
    group = not has_init and _is_group(package)
    brick_root = folder / name
    return Brick(
        name=name,
        kind=kind,
        path=package,
        root=brick_root,
        test_path=brick_root / "test",
        group=group,
    )


def _invalid(kind: BrickKind, name: str, package: Path) -> Finding:
    return Finding(
        INVALID_BRICK_NAME,
        f"{kind.value} folder {name!r} is not a Python identifier and is ignored; "
        "rename it with lowercase letters, digits and underscores",
        package,
        subject=name,
    )


def _candidates(
    root: Path, config: Config, kind: BrickKind, listed: dict[str, Listing] | None = None
) -> Iterator[tuple[str, Path, bool | None]]:
    """(name, package folder, has `__init__.py` when known) of every folder that may be a
    brick; in the loose theme the sub-packages of a grouping folder are named `<group>/<sub>`
    (ADR 0025). The listings of the loose theme's brick folders are kept in `listed`."""
    top = root / kind.directory
    if config.theme is Theme.TDD:
        for d in _subdirs(top):
            yield d.name, brick_package_path(root, config, kind, d.name), None
        return
    for d in _subdirs(top.joinpath(*config.namespace.split("."))):
        nested, has_init = _nested_packages(d, listed)  # one listing per brick, no probe
        if nested is None:
            yield d.name, d, has_init
            continue
        for sub in nested:
            yield f"{d.name}/{sub}", d / sub, None


def _find_bricks(
    root: Path, config: Config, kind: BrickKind, listed: dict[str, Listing] | None = None
) -> tuple[list[Brick], list[Finding]]:
    bricks: list[Brick] = []
    problems: list[Finding] = []
    folder = root / kind.directory
    if config.theme is Theme.LOOSE:
        folder = brick_test_path(root, config, kind, "_").parent
    for name, package, known in _candidates(root, config, kind, listed):
        # loose: `_subdirs` listed only folders; tdd: `<kind>/<name>/src/<ns>/<name>` may lack
        if config.theme is Theme.TDD and not _is_dir(package):
            continue
        has_init = _is_file(os.path.join(package, "__init__.py")) if known is None else known
        if not has_init and not _has_python(package):
            continue
        if not all(part.isidentifier() for part in name.split("/")):
            problems.append(_invalid(kind, name, package))
            continue
        bricks.append(_brick(config, kind, name, package, folder, has_init))
    return bricks, problems


def _project_dirs(root: Path) -> Iterator[Path]:
    """`projects/<p>/` with a project file, and `projects/<team>/<p>/` one level deeper when
    `projects/<team>/` has none (a folder that groups projects; ADR 0025)."""
    for folder in _subdirs(root / "projects"):
        if _is_file(folder / PROJECT_FILE):
            yield folder
            continue
        for inner in _subdirs(folder):
            if _is_file(inner / PROJECT_FILE):
                yield inner


def load(
    start: Path, *, records: Callable[[Path, Config], ProjectRecords] | None = None
) -> Workspace:
    """Find the workspace at or above `start` and read it into a `Workspace`.

    With `records` (made for the root and configuration found), each project file's plain
    record is asked of them first: `reuse.ProjectSnapshot.open` keeps the records of files
    whose stat is unchanged since the last run in the analysis cache. The folders listed are
    then kept in `Workspace.listed` too (what a stored model is checked against). Without it
    nothing is read from or written to the cache (commands that write project files, and
    their tests, keep it off)."""
    root = find_root(start)
    config = load_config(root)
    snapshot = records(root, config) if records is not None else None
    listed: dict[str, Listing] | None = {} if records is not None else None
    components, problems = _find_bricks(root, config, BrickKind.COMPONENT, listed)
    bases, base_problems = _find_bricks(root, config, BrickKind.BASE, listed)
    problems += base_problems
    component_names = {c.name for c in components}
    for base in bases:
        if base.name in component_names:
            problems.append(
                Finding(
                    DUPLICATE_BRICK_NAME,
                    f"{base.name!r} is both a component and a base; the package "
                    f"{config.namespace}.{base.name.replace('/', '.')} cannot be both; "
                    "rename one of them",
                    base.path,
                    subject=base.name,
                )
            )
    all_bricks = BrickIndex(components + bases, config.namespace)
    projects: list[Project] = []
    if _is_file(root / PROJECT_FILE):
        project, found = read_project(root, root, all_bricks, is_development=True, records=snapshot)
        projects.append(project)
        problems += found
    seen: dict[str, Project] = {}
    for folder in _project_dirs(root):
        project, found = read_project(
            folder, root, all_bricks, is_development=False, records=snapshot
        )
        projects.append(project)
        problems += found
        first = seen.setdefault(project.name, project)
        if first is not project:
            problems.append(
                Finding(
                    DUPLICATE_PROJECT_NAME,
                    f"project name {project.name!r} is also the name of "
                    f"{first.path.relative_to(root).as_posix()}; project names must be unique "
                    "(they name the wheels): rename one of them",
                    project.file,
                    subject=project.name,
                )
            )
    if snapshot is not None:
        snapshot.save()
    return Workspace(
        root=root,
        config=config,
        components=tuple(components),
        bases=tuple(bases),
        projects=tuple(projects),
        problems=tuple(problems),
        listed=listed or {},
    )


VENV = ".venv"


def project_environment(ws: Workspace, project: Project) -> Path | None:
    """The virtualenv of `project`: its own `.venv` folder, else the workspace root's; None
    when neither exists (the folder is not checked further: it may be broken)."""
    folders = [project.path] if project.path == ws.root else [project.path, ws.root]
    return next((f / VENV for f in folders if _is_dir(f / VENV)), None)
