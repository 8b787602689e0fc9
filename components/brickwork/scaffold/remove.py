"""`poly remove`: the plan that deletes a brick (its code and its tests) and every include of
it, and the places that still import or name it.

`removal` reads what it needs (project files, the brick's folders, git's view of them) and
returns data; `pyproject.apply_removal` writes it, all or nothing (ADR 0027)."""

from __future__ import annotations

import difflib
import functools
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from brickwork import changes, check, graph, imports, pyproject, workspace
from brickwork.scaffold.gitpaths import repository, tracked_files, uncommitted

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: What a grouping folder of nested bricks may hold besides its bricks (ADR 0025).
_GROUP_LEFTOVERS = frozenset({"__init__.py", "__pycache__"})


@dataclass(frozen=True)
class User:
    """A place outside the brick that imports or names it (`file:line`)."""

    path: Path
    line: int | None
    who: str
    """`brick greeting`, `tests of greeting`, `development`, `project shop`."""
    names: str
    """The dotted name (`acme.log.core`) or the entry point (`shop = acme.log.core:main`)."""
    kind: str
    """`required`, `optional`, `guarded`, `type-only` (an import), or `entry point`."""


@dataclass(frozen=True)
class Folder:
    """A folder the removal deletes, relative to the workspace root (posix)."""

    path: str
    files: int
    tracked: tuple[str, ...] = ()
    """Its files git tracks (paths relative to the repository's top)."""
    in_repository: str | None = None
    """Its path relative to the repository's top; None outside git."""


@dataclass(frozen=True)
class Removal:
    """Everything `poly remove BRICK` does, and what it leaves broken."""

    brick: workspace.Brick
    folders: tuple[Folder, ...]
    plan: pyproject.Plan
    """The project files it updates (every include of the brick removed)."""
    users: tuple[User, ...]
    uncommitted: tuple[str, ...]
    """`git status --porcelain` entries inside the folders (`M path`, `?? path`)."""
    no_base: tuple[str, ...]
    """The deployable projects left with no base."""
    repository: changes.Git | None = None
    """git at the repository's top, when the workspace is in one."""

    @property
    def tracked(self) -> tuple[str, ...]:
        return tuple(path for folder in self.folders for path in folder.tracked)

    @property
    def files(self) -> int:
        return sum(folder.files for folder in self.folders)


def find_brick(ws: workspace.Workspace, name: str, done: str = "removed") -> workspace.Brick:
    """The brick called `name` (`greeting`, `aws/s3`; a trailing `/` or the namespace path
    accepted); else a `PolyError` (exit 2) with a "did you mean" that says nothing was `done`."""
    wanted = name.strip().strip("/").replace(".", "/")
    prefix = ws.namespace.replace(".", "/") + "/"
    wanted = wanted.removeprefix(prefix)
    brick = ws.brick(wanted)
    if brick is not None:
        return brick
    close = difflib.get_close_matches(wanted, [b.name for b in ws.bricks], n=3)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise workspace.PolyError(
        f"unknown brick {name!r}: nothing was {done}; {hint}`poetry poly info` lists the bricks."
    )


# -- who still imports or names it --------------------------------------------------------


def _named(imp: imports.Import, ws: workspace.Workspace, brick: str) -> str | None:
    """The dotted name by which `imp` refers to `brick`, None when it does not."""
    for candidate in imp.candidates():
        if imports.brick_of(candidate, ws.namespace, ws.nested) == brick:
            return candidate
    return None


def _import_users(
    ws: workspace.Workspace, files: Iterable[imports.FileImports], who: str, brick: str
) -> Iterator[User]:
    for file in files:
        for imp in file.imports:
            name = _named(imp, ws, brick)
            if name is not None:
                yield User(file.path, imp.line, who, name, imp.context.kind)


def _entry_points(raw: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(name, `module:attr`) of every script and entry point a project file declares."""
    project = raw.get("project")
    project = project if isinstance(project, dict) else {}
    tool = raw.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    poetry = poetry if isinstance(poetry, dict) else {}
    tables: list[Any] = [project.get("scripts"), project.get("gui-scripts")]
    for groups in (project.get("entry-points"), poetry.get("plugins")):
        tables += list(groups.values()) if isinstance(groups, dict) else []
    tables.append(poetry.get("scripts"))
    for table in tables:
        for name, value in (table or {}).items() if isinstance(table, dict) else ():
            if isinstance(value, dict):  # `{ reference = "...", type = "console" }`
                value = value.get("reference", value.get("callable"))
            if isinstance(value, str):
                yield str(name), value


def _line_of(text: str | None, needle: str) -> int | None:
    if text is None:
        return None
    found = text.find(needle)
    return None if found < 0 else text.count("\n", 0, found) + 1


def users_of(
    ws: workspace.Workspace,
    scan: imports.WorkspaceImports,
    brick: workspace.Brick,
    texts: Mapping[str, str | None],
) -> tuple[User, ...]:
    """Every place outside `brick` that imports it (other bricks, their tests, development
    files, projects' own packages; string imports such as `importlib.import_module("acme.x")`
    and Django's `INSTALLED_APPS` included) or names it (a script or entry point of a
    project). `texts`: project files by relative path (for entry point lines)."""
    found: list[User] = []
    for name, scanned in scan.bricks.items():
        if name != brick.name:
            found += _import_users(ws, scanned.files, f"brick {name}", brick.name)
            found += _import_users(ws, scanned.tests, f"tests of {name}", brick.name)
    found += _import_users(ws, scan.development, "development", brick.name)
    for owner, files in scan.projects.items():
        found += _import_users(ws, files, f"project {owner}", brick.name)
    for project in ws.projects:
        for name, target in _entry_points(project.raw):
            module = target.partition(":")[0].strip()
            if imports.brick_of(module, ws.namespace, ws.nested) == brick.name:
                line = _line_of(texts.get(ws.relative(project.file)), target)
                where = f"project {project.name}"
                found.append(User(project.file, line, where, f"{name} = {target}", "entry point"))
    found += _settings_users(ws, brick)
    return tuple(sorted(found, key=lambda u: (str(u.path), u.line or 0)))


def _settings_users(ws: workspace.Workspace, brick: workspace.Brick) -> list[User]:
    """`[tool.brickwork.check.allow]` entries naming the brick (`check` refuses to run on
    a brick name that names nothing)."""
    table = ws.config.brickwork.get("check")
    allow = table.get("allow") if isinstance(table, dict) else None
    found: list[User] = []
    for project, names in allow.items() if isinstance(allow, dict) else ():
        if isinstance(names, list) and brick.name in names:
            try:
                text: str | None = ws.config.source.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
            line = _line_of(text, f'"{brick.name}"') or _line_of(text, f"'{brick.name}'")
            entry = f"[tool.brickwork.check.allow] {project}"
            found.append(User(ws.config.source, line, "settings", entry, "setting"))
    return found


# -- the folders ---------------------------------------------------------------------------


def _only_holds(folder: Path, leaf: str) -> bool:
    """Whether `folder` holds nothing but `leaf` and what a grouping folder may hold."""
    try:
        names = set(os.listdir(folder))
    except OSError:
        return False
    return names <= _GROUP_LEFTOVERS | {leaf}


def brick_folders(ws: workspace.Workspace, brick: workspace.Brick) -> tuple[Path, ...]:
    """The folders that hold the brick's code and tests and nothing else: tdd
    `components/<brick>/`; loose `components/<ns>/<brick>/` and `test/components/<ns>/<brick>/`
    (when it exists). The last nested brick of a group takes its grouping folder along when
    that holds nothing else (else it would read as a brick of its own)."""
    if brick.root != brick.path:  # tdd: the brick's own folder holds code and tests
        return (brick.root,)
    group, _, leaf = brick.name.partition("/")
    alone = not any(b.name.startswith(f"{group}/") and b.name != brick.name for b in ws.bricks)
    code = brick.path.parent if leaf and alone and _only_holds(brick.path.parent, leaf) else None
    tests = brick.test_path.parent if leaf and _only_holds(brick.test_path.parent, leaf) else None
    folders = [code or brick.path, tests or brick.test_path]
    return tuple(f for f in folders if f.exists() or f.is_symlink())


def _count_files(folder: Path) -> int:
    if folder.is_symlink() or not folder.is_dir():
        return 1
    return sum(len(files) for _, _, files in os.walk(folder))


# -- project files -------------------------------------------------------------------------


def _inside(target: str, folder: str) -> bool:
    return target == folder or target.startswith(folder.rstrip(os.sep) + os.sep)


def edit_project(project: workspace.Project, bricks: tuple[workspace.Brick, ...], text: str) -> str:
    """`text` (the project's file) without any include naming one of `bricks` (or a folder
    inside it), in either table, everything else kept."""
    for brick in bricks:
        text = _without(project, brick, text)
    return text


def _without(project: workspace.Project, brick: workspace.Brick, text: str) -> str:
    data = tomllib.loads(text)
    folder = os.path.normpath(brick.path)
    source = project.file.name

    def resolved(*parts: str) -> str:
        return os.path.normpath(os.path.join(project.path, *parts))

    poetry = data.get("tool", {}).get("poetry", {})
    for entry in poetry.get("packages", []) if isinstance(poetry, dict) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("include"), str):
            continue
        origin = str(entry.get("from", ""))
        if _inside(resolved(origin, entry["include"]), folder):
            text = pyproject.remove_brick_include(text, entry["include"], origin, source=source)
    bricks = data.get("tool", {}).get("polylith", {}).get("bricks", {})
    for key in list(bricks) if isinstance(bricks, dict) else []:
        if _inside(resolved(str(key)), folder):
            text = pyproject.remove_polylith_brick(text, str(key), source=source)
    return text


def _after(
    ws: workspace.Workspace, scan: imports.WorkspaceImports, name: str
) -> tuple[workspace.Workspace, imports.WorkspaceImports]:
    """The workspace and scan once the brick `name` is gone."""
    projects = tuple(
        replace(p, bricks=tuple(b for b in p.bricks if b != name)) for p in ws.projects
    )
    after = replace(
        ws,
        components=tuple(b for b in ws.components if b.name != name),
        bases=tuple(b for b in ws.bases if b.name != name),
        projects=projects,
    )
    return after, replace(scan, bricks={k: v for k, v in scan.bricks.items() if k != name})


def _unneeded(
    ws: workspace.Workspace,
    scan: imports.WorkspaceImports,
    allow: Mapping[str, tuple[str, ...]],
) -> dict[Path, set[str]]:
    """Per deployable's file, what `sync --prune` would remove from it."""
    needs = check.project_needs(ws, scan, graph.build_graph(ws, scan), ws.deployables, allow=allow)
    return {n.project.file: set(n.remove) for n in needs}


def newly_unneeded(
    ws: workspace.Workspace, scan: imports.WorkspaceImports, brick: workspace.Brick
) -> dict[Path, tuple[str, ...]]:
    """Per deployable's file, the bricks it lists that only `brick` needed: once it is gone,
    `check` calls them unneeded (BW108) and `sync --prune` removes them (the same answer,
    ADR 0021), so the removal takes them out of that project too (their code stays)."""
    if not any(brick.name in p.bricks for p in ws.deployables):
        return {}
    allow = check.load_settings(ws).allow
    before = _unneeded(ws, scan, allow)
    kept = {p: tuple(b for b in names if b != brick.name) for p, names in allow.items()}
    after = _unneeded(*_after(ws, scan, brick.name), kept)
    found: dict[Path, tuple[str, ...]] = {}
    for file, names in after.items():
        new = sorted(names - before.get(file, set()) - {brick.name})
        if new:
            found[file] = tuple(new)
    return found


def _no_base(ws: workspace.Workspace, brick: workspace.Brick) -> tuple[str, ...]:
    if brick.kind is not workspace.BrickKind.BASE:
        return ()
    left: list[str] = []
    for project in ws.deployables:
        if brick.name not in project.bricks:
            continue
        others = (ws.brick(name) for name in project.bricks if name != brick.name)
        if not any(b is not None and b.kind is workspace.BrickKind.BASE for b in others):
            left.append(project.name)
    return tuple(left)


def plan_removal(
    ws: workspace.Workspace, scan: imports.WorkspaceImports, brick: workspace.Brick
) -> Removal:
    """What removing `brick` does: the folders deleted (with what git tracks in them and what
    it does not hold yet), every project file without its include, who is left importing or
    naming it, and the projects left without a base."""
    paths = [ws.relative(p.file) for p in ws.projects]
    disk = pyproject.snapshot(ws.root, paths)
    planned: list[pyproject.Change] = []
    pruned = newly_unneeded(ws, scan, brick)
    notes: list[str] = []
    for project in ws.projects:
        path = ws.relative(project.file)
        text = disk.text(path)
        if text is None:
            raise workspace.PolyError(f"{path} vanished while planning; nothing was removed.")
        also = tuple(b for b in ws.bricks if b.name in pruned.get(project.file, ()))
        if also:
            names = ", ".join(b.name for b in also)
            notes.append(f"{path}: also removes {names}, which only {brick.name} needed there")
        redo = functools.partial(edit_project, project, (brick, *also))
        change = pyproject.change_to(disk, path, redo(text), redo)
        if change is not None:
            planned.append(change)
    notes += [
        f"{ws.relative(p.file)} lists {brick.name} through an include of several bricks: "
        "it stays, and no longer ships it"
        for p in ws.projects
        if brick.name in p.bricks and ws.relative(p.file) not in {c.path for c in planned}
    ]
    plan = pyproject.Plan(ws.root, tuple(planned), tuple(notes))
    found = brick_folders(ws, brick)
    git_at = repository(ws.root)
    folders: list[Folder] = []
    dirty: tuple[str, ...] = ()
    if git_at is not None:
        git, prefix = git_at
        in_repo = [prefix + ws.relative(f) for f in found]
        for folder, repo_path in zip(found, in_repo, strict=True):
            tracked = tracked_files(git, [repo_path])
            count = _count_files(folder)
            folders.append(Folder(ws.relative(folder), count, tracked, repo_path))
        dirty = uncommitted(git, in_repo) if in_repo else ()
    else:
        folders = [Folder(ws.relative(f), _count_files(f)) for f in found]
    texts = {path: disk.text(path) for path in paths}
    return Removal(
        brick,
        tuple(folders),
        plan,
        users_of(ws, scan, brick, texts),
        dirty,
        _no_base(ws, brick),
        git_at[0] if git_at is not None else None,
    )
