"""Poetry's cache and a lock's `files` as a hostile machine leaves them: a release entry that is
not JSON, a "wheel" that is not a zip, a cache folder that is a file, a lock whose file names or
source are paths. Each case: `check` runs (exit 1 for the true BW201 beside it, never a
traceback), the import no evidence maps is at most a BW205 warning, and nothing in Poetry's
cache is written."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.components.brickwork.libs.cached_wheels import (
    cache_wheel,
    lock_package,
    lock_text,
    make_wheel,
)
from test.conftest import MakeWorkspace, PolyRunner

CODE = "from grpcutil import bearer_token_credentials\nimport yaml\n"


@dataclass(frozen=True)
class Setup:
    """What a case does to Poetry's cache (`cache`) and the lock text, given the wheel."""

    id: str
    cache: Callable[[Path, Path], None]
    lock: Callable[[Path], str] = lambda wheel: lock_text(lock_package("authzed", "0.9.0", [wheel]))
    grpcutil: str = "BW205"
    """What grpcutil's import gives: BW205, or "" when the wheel still maps it."""


def release_entry(cache: Path) -> Path:
    digest = hashlib.sha256(b"authzed:0.9.0").hexdigest()
    parts = [digest[i : i + 2] for i in range(0, 16, 2)]
    return cache.joinpath("cache", "repositories", "PyPI", *parts, digest)


def garbage_release(cache: Path, wheel: Path) -> None:
    cache_wheel(cache, wheel, "authzed", "0.9.0")
    release_entry(cache).write_bytes(b"9999999999{not json\xff")


def odd_release(cache: Path, wheel: Path) -> None:
    cache_wheel(cache, wheel, "authzed", "0.9.0")
    release_entry(cache).write_text('9999999999{"files": [1, {"file": 2}, {"file": "x"}]}')


def not_a_zip(cache: Path, wheel: Path) -> None:
    cached = cache_wheel(cache, wheel, "authzed", "0.9.0")
    cached.write_bytes(b"PK\x03\x04 but not a zip")


def cache_is_a_file(cache: Path, wheel: Path) -> None:
    cache.rmdir()
    cache.write_text("not a folder")


def unreadable_release(cache: Path, wheel: Path) -> None:
    cache_wheel(cache, wheel, "authzed", "0.9.0")
    release_entry(cache).chmod(0)


def path_like_lock(wheel: Path) -> str:
    text = lock_text(lock_package("authzed", "0.9.0", [wheel]))
    text = text.replace(f'file = "{wheel.name}"', 'file = "../../../../outside.whl"')
    return text + '\n[package.source]\ntype = "legacy"\nurl = "x"\nreference = "../.."\n'


CASES = [
    Setup("release entry is not JSON: found by its name", garbage_release, grpcutil=""),
    Setup("release entry of odd shape: found by its name", odd_release, grpcutil=""),
    Setup("the cached wheel is not a zip", not_a_zip),
    Setup("POETRY_CACHE_DIR is a file", cache_is_a_file),
    Setup("lock file names and source are paths", lambda c, w: None, path_like_lock),
]
if os.geteuid() != 0:  # root reads a mode-0 file anyway
    CASES.append(Setup("release entry unreadable", unreadable_release, grpcutil=""))


def snapshot(folder: Path) -> dict[str, bytes]:
    if folder.is_file():
        return {".": folder.read_bytes()}
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file() and os.access(p, 4)}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_hostile_poetry_cache_never_breaks_check_nor_is_written(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: Setup,
) -> None:
    cache = tmp_path / "poetry-cache"
    cache.mkdir()
    monkeypatch.setenv("POETRY_CACHE_DIR", str(cache))
    monkeypatch.setenv("POETRY_VIRTUALENVS_PATH", str(tmp_path / "venvs"))
    wheel = make_wheel(tmp_path / "built", "authzed", "0.9.0", ["authzed", "grpcutil"])
    case.cache(cache, wheel)
    ws = make_workspace()
    ws.component("lib", files={"core.py": CODE})
    ws.base("api", "from acme import lib\n")
    ws.project("svc", ["api", "lib"], dependencies=["authzed"])
    includes = [ws.include(kind, name, prefix="") for kind, name in ws.dev_bricks]
    ws.write("pyproject.toml", ws.project_text("development", includes, "pep621", ["authzed"]))
    ws.write("poetry.lock", case.lock(wheel))
    before = snapshot(cache)

    result = poly("poly check", "--output json", cwd=ws.root)

    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    found = [(f["code"], f["subject"]) for f in json.loads(result.stdout)["result"]["findings"]]
    expected = [("BW201", "pyyaml")] + ([(case.grpcutil, "grpcutil")] if case.grpcutil else [])
    assert sorted(f for f in found if f[0].startswith("BW2")) == sorted(expected)
    assert snapshot(cache) == before
