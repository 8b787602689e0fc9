"""`--locked` and `--requirements`: tie a build to the lock file.

Every runtime requirement of the staged project, and every package those pull in (read from
the lock's dependency edges), becomes `name==locked-version` in the staged project file, so the
wheel's and the sdist's `Requires-Dist` say exactly what the lock says. Markers of direct
requirements are kept; a transitive package gets the markers of the paths that pull it in
(each path's markers combined, the paths' united: `tomli` needed by a dependency only on
Python < 3.11 is pinned with `python_version < "3.11"`). Optional (extra) requirements are left
as declared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork.build.files import replace_text
from brickwork.build.model import Stage
from brickwork.workspace import PolyError, Project, Workspace, read_toml

if TYPE_CHECKING:
    from brickwork.libs import LockFile


LOCK_FILE = "poetry.lock"
REQUIREMENTS_FILE = "requirements.txt"


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    extras: tuple[str, ...] = ()
    marker: str = ""
    hashes: tuple[str, ...] = ()
    direct: bool = True

    def requirement(self) -> str:
        extras = f"[{','.join(self.extras)}]" if self.extras else ""
        marker = f" ; {self.marker}" if self.marker else ""
        return f"{self.name}{extras}=={self.version}{marker}"


@dataclass(frozen=True)
class Pins:
    lock: Path
    pins: tuple[Pin, ...]


def find_lock(ws: Workspace, project: Project) -> Path:
    """The project's poetry.lock, else the workspace root's; none is a `PolyError`."""
    for folder in (project.path, ws.root):
        if (folder / LOCK_FILE).is_file():
            return folder / LOCK_FILE
    raise PolyError(
        f"no {LOCK_FILE} in {ws.relative(project.path)} or at the workspace root; "
        f"run `poetry lock` (in {ws.relative(project.path)} or at the root) and build again."
    )


def _raw_lock(path: Path) -> dict[str, Any]:
    return read_toml(path)


def _edges(raw: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Package name -> (dependency name, marker of that edge or `""`) for every lock edge."""
    from packaging.utils import canonicalize_name

    edges: dict[str, list[tuple[str, str]]] = {}
    for package in raw.get("package", []):
        parent = edges.setdefault(canonicalize_name(str(package.get("name", ""))), [])
        for name, spec in (package.get("dependencies") or {}).items():
            specs = spec if isinstance(spec, list) else [spec]
            for item in specs:
                marker = item.get("markers", "") if isinstance(item, dict) else ""
                parent.append((canonicalize_name(name), str(marker)))
    return edges


def propagate_markers(
    roots: Mapping[str, str], edges: Mapping[str, list[tuple[str, str]]], wanted: frozenset[str]
) -> dict[str, str]:
    """The environment marker under which each package of `wanted` is installed: the union,
    over every path from a root, of the markers along it (`""`: always)."""
    from poetry.core.version.markers import AnyMarker, BaseMarker, EmptyMarker, parse_marker

    def marker(text: str) -> BaseMarker:
        # `extra == "x"` on a lock edge names the parent's extra, which the closure already
        # decided: drop it, keep the environment part
        return parse_marker(text).without_extras() if text else AnyMarker()

    found: dict[str, BaseMarker] = {name: marker(text) for name, text in roots.items()}
    queue = list(found)
    steps = 0
    while queue and steps < 100 * (len(wanted) + 1):
        steps += 1
        parent = queue.pop()
        for child, edge in edges.get(parent, ()):
            if child not in wanted or child in roots:
                continue
            reach = found[parent].intersect(marker(edge))
            old = found.get(child, EmptyMarker())
            new = old.union(reach)
            if child not in found or str(new) != str(old):
                found[child] = new
                queue.append(child)
    return {name: "" if m.is_any() else str(m) for name, m in found.items()}


def _hashes(raw: Mapping[str, Any]) -> dict[tuple[str, str], tuple[str, ...]]:
    from packaging.utils import canonicalize_name

    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for package in raw.get("package", []):
        files = package.get("files") or []
        key = (canonicalize_name(str(package.get("name", ""))), str(package.get("version", "")))
        found[key] = tuple(sorted(str(f["hash"]) for f in files if "hash" in f))
    return found


def locked_pins(ws: Workspace, project: Project, stage: Stage) -> Pins:
    """The pins of the staged project's runtime requirements from its lock file; a lock that
    does not hold a requirement (or no version it allows) is stale: a `PolyError`."""
    from poetry.core.constraints.version import Version
    from poetry.core.factory import Factory

    from brickwork.libs import LockError, Requirement, read_lock

    path = find_lock(ws, project)
    try:
        lock: LockFile = read_lock(path)
    except LockError as err:
        raise PolyError(str(err)) from err
    raw = _raw_lock(path)
    hashes = _hashes(raw)
    package = Factory().create_poetry(stage.root).package
    pins: list[Pin] = []
    stale = "the lock file is stale; run `poetry lock` and build again"
    for dep in sorted(package.requires, key=lambda d: d.name):
        if dep.is_optional():
            continue
        entries = lock.packages.get(dep.name, ())
        allowed = [e for e in entries if dep.constraint.allows(Version.parse(e.version))]
        if not allowed:
            have = ", ".join(e.version for e in entries) or "nothing"
            raise PolyError(
                f"{ws.relative(path)}: {dep.name} {dep.pretty_constraint} is required by "
                f"{project.name} but the lock has {have}; {stale}."
            )
        marker = "" if dep.marker.is_any() else str(dep.marker)
        version = allowed[0].version
        pins.append(
            Pin(
                dep.name,
                version,
                tuple(sorted(dep.extras)),
                marker,
                hashes.get((dep.name, version), ()),
            )
        )
    direct = {p.name for p in pins}
    roots = [Requirement(p.name, frozenset(p.extras)) for p in pins]
    closure = lock.closure(roots)
    markers = propagate_markers({p.name: p.marker for p in pins}, _edges(raw), closure)
    for name in sorted(closure - direct):
        entries = lock.packages.get(name, ())
        if not entries:
            continue
        marker = markers.get(name, "")
        version = entries[0].version
        pins.append(Pin(name, version, (), marker, hashes.get((name, version), ()), direct=False))
    return Pins(path, tuple(pins))


def _write_pins(stage: Stage, pins: Pins) -> None:
    import tomlkit

    file = stage.root / "pyproject.toml"
    doc = tomlkit.parse(file.read_text(encoding="utf-8"))
    meta = doc.get("project")
    poetry = doc.get("tool", {}).get("poetry", {})
    table = poetry.get("dependencies")
    static = meta is not None and "dependencies" not in (meta.get("dynamic") or [])
    if static and meta is not None:
        array = tomlkit.array()
        array.multiline(True)
        array.extend(p.requirement() for p in pins.pins)
        meta["dependencies"] = array
        if table is not None:
            for name in [k for k in table if k != "python"]:
                del table[name]
    else:
        table = poetry.setdefault("dependencies", tomlkit.table())
        optional = {
            k
            for k, v in table.items()
            if k == "python" or (isinstance(v, dict) and v.get("optional"))
        }
        for name in [k for k in table if k not in optional]:
            del table[name]
        for pin in pins.pins:
            spec = tomlkit.inline_table()
            spec["version"] = f"=={pin.version}"
            if pin.extras:
                spec["extras"] = list(pin.extras)
            if pin.marker:
                spec["markers"] = pin.marker
            table[pin.name] = spec
    replace_text(file, tomlkit.dumps(doc))


def pin_stage(ws: Workspace, project: Project, stage: Stage, *, pin: bool = True) -> Pins:
    """Read the pins; with `pin`, write them into the staged project file."""
    pins = locked_pins(ws, project, stage)
    if pin:
        _write_pins(stage, pins)
    return pins


def requirements_text(pins: Pins) -> str:
    """requirements.txt for `pip install --require-hashes`: pinned, with the lock's hashes."""
    lines = [f"# pinned from {pins.lock.name} by poetry poly build-project --requirements"]
    for pin in sorted(pins.pins, key=lambda p: p.name):
        hashes = "".join(f" \\\n    --hash={h}" for h in pin.hashes)
        lines.append(f"{pin.requirement()}{hashes}")
    return "\n".join(lines) + "\n"


def write_requirements(pins: Pins, out_dir: Path) -> Path:
    target = out_dir / REQUIREMENTS_FILE
    target.write_text(requirements_text(pins), encoding="utf-8")
    return target
