"""`--locked` and `--requirements`: tie a build to the lock file.

Every locked entry the staged project's runtime requirements install (read from the lock's
dependency edges, see `pin_graph`) becomes `name==locked-version` under its own marker in the
staged project file, so the wheel's and the sdist's `Requires-Dist` say exactly what the lock
installs, and `requirements.txt` says the same with the lock's hashes. A package is pinned
wherever any path needs it (a direct requirement's own marker is widened by other paths), and a
package locked at several versions is pinned once per version, each under its own marker.
Optional (extra) requirements stay extras, as declared.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brickwork.packaging.files import replace_text
from brickwork.packaging.model import Stage
from brickwork.packaging.pin_graph import reach_entries
from brickwork.workspace import PolyError, Project, Workspace, canonical_name, read_toml

LOCK_FILE = "poetry.lock"
REQUIREMENTS_FILE = "requirements.txt"


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    extras: tuple[str, ...]
    marker: str
    """`""`: on every environment."""
    hashes: tuple[str, ...]
    direct: bool

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


def locked_pins(ws: Workspace, project: Project, stage: Stage) -> Pins:
    """The pins of the staged project's runtime requirements from its lock file: every locked
    entry they install, under the markers of every path to it; a lock that does not hold a
    requirement (or no version it allows) is stale: a `PolyError`."""
    from poetry.core.factory import Factory

    from brickwork.libs import LockError, read_lock

    path = find_lock(ws, project)
    try:
        read_lock(path)
    except LockError as err:
        raise PolyError(str(err).replace(str(path), ws.relative(path), 1)) from err
    package = Factory().create_poetry(stage.root).package
    reached = reach_entries(read_toml(path), package.requires, project.name, ws.relative(path))
    pins = (Pin(r.name, r.version, r.extras, r.marker, r.hashes, r.direct) for r in reached)
    return Pins(path, tuple(pins))


def _optional(spec: object) -> bool:
    items = spec if isinstance(spec, list) else [spec]
    return bool(items) and all(isinstance(i, dict) and i.get("optional") for i in items)


def _poetry_spec(pin: Pin) -> Any:
    import tomlkit

    spec = tomlkit.inline_table()
    spec["version"] = f"=={pin.version}"
    if pin.extras:
        spec["extras"] = list(pin.extras)
    if pin.marker:
        spec["markers"] = pin.marker
    return spec


def _pin_poetry_table(poetry: Any, pins: Pins) -> None:
    """`[tool.poetry.dependencies]`: every required entry replaced by the pins; `python` and
    the optional ones (what `[tool.poetry.extras]` names) stay as declared. A package both
    optional here and pulled in by another pin keeps its optional entry only: poetry-core puts
    every entry of a name an extra lists under that extra, so its pin would become conditional
    (requirements.txt still pins it, and the pin of what pulls it in still requires it)."""
    import tomlkit

    table = poetry.setdefault("dependencies", tomlkit.table())
    kept = {k for k, v in table.items() if k == "python" or _optional(v)}
    for name in [k for k in table if k not in kept]:
        del table[name]
    optional = {canonical_name(k) for k in kept if k != "python"}
    grouped: dict[str, list[Pin]] = {}
    for pin in pins.pins:
        if pin.name not in optional:
            grouped.setdefault(pin.name, []).append(pin)
    for name, group in grouped.items():
        if len(group) == 1:
            table[name] = _poetry_spec(group[0])
        else:
            array = tomlkit.array()
            array.extend(_poetry_spec(p) for p in group)
            table[name] = array


def _write_pins(stage: Stage, pins: Pins) -> None:
    import tomlkit

    file = stage.root / "pyproject.toml"
    doc = tomlkit.parse(file.read_text(encoding="utf-8"))
    meta = doc.get("project")
    poetry = doc.setdefault("tool", tomlkit.table()).setdefault("poetry", tomlkit.table())
    if meta is not None and "dependencies" in meta:  # else poetry-core reads the Poetry table
        array = tomlkit.array()
        array.multiline(True)
        array.extend(p.requirement() for p in pins.pins)
        meta["dependencies"] = array
        # beside static `[project]` dependencies this table only enriches them (a source and
        # the like); the pins are the whole requirement now
        table = poetry.get("dependencies")
        for name in [k for k in table or () if k != "python"]:
            del table[name]
    else:
        _pin_poetry_table(poetry, pins)
    replace_text(file, tomlkit.dumps(doc))


def pin_stage(ws: Workspace, project: Project, stage: Stage, *, pin: bool) -> Pins:
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
    """`out_dir/requirements.txt`, written whole or not at all (a new file replaces what was
    there, a symlink included: nothing is written through a link)."""
    target = out_dir / REQUIREMENTS_FILE
    temp = out_dir / f".{REQUIREMENTS_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    try:  # mode 0o666 less the umask, as for any new file
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(requirements_text(pins))
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target
