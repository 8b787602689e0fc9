"""One way to choose projects, for every command: names, the folder a command runs in, `-P`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from brickwork.runs import is_dir as _is_dir
from brickwork.workspace.errors import PolyError
from brickwork.workspace.model import Project, Workspace

#: The name that always selects the development project (the root `pyproject.toml`).
DEVELOPMENT = "development"


def find_project(ws: Workspace, name: str) -> Project | None:
    """The project called `name`: project name, folder name, alias, or `development`."""
    project = ws.project(name)
    if project is None and name == DEVELOPMENT:
        return ws.development
    return project


def _known_names(ws: Workspace) -> list[str]:
    """What a user may type: project and folder names, aliases, `development`."""
    names = {n for p in ws.deployables for n in (p.name, p.folder_name)}
    names |= set(ws.config.project_aliases.values())
    if ws.development is not None:
        names |= {DEVELOPMENT, ws.development.name}
    return sorted(names)


def _listed_names(ws: Workspace) -> str:
    """The projects as the message lists them: deployables by name, and `development`."""
    names = {p.name for p in ws.deployables}
    if ws.development is not None:
        names.add(DEVELOPMENT)
    return ", ".join(sorted(names)) or "none"


def unknown_projects_error(ws: Workspace, unknown: Iterable[str]) -> PolyError:
    """The one message for project names that name nothing, with a "did you mean"."""
    known = _known_names(ws)
    parts = []
    for name in unknown:
        close = difflib.get_close_matches(name, known, n=3)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        parts.append(f"{name!r}{hint}")
    what = "projects" if len(parts) > 1 else "project"
    return PolyError(
        f"unknown {what} {', '.join(parts)}; the projects of this workspace are: "
        f"{_listed_names(ws)}."
    )


def _in_folder(ws: Workspace, cwd: Path) -> Project | None:
    """The deployable whose folder holds `cwd` (`poetry -C projects/svc poly check`)."""
    folder = cwd.resolve()
    if folder == ws.root:
        return None
    return next((p for p in ws.deployables if p.path == folder or p.path in folder.parents), None)


def _by_project_option(ws: Workspace, value: str, cwd: Path | None) -> str:
    """Poetry's own `-P/--project DIR`: the project in that folder (a name works too)."""
    folder = Path(value) if cwd is None else cwd / value
    folder = folder.resolve()
    by_folder = next((p for p in ws.projects if p.path == folder), None)
    if by_folder is not None:
        return by_folder.name
    if find_project(ws, value) is None and _is_dir(folder):
        raise PolyError(
            f"--project {value} is not a project folder of this workspace; "
            "choose projects by name with --projects NAME."
        )
    return value


def select_projects(
    ws: Workspace,
    names: Iterable[str] = (),
    *,
    cwd: Path | None = None,
    project_dir: str | None = None,
) -> tuple[Project, ...]:
    """The projects a command is asked about, in the order named, each once; () for none.

    `names` are `--projects` values (project name, folder name, alias or `development`);
    `cwd` selects the project whose folder holds it when no name is given (Poetry's `-C`);
    `project_dir` is Poetry's `-P/--project`. An unknown name is a `PolyError` (exit 2)
    that lists the projects and suggests the closest names. Empty: the whole workspace."""
    wanted = list(names)
    if not wanted and cwd is not None:
        inside = _in_folder(ws, cwd)
        if inside is not None:
            wanted.append(inside.name)
    if project_dir:
        wanted.append(_by_project_option(ws, project_dir, cwd))
    found = {name: find_project(ws, name) for name in dict.fromkeys(wanted)}
    unknown = [name for name, project in found.items() if project is None]
    if unknown:
        raise unknown_projects_error(ws, unknown)
    return tuple(dict.fromkeys(p for p in found.values() if p is not None))


def scope_size(ws: Workspace, projects: tuple[Project, ...]) -> tuple[int, int]:
    """(projects, bricks) a run over `projects` looks at: for the whole workspace (`projects`
    empty or all of them) the deployable projects; else the projects named, `development` too."""
    if not projects or set(projects) == set(ws.projects):
        return len(ws.deployables), len(ws.bricks)
    return len(projects), len({b for p in projects for b in p.bricks})
