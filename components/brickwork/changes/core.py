"""Changed files -> changed bricks and projects -> affected bricks and projects, with reasons."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from brickwork import graph
from brickwork.changes.git import (
    SHALLOW_HINT,
    Git,
    GitError,
    changed_paths,
    head,
    is_shallow,
    merge_base,
    open_repository,
    show,
)
from brickwork.changes.locks import EVERY, LOCK_FILE, brick_distributions, changed_distributions
from brickwork.changes.points import StablePoint, find_stable_point
from brickwork.imports import WorkspaceImports
from brickwork.workspace import (
    Brick,
    BrickKind,
    PolyError,
    Project,
    Theme,
    Workspace,
    brick_package_path,
    parse_toml,
)

WORKSPACE_FILE = "workspace.toml"
#: `[tool.polylith]` keys whose change moves every brick (where bricks are, what they are).
LAYOUT_KEYS = ("namespace", "structure")

STATUS = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "C": "copied"}
STATUS |= {"T": "modified", "?": "untracked"}

Chain = tuple[str, ...]
"""A reason: a changed file, then bricks and projects, each affected by the one before it."""


@dataclass(frozen=True)
class FileChange:
    """One changed file, relative to the workspace root (POSIX separators)."""

    path: str
    status: str
    """added, modified, deleted, renamed, copied or untracked."""
    old_path: str | None = None
    """For a rename inside the workspace: where the file was."""

    @property
    def paths(self) -> tuple[str, ...]:
        """Both sides of a rename, else the path."""
        return (self.path,) if self.old_path is None else (self.old_path, self.path)


@dataclass(frozen=True)
class ChangeSet:
    """The files changed since a stable point."""

    since: StablePoint
    base: str
    """merge-base(stable point, HEAD): the commit compared with."""
    head: str
    files: tuple[FileChange, ...]
    working_tree: bool
    """Whether uncommitted and untracked files are part of the change."""
    settings: tuple[str, ...] = ()
    """The `[tool.polylith]` keys of workspace.toml whose value changed."""
    locks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The development project's changed lock file (`poetry.lock`) -> the distributions whose
    locked version changed (`*`: the lock could not be read on one side)."""


def _inside(path: str, prefix: str) -> str | None:
    if not prefix:
        return path
    return path[len(prefix) :] if path.startswith(prefix) else None


def collect_changes(
    ws: Workspace, since: str | None = None, *, working_tree: bool = True
) -> ChangeSet:
    """The files of the workspace changed from merge-base(stable point, HEAD) to HEAD, plus
    uncommitted and untracked files unless `working_tree` is False. Git problems raise."""
    git, prefix = open_repository(ws.root)
    point = find_stable_point(git, ws.config, since)
    tip = head(git)
    base = merge_base(git, point.sha, tip)
    if base is None:
        hint = SHALLOW_HINT if is_shallow(git) else "the two share no history"
        raise GitError(
            f"{point.label} ({point.sha[:12]}) and HEAD have no common ancestor; {hint}."
        )
    files: dict[tuple[str, str | None], FileChange] = {}
    for status, path, old in changed_paths(git, base, working_tree=working_tree):
        new_side = _inside(path, prefix)
        old_side = _inside(old, prefix) if old is not None else None
        if new_side is None and old_side is None:
            continue
        if new_side is None:  # moved out of the workspace: its old place was deleted
            new_side, old_side, status = old_side or "", None, "D"
        elif old is not None and old_side is None:  # moved in from elsewhere
            status = "A"
        change = FileChange(new_side, STATUS.get(status, "modified"), old_side)
        files[(change.path, change.old_path)] = change
    ordered = tuple(sorted(files.values(), key=lambda f: (f.path, f.old_path or "")))
    settings: tuple[str, ...] = ()
    if any(WORKSPACE_FILE in f.paths for f in ordered):
        settings = _changed_settings(git, base, prefix, ws.root, working_tree=working_tree)
    locks: dict[str, tuple[str, ...]] = {}
    if any(LOCK_FILE in f.paths for f in ordered):
        locks[LOCK_FILE] = changed_distributions(
            git, base, prefix, ws.root, LOCK_FILE, working_tree=working_tree
        )
    return ChangeSet(point, base, tip, ordered, working_tree, settings, locks)


def _polylith(text: str | None) -> dict[str, object]:
    try:
        data = parse_toml(text or "", WORKSPACE_FILE)
    except PolyError:
        return {}
    tool = data.get("tool")
    table = tool.get("polylith") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else {}


def _changed_settings(
    git: Git, base: str, prefix: str, root: Path, *, working_tree: bool
) -> tuple[str, ...]:
    """The `[tool.polylith]` keys that differ between `base` and now (HEAD or the disk)."""
    before = _polylith(show(git, base, prefix + WORKSPACE_FILE))
    if working_tree:
        file = root / WORKSPACE_FILE
        after = _polylith(file.read_text(encoding="utf-8") if file.is_file() else None)
    else:
        after = _polylith(show(git, "HEAD", prefix + WORKSPACE_FILE))
    return tuple(sorted(k for k in {*before, *after} if before.get(k) != after.get(k)))


@dataclass(frozen=True)
class Affected:
    """What a change set touches. Chains read left to right: file -> brick -> ... -> project."""

    changes: ChangeSet
    changed_bricks: Mapping[str, tuple[str, ...]]
    """Bricks whose code changed -> their changed files (both sides of renames)."""
    test_bricks: Mapping[str, tuple[str, ...]]
    """Bricks whose tests changed -> the changed test files."""
    removed_bricks: Mapping[str, tuple[str, ...]]
    """Brick folders that no longer hold a brick (deleted or renamed away) -> files."""
    changed_projects: Mapping[str, tuple[str, ...]]
    """Projects (name) whose own folder changed -> files; `development` for root files."""
    bricks: Mapping[str, Chain]
    """Every affected brick: changed ones and their dependents, transitively."""
    projects: Mapping[str, Chain]
    """Every affected deployable project (name) with its reason."""
    tested_bricks: Mapping[str, Chain] = field(default_factory=dict)
    """Bricks whose tests must run: affected bricks and bricks whose tests changed."""
    other_files: tuple[str, ...] = ()
    """Changed files outside bricks and projects (docs, CI files...)."""
    tested_projects: Mapping[str, Chain] = field(default_factory=dict)
    """Affected projects plus the projects that include a brick whose tests changed: the
    projects with something to build or test (one CI job each)."""

    def project_paths(self, ws: Workspace) -> list[tuple[str, str]]:
        """(name, folder relative to the root) of the affected projects."""
        found = [ws.project(name) for name in self.projects]
        return [(p.name, ws.relative(p.path)) for p in found if p is not None]


def _gone_brick(ws: Workspace, path: str) -> tuple[BrickKind, str] | None:
    """(kind, name) when `path` lies where a brick's package would be, by the theme's layout;
    below a grouping folder of nested bricks (`components/acme/aws/x/...`) the brick is
    `aws/x`, and the folder's own files (`aws/__init__.py`) belong to no brick."""
    parts = path.split("/")
    ns = ws.namespace.split(".")
    for kind in BrickKind:
        if ws.config.theme is Theme.LOOSE:
            if parts[: 1 + len(ns)] == [kind.directory, *ns] and len(parts) > 2 + len(ns):
                name = parts[1 + len(ns)]
                if name not in ws.nested:
                    return kind, name
                if len(parts) > 3 + len(ns):
                    return kind, f"{name}/{parts[2 + len(ns)]}"
                return None
        elif parts[:1] == [kind.directory] and len(parts) > 2:
            return kind, parts[1]
    return None


def _project_folders(ws: Workspace) -> dict[str, Project]:
    """The deployables by folder relative to the root (`projects/p`, `projects/team/p`)."""
    return {ws.relative(p.path): p for p in ws.deployables}


def _project_at(ws: Workspace, path: str, folders: Mapping[str, Project]) -> Project | None:
    if "/" not in path:
        return ws.development if path in ("pyproject.toml", "poetry.lock") else None
    parts = path.split("/")
    if parts[0] != "projects":
        return None
    found = folders.get("/".join(parts[:2]))
    return found if found is not None else folders.get("/".join(parts[:3]))


def _is_test(brick: Brick, path: str, ws: Workspace) -> bool:
    tests = ws.relative(brick.test_path) + "/"
    return path.startswith(tests)


def _group(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for key, path in pairs:
        grouped.setdefault(key, []).append(path)
    return {key: tuple(sorted(set(paths))) for key, paths in sorted(grouped.items())}


def _spread(bricks: graph.BrickGraph, start: Mapping[str, tuple[str, ...]]) -> dict[str, Chain]:
    """Changed bricks and every dependent (any import, transitively), each with the shortest
    chain back to a changed file. Breadth first from the changed bricks in name order."""
    chains: dict[str, Chain] = {name: (files[0], name) for name, files in start.items()}
    queue = deque(sorted(start))
    while queue:
        brick = queue.popleft()
        for user in bricks.used_by(brick):
            if user not in chains:
                chains[user] = (*chains[brick], user)
                queue.append(user)
    return dict(sorted(chains.items()))


def _lock_changes(
    changes: ChangeSet, libraries: Mapping[str, frozenset[str]]
) -> list[tuple[str, str]]:
    """(brick, reason) for the bricks importing a distribution whose locked version changed."""
    found: list[tuple[str, str]] = []
    for lock, names in changes.locks.items():
        for brick, used in sorted(libraries.items()):
            hit = sorted(used) if EVERY in names else sorted(used.intersection(names))
            if hit:
                found.append((brick, f"{lock} ({', '.join(hit[:3])})"))
    return found


def find_affected(
    ws: Workspace,
    bricks: graph.BrickGraph,
    changes: ChangeSet,
    libraries: Mapping[str, frozenset[str]] | None = None,
) -> Affected:
    """Classify every changed file and spread the change along the brick graph (pure).

    `libraries` (brick -> the distributions it imports) makes a changed development lock
    file change the bricks that import a library whose locked version changed."""
    code: list[tuple[str, str]] = []
    tests: list[tuple[str, str]] = []
    removed: list[tuple[str, str]] = []
    projects: list[tuple[str, str]] = []
    other: list[str] = []
    folders = _project_folders(ws)
    for change in changes.files:
        for path in change.paths:
            brick = ws.brick_at(path)
            gone = _gone_brick(ws, path) if brick is None else None
            project = _project_at(ws, path, folders) if brick is None else None
            if brick is not None:
                (tests if _is_test(brick, path, ws) else code).append((brick.name, path))
            elif gone is not None and ws.brick(gone[1]) is None:
                removed.append((f"{gone[0].value}:{gone[1]}", path))
            elif project is not None:
                projects.append((project.name, path))
            else:
                other.append(path)
    layout = [key for key in LAYOUT_KEYS if key in changes.settings]
    if layout:  # every brick moved or was renamed: all of them changed
        code += [(b.name, f"{WORKSPACE_FILE} ({layout[0]})") for b in ws.bricks]
    code += _lock_changes(changes, libraries or {})
    changed = _group(code)
    removed_bricks = {key.partition(":")[2]: files for key, files in _group(removed).items()}
    affected_bricks = _spread(bricks, changed)
    changed_projects = _group(projects)
    affected_projects: dict[str, Chain] = {}
    for project in ws.deployables:
        chain = _project_reason(ws, project, changed_projects, affected_bricks, removed)
        if chain is not None:
            affected_projects[project.name] = (*chain, project.name)
    tested = dict(affected_bricks)
    for name, files in _group(tests).items():
        tested.setdefault(name, (files[0], f"{name} (tests)"))
    tested_projects = dict(affected_projects)
    for project in ws.deployables:
        reached = [tested[b] for b in project.bricks if b in tested]
        if reached and project.name not in tested_projects:
            chain = min(reached, key=lambda c: (len(c), c))
            tested_projects[project.name] = (*chain, project.name)
    return Affected(
        changes=changes,
        changed_bricks=changed,
        test_bricks=_group(tests),
        removed_bricks=removed_bricks,
        changed_projects=changed_projects,
        bricks=affected_bricks,
        projects=dict(sorted(affected_projects.items())),
        tested_bricks=dict(sorted(tested.items())),
        other_files=tuple(sorted(set(other))),
        tested_projects=dict(sorted(tested_projects.items())),
    )


def _project_reason(
    ws: Workspace,
    project: Project,
    changed_projects: Mapping[str, tuple[str, ...]],
    affected_bricks: Mapping[str, Chain],
    removed: list[tuple[str, str]],
) -> Chain | None:
    """Why `project` is affected (without the project itself), or None."""
    if project.name in changed_projects:
        return (changed_projects[project.name][0],)
    reached = [affected_bricks[b] for b in project.bricks if b in affected_bricks]
    if reached:
        return min(reached, key=lambda chain: (len(chain), chain))
    included = {os.path.normpath(str(i.path)) for i in project.includes if not i.bricks}
    for key, path in sorted(removed):
        kind, _, name = key.partition(":")
        package = brick_package_path(ws.root, ws.config, BrickKind(kind), name)
        if os.path.normpath(str(package)) in included:
            return (path, name)
    return None


def affected_since(
    ws: Workspace,
    ws_imports: WorkspaceImports | Callable[[], Mapping[str, frozenset[str]]],
    bricks: graph.BrickGraph,
    since: str | None = None,
    *,
    working_tree: bool = True,
) -> Affected:
    """`collect_changes` then `find_affected`, mapping bricks to libraries when the
    development lock file changed: from the scan, or from `ws_imports` when it is a function
    that gives brick -> distributions (read from a stored analysis)."""
    change_set = collect_changes(ws, since, working_tree=working_tree)
    libraries = None
    if change_set.locks:
        libraries = ws_imports() if callable(ws_imports) else brick_distributions(ws, ws_imports)
    return find_affected(ws, bricks, change_set, libraries)
