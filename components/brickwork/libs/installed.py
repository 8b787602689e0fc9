"""Installed metadata of a project's virtualenv, read as files: which modules each
distribution provides. Nothing is imported, and the running process's own environment (Poetry's)
is never looked at."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from brickwork.runs import is_dir as input_is_dir
from brickwork.runs import note_input
from brickwork.workspace import canonical_name as canonicalize_name

#: Dotted names deeper than this are not indexed (`a.b.c.d` is deep enough for any namespace).
MAX_DEPTH = 4
_EXTENSION = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(\.[^/]*)?\.(so|pyd)$")
_META_DIRS = (".dist-info", ".egg-info", ".data")


@dataclass(frozen=True)
class InstalledDistribution:
    name: str
    """Canonical distribution name."""
    version: str
    modules: frozenset[str]
    """Dotted modules it provides as regular packages or modules (never bare namespace dirs)."""
    path: Path
    """Its `.dist-info` (or `.egg-info`) folder."""


@dataclass(frozen=True)
class Environment:
    """The installed distributions of one virtualenv."""

    venv: Path
    site_packages: tuple[Path, ...]
    python: str
    """The venv's Python version from pyvenv.cfg (may be empty)."""
    distributions: tuple[InstalledDistribution, ...]
    notes: tuple[str, ...] = ()
    providers: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """Dotted module -> canonical names of the distributions that provide it."""

    @property
    def names(self) -> frozenset[str]:
        return frozenset(d.name for d in self.distributions)


def site_packages_dirs(venv: Path) -> tuple[Path, ...]:
    """`lib/python*/site-packages` (POSIX, any Python version) or `Lib/site-packages`."""
    found: dict[Path, Path] = {}
    for folder in (venv, venv / "lib", venv / "lib64", *venv.glob("lib*/python*")):
        note_input(folder)  # a Python or a site-packages added in it changes its mtime
    candidates = [*sorted(venv.glob("lib/python*/site-packages")), venv / "Lib" / "site-packages"]
    candidates += sorted(venv.glob("lib64/python*/site-packages"))
    for candidate in candidates:
        if input_is_dir(candidate):
            found.setdefault(candidate.resolve(), candidate)
    return tuple(found.values())


def _venv_python(venv: Path) -> str:
    note_input(venv / "pyvenv.cfg")
    try:
        text = (venv / "pyvenv.cfg").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return value.strip()
    return ""


def _header(text: str, key: str) -> str | None:
    prefix = key.lower() + ":"
    for line in text.splitlines():
        if not line.strip():
            break  # end of the headers: the description follows
        if line.lower().startswith(prefix):
            return line[len(prefix) :].strip()
    return None


def _identifier_parts(path: str) -> list[str] | None:
    parts = path.split("/")
    return parts if all(p.isidentifier() for p in parts) else None


def modules_from_record(paths: Iterable[str]) -> frozenset[str]:
    """Dotted modules provided by the files a RECORD lists.

    A folder counts only when it has an `__init__` (a namespace folder such as `google/` in
    google-cloud-storage provides nothing by itself); a `.py` file or an extension module
    counts as a module.
    """
    modules: set[str] = set()
    for path in (p.replace("\\", "/") for p in paths):
        if not path or path.startswith(("/", "..")) or "__pycache__" in path:
            continue
        folder, _, filename = path.rpartition("/")
        if folder.split("/", 1)[0].endswith(_META_DIRS):
            continue
        stem = _module_stem(filename)
        if stem is None:
            continue
        folder_parts = _identifier_parts(folder) if folder else []
        if folder_parts is None:
            continue
        if stem == "__init__":
            if folder_parts:
                modules.add(".".join(folder_parts[:MAX_DEPTH]))
        else:
            dotted = [*folder_parts, stem]
            if len(dotted) <= MAX_DEPTH:
                modules.add(".".join(dotted))
    return frozenset(modules)


def _module_stem(filename: str) -> str | None:
    if filename.endswith(".py"):
        stem = filename[: -len(".py")]
        return stem if stem.isidentifier() else None
    match = _EXTENSION.match(filename)
    if match:
        return match.group(1)
    return None


def _record_paths(record: str) -> list[str]:
    try:
        return [row[0] for row in csv.reader(io.StringIO(record)) if row]
    except csv.Error:  # not CSV after all: take each line up to its first comma
        return [line.split(",", 1)[0] for line in record.splitlines() if line]


def _read_text(path: Path) -> str | None:
    note_input(path)  # rewritten in place, a metadata file changes no folder's mtime
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None


def read_distribution(meta_dir: Path) -> InstalledDistribution:
    """One `.dist-info`/`.egg-info` folder; raises OSError or ValueError when unreadable."""
    metadata = _read_text(meta_dir / "METADATA") or _read_text(meta_dir / "PKG-INFO") or ""
    stem = meta_dir.name.rsplit(".", 1)[0]
    dir_name, _, dir_version = stem.partition("-")
    name = _header(metadata, "Name") or dir_name
    version = _header(metadata, "Version") or dir_version.split("-", 1)[0]
    if not name:
        raise ValueError("no distribution name")
    record = _read_text(meta_dir / "RECORD")
    paths = _record_paths(record or "")
    modules = set(modules_from_record(paths))
    # top_level.txt adds what RECORD does not show; a name RECORD shows only as a folder
    # without __init__ is a namespace folder and stays one.
    folders = {p.replace("\\", "/").split("/", 1)[0] for p in paths if "/" in p}
    for top in (_read_text(meta_dir / "top_level.txt") or "").split():
        if top.isidentifier() and top not in folders:
            modules.add(top)
    return InstalledDistribution(
        name=canonicalize_name(name),
        version=version,
        modules=frozenset(modules),
        path=meta_dir,
    )


def _meta_dirs(site_packages: Path) -> Iterator[Path]:
    note_input(site_packages)  # installing, upgrading or removing a distribution changes it
    try:
        entries = sorted(site_packages.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name.endswith((".dist-info", ".egg-info")) and entry.is_dir():
            yield entry


def read_environment(venv: Path) -> Environment | None:
    """The distributions installed in `venv`, or None when it has no site-packages."""
    site_packages = site_packages_dirs(venv)
    if not site_packages:
        return None
    notes: list[str] = []
    dists: dict[str, InstalledDistribution] = {}
    for folder in site_packages:
        for meta_dir in _meta_dirs(folder):
            try:
                dist = read_distribution(meta_dir)
            except (OSError, ValueError) as err:
                notes.append(f"{meta_dir}: skipped, cannot read its metadata ({err})")
                continue
            dists.setdefault(dist.name, dist)
    providers: dict[str, list[str]] = {}
    for dist in sorted(dists.values(), key=lambda d: d.name):
        for module in dist.modules:
            providers.setdefault(module, []).append(dist.name)
    return Environment(
        venv=venv,
        site_packages=site_packages,
        python=_venv_python(venv),
        distributions=tuple(sorted(dists.values(), key=lambda d: d.name)),
        notes=tuple(notes),
        providers={m: tuple(names) for m, names in providers.items()},
    )
