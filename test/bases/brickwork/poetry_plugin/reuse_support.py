"""What the tests of result reuse share: aging files so that a result may be stored, running a
command with the cache and without it (the truth), and a workspace whose output has findings
of every kind (a missing brick, a cycle, undeclared libraries)."""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from cleo.io.outputs.output import Verbosity

from brickwork.libs.poetry_cache import env_name
from test.components.brickwork.libs.conftest import write_dist_info
from test.components.brickwork.runs.settle import settle
from test.conftest import MakeWorkspace, PolyRunner, Result, WorkspaceFactory

REUSED = "reused the stored "
MEMO = ".brickwork_cache/{}.memo.marshal"
FRESH_S = 500
"""Files changed within this many seconds are aged (the aged ones are at least 1000 s old)."""


@dataclass
class Ager:
    """Moves the mtime of every file and folder below `root` that changed recently into the
    past (a stored result needs inputs older than 2 s), to a time that is new on every call:
    a file changed and aged again shows another mtime than before, as it would in real life.
    Files not changed since the last call keep their stat. Then waits until the change times
    of the aged ones are out of the racy window too (no call sets a change time back)."""

    root: Path
    calls: int = 0

    def __call__(self) -> None:
        self.calls += 1
        now = time.time()
        past = now - 1000 - self.calls
        paths = [self.root]
        for folder, dirs, files in os.walk(self.root):
            paths += [Path(folder, name) for name in (*dirs, *files)]
        aged = [path for path in paths if os.lstat(path).st_mtime > now - FRESH_S]
        for path in aged:
            os.utime(path, (past, past), follow_symlinks=False)
        settle(aged)


def notes(result: Result) -> list[str]:
    """The notes a run gave on stderr (what a reused run must give again)."""
    return [line for line in result.stderr.splitlines() if line.startswith("note:")]


def shown(result: Result) -> tuple[int, str, list[str]]:
    """What a user sees of a run: exit code, stdout and the notes."""
    return result.exit_code, result.stdout, notes(result)


@dataclass
class Runs:
    """Runs `poly` commands in a workspace, cached (at -v, to see whether the result was
    reused) or not at all (`BRICKWORK_NO_CACHE=1`: the truth a reused result must equal)."""

    poly: PolyRunner
    root: Path
    monkeypatch: pytest.MonkeyPatch

    def cached(
        self, command: str = "poly check", args: str = "", cwd: Path | None = None
    ) -> Result:
        return self.poly(command, args, cwd=cwd or self.root, verbosity=Verbosity.VERBOSE)

    def truth(self, command: str = "poly check", args: str = "", cwd: Path | None = None) -> Result:
        with self.monkeypatch.context() as patch:
            patch.setenv("BRICKWORK_NO_CACHE", "1")
            return self.poly(command, args, cwd=cwd or self.root)

    def memo(self, name: str = "analysis") -> Path:
        return self.root / MEMO.format(name)


def library_rules_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """`poly check` runs its library rules in a forked copy, as on a large workspace in a
    one-thread `poetry` process on two cores (a test worker runs threads of its own)."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    from brickwork.poetry_plugin import analysis
    from brickwork.runs import process

    monkeypatch.setattr(process, "single_threaded", lambda: True)
    monkeypatch.setattr(process, "usable_cpus", lambda: 2)
    monkeypatch.setattr(analysis, "FORK_MIN_FILES", 0)


def isolate_poetry(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Poetry's cache, config and virtualenvs of this test only, and Brickwork's cache on."""
    monkeypatch.setenv("POETRY_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("POETRY_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("POETRY_VIRTUALENVS_PATH", str(home / "venvs"))
    for name in ("BRICKWORK_NO_CACHE", "BRICKWORK_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)


def findings_workspace(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    """log <- core <- api, a <-> b: project `svc` (api, core) misses log (BW101), a and b form
    a cycle (BW106), api imports requests and grpcutil that nothing declares (BW201), svc
    declares authzed that nothing imports (BW203); core has a test; `notyet` is no brick."""
    ws = make_workspace()
    ws.component("log", "def get() -> None: ...\n")
    ws.component("core", "from acme import log\n", {"helpers.py": "import yaml\n"})
    ws.component("a", "from acme import b\n")
    ws.component("b", "def f() -> None:\n    import acme.a\n")
    ws.base("api", "import acme.core\nimport requests\nfrom grpcutil import token\n")
    ws.project("svc", ["api", "core"], dependencies=["pyyaml", "authzed"])
    ws.write("test/components/acme/core/test_core.py", "from acme import core\n")
    ws.write("components/acme/notyet/README.md", "Not a brick: no Python file.\n")
    return ws


def managed_env(venvs: Path, ws: WorkspaceFactory, files: Sequence[str]) -> Path:
    """Poetry's virtualenv of project svc in `venvs`, with authzed installed (its `files`)."""
    name = f"{env_name('svc', ws.root / 'projects' / 'svc')}-py3.11"
    write_dist_info(venvs / name / "lib/python3.11/site-packages", "authzed", "0.10.0", files)
    return venvs


def cached_wheel(artifacts: Path, name: str, files: Sequence[str]) -> Path:
    """A wheel of `name` where Poetry's artifact cache keeps it, providing `files`."""
    folder = artifacts / "3f" / "1a" / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for file in files:
            archive.writestr(file, "")
        archive.writestr(f"{name}-1.0.dist-info/RECORD", "".join(f"{f},,\n" for f in files))
    return path
