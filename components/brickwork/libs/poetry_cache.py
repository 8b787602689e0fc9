"""What Poetry already keeps on this machine, read as files (Poetry itself is never imported):
the project's Poetry-managed virtualenv and the wheels of Poetry's artifact cache.

Locations follow Poetry's rules: `POETRY_CACHE_DIR` / `POETRY_VIRTUALENVS_PATH` /
`POETRY_CONFIG_DIR` first, then `cache-dir` and `[virtualenvs] path` of Poetry's config.toml,
then the platform's user cache folder (`<cache-dir>/virtualenvs` for virtualenvs).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import sys
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from brickwork import workspace
from brickwork.libs.installed import modules_from_record

_APP = "pypoetry"
_WHEEL = re.compile(r"^([A-Za-z0-9_.]+?)-(\d[^-]*)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$")


def _config_dir(env: Mapping[str, str]) -> Path:
    if env.get("POETRY_CONFIG_DIR"):
        return Path(env["POETRY_CONFIG_DIR"])
    home = Path(env.get("HOME") or Path.home())
    if sys.platform == "win32":  # pragma: no cover - platform specific
        return Path(env.get("APPDATA") or home / "AppData" / "Roaming") / _APP
    if sys.platform == "darwin":  # pragma: no cover - platform specific
        return home / "Library" / "Application Support" / _APP
    return Path(env.get("XDG_CONFIG_HOME") or home / ".config") / _APP


def _default_cache_dir(env: Mapping[str, str]) -> Path:
    home = Path(env.get("HOME") or Path.home())
    if sys.platform == "win32":  # pragma: no cover - platform specific
        return Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local") / _APP / "Cache"
    if sys.platform == "darwin":  # pragma: no cover - platform specific
        return home / "Library" / "Caches" / _APP
    return Path(env.get("XDG_CACHE_HOME") or home / ".cache") / _APP


def _config(env: Mapping[str, str]) -> dict[str, Any]:
    try:
        return workspace.read_toml(_config_dir(env) / "config.toml")
    except workspace.PolyError:  # missing or unreadable: Poetry's defaults apply
        return {}


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Poetry's `cache-dir`."""
    env = os.environ if env is None else env
    if env.get("POETRY_CACHE_DIR"):
        return Path(env["POETRY_CACHE_DIR"])
    value = _config(env).get("cache-dir")
    return Path(value).expanduser() if isinstance(value, str) else _default_cache_dir(env)


def virtualenvs_path(env: Mapping[str, str] | None = None) -> Path:
    """Poetry's `virtualenvs.path`."""
    env = os.environ if env is None else env
    if env.get("POETRY_VIRTUALENVS_PATH"):
        return Path(env["POETRY_VIRTUALENVS_PATH"])
    table = _config(env).get("virtualenvs")
    value = table.get("path") if isinstance(table, dict) else None
    if isinstance(value, str):
        return Path(value.replace("{cache-dir}", str(cache_dir(env)))).expanduser()
    return cache_dir(env) / "virtualenvs"


def _sanitized(project_name: str) -> str:
    name = re.sub(r"[-_.]+", "-", project_name).lower()
    return re.sub(r'[ $`!*@"\\\r\n\t]', "_", name)[:42]


def env_name(project_name: str, project_dir: Path) -> str:
    """The name Poetry gives a project's virtualenv, without its `-pyX.Y` suffix."""
    sanitized = _sanitized(project_name)
    cwd = os.path.normcase(os.path.realpath(project_dir))
    digest = base64.urlsafe_b64encode(hashlib.sha256(cwd.encode()).digest()).decode()[:8]
    return f"{sanitized}-{digest}"


class ManagedEnvironments:
    """The virtualenvs Poetry manages (its `virtualenvs.path`), listed once per analysis."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.folder = virtualenvs_path(env)
        workspace.note_input(self.folder)  # a virtualenv created or removed changes its mtime
        try:
            self.names = sorted(e.name for e in os.scandir(self.folder) if e.is_dir())
        except OSError:
            self.names = []

    def of(self, project_name: str, project_dir: Path) -> Path | None:
        """The virtualenv of a project (the newest Python when there are several), or None."""
        start = _sanitized(project_name) + "-"
        if not any(n.startswith(start) for n in self.names):
            return None  # no virtualenv of that name: no need to hash the folder
        prefix = env_name(project_name, project_dir) + "-py"
        found = [n for n in self.names if n.startswith(prefix)]

        def version(name: str) -> tuple[int, ...]:
            return tuple(int(d) for d in name[len(prefix) :].split(".") if d.isdigit())

        return self.folder / max(found, key=version) if found else None


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def cached_wheels(names: Iterable[str], env: Mapping[str, str] | None = None) -> dict[str, Path]:
    """Distribution -> one wheel of it in Poetry's artifact cache, for the `names` given (the
    newest version when several are cached)."""
    wanted = {_canonical(n) for n in names}
    found: dict[str, tuple[tuple[int, ...], Path]] = {}
    artifacts = cache_dir(env) / "artifacts"
    workspace.note_input(artifacts)
    for folder, _dirs, files in os.walk(artifacts):
        workspace.note_input(folder)  # a wheel cached in it (or below) changes a folder's mtime
        for file in files:
            match = _WHEEL.match(file)
            if match is None:
                continue
            name = _canonical(match.group(1))
            version = tuple(int(d) for d in re.findall(r"\d+", match.group(2)))
            if name in wanted and (name not in found or version > found[name][0]):
                found[name] = (version, Path(folder) / file)
    return {name: path for name, (_version, path) in found.items()}


def wheel_modules(wheel: Path) -> frozenset[str]:
    """The dotted modules a wheel provides (its RECORD, and top_level.txt); empty when the
    wheel cannot be read."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            top_level = next((n for n in names if n.endswith(".dist-info/top_level.txt")), None)
            tops = archive.read(top_level).decode("utf-8", "replace").split() if top_level else []
    except (OSError, zipfile.BadZipFile, KeyError):
        return frozenset()
    modules = set(modules_from_record(names))
    folders = {n.split("/", 1)[0] for n in names if "/" in n}
    modules.update(t for t in tops if t.isidentifier() and t not in folders)
    return frozenset(modules)


def wheel_providers(
    names: Iterable[str], env: Mapping[str, str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Dotted module -> the distributions (of `names`) whose cached wheel provides it."""
    providers: dict[str, list[str]] = {}
    for name, wheel in sorted(cached_wheels(names, env).items()):
        for module in wheel_modules(wheel):
            providers.setdefault(module, []).append(name)
    return {module: tuple(dists) for module, dists in providers.items()}
