"""Lay a project out in a temp folder: its own files, its bricks, and the files it names
outside its folder (readme, license, includes), with every path made local.

Paths outside the project folder keep their place relative to the workspace root inside the
stage (`../../components/acme/x` is staged at `components/acme/x`, `from = "components"`), so
the sdist reads like the workspace. Nothing is written outside the stage.

What is staged is what ships (ADR 0020): the files git tracks, plus what `include` names even
when git ignores it, minus what `exclude` names, both read in the incumbent's layout
(`brickwork.packaging.patterns`); the staged project file keeps only the entries poetry-core still
needs. A package with no tracked file (a brick not yet `git add`-ed) stops the build.
"""

from __future__ import annotations

import glob
import os
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brickwork.packaging.files import Listing, copy_file, holds, list_files, replace_text
from brickwork.packaging.model import Stage
from brickwork.packaging.patterns import (
    ALL,
    Entry,
    Selector,
    Tree,
    excluded_by_name,
    partial_entries,
    read_entries,
)
from brickwork.workspace import PolyError, PolyFailure, Project, Workspace

PROJECT_FILE = "pyproject.toml"
_GLOB = set("*?[")
_SKIPPED_PROJECT_DIRS = ("dist",)


def _written_by_the_stage(relative: str) -> bool:
    """The project file (written anew) and `dist/` (old artifacts) are never staged."""
    return relative == PROJECT_FILE or relative.split("/", 1)[0] in _SKIPPED_PROJECT_DIRS


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(name: str) -> str:
    """A file name that is not UTF-8 with its odd bytes as `\\xe9`."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


class _Stager:
    """Collects (source, stage path) pairs, then copies them once."""

    def __init__(
        self, ws: Workspace, project: Project, dest: Path, known: Listing | None = None
    ) -> None:
        self.ws = ws
        self.known = known
        self.project = project
        self.dest = dest
        self.root_for_git: Path | None = ws.root
        self.copies: dict[str, Path] = {}
        self.notes: list[str] = []
        self.untracked: list[Path] = []
        self.requests: list[tuple[Path, Path, str]] = []
        self.trees: list[Tree] = []
        """Folders the incumbent copies whole (the project's, each brick's), for patterns."""
        self.package_folders: list[Path] = []
        self.entries: list[Entry] = []
        self.protected: set[str] = set()
        """Staged readme and license files: never dropped by a pattern."""
        self.prefix = ""
        """Where the incumbent puts the bricks under a top namespace (`shop`)."""
        self.partial: list[tuple[str, frozenset[str]]] = []
        """Files excluded, but included for some formats: (staged path, those formats)."""

    def local(self, relative: str, what: str) -> str:
        """A path as written in the project file -> the path to write in the staged one: as
        written when it is inside the project folder, else relative to the workspace root."""
        literal = re.split(r"[*?\[]", relative, maxsplit=1)[0]  # the part before a wildcard
        anchor = Path(os.path.normpath(self.project.path / (literal or ".")))
        if _inside(anchor, self.project.path):
            return relative
        target = os.path.normpath(os.path.join(self.project.path, relative))
        if not _inside(anchor, self.ws.root):
            raise PolyError(
                f"{self.project.file}: {what} {relative!r} points outside the workspace "
                f"({target}); only files inside {self.ws.root} can be built in."
            )
        return Path(os.path.relpath(target, self.ws.root)).as_posix()

    def take(self, folders: Iterable[Path], base: Path, into: str) -> None:
        """Stage every shippable file under `folders` at `into/<path relative to base>`
        (listed later, with one git call for every request)."""
        self.requests.extend((folder, base, into) for folder in folders)

    def _resolve(self) -> None:
        folders = [folder for folder, _, _ in self.requests]
        listing = list_files(folders, self.root_for_git, self.known)
        self.untracked.extend(listing.untracked)
        self.notes.extend(listing.notes)
        by_folder = {folder: (base, into) for folder, base, into in self.requests}
        for file in listing.files:
            owner = next(p for p in (file, *file.parents) if p in by_folder)
            base, into = by_folder[owner]
            relative = file.relative_to(base).as_posix()
            relative = posixpath.normpath(posixpath.join(into, relative) if into else relative)
            self.put(relative, file)

    def put(self, relative: str, file: Path) -> None:
        known = self.copies.get(relative)
        if known is not None and known != file:
            raise PolyError(
                f"{self.project.file}: two files would be staged at {relative} "
                f"({known} and {file}); rename one of them."
            )
        self.copies[relative] = file

    def take_outside(self, relative: str, what: str, root_fallback: bool = False) -> str:
        """Stage a file or folder named outside the project; return its staged path.

        With `root_fallback`, a file the project names but lacks (`readme = "README.md"` in a
        project folder without one) is taken from the workspace root, as the incumbent's
        users expect."""
        staged = self.local(relative, what)
        if staged == relative:
            local = self.project.path / relative
            shared = self.ws.root / relative
            if root_fallback:
                self.protected.add(relative)
            if root_fallback and not local.exists() and shared.is_file():
                self.take([shared], self.ws.root, "")
                self.notes.append(
                    f"{what} {relative} is not in {self.ws.relative(self.project.path)}; "
                    "using the workspace root's"
                )
            return relative
        pattern = os.path.join(self.ws.root, staged)
        matches = sorted(Path(p) for p in glob.glob(pattern)) if _GLOB & set(staged) else []
        sources = matches or [self.ws.root / staged]
        for source in sources:
            if source.exists() or source.is_symlink():
                self.take([source], self.ws.root, "")
        if root_fallback:
            self.protected.add(staged)
        return staged

    def copy_all(self) -> list[str]:
        self._resolve()
        for relative in list(self.copies):
            if _written_by_the_stage(relative):
                del self.copies[relative]
        self._apply_patterns()
        self._refuse_names_not_utf8()
        # every folder once (a metadata call per file adds up over hundreds of files)
        for folder in sorted({posixpath.dirname(r) for r in self.copies}):
            os.makedirs(os.path.join(self.dest, folder), exist_ok=True)
        for relative, source in sorted(self.copies.items()):
            note = copy_file(source, self.dest / relative, self.ws.root)
            if note is not None:
                self.notes.append(note)
        return [r for r in sorted(self.copies) if os.path.lexists(self.dest / r)]

    def _refuse_names_not_utf8(self) -> None:
        """A wheel's and an sdist's file lists are UTF-8: a file named otherwise on disk (lone
        surrogates, `os.fsdecode`) cannot ship, so say which and how to fix it."""
        odd = sorted(r for r in self.copies if not _is_utf8(r))
        if odd:
            shown = ", ".join(_shown(self.ws.relative(self.copies[r])) for r in odd[:5])
            more = f" and {len(odd) - 5} more" if len(odd) > 5 else ""
            raise PolyFailure(
                f"{self.ws.relative(self.project.file)}: {shown}{more}: a file name that is "
                "not UTF-8 cannot go in a wheel or sdist; rename it, or leave it out with the "
                "project's `exclude`."
            )

    def _apply_patterns(self) -> None:
        """Add what `include` names (tracked or not), drop what `exclude` names (ADR 0020)."""
        selector = Selector(self.ws.root, self.project.path, self.trees, str(self.project.file))
        included: dict[str, tuple[Path, frozenset[str]]] = {}
        excluded: set[str] = set()
        names = [e.pattern for e in self.entries if e.by_name]
        for entry in self.entries:
            found = selector.select(entry.pattern)
            if entry.key == "include":
                for staged, file in found.items():
                    formats = included.get(staged, (file, frozenset[str]()))[1]
                    included[staged] = (file, formats | entry.formats)
            else:
                excluded.update(found)
            if not found and not (entry.by_name and self._names_match(selector, [entry.pattern])):
                self.notes.append(
                    f"warning: {entry.key} {entry.pattern!r} matches no file of the project or "
                    "its bricks (patterns are read from the project folder, bricks at their "
                    "include path, as the incumbent stages them)"
                )
        added = sorted(s for s in included if s not in self.copies and not _written_by_the_stage(s))
        for staged in added:
            self.put(staged, included[staged][0])
        self._refuse_untracked_packages()  # before excludes: "not tracked" is the reason
        for staged, file in list(self.copies.items()):
            if staged in self.protected:
                continue
            where = selector.tree_of(file) if names else None
            if where is not None and excluded_by_name(where[1], names):
                del self.copies[staged]
            elif staged in excluded:
                formats = included[staged][1] if staged in included else frozenset[str]()
                if not formats:
                    del self.copies[staged]
                elif not formats >= ALL:
                    self.partial.append((staged, formats))
        shipped = {self.copies.get(s) for s in added} - {None}
        self.untracked = [p for p in self.untracked if p not in shipped]
        added = [s for s in added if s in self.copies]
        if added:
            shown = ", ".join(added[:5]) + (f" and {len(added) - 5} more" if len(added) > 5 else "")
            self.notes.append(
                f"added {len(added)} file(s) that git does not track, because include names "
                f"them: {shown}"
            )

    def _names_match(self, selector: Selector, names: list[str]) -> bool:
        return any(
            where is not None and excluded_by_name(where[1], names)
            for where in map(selector.tree_of, self.copies.values())
        )

    def _refuse_untracked_packages(self) -> None:
        """A package none of whose files git tracks (a brick made by `poly create` and not yet
        added), or an untracked readme or license the project names, cannot be built: name
        every one and say how to fix it."""
        staged = sorted({str(f) for f in self.copies.values()})
        untracked = sorted({str(p) for p in self.untracked})
        missing = []
        for folder in self.package_folders:
            if holds(staged, folder) or not holds(untracked, folder):
                continue
            missing.append(self.ws.relative(folder))
        for file in self.untracked:
            base = self.project.path if file.is_relative_to(self.project.path) else self.ws.root
            relative = file.relative_to(base).as_posix() if file.is_relative_to(base) else ""
            if relative in self.protected and relative not in self.copies:
                missing.append(self.ws.relative(file))
        if missing:
            listed = " ".join(dict.fromkeys(missing))
            raise PolyFailure(
                f"{self.ws.relative(self.project.file)}: git does not track {listed} yet, and "
                f"a build ships only what git tracks; run `git add {listed}` and build again."
            )


def _packages(ws: Workspace, project: Project, doc: Any, stager: _Stager) -> list[str]:
    """Rewrite `[tool.poetry] packages` (and `[tool.polylith.bricks]`) to staged paths; return
    the top-level package names."""
    tool = doc.setdefault("tool", {})
    poetry = tool.get("poetry")
    packages = poetry.get("packages") if poetry is not None else None
    bricks = tool.get("polylith", {}).get("bricks", {})
    tops: list[str] = []
    if not packages and bricks:
        import tomlkit

        packages = tomlkit.array()
        packages.multiline(True)
        for source, include in bricks.items():
            entry = tomlkit.inline_table()
            entry.update({"include": str(include), "from": "bricks"})
            packages.append(entry)
            stager.local(str(source), "brick")  # inside the workspace, or an error
            folder = Path(os.path.normpath(project.path / str(source)))
            stager.take([folder], folder, f"bricks/{include}")
            stager.trees.append(Tree(folder, str(include), f"bricks/{include}", stager.prefix))
            stager.package_folders.append(folder)
        tool.setdefault("poetry", {})["packages"] = packages
        return sorted({str(i).split("/")[0] for i in bricks.values()})
    for entry in packages or []:
        include = str(entry.get("include", ""))
        origin = str(entry.get("from", ""))
        base = Path(os.path.normpath(project.path / origin))
        target = Path(os.path.normpath(base / include))
        if ".." in Path(include).parts:
            base, include = target.parent, target.name
            entry["include"] = include
        tops.append(Path(include).parts[0] if include else "")
        if _inside(base, project.path):
            local = [Path(p) for p in sorted(glob.glob(str(base / include)))] if include else []
            stager.package_folders.extend(local)
            if "from" in entry or base != project.path:
                entry["from"] = base.relative_to(project.path).as_posix()
                if entry["from"] == ".":
                    del entry["from"]
            continue
        staged_from = stager.local(os.path.relpath(base, project.path), "include")
        entry["from"] = staged_from
        sources = [Path(p) for p in sorted(glob.glob(str(base / include)))]
        if not sources:
            raise PolyError(
                f"{project.file}: include {include!r} from {origin!r} matches nothing "
                f"({ws.relative(target)}); fix the include or run `poetry poly check`."
            )
        stager.take(sources, base, staged_from)
        stager.package_folders.extend(sources)
        for source in sources:
            layout = source.relative_to(base).as_posix()
            staged = posixpath.join(staged_from, layout)
            stager.trees.append(Tree(source, layout, staged, stager.prefix))
    return sorted({t for t in tops if t})


def _readme_and_license(doc: Any, stager: _Stager) -> None:
    meta = doc.get("project")
    poetry = doc.get("tool", {}).get("poetry")
    for table in (meta, poetry):
        if table is None:
            continue
        readme = table.get("readme")
        if isinstance(readme, str):
            table["readme"] = stager.take_outside(readme, "readme", True)
        elif isinstance(readme, list):
            for index, item in enumerate(list(readme)):
                readme[index] = stager.take_outside(str(item), "readme", True)
        elif isinstance(readme, dict) and isinstance(readme.get("file"), str):
            readme["file"] = stager.take_outside(str(readme["file"]), "readme", True)
    if meta is not None:
        license_ = meta.get("license")
        if isinstance(license_, dict) and isinstance(license_.get("file"), str):
            license_["file"] = stager.take_outside(str(license_["file"]), "license", True)
        files = meta.get("license-files")
        if isinstance(files, list):
            for index, item in enumerate(list(files)):
                files[index] = stager.take_outside(str(item), "license file")


def _patterns(doc: Any, stager: _Stager) -> None:
    """Read `include` and `exclude` (answered while staging, see `_apply_patterns`). An include
    that climbs out of the project is staged at its workspace path and rewritten to it; the
    staged project file keeps no `exclude`: what it names is not staged."""
    poetry = doc.get("tool", {}).get("poetry")
    if poetry is None:
        return
    stager.entries = read_entries(poetry)
    entries = poetry.get("include")
    if isinstance(entries, list):
        for index, item in enumerate(list(entries)):
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                item["path"] = stager.take_outside(str(item["path"]), "include")
            elif isinstance(item, str):
                entries[index] = stager.take_outside(item, "include")
    for entry in stager.entries:
        if entry.key == "exclude":
            stager.local(entry.pattern, "exclude")  # inside the workspace, or an error
    if "exclude" in poetry:
        del poetry["exclude"]


def _project_files(project: Project, stager: _Stager) -> None:
    """The project's own files (listed with the bricks); `dist/` and the project file, which
    the stage writes itself, are dropped in `copy_all`."""
    stager.take([project.path], project.path, "")
    stager.trees.append(Tree(project.path, "", ""))


def stage_project(
    ws: Workspace,
    project: Project,
    dest: Path,
    known: Listing | None = None,
    *,
    top_namespace: str | None = None,
) -> Stage:
    """Copy `project` (its files, its bricks, what it names outside its folder) into `dest`,
    an empty folder, with a project file whose paths are all local. Reads; writes only `dest`.
    `known`: the workspace's files listed once (`workspace_listing`), for many projects.
    `top_namespace`: the build's `--with-top-namespace`, under which the incumbent lays the
    bricks out (`shop/acme/x`) and so reads `include`/`exclude` patterns."""
    import tomlkit

    if project.is_development:
        raise PolyError(
            "the development project (the workspace root) is not built with build-project; "
            "name a project under projects/ (or use `poetry build` at the root)."
        )
    text = project.file.read_text(encoding="utf-8")
    doc = tomlkit.parse(text)
    stager = _Stager(ws, project, dest, known)
    stager.prefix = top_namespace.replace(".", "/") if top_namespace else ""
    _project_files(project, stager)
    tops = _packages(ws, project, doc, stager)
    _readme_and_license(doc, stager)
    _patterns(doc, stager)
    dest.mkdir(parents=True, exist_ok=True)
    files = stager.copy_all()
    partial_entries(doc, stager.partial)
    replace_text(dest / PROJECT_FILE, tomlkit.dumps(doc))
    notes = list(stager.notes)
    if stager.untracked:
        shown = ", ".join(ws.relative(p) for p in stager.untracked[:5])
        more = f" and {len(stager.untracked) - 5} more" if len(stager.untracked) > 5 else ""
        notes.append(
            f"left out {len(stager.untracked)} untracked file(s): {shown}{more} "
            "(git add them to ship them)"
        )
    return Stage(
        root=dest,
        files=tuple(sorted({*files, PROJECT_FILE})),
        packages=tuple(tops),
        notes=tuple(notes),
    )
