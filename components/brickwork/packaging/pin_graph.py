"""Which locked entries a project installs, and under which environment markers.

A lock is a graph of entries (a package at one version). An entry is reached from the
project's requirements along every path of dependency edges; it is installed where any path
reaches it, so its marker is the union, over paths, of the markers along each path (a direct
requirement is one more path: `typing-extensions ; python_version < "3.11"` next to a package
that needs it on every Python is needed on every Python). An edge whose constraint allows
several entries of one name (Poetry locks a package at one version per Python range) reaches
each of them only where the lock's own `markers` of that entry hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from brickwork.workspace import PolyError, canonical_name

if TYPE_CHECKING:
    from poetry.core.packages.dependency import Dependency
    from poetry.core.version.markers import BaseMarker

_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
STALE = "the lock file is stale; run `poetry lock` and build again"
#: Nodes taken from the walk's queue per locked entry before it gives up: markers only grow, so
#: a walk that does not settle is a bug, and an error is better than pins from half a walk.
SETTLE_STEPS = 200


@dataclass(frozen=True)
class Entry:
    """One `[[package]]` of the lock: a package at one version."""

    name: str
    version: str
    marker: BaseMarker | None
    """The lock's `markers` of the entry (Poetry 2 locks), every group's united; None: none."""
    requires: tuple[Dependency, ...]
    extras: Mapping[str, frozenset[str]]
    """Extra -> canonical names of the dependencies it adds."""
    hashes: tuple[str, ...]


@dataclass(frozen=True)
class Reached:
    """A locked entry the project installs, where it installs it, with which extras."""

    name: str
    version: str
    marker: str
    """`""`: on every environment."""
    extras: tuple[str, ...]
    hashes: tuple[str, ...]
    direct: bool
    """A requirement of the project itself (else only pulled in by one)."""


def _entry_marker(value: object) -> BaseMarker | None:
    """`markers = "..."` or, per group, `markers = {main = "...", dev = "..."}`."""
    from poetry.core.version.markers import EmptyMarker, parse_marker

    if isinstance(value, str):
        return parse_marker(value)
    if isinstance(value, dict) and value:
        united: BaseMarker = EmptyMarker()
        for text in value.values():
            united = united.union(parse_marker(str(text)))
        return united
    return None


def _dependency(name: str, spec: object) -> Dependency:
    """A lock edge (`">=1"` or `{version, markers, python, extras, optional}`) as poetry-core
    reads it; a path, URL or git source counts as any version (the lock names the one)."""
    from poetry.core.factory import Factory

    if not isinstance(spec, dict):
        return Factory.create_dependency(name, str(spec))
    keys = ("version", "markers", "python", "extras", "optional")
    return Factory.create_dependency(name, {k: spec[k] for k in keys if k in spec})


def _table(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _entry(package: Mapping[str, Any]) -> Entry:
    requires: list[Dependency] = []
    for dep_name, spec in _table(package.get("dependencies")).items():
        for item in spec if isinstance(spec, list) else [spec]:
            requires.append(_dependency(str(dep_name), item))
    extras: dict[str, frozenset[str]] = {}
    for extra, items in _table(package.get("extras")).items():
        names = (_NAME.match(str(i)) for i in (items if isinstance(items, list) else ()))
        extras[canonical_name(str(extra))] = frozenset(
            canonical_name(m.group(1)) for m in names if m
        )
    files = package.get("files")
    files = files if isinstance(files, list) else []
    hashes = tuple(sorted(str(f["hash"]) for f in files if isinstance(f, dict) and "hash" in f))
    return Entry(
        canonical_name(str(package["name"])),
        str(package["version"]),
        _entry_marker(package.get("markers")),
        tuple(requires),
        extras,
        hashes,
    )


def read_entries(raw: Mapping[str, Any], lock: str) -> dict[str, tuple[Entry, ...]]:
    """Canonical name -> its locked entries, from a parsed poetry.lock; an entry whose
    constraints or markers do not parse is a `PolyError` naming it."""
    found: dict[str, list[Entry]] = {}
    packages = raw.get("package")
    for package in packages if isinstance(packages, list) else []:
        if not isinstance(package, dict) or not package.get("name") or "version" not in package:
            continue
        try:
            entry = _entry(package)
        except Exception as err:  # poetry-core's constraint and marker parsers (lark) raise many
            what = f"{package['name']} {package['version']}"
            reason = (str(err).strip().splitlines() or [type(err).__name__])[0]
            raise PolyError(
                f"{lock}: cannot read the entry of {what} ({reason}); {STALE}."
            ) from err
        found.setdefault(entry.name, []).append(entry)
    return {name: tuple(entries) for name, entries in found.items()}


def _allows(dep: Dependency, version: str) -> bool:
    """Whether `dep` allows a locked `version` (one that is not PEP 440: only `*` does)."""
    from poetry.core.constraints.version import Version
    from poetry.core.version.exceptions import InvalidVersionError

    try:
        return bool(dep.constraint.allows(Version.parse(version)))
    except InvalidVersionError:
        return dep.constraint.is_any()


Node = tuple[str, str, str]
"""(name, version, extra): the entry itself (extra `""`), or the entry with one extra asked."""


class _Walk:
    def __init__(self, entries: Mapping[str, tuple[Entry, ...]], lock: str) -> None:
        self.entries = entries
        self.lock = lock
        self.found: dict[Node, BaseMarker] = {}
        self.queue: list[Node] = []

    def select(self, dep: Dependency, parent: str) -> list[tuple[Entry, BaseMarker | None]]:
        """The entries `dep` may install, each with the marker that picks it (None: always)."""
        entries = self.entries.get(canonical_name(dep.name), ())
        allowed = [e for e in entries if _allows(dep, e.version)]
        if len(allowed) <= 1:
            return [(e, None) for e in allowed]
        if any(e.marker is None for e in allowed):
            versions = ", ".join(e.version for e in allowed)
            raise PolyError(
                f"{self.lock}: {dep.name} is locked at {versions} and {parent} allows each, but "
                "the lock does not say which is for which environment (no `markers`); "
                "run `poetry lock` with Poetry 2 and build again."
            )
        return [(e, e.marker) for e in allowed]

    def add(self, node: Node, reach: BaseMarker) -> None:
        if reach.is_empty():
            return
        old = self.found.get(node)
        new = reach if old is None else old.union(reach)
        if old is None or str(new) != str(old):
            self.found[node] = new
            self.queue.append(node)

    def follow(self, dep: Dependency, where: BaseMarker, parent: str) -> list[Entry]:
        """Reach what `dep` installs from a node reached under `where`."""
        edge = where.intersect(dep.marker.without_extras())
        chosen = []
        for entry, pick in self.select(dep, parent):
            reach = edge if pick is None else edge.intersect(pick)
            for extra in ("", *sorted(dep.extras)):
                self.add((entry.name, entry.version, extra), reach)
            chosen.append(entry)
        return chosen

    def run(self) -> None:
        budget = SETTLE_STEPS * (sum(len(v) for v in self.entries.values()) + 1)
        while self.queue:
            budget -= 1
            if budget < 0:
                raise PolyError(
                    f"{self.lock}: the markers of its dependency graph did not settle; "
                    "please report this with the lock file."
                )
            name, version, extra = node = self.queue.pop()
            entry = next(e for e in self.entries[name] if e.version == version)
            names = entry.extras.get(extra, frozenset()) if extra else None
            for dep in entry.requires:
                if names is None and dep.is_optional():
                    continue
                if names is not None and canonical_name(dep.name) not in names:
                    continue
                self.follow(dep, self.found[node], f"{name} {version}")


def _order(item: tuple[Node, BaseMarker]) -> tuple[str, bool, Any, str, str]:
    """By name, then version (PEP 440 order; others after, by text)."""
    from poetry.core.constraints.version import Version
    from poetry.core.version.exceptions import InvalidVersionError

    (name, version, extra), _marker = item
    try:
        return name, False, Version.parse(version), "", extra
    except InvalidVersionError:
        return name, True, Version.parse("0"), version, extra


def reach_entries(
    raw: Mapping[str, Any], requires: Sequence[Dependency], project: str, lock: str
) -> tuple[Reached, ...]:
    """Every locked entry the (non-optional) `requires` install, with its marker; a
    requirement the lock holds no allowed version of is a stale lock: a `PolyError`."""
    from poetry.core.version.markers import AnyMarker

    entries = read_entries(raw, lock)
    walk = _Walk(entries, lock)
    direct: dict[tuple[str, str], set[str]] = {}
    for dep in requires:
        if dep.is_optional():
            continue
        chosen = walk.follow(dep, AnyMarker(), project)
        if not chosen:
            have = ", ".join(e.version for e in entries.get(canonical_name(dep.name), ()))
            raise PolyError(
                f"{lock}: {dep.name} {dep.pretty_constraint} is required by {project} "
                f"but the lock has {have or 'nothing'}; {STALE}."
            )
        for entry in chosen:
            direct.setdefault((entry.name, entry.version), set()).update(dep.extras)
    walk.run()
    reached: list[Reached] = []
    for (name, version, extra), marker in sorted(walk.found.items(), key=_order):
        if extra:
            continue
        entry = next(e for e in entries[name] if e.version == version)
        asked = direct.get((name, version))
        reached.extend(_pins(entry, marker, asked, walk.found))
    return tuple(reached)


def _text(marker: BaseMarker) -> str:
    return "" if marker.is_any() else str(marker)


def _pins(
    entry: Entry,
    marker: BaseMarker,
    asked: set[str] | None,
    found: Mapping[Node, BaseMarker],
) -> list[Reached]:
    """The pins of one entry: one under its marker, with the extras the project asks for
    wherever the entry is needed; an extra needed in fewer places gets a pin of its own there."""
    where = _text(marker)
    by_marker: dict[str, list[str]] = {}
    for extra in sorted(asked or ()):
        reach = found.get((entry.name, entry.version, extra))
        if reach is not None:
            by_marker.setdefault(_text(reach), []).append(extra)
    pins = [
        Reached(
            entry.name,
            entry.version,
            where,
            tuple(by_marker.pop(where, ())),
            entry.hashes,
            direct=asked is not None,
        )
    ]
    for narrower, extras in sorted(by_marker.items()):
        pins.append(
            Reached(entry.name, entry.version, narrower, tuple(extras), entry.hashes, direct=True)
        )
    return pins
