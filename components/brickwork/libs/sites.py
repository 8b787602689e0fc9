"""Where a project's code imports third-party modules: its bricks' files (and for the
development project their tests and the development files), less what a deployable's wheel
leaves out. Computed once per run and shared across projects."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from brickwork import workspace
from brickwork.imports import (
    FileImports,
    Import,
    ImportSite,
    WorkspaceImports,
    wheel_leaves_out,
)
from brickwork.libs.classify import ImportKind, classify


def _dotted_names(imp: Import) -> tuple[str, ...]:
    """The names one import brings in: `from a.b import c` -> `a.b.c` (c may be a submodule of
    a namespace package); `import a.b` and `from a import *` -> the module."""
    names = [n for n in imp.names if n != "*"]
    if not names or len(names) != len(imp.names):
        return (imp.module,)
    return tuple(f"{imp.module}.{n}" for n in names)


class SiteMemo:
    """What the library analysis computes once per run: each module's kind (third-party or
    not), the third-party import sites of each brick (and of its tests), the exclude globs."""

    def __init__(self, namespace: str, local: frozenset[str]) -> None:
        self.namespace = namespace
        self.local = local
        self.third_party: dict[str, bool] = {}
        self.bricks: dict[tuple[str, bool], list[ImportSite]] = {}
        self.globs: dict[tuple[Path, str], list[Path]] = {}
        """Answers of the projects' `exclude` globs (`imports.wheel_leaves_out`)."""

    def is_third_party(self, module: str) -> bool:
        found = self.third_party.get(module)
        if found is None:
            found = self.third_party[module] = bool(module) and (
                classify(module, self.namespace, self.local) is ImportKind.THIRD_PARTY
            )
        return found


def _sites(
    files: Iterable[FileImports], brick: str, memo: SiteMemo, *, test: bool
) -> list[ImportSite]:
    sites: list[ImportSite] = []
    kinds = memo.third_party
    prefix = memo.namespace + "."  # most imports of a large workspace: never third-party
    for file in files:
        for imp in file.imports:
            module = imp.module
            if module.startswith(prefix):
                continue
            third_party = kinds.get(module)
            if third_party is None:
                third_party = memo.is_third_party(module)
            if not third_party:
                continue
            sites.extend(
                ImportSite(file.path, imp.line, imp.context, name, imp.ignored, brick, test)
                for name in _dotted_names(imp)
            )
    return sites


def brick_sites(
    ws_imports: WorkspaceImports, brick: str, memo: SiteMemo, *, test: bool
) -> list[ImportSite]:
    """The third-party import sites of one brick (or its tests), computed once per run."""
    key = (brick, test)
    found = memo.bricks.get(key)
    if found is None:
        scanned = ws_imports.bricks.get(brick)
        files = () if scanned is None else scanned.tests if test else scanned.files
        found = memo.bricks[key] = _sites(files, brick, memo, test=test)
    return found


def project_sites(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    project: workspace.Project,
    local: frozenset[str],
    memo: SiteMemo | None = None,
) -> list[ImportSite]:
    """The third-party imports a project's code makes: its bricks' files; for the development
    project also the bricks' tests (developer-only files inside a package among them) and the
    development files; for a deployable only the files its wheel holds (not what its
    `exclude` names, ADR 0024)."""
    memo = SiteMemo(ws.namespace, local) if memo is None else memo
    sites: list[ImportSite] = []
    for brick in project.bricks:
        sites += brick_sites(ws_imports, brick, memo, test=False)
        if project.is_development:
            sites += brick_sites(ws_imports, brick, memo, test=True)
    if project.is_development:
        sites += _sites(ws_imports.development, "", memo, test=False)
    else:  # its own packages (`{ include = "helpers", from = "." }`)
        own = ws_imports.projects.get(project.name, ())
        sites += _sites(own, "", memo, test=False)
        scanned = [ws_imports.bricks.get(b) for b in project.bricks]
        files = [f for s in scanned if s is not None for f in s.files]
        left_out = wheel_leaves_out(ws, project, (f.path for f in (*files, *own)), memo.globs)
        if left_out:
            sites = [s for s in sites if s.path not in left_out]
    return sorted(sites, key=lambda s: (str(s.path), s.line, s.module))
