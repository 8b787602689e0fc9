"""Poetry's cache on disk, laid out by Poetry's own classes: a valid wheel in the artifact
folder Poetry computes for its link, and the release information Poetry's repository cache
keeps for it (the file's URL). Poetry is only used to say where things go."""

from __future__ import annotations

import base64
import hashlib
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

from poetry.core.packages.utils.link import Link
from poetry.utils.cache import ArtifactCache, FileCache


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def make_wheel(folder: Path, name: str, version: str, modules: Sequence[str]) -> Path:
    """A valid pure-Python wheel of `name` whose packages are `modules` (dotted: a package
    with an `__init__.py` each), with METADATA, WHEEL, top_level.txt and a hashed RECORD."""
    stem = f"{name.replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    files: dict[str, bytes] = {}
    for module in modules:
        files[f"{module.replace('.', '/')}/__init__.py"] = f'"""{module}."""\n'.encode()
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    )
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
    files[f"{info}/WHEEL"] += b"Tag: py3-none-any\n"
    tops = sorted({m.split(".", 1)[0] for m in modules})
    files[f"{info}/top_level.txt"] = ("\n".join(tops) + "\n").encode()
    record = [f"{path},{_record_hash(data)},{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel


def file_hash(path: Path) -> str:
    """`sha256:<hex>`, as poetry.lock writes a file's hash."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def cache_wheel(cache: Path, wheel: Path, name: str, version: str, *, release: bool = True) -> Path:
    """Put `wheel` where Poetry's artifact cache keeps it (the folder Poetry computes for its
    link with the wheel's hash) and, with `release`, the release information Poetry's PyPI
    repository cache keeps (the file's URL). Returns the cached wheel."""
    url = f"https://files.pythonhosted.org/packages/ab/cd/{'e' * 60}/{wheel.name}"
    digest = file_hash(wheel)
    algorithm, value = digest.split(":")
    link = Link(f"{url}#{algorithm}={value}")
    folder = ArtifactCache(cache_dir=cache / "artifacts").get_cache_directory_for_link(link)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(wheel, folder / wheel.name)
    if release:
        repository: FileCache[dict[str, object]] = FileCache(
            path=cache / "cache" / "repositories" / "PyPI"
        )
        files = [{"file": wheel.name, "hash": digest, "url": url}]
        repository.put(f"{name}:{version}", {"name": name, "version": version, "files": files})
    return folder / wheel.name


def lock_package(
    name: str, version: str, wheels: Sequence[Path] = (), requires: Sequence[str] = ()
) -> str:
    """One `[[package]]` of a poetry.lock (format 2.x), with a `files` entry per wheel."""
    files = "".join(f'    {{file = "{w.name}", hash = "{file_hash(w)}"}},\n' for w in wheels)
    files += f'    {{file = "{name.replace("-", "_")}-{version}.tar.gz", hash = "sha256:00"}},\n'
    text = (
        f'[[package]]\nname = "{name}"\nversion = "{version}"\ndescription = ""\n'
        f'optional = false\npython-versions = ">=3.8"\ngroups = ["main"]\nfiles = [\n{files}]\n'
    )
    if requires:
        text += "\n[package.dependencies]\n" + "".join(f'{r} = "*"\n' for r in requires)
    return text + "\n"


def lock_text(*packages: str) -> str:
    return "".join(packages) + '[metadata]\nlock-version = "2.1"\npython-versions = ">=3.10"\n'
