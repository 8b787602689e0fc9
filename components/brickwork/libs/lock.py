"""poetry.lock as data: locked versions, the dependency edges between packages, and (read
only when asked) the wheel files each package locks."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickwork.runs import note_input
from brickwork.workspace import canonical_name as canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: The `files = [...]` array of each package (hashes of every wheel): most of a lock file's text
#: and none of what the analysis needs; skipped before parsing.
_FILES = re.compile(r"^files = \[\n(?:[ \t]+.*\n)*\]\n", re.MULTILINE)
_PACKAGE = re.compile(r"^\[\[package\]\][ \t]*$", re.MULTILINE)
_METADATA_FILES = re.compile(r"^\[metadata\.files\][ \t]*$", re.MULTILINE)
_TABLE = re.compile(r"^\[", re.MULTILINE)
_KEY = {
    key: re.compile(rf'^{key}[ \t]*=[ \t]*"([^"\n]+)"', re.MULTILINE)
    for key in ("name", "version", "reference")
}
_SOURCE = re.compile(r"^\[package\.source\][ \t]*$", re.MULTILINE)
#: A wheel of a `files` entry: a bare file name (never a path) and its hash.
_WHEEL_FILE = re.compile(r'\{\s*file\s*=\s*"([^"\n/\\]+\.whl)"\s*,\s*hash\s*=\s*"([^"\n]*)"')
_OLD_KEY = re.compile(r'^"?([A-Za-z0-9][A-Za-z0-9._-]*)"?[ \t]*=')
#: Where Poetry caches what it learns of a release when the lock names no source.
DEFAULT_REPOSITORY = "PyPI"
_NAME = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?")


@dataclass(frozen=True)
class Requirement:
    """An edge of the lock graph: a package needs `name` (with `extras` of it)."""

    name: str
    extras: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LockedWheel:
    """One wheel a lock file lists for a package (`files = [{file = ..., hash = ...}]`)."""

    name: str
    """Canonical distribution name."""
    version: str
    file: str
    """The wheel's file name."""
    hash: str
    """As the lock writes it: `sha256:<hex>`."""
    repository: str = DEFAULT_REPOSITORY
    """The package's source (`[package.source] reference`), as Poetry names its cache folder."""


@dataclass(frozen=True)
class LockedPackage:
    name: str
    """Canonical distribution name."""
    version: str
    requires: tuple[Requirement, ...] = ()
    """Dependencies that are always installed with it."""
    extras: Mapping[str, tuple[Requirement, ...]] | None = None
    """Extra name -> the optional dependencies it adds."""


@dataclass(frozen=True)
class LockFile:
    path: Path
    packages: Mapping[str, tuple[LockedPackage, ...]]
    """Canonical name -> its locked entries (Poetry may lock one name at several versions)."""
    text: str = field(default="", repr=False, compare=False)
    """The lock file's text: its `files` arrays are read only when `wheels` is asked."""
    _wheels: dict[str, tuple[LockedWheel, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def wheels(self, name: str) -> tuple[LockedWheel, ...]:
        """The wheels the lock lists for `name` (every locked version), in file order."""
        if not self._wheels and self.text:
            self._wheels.update(_locked_wheels(self.text))
            self._wheels.setdefault("", ())  # read: never again
        return self._wheels.get(canonicalize_name(name), ())

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.packages)

    def version(self, name: str) -> str | None:
        """The locked version of `name` (`1.0 | 2.0` when locked at several), or None."""
        entries = self.packages.get(canonicalize_name(name))
        if not entries:
            return None
        return " | ".join(dict.fromkeys(e.version for e in entries))

    def closure(self, roots: Iterable[Requirement]) -> frozenset[str]:
        """Every package installed along with `roots` (the roots included), by name."""
        wanted: dict[str, set[str]] = {}
        queue = list(roots)
        while queue:
            requirement = queue.pop()
            name = canonicalize_name(requirement.name)
            seen = wanted.get(name)
            new_extras = set(requirement.extras) - (seen or set())
            if seen is not None and not new_extras:
                continue
            wanted.setdefault(name, set()).update(requirement.extras)
            for entry in self.packages.get(name, ()):
                if seen is None:
                    queue.extend(entry.requires)
                for extra in new_extras:
                    queue.extend((entry.extras or {}).get(extra, ()))
        return frozenset(wanted)


class LockError(ValueError):
    """A lock file that cannot be used; the message says which and why."""


def _requirement_text(text: str) -> Requirement | None:
    """`pyyaml (>=5.1)`, `jaraco.test`, `uvicorn[standard] (>=0.1) ; python_version < "3.8"`."""
    match = _NAME.match(text)
    if match is None:
        return None
    extras = frozenset(e.strip() for e in (match.group(2) or "").split(",") if e.strip())
    return Requirement(canonicalize_name(match.group(1)), extras)


def _dependencies(table: Any) -> tuple[tuple[Requirement, ...], frozenset[str]]:
    """(always-installed requirements, names of optional ones) of `[package.dependencies]`."""
    required: list[Requirement] = []
    optional: set[str] = set()
    for raw_name, spec in (table if isinstance(table, dict) else {}).items():
        name = canonicalize_name(str(raw_name))
        specs = spec if isinstance(spec, list) else [spec]
        extras: set[str] = set()
        is_optional = True
        for item in specs:
            if isinstance(item, dict):
                extras.update(str(e) for e in item.get("extras", []) if isinstance(e, str))
                is_optional = is_optional and bool(item.get("optional", False))
            else:
                is_optional = False
        if is_optional:
            optional.add(name)
        else:
            required.append(Requirement(name, frozenset(extras)))
    return tuple(required), frozenset(optional)


def _package(entry: Mapping[str, Any]) -> LockedPackage | None:
    name, version = entry.get("name"), entry.get("version")
    if not isinstance(name, str) or not name:
        return None
    required, _optional = _dependencies(entry.get("dependencies"))
    extras: dict[str, tuple[Requirement, ...]] = {}
    table = entry.get("extras")
    for extra, items in (table if isinstance(table, dict) else {}).items():
        reqs = (_requirement_text(i) for i in items if isinstance(i, str))
        extras[str(extra)] = tuple(r for r in reqs if r is not None)
    return LockedPackage(
        name=canonicalize_name(name),
        version=str(version) if version is not None else "",
        requires=required,
        extras=extras,
    )


def _field(key: str, block: str) -> str:
    match = _KEY[key].search(block)
    return match.group(1) if match else ""


def _locked_wheels(text: str) -> dict[str, tuple[LockedWheel, ...]]:
    """Name -> the wheels of each `[[package]]` block (`files` inside it, or in the
    `[metadata.files]` table older Poetry versions wrote), read by pattern: no TOML parse."""
    found: dict[str, list[LockedWheel]] = {}
    versions: dict[str, tuple[str, str]] = {}
    starts = [m.end() for m in _PACKAGE.finditer(text)]
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        block = text[start:end]
        metadata = _METADATA_FILES.search(block)
        block = block[: metadata.start()] if metadata else block
        name = canonicalize_name(_field("name", block))
        source = _SOURCE.search(block)
        own = block[: source.start()] if source else block
        table = block[source.end() :] if source else ""
        nested = _TABLE.search(table)
        repository = _field("reference", table[: nested.start()] if nested else table)
        version = _field("version", own)
        versions.setdefault(name, (version, repository or DEFAULT_REPOSITORY))
        for file, digest in _WHEEL_FILE.findall(own):
            found.setdefault(name, []).append(
                LockedWheel(name, version, file, digest, repository or DEFAULT_REPOSITORY)
            )
    old = _METADATA_FILES.search(text)
    name = ""
    for line in text[old.end() :].splitlines() if old else ():
        if line.startswith("["):
            break  # the next table
        key = _OLD_KEY.match(line)
        if key is not None:
            name = canonicalize_name(key.group(1))
        version, repository = versions.get(name, ("", DEFAULT_REPOSITORY))
        for file, digest in _WHEEL_FILE.findall(line) if name else ():
            if all(w.file != file for w in found.get(name, ())):
                found.setdefault(name, []).append(
                    LockedWheel(name, version, file, digest, repository)
                )
    return {name: tuple(wheels) for name, wheels in found.items()}


def parse_lock(text: str, path: Path) -> LockFile:
    """Parse the text of a poetry.lock; broken TOML raises `LockError`."""
    try:
        data = tomllib.loads(_FILES.sub("", text))
    except RecursionError as err:
        raise LockError(f"{path}: arrays or tables nested too deeply to read") from err
    except tomllib.TOMLDecodeError:
        try:  # report the error (and its line) of the text as written
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise LockError(f"{path}: invalid TOML ({err})") from err
    packages: dict[str, list[LockedPackage]] = {}
    entries = data.get("package", [])
    for entry in entries if isinstance(entries, list) else []:
        package = _package(entry) if isinstance(entry, dict) else None
        if package is not None:
            packages.setdefault(package.name, []).append(package)
    return LockFile(path=path, packages={k: tuple(v) for k, v in packages.items()}, text=text)


def read_lock(path: Path) -> LockFile:
    """Read a poetry.lock; an unreadable or broken file raises `LockError`."""
    note_input(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LockError(f"{path}: cannot read ({err})") from err
    return parse_lock(text, path)
