"""The parts of the stored analysis as plain data (tuples, lists, dicts, strings, numbers),
and back: what marshal stores without running code (ADR 0017).

Each part has a `*_plain` function and a `*_from_plain` one. Reading back is strict: a value
of another shape raises `Malformed`, and the caller treats the stored analysis as missing.
Paths repeat (every import site of a file names it), so a part keeps a table of paths and
its sites name them by index.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork import workspace

if TYPE_CHECKING:  # imported where used: a view of the check part needs none of them
    from brickwork import graph, imports, libs
    from brickwork.imports import ImportContext, ImportSite


class Malformed(ValueError):
    """A stored part of another shape than its reader expects."""


UNREADABLE = (
    "the stored analysis could not be read; delete the cache folder and run again ({reason})"
)
"""What a command says of a stored part that does not read back (a bug of the store)."""


KINDS = {k.value: k for k in workspace.BrickKind}
"""A brick kind by its stored value."""
SEVERITIES = {s.value: s for s in workspace.Severity}
"""A severity by its stored value."""


def text(value: Any) -> str:
    if type(value) is not str:
        raise Malformed(value)
    return value


def texts(values: Any) -> tuple[str, ...]:
    if type(values) is not list:
        raise Malformed(values)
    return tuple(text(v) for v in values)


def _count(value: Any) -> int:
    if type(value) is not int:
        raise Malformed(value)
    return value


def _maybe_text(value: Any) -> str | None:
    return None if value is None else text(value)


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise Malformed(value)
    return value


def _pick(table: Mapping[str, Any], value: Any) -> Any:
    try:
        return table[value]
    except (KeyError, TypeError):
        raise Malformed(value) from None


class Paths:
    """The paths of a part, each stored once; sites name them by index. Read back, a path
    becomes a `Path` when first asked for (a view shows few of them)."""

    def __init__(self, stored: Sequence[str] = ()) -> None:
        self.stored = list(stored)
        self.made: dict[int, Path] = {}
        self._index: dict[str, int] | None = None

    def index(self, path: Path) -> int:
        if self._index is None:  # a table read back gains paths: those it has keep theirs
            self._index = {p: i for i, p in enumerate(self.stored)}
        key = str(path)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.stored)
            self.stored.append(key)
        return found

    def plain(self) -> list[str]:
        return self.stored

    def path(self, index: Any) -> Path:
        found = self.made.get(index) if type(index) is int else None
        if found is None:
            if type(index) is not int or not 0 <= index < len(self.stored):
                raise Malformed(index)
            text = self.stored[index]
            found = _made.get(text)
            if found is None:
                if len(_made) >= _MADE_MAX:
                    _made.clear()
                found = _made[text] = Path(text)
            self.made[index] = found
        return found


_made: dict[str, Path] = {}
"""The `Path` of each stored path made in this process: the parts of an analysis name the same
files (a file's import sites are in the graph, its library sites in the library analysis)."""
_MADE_MAX = 500_000
"""More paths than this (a long-lived process that reads many workspaces): start again."""


def _site_plain(site: ImportSite, paths: Paths) -> tuple[Any, ...]:
    return (
        paths.index(site.path),
        site.line,
        site.context.value,
        site.module,
        list(site.ignored),
        site.brick,
        site.test,
    )


def _site(data: Any, paths: Paths) -> ImportSite:
    return _sites([data], paths)[0]


_contexts: dict[str, ImportContext] = {}
"""An import context by its stored value (filled when a site is first read back)."""


def _sites(data: Any, paths: Paths) -> tuple[ImportSite, ...]:
    from brickwork.imports import ImportContext, ImportSite

    if not _contexts:
        _contexts.update({c.value: c for c in ImportContext})
    contexts = _contexts
    found: list[ImportSite] = []
    for site in _list(data):
        if type(site) is not tuple or len(site) != 7:
            raise Malformed(site)
        path, line, context, module, ignored, brick, test = site
        found.append(
            ImportSite(
                paths.path(path),
                _count(line),
                _pick(contexts, context),
                text(module),
                texts(ignored),
                text(brick),
                _flag(test),
            )
        )
    return tuple(found)


def _lazy_sites(data: Any, paths: Paths) -> Callable[[], tuple[ImportSite, ...]]:
    """`_sites` of `data` when first called; what does not read back is said in one line
    (`UNREADABLE`), as when a part is read at once."""

    def load() -> tuple[ImportSite, ...]:
        try:
            return _sites(data, paths)
        except Malformed:
            raise workspace.PolyError(UNREADABLE.format(reason="Malformed")) from None

    return load


# -- the brick graph ------------------------------------------------------------------------


def graph_plain(
    bricks: graph.BrickGraph, like: Any = None, changed: Collection[str] = ()
) -> tuple[Any, ...]:
    """(paths, [(brick, kind)], [(source, target, contexts, ignored, [sites])]). `like`: what
    this gave for a graph that differs from `bricks` only in the edges of the bricks
    `changed`: the edges of the others are taken from it as they are (their sites are
    neither made nor encoded again)."""
    from brickwork import graph

    paths = Paths(texts(like[0])) if like is not None else Paths()
    kept: dict[tuple[str, str], Any] = {}
    if like is not None:
        kept = {(e[0], e[1]): e for e in _list(like[2]) if e[0] not in changed}
    kinds = [(b, bricks.kind(b).value) for b in bricks.bricks]
    edges = [
        kept.get((source, target))
        or (
            source,
            target,
            *graph.edge_summary(bricks, source, target),
            [_site_plain(s, paths) for s in bricks.sites(source, target)],
        )
        for source, target in bricks.edges()
    ]
    return (paths.plain(), kinds, edges)


def graph_from_plain(data: Any) -> graph.BrickGraph:
    """The graph `graph_plain` gave; its import sites are made when a view first asks."""
    from brickwork import graph

    if type(data) is not tuple or len(data) != 3:
        raise Malformed(data)
    paths = Paths(texts(data[0]))
    kinds = {text(b): _pick(KINDS, k) for b, k in pairs(data[1])}
    successors: dict[str, dict[str, graph.EdgeData]] = {}
    for edge in _list(data[2]):
        if type(edge) is not tuple or len(edge) != 5:
            raise Malformed(edge)
        source, target, contexts, ignored, sites = edge
        if source not in kinds or target not in kinds or type(sites) is not list:
            raise Malformed(edge)
        successors.setdefault(source, {})[target] = graph.lazy_edge(
            _count(contexts), _flag(ignored), _lazy_sites(sites, paths)
        )
    return graph.graph_of_edges(kinds, successors)


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise Malformed(value)
    return value


def pairs(value: Any) -> Iterable[tuple[Any, Any]]:
    for item in _list(value):
        if type(item) is not tuple or len(item) != 2:
            raise Malformed(item)
        yield item


# -- the third-party import sites of every brick (what the library rules read) -------------


def sites_plain(
    ws: workspace.Workspace,
    ws_imports: imports.WorkspaceImports,
    memo: libs.SiteMemo,
    like: Any = None,
    changed: Collection[str] = (),
) -> tuple[Any, ...]:
    """(paths, [(brick, [sites of its files], [sites of its tests])]) of every brick of `ws`;
    `like`: what this gave for a scan that differs only in the files of the bricks
    `changed`: the rows of the others are taken from it as they are."""
    from brickwork import libs

    paths = Paths(texts(like[0])) if like is not None else Paths()
    kept: dict[str, Any] = {}
    if like is not None:
        kept = {row[0]: row for row in _list(like[1]) if row[0] not in changed}

    def row(brick: str) -> tuple[Any, ...]:
        files, tests = (libs.brick_sites(ws_imports, brick, memo, test=t) for t in (False, True))
        return (brick, *([_site_plain(s, paths) for s in part] for part in (files, tests)))

    rows = [kept.get(brick.name) or row(brick.name) for brick in ws.bricks]
    return (paths.plain(), rows)


def sites_into(data: Any, memo: libs.SiteMemo, skip: Collection[str]) -> None:
    """Fill `memo` with the sites `sites_plain` stored, for every brick but those `skip`
    names (their sites are made again from a scan)."""
    if type(data) is not tuple or len(data) != 2:
        raise Malformed(data)
    paths = Paths(texts(data[0]))
    for row in _list(data[1]):
        if type(row) is not tuple or len(row) != 3:
            raise Malformed(row)
        brick, files, tests = row
        if text(brick) not in skip:
            memo.bricks[brick, False] = list(_sites(files, paths))
            memo.bricks[brick, True] = list(_sites(tests, paths))


# -- what projects miss (the chains `deps` draws) -------------------------------------------


def missing_plain(missing: Iterable[tuple[str, graph.Missing]]) -> tuple[Any, ...]:
    """[(project, brick, chain, site)] with a table of paths."""
    paths = Paths()
    rows = [(p, m.brick, list(m.chain), _site_plain(m.site, paths)) for p, m in missing]
    return (paths.plain(), rows)


def missing_from_plain(data: Any) -> list[tuple[str, graph.Missing]]:
    from brickwork import graph

    if type(data) is not tuple or len(data) != 2:
        raise Malformed(data)
    paths = Paths(texts(data[0]))
    found: list[tuple[str, graph.Missing]] = []
    for row in _list(data[1]):
        if type(row) is not tuple or len(row) != 4:
            raise Malformed(row)
        project, brick, chain, site = row
        found.append((text(project), graph.Missing(text(brick), texts(chain), _site(site, paths))))
    return found


# -- findings -------------------------------------------------------------------------------


def finding_plain(f: workspace.Finding, paths: Paths) -> tuple[Any, ...]:
    return (
        f.code,
        f.message,
        paths.index(f.path),
        f.line,
        f.subject,
        f.severity.value,
        list(f.projects),
    )


def finding(data: Any, paths: Paths) -> workspace.Finding:
    if type(data) is not tuple or len(data) != 7:
        raise Malformed(data)
    code, message, path, line, subject, severity, projects = data
    return workspace.Finding(
        text(code),
        text(message),
        paths.path(path),
        None if line is None else _count(line),
        text(subject),
        _pick(SEVERITIES, severity),
        texts(projects),
    )


def findings_plain(found: Iterable[workspace.Finding], paths: Paths) -> list[Any]:
    return [finding_plain(f, paths) for f in found]


def findings(data: Any, paths: Paths) -> tuple[workspace.Finding, ...]:
    return tuple(finding(f, paths) for f in _list(data))


# -- the library analysis -------------------------------------------------------------------


def _library_plain(lib: libs.ProjectLibrary, paths: Paths) -> tuple[Any, ...]:
    return (
        lib.name,
        lib.status.value,
        lib.declared,
        lib.constraint,
        lib.markers,
        lib.locked,
        [_site_plain(s, paths) for s in lib.imports],
        [_site_plain(s, paths) for s in lib.type_checking],
        list(lib.import_names),
        list(lib.candidates),
        lib.guessed,
        list(lib.via),
        lib.source,
        lib.reason,
    )


def _library(data: Any, paths: Paths) -> libs.ProjectLibrary:
    from brickwork import libs

    if type(data) is not tuple or len(data) != 14:
        raise Malformed(data)
    name, status, declared, constraint, markers, locked, imported, typed = data[:8]
    names, candidates, guessed, via, source, reason = data[8:]
    return libs.ProjectLibrary(
        text(name),
        _pick({s.value: s for s in libs.LibraryStatus}, status),
        _flag(declared),
        text(constraint),
        text(markers),
        _maybe_text(locked),
        _sites(imported, paths),
        _sites(typed, paths),
        texts(names),
        texts(candidates),
        _flag(guessed),
        texts(via),
        text(source),
        text(reason),
    )


def libs_plain(found: libs.LibsReport) -> tuple[Any, ...]:
    """The library analysis; projects are named (the model gives them back)."""
    paths = Paths()
    projects = [
        (
            p.project.name,
            None if p.lock is None else paths.index(p.lock),
            None if p.environment is None else paths.index(p.environment),
            [_library_plain(lib, paths) for lib in p.libraries],
        )
        for p in found.projects
    ]
    bricks = [
        (b.brick, b.kind.value, [(name, list(mods)) for name, mods in b.libraries.items()])
        for b in found.bricks
    ]
    versions = [
        (v.name, [(e.project, e.constraint, e.locked) for e in v.entries], v.differs)
        for v in found.versions
    ]
    shown = findings_plain(found.findings, paths)
    return (paths.plain(), projects, bricks, versions, shown, list(found.notes))


def libs_findings(data: Any) -> tuple[workspace.Finding, ...]:
    """The findings of a library analysis `libs_plain` gave, without its model."""
    return findings(data[4], Paths(texts(data[0])))


def libs_notes(data: Any) -> tuple[str, ...]:
    """The notes of a library analysis `libs_plain` gave."""
    return texts(data[5])


def libs_from_plain(data: Any, ws: workspace.Workspace) -> libs.LibsReport:
    """The library analysis `libs_plain` gave, its projects taken from `ws` (a project that
    is no longer there makes it malformed)."""
    from brickwork import libs

    if type(data) is not tuple or len(data) != 6:
        raise Malformed(data)
    paths = Paths(texts(data[0]))
    by_name = {p.name: p for p in ws.projects}
    projects: list[libs.ProjectLibraries] = []
    for row in _list(data[1]):
        if type(row) is not tuple or len(row) != 4:
            raise Malformed(row)
        name, lock, environment, libraries = row
        projects.append(
            libs.ProjectLibraries(
                _pick(by_name, name),
                None if lock is None else paths.path(lock),
                None if environment is None else paths.path(environment),
                tuple(_library(lib, paths) for lib in _list(libraries)),
            )
        )
    bricks: list[libs.BrickLibraries] = []
    for row in _list(data[2]):
        if type(row) is not tuple or len(row) != 3:
            raise Malformed(row)
        brick, kind, libraries = row
        table = {text(name): texts(mods) for name, mods in pairs(libraries)}
        bricks.append(libs.BrickLibraries(text(brick), _pick(KINDS, kind), table))
    versions: list[libs.LibraryVersions] = []
    for row in _list(data[3]):
        if type(row) is not tuple or len(row) != 3:
            raise Malformed(row)
        name, entries, differs = row
        versions.append(
            libs.LibraryVersions(
                text(name),
                tuple(_version_entry(e) for e in _list(entries)),
                _flag(differs),
            )
        )
    return libs.LibsReport(
        tuple(bricks),
        tuple(projects),
        tuple(versions),
        findings(data[4], paths),
        texts(data[5]),
    )


def _version_entry(data: Any) -> libs.VersionEntry:
    from brickwork import libs

    if type(data) is not tuple or len(data) != 3:
        raise Malformed(data)
    project, constraint, locked = data
    return libs.VersionEntry(text(project), text(constraint), _maybe_text(locked))
