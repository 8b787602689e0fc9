"""What Poetry already keeps on this machine, read as files (Poetry itself is never imported):
the project's Poetry-managed virtualenv and the wheels of Poetry's artifact cache.

Locations follow Poetry's rules: `POETRY_CACHE_DIR` / `POETRY_VIRTUALENVS_PATH` /
`POETRY_CONFIG_DIR` first, then `cache-dir` and `[virtualenvs] path` of Poetry's config.toml,
then the platform's user cache folder (`<cache-dir>/virtualenvs` for virtualenvs).

A locked wheel is found where Poetry put it: Poetry keeps what it learnt of a release in
`<cache-dir>/cache/repositories/<source>/` (a file named by the SHA-256 of `name:version`,
split into eight 2-character folders, holding an expiry stamp and JSON with each file's URL),
and downloads a file into `<cache-dir>/artifacts/<2>/<2>/<2>/<rest>/`, the SHA-256 of the JSON
`{"url": ..., "<hash name>": ...}` (sorted keys, no spaces). So the lock's file name and hash
name one folder; only wheels no lock entry places are searched for by a walk of the cache.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import sys
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from brickwork import runs, workspace
from brickwork.libs.installed import modules_from_record
from brickwork.libs.lock import LockedWheel, LockFile

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
        runs.note_input(self.folder)  # a virtualenv created or removed changes its mtime
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


def _split(digest: str, parts: int) -> list[str]:
    return [digest[2 * i : 2 * i + 2] for i in range(parts)]


def release_urls(wheel: LockedWheel, cache: Path) -> dict[str, str] | None:
    """File name -> URL of the files of `wheel`'s release, as Poetry's repository cache keeps
    them; None when Poetry has not cached that release (or its entry cannot be read)."""
    repository = wheel.repository
    if not repository or repository.startswith(".") or "/" in repository or "\\" in repository:
        return None  # a source name that is no folder name of Poetry's
    digest = hashlib.sha256(f"{wheel.name}:{wheel.version}".encode()).hexdigest()
    path = cache / "cache" / "repositories" / repository
    path = path.joinpath(*_split(digest, 8), digest)
    runs.note_input(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text[10:])  # a 10-digit expiry stamp, then the JSON
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    urls: dict[str, str] = {}
    for item in files if isinstance(files, list) else ():
        if isinstance(item, dict) and isinstance(item.get("file"), str):
            url = item.get("url")
            if isinstance(url, str):
                urls[item["file"]] = url
    return urls


def artifact_folder(url: str, file_hash: str, cache: Path) -> Path:
    """The folder where Poetry keeps the file downloaded from `url` with `file_hash`
    (`sha256:<hex>`, as a lock writes it; empty when unknown)."""
    key: dict[str, str] = {"url": url.split("#", 1)[0]}
    name, sep, value = file_hash.partition(":")
    if sep and value:
        key[name] = value
    text = json.dumps(key, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    digest = hashlib.sha256(text.encode("ascii")).hexdigest()
    return cache / "artifacts" / digest[:2] / digest[2:4] / digest[4:6] / digest[6:]


def locked_wheel(wheels: Sequence[LockedWheel], cache: Path) -> Path | bool | None:
    """The cached file of one of the locked `wheels` (of one distribution): its path; False
    when Poetry's repository cache places every one and none is there (not cached: no walk
    can find it); None when some cannot be placed (a walk may)."""
    placed = True
    for wheel in wheels:
        urls = release_urls(wheel, cache)
        url = urls.get(wheel.file) if urls else None
        if url is None:
            placed = False
            continue
        path = artifact_folder(url, wheel.hash, cache) / wheel.file
        runs.note_input(path)
        if path.is_file():
            return path
    return False if placed and wheels else None


def cached_wheels(
    names: Iterable[str],
    env: Mapping[str, str] | None = None,
    preferred: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, Path]:
    """Distribution -> one wheel of it in Poetry's artifact cache, for the `names` given, by a
    walk of the cache: a file named in `preferred` (the locked ones) first, else the newest."""
    wanted = {_canonical(n) for n in names}
    if not wanted:
        return {}
    preferred = preferred or {}
    found: dict[str, tuple[tuple[int, ...], Path]] = {}
    artifacts = cache_dir(env) / "artifacts"
    runs.note_input(artifacts)
    for folder, _dirs, files in os.walk(artifacts):
        runs.note_input(folder)  # a wheel cached in it (or below) changes a folder's mtime
        for file in files:
            match = _WHEEL.match(file)
            if match is None:
                continue
            name = _canonical(match.group(1))
            locked = file in preferred.get(name, frozenset())
            version = (int(locked), *(int(d) for d in re.findall(r"\d+", match.group(2))))
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


def find_wheels(
    names: Iterable[str], env: Mapping[str, str] | None = None, locks: Iterable[LockFile] = ()
) -> dict[str, Path]:
    """Distribution -> its wheel in Poetry's artifact cache, for the `names` given: the locked
    wheel where a lock places it (no walk), else by one walk of the cache."""
    cache = cache_dir(env)
    locks = tuple(locks)
    found: dict[str, Path] = {}
    walk: set[str] = set()
    preferred: dict[str, frozenset[str]] = {}
    for name in sorted({_canonical(n) for n in names}):
        wheels = next((w for lock in locks if (w := lock.wheels(name))), ())
        preferred[name] = frozenset(w.file for w in wheels)
        where = locked_wheel(wheels, cache) if wheels else None
        if isinstance(where, Path):
            found[name] = where
        elif where is None:
            walk.add(name)
    found.update(cached_wheels(walk, env, preferred))
    return found


def wheel_providers(
    names: Iterable[str], env: Mapping[str, str] | None = None, locks: Iterable[LockFile] = ()
) -> dict[str, tuple[str, ...]]:
    """Dotted module -> the distributions (of `names`) whose cached wheel provides it."""
    providers: dict[str, list[str]] = {}
    for name, wheel in sorted(find_wheels(names, env, locks).items()):
        for module in wheel_modules(wheel):
            providers.setdefault(module, []).append(name)
    return {module: tuple(dists) for module, dists in providers.items()}
