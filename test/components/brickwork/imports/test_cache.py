"""The on-disk scan cache: hits, misses, versions, damage, settings, concurrent writers."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brickwork import runs, workspace
from brickwork.imports import (
    WorkspaceImports,
    cache_location,
    scan_workspace,
)
from brickwork.imports import collect as collect_module
from brickwork.imports.scan import scan_rows
from test.components.brickwork.runs.settle import settle
from test.conftest import MakeWorkspace, WorkspaceFactory

HOUR_NS = 3600 * 10**9
CACHE_FILE = ".brickwork_cache/imports.marshal"


@pytest.fixture(autouse=True)
def _no_cache_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRICKWORK_CACHE_DIR", raising=False)
    monkeypatch.delenv("BRICKWORK_NO_CACHE", raising=False)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The modules whose source the scanner parses (cache hits are not parsed)."""
    seen: list[str] = []

    def counting_rows(text: str | bytes, module: str = "", is_package: bool = False) -> object:
        seen.append(module)
        return scan_rows(text, module, is_package)

    monkeypatch.setattr(collect_module, "scan_rows", counting_rows)  # every parse of a scan
    return seen


def read_entries(cache: Path) -> tuple[tuple[Any, ...], dict[str, tuple[Any, ...]]]:
    """(header, entries) of an imports cache file (`runs.dump_cache`'s layout)."""
    header, _, body = marshal.loads(cache.read_bytes())
    return header, marshal.loads(body)


def write_entries(cache: Path, header: tuple[Any, ...], entries: object) -> None:
    cache.write_bytes(runs.dump_cache(header, entries))


def age(*paths: Path, seconds: int = 3600) -> None:
    """Make files look old and wait (once) until their change times are out of the racy
    window, so that their stats can be trusted."""
    old = time.time_ns() - seconds * 10**9
    for path in paths:
        os.utime(path, ns=(old, old))
    settle(paths)


def make(
    make_workspace: MakeWorkspace, extra_toml: str = "", *, aged: bool = True
) -> WorkspaceFactory:
    """A workspace of two bricks; `aged`: its files old enough to be trusted by stat."""
    factory = make_workspace()
    factory.component("x", files={"core.py": "import os\n", "util.py": "import json\n"})
    factory.base("api", files={"main.py": "from acme.x import core\n"})
    if extra_toml:
        toml = factory.root / "workspace.toml"
        toml.write_text(toml.read_text() + extra_toml)
    if aged:
        age(*factory.root.rglob("*.py"))
    return factory


def run(factory: WorkspaceFactory) -> WorkspaceImports:
    return scan_workspace(workspace.load(factory.root))


def modules(result: WorkspaceImports, brick: str, filename: str) -> list[str]:
    (found,) = [f for f in result.bricks[brick].files if f.path.name == filename]
    return [i.module for i in found.imports]


def file_identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def test_a_warm_scan_parses_nothing_and_gives_the_same_result(
    make_workspace: MakeWorkspace, parsed: list[str]
) -> None:
    factory = make(make_workspace)
    cold = run(factory)
    assert sorted(parsed) == ["acme.api", "acme.api.main", "acme.x", "acme.x.core", "acme.x.util"]
    parsed.clear()
    assert run(factory) == cold
    assert parsed == []


def test_an_edited_file_is_parsed_again(make_workspace: MakeWorkspace, parsed: list[str]) -> None:
    factory = make(make_workspace)
    run(factory)
    parsed.clear()
    (factory.root / "components/acme/x/core.py").write_text("import os\nimport sys\n")
    assert modules(run(factory), "x", "core.py") == ["os", "sys"]
    assert parsed == ["acme.x.core"]


def test_a_touched_file_with_the_same_content_is_hashed_not_parsed(
    make_workspace: MakeWorkspace, parsed: list[str]
) -> None:
    factory = make(make_workspace)
    run(factory)
    parsed.clear()
    age(factory.root / "components/acme/x/core.py", seconds=600)
    cache = factory.root / CACHE_FILE
    before = file_identity(cache)
    assert modules(run(factory), "x", "core.py") == ["os"]
    assert parsed == []
    assert file_identity(cache) != before  # the new mtime is recorded...
    after = file_identity(cache)
    run(factory)
    assert file_identity(cache) == after  # ...so the next run reads nothing and writes nothing


def test_a_file_rewritten_in_place_with_its_mtime_restored_is_seen_by_its_change_time(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make(make_workspace)
    core = factory.root / "components/acme/x/core.py"
    stat = core.stat()
    run(factory)
    with core.open("r+b") as stream:  # same size, inode and mtime: only the change time moves
        stream.write(b"import re")
    os.utime(core, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (core.stat().st_size, core.stat().st_mtime_ns, core.stat().st_ino) == (
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ino,
    )
    assert modules(run(factory), "x", "core.py") == ["re"]
    assert modules(
        scan_workspace(workspace.load(factory.root), use_cache=False), "x", "core.py"
    ) == ["re"]


def test_a_file_changed_within_the_last_seconds_is_hashed_on_the_next_run(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make(make_workspace)
    core = factory.root / "components/acme/x/core.py"
    core.write_text("import os\n")  # a fresh mtime: it may change again within the same tick
    stat = core.stat()
    run(factory)
    with core.open("r+b") as stream:
        stream.write(b"import re")
    os.utime(core, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert modules(run(factory), "x", "core.py") == ["re"]


def test_nothing_is_written_when_nothing_changed(make_workspace: MakeWorkspace) -> None:
    factory = make(make_workspace)
    run(factory)
    cache = factory.root / CACHE_FILE
    before = file_identity(cache)
    run(factory)
    run(factory)
    assert file_identity(cache) == before


def test_deleted_files_are_dropped_from_the_cache(make_workspace: MakeWorkspace) -> None:
    factory = make(make_workspace)
    run(factory)
    (factory.root / "components/acme/x/util.py").unlink()
    run(factory)
    _, entries = read_entries(factory.root / CACHE_FILE)
    assert sorted(entries) == [
        "bases/acme/api/__init__.py",
        "bases/acme/api/main.py",
        "components/acme/x/__init__.py",
        "components/acme/x/core.py",
    ]


def test_the_cache_folder_keeps_itself_out_of_git(make_workspace: MakeWorkspace) -> None:
    factory = make(make_workspace)
    subprocess.run(["git", "init", "-q", str(factory.root)], check=True)
    run(factory)
    assert (factory.root / ".brickwork_cache/.gitignore").read_text() == "*\n"
    assert (factory.root / ".brickwork_cache/CACHEDIR.TAG").read_text().startswith("Signature: ")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=factory.root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".brickwork_cache" not in status
    assert "components/acme/x/core.py" in status


def test_a_cache_of_another_version_is_ignored_and_replaced(
    make_workspace: MakeWorkspace, parsed: list[str]
) -> None:
    factory = make(make_workspace)
    run(factory)
    cache = factory.root / CACHE_FILE
    header, entries = read_entries(cache)
    old = {
        key: (*entry[:7], "bogus\x1f\x1f1\x1f0\x1f", None, None) for key, entry in entries.items()
    }
    write_entries(cache, (header[0], header[1] - 1, *header[2:]), old)
    parsed.clear()
    assert modules(run(factory), "x", "core.py") == ["os"]
    assert len(parsed) == 5
    assert read_entries(cache)[0] == header


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"not a marshal file",
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: marshal.dumps(["a", "list"]),
        lambda data: runs.dump_cache(marshal.loads(data)[0], {"components/acme/x/core.py": 7}),
        lambda data: data[:-3] + bytes(3),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    make_workspace: MakeWorkspace, parsed: list[str], damage: Callable[[bytes], bytes]
) -> None:
    factory = make(make_workspace)
    cold = run(factory)
    cache = factory.root / CACHE_FILE
    cache.write_bytes(damage(cache.read_bytes()))
    assert run(factory) == cold
    parsed.clear()
    assert run(factory) == cold
    assert parsed == []


def test_a_damaged_entry_is_scanned_again(make_workspace: MakeWorkspace) -> None:
    factory = make(make_workspace)
    cold = run(factory)
    cache = factory.root / CACHE_FILE
    header, entries = read_entries(cache)
    key = "components/acme/x/core.py"
    entries[key] = (*entries[key][:7], "no fields here", None, None, entries[key][10])
    write_entries(cache, header, entries)
    assert run(factory) == cold


def test_the_cache_can_be_turned_off(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    factory = make(make_workspace)
    scan_workspace(workspace.load(factory.root), use_cache=False)
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")
    run(factory)
    assert cache_location(workspace.load(factory.root)) is None
    assert not (factory.root / ".brickwork_cache").exists()
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "0")
    run(factory)
    assert (factory.root / CACHE_FILE).is_file()


def test_the_workspace_can_turn_the_cache_off(make_workspace: MakeWorkspace) -> None:
    factory = make(make_workspace, "\n[tool.brickwork]\ncache = false\n")
    run(factory)
    assert cache_location(workspace.load(factory.root)) is None
    assert not (factory.root / ".brickwork_cache").exists()


def test_the_workspace_can_move_the_cache(make_workspace: MakeWorkspace) -> None:
    factory = make(make_workspace, '\n[tool.brickwork]\ncache-dir = "build/scan-cache"\n')
    run(factory)
    folder = factory.root / "build/scan-cache"
    assert cache_location(workspace.load(factory.root)) == folder
    assert (folder / "imports.marshal").is_file()
    assert (folder / ".gitignore").read_text() == "*\n"
    assert not (factory.root / ".brickwork_cache").exists()


def test_the_environment_moves_the_cache_to_a_folder_per_workspace(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    factory = make(make_workspace, '\n[tool.brickwork]\ncache-dir = "ignored"\n')
    monkeypatch.setenv("BRICKWORK_CACHE_DIR", str(tmp_path / "shared"))
    run(factory)
    (folder,) = (tmp_path / "shared").iterdir()
    assert folder.name.startswith("ws-")
    assert (folder / "imports.marshal").is_file()
    assert cache_location(workspace.load(factory.root)) == folder
    assert not (factory.root / "ignored").exists()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "cache = 'no'",
            "workspace.toml: [tool.brickwork] cache must be a boolean, not 'no'; "
            "fix it and run again.",
        ),
        (
            "cache-dir = 3",
            "workspace.toml: [tool.brickwork] cache-dir must be a string, not 3; "
            "fix it and run again.",
        ),
    ],
)
def test_invalid_cache_settings_are_errors_the_user_can_fix(
    make_workspace: MakeWorkspace, toml: str, message: str
) -> None:
    factory = make(make_workspace, f"\n[tool.brickwork]\n{toml}\n")
    with pytest.raises(workspace.PolyError) as caught:
        run(factory)
    assert str(caught.value) == message
    assert caught.value.exit_code == workspace.EXIT_CANNOT_RUN


def test_an_unwritable_cache_folder_only_costs_speed(make_workspace: MakeWorkspace) -> None:
    factory = make(make_workspace, '\n[tool.brickwork]\ncache-dir = "workspace.toml/cache"\n')
    assert modules(run(factory), "x", "core.py") == ["os"]
    assert modules(run(factory), "x", "core.py") == ["os"]


WRITER = """
import sys, time
from pathlib import Path
from brickwork import workspace
from brickwork.imports import scan_workspace

root, name = Path(sys.argv[1]), sys.argv[2]
ws = workspace.load(root)
target = root / "components/acme/x" / f"{name}.py"
for round in range(25):
    target.write_text(f"import mod_{name}_{round}\\n")
    result = scan_workspace(ws, jobs=1)
    (found,) = [f for f in result.bricks["x"].files if f.path == target]
    assert [i.module for i in found.imports] == [f"mod_{name}_{round}"], found
"""


def test_two_runs_writing_the_cache_at_once_leave_a_valid_cache(
    make_workspace: MakeWorkspace, parsed: list[str]
) -> None:
    factory = make(make_workspace)
    for name in ("first", "second"):
        factory.write(f"components/acme/x/{name}.py", "")
    script = factory.root.parent / "writer.py"
    script.write_text(textwrap.dedent(WRITER))
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), str(factory.root), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    assert outputs == [("", ""), ("", "")]
    folder = factory.root / ".brickwork_cache"
    assert sorted(p.name for p in folder.iterdir()) == [
        ".gitignore",
        "CACHEDIR.TAG",
        "imports.marshal",
    ]
    result = run(factory)
    assert modules(result, "x", "first.py") == ["mod_first_24"]
    assert modules(result, "x", "second.py") == ["mod_second_24"]


SWAPS: list[object] = [None, 0, -1, 1.5, "", "x\x1fy", b"", b"\x00" * 16, (), [], {}, True]


@pytest.mark.parametrize("field", range(11))
@pytest.mark.parametrize("value", SWAPS, ids=[repr(v)[:12] for v in SWAPS])
def test_an_entry_field_of_the_wrong_type_is_scanned_again(
    make_workspace: MakeWorkspace, field: int, value: object
) -> None:
    factory = make(make_workspace, aged=False)  # an entry of a new file is damaged the same
    cold = run(factory)
    cache = factory.root / CACHE_FILE
    header, entries = read_entries(cache)
    key = "components/acme/x/core.py"
    entry = list(entries[key])
    schema: list[tuple[type, ...]] = [(int,), (int,), (int,), (int,), (bytes,), (str,), (bool,)]
    schema += [(str,)]
    schema += [(str, type(None)), (int, type(None)), (bytes,)]
    if type(value) in schema[field]:
        pytest.skip("a value of the right type is a lie the cache cannot detect, not damage")
    entry[field] = value
    entries[key] = tuple(entry)
    write_entries(cache, header, entries)
    assert run(factory) == cold
