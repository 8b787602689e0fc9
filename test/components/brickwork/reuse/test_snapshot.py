"""The warm-run snapshot: every change to an input gives exactly what a cold run gives, and an
unchanged input is not read again."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brickwork import check, graph, imports, libs, reuse, runs, workspace
from brickwork.imports import collect as scan_module
from brickwork.imports.scan import scan_rows
from brickwork.runs import files as runs_files
from brickwork.workspace import projects as load_module
from brickwork.workspace.packages import read_project_file
from test.components.brickwork.runs.settle import settle
from test.conftest import MakeWorkspace, WorkspaceFactory

SNAPSHOT = ".brickwork_cache/workspace.marshal"
IMPORTS = ".brickwork_cache/imports.marshal"
Analysis = tuple[workspace.Workspace, imports.WorkspaceImports, list[workspace.Finding]]


def header_of(data: bytes) -> Any:
    """The header of a cache file's bytes (`runs.dump_cache`'s layout)."""
    return marshal.loads(data)[0]


def body_of(data: bytes) -> Any:
    """The content of a cache file's bytes."""
    return marshal.loads(marshal.loads(data)[2])


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRICKWORK_CACHE_DIR", raising=False)
    monkeypatch.delenv("BRICKWORK_NO_CACHE", raising=False)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """What a run reads afresh: project files parsed (`toml`) and sources scanned (`py`)."""
    seen: dict[str, list[str]] = {"toml": [], "py": []}

    def counting_toml(path: Path) -> tuple[dict[str, object], str]:
        seen["toml"].append(path.parent.name)
        return read_project_file(path)

    monkeypatch.setattr(load_module, "read_project_file", counting_toml)

    def counting_rows(text: str | bytes, module: str = "", is_package: bool = False) -> object:
        seen["py"].append(module)
        return scan_rows(text, module, is_package)

    monkeypatch.setattr(scan_module, "scan_rows", counting_rows)  # every parse of a scan
    return seen


def age(root: Path) -> None:
    """Make every file look an hour old and wait until its change time is out of the racy
    window, so that its stat can be trusted."""
    old = time.time_ns() - 3600 * 10**9
    aged = [p for p in root.rglob("*") if p.is_file() and ".brickwork_cache" not in p.parts]
    for path in aged:
        os.utime(path, ns=(old, old))
    settle([root, *aged])


def analyse(root: Path, *, use_cache: bool) -> Analysis:
    """What `check --strict` computes: the model, the scan and the findings."""
    ws = workspace.load(root, records=reuse.ProjectSnapshot.open if use_cache else None)
    scanned = imports.scan_workspace(ws, use_cache=use_cache)
    bricks = graph.build_graph(ws, scanned)
    extra = libs.library_findings(ws, scanned, strict=True)
    return ws, scanned, check.run_checks(ws, scanned, bricks, strict=True, extra=extra)


def same_as_cold(root: Path) -> Analysis:
    """A warm run, asserted equal to a run without any cache."""
    warm = analyse(root, use_cache=True)
    cold = analyse(root, use_cache=False)
    assert warm[0] == cold[0]
    assert [p.raw for p in warm[0].projects] == [p.raw for p in cold[0].projects]
    assert warm[1] == cold[1]
    assert warm[2] == cold[2]
    return warm


def build(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    factory = make_workspace()
    factory.component("x", files={"core.py": "import os\n", "util.py": "import json\n"})
    factory.component("y", files={"core.py": "from acme.x import core\n"})
    factory.base("api", files={"main.py": "from acme.y import core\nimport requests\n"})
    factory.project("svc", ["api", "y", "x"], dependencies=["requests>=2"])
    factory.project("legacy", ["api", "y", "x"], style="poetry", dependencies=["requests"])
    age(factory.root)
    analyse(factory.root, use_cache=True)  # the first, cold run writes the snapshot
    return factory


def test_a_warm_run_reads_no_project_file_and_no_source(
    make_workspace: MakeWorkspace, reads: dict[str, list[str]]
) -> None:
    factory = build(make_workspace)
    reads["toml"].clear()
    reads["py"].clear()
    ws, _, findings = analyse(factory.root, use_cache=True)
    assert reads == {"toml": [], "py": []}
    assert {p.name for p in ws.projects} == {"development", "svc", "legacy"}
    assert findings == analyse(factory.root, use_cache=False)[2]


def test_a_warm_check_imports_nothing_heavy(make_workspace: MakeWorkspace) -> None:
    factory = make_workspace()
    factory.component("x", files={"core.py": "import requests\n"})
    factory.base("api", files={"main.py": "from acme.x import core\n"})
    factory.project("svc", ["api", "x"], dependencies=["requests>=2"])
    age(factory.root)
    analyse(factory.root, use_cache=True)
    probe = (
        "import sys\nfrom pathlib import Path\n"
        "from brickwork import check, graph, imports, libs, reuse, runs, workspace\n"
        f"ws = workspace.load(Path({str(factory.root)!r}), records=reuse.ProjectSnapshot.open)\n"
        "scanned = imports.scan_workspace(ws)\n"
        "extra = libs.library_findings(ws, scanned, strict=False)\n"
        "check.run_checks(ws, scanned, graph.build_graph(ws, scanned), extra=extra)\n"
        "print(sorted(m for m in ('packaging', 'tomlkit', 'networkx') if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


def test_an_edited_file_is_the_only_one_scanned_again(
    make_workspace: MakeWorkspace, reads: dict[str, list[str]]
) -> None:
    factory = build(make_workspace)
    reads["py"].clear()
    factory.write("components/acme/x/core.py", "import os\nfrom acme.y import core\n")
    _, _, findings = same_as_cold(factory.root)
    assert reads["py"][0] == "acme.x.core"
    assert reads["py"].count("acme.x.core") == 2  # warm, then the cold comparison
    assert len(reads["py"]) == 1 + 7  # and the cold run scans all 7 files
    assert [f.code for f in findings if f.code == workspace.codes.BRICK_CYCLE]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda f: f.write("components/acme/x/extra.py", "import yaml\n"), id="add"),
        pytest.param(lambda f: (f.root / "components/acme/x/util.py").unlink(), id="delete"),
        pytest.param(
            lambda f: (f.root / "components/acme/x/util.py").rename(
                f.root / "components/acme/x/helpers.py"
            ),
            id="rename",
        ),
        pytest.param(
            lambda f: f.write("bases/acme/api/main.py", "from acme.x import util\n"), id="edit"
        ),
        pytest.param(lambda f: f.component("z", files={"core.py": "import os\n"}), id="new-brick"),
        pytest.param(
            lambda f: (
                (f.root / "components/acme/y/core.py").unlink()
                or (f.root / "components/acme/y/__init__.py").unlink()
            ),
            id="brick-gone",
        ),
    ],
)
def test_a_changed_source_tree_gives_what_a_cold_run_gives(
    make_workspace: MakeWorkspace, change: Callable[[WorkspaceFactory], object]
) -> None:
    factory = build(make_workspace)
    change(factory)
    same_as_cold(factory.root)
    same_as_cold(factory.root)  # and the snapshot it wrote is right too


def test_a_touched_file_is_not_scanned_again(
    make_workspace: MakeWorkspace, reads: dict[str, list[str]]
) -> None:
    factory = build(make_workspace)
    reads["py"].clear()
    reads["toml"].clear()
    for relative in ("components/acme/x/core.py", "projects/svc/pyproject.toml"):
        os.utime(factory.root / relative)  # same bytes, a new mtime
    analyse(factory.root, use_cache=True)
    assert reads["py"] == []  # the source is hashed, its content is unchanged
    assert reads["toml"] == ["svc"]  # a project file is keyed by stat alone: read again
    same_as_cold(factory.root)


def test_a_changed_project_file_is_the_only_one_read_again(
    make_workspace: MakeWorkspace, reads: dict[str, list[str]]
) -> None:
    factory = build(make_workspace)
    reads["toml"].clear()
    factory.project("svc", ["api", "y"], dependencies=["requests>=2", "pyyaml"])
    ws, _, findings = same_as_cold(factory.root)
    assert reads["toml"].count("svc") == 2  # warm, then the cold comparison
    assert reads["toml"].count("legacy") == 1  # the cold comparison only
    svc = ws.project("svc")
    assert svc is not None and svc.bricks == ("api", "y")
    assert {d.name for d in svc.dependencies} == {"requests", "pyyaml"}
    assert {f.code for f in findings} >= {workspace.codes.MISSING_BRICK}


def test_a_changed_development_project_gives_what_a_cold_run_gives(
    make_workspace: MakeWorkspace,
) -> None:
    factory = build(make_workspace)
    factory.dev_bricks.pop()
    factory.write_development()
    same_as_cold(factory.root)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('namespace = "acme"', 'namespace = "other"'),
        ('theme = "loose"', 'theme = "tdd"'),
        ("enabled = true", 'enabled = true\n[tool.brickwork.check]\nallow = ["x"]'),
    ],
)
def test_a_changed_workspace_toml_gives_what_a_cold_run_gives(
    make_workspace: MakeWorkspace, old: str, new: str
) -> None:
    factory = build(make_workspace)
    toml = factory.root / "workspace.toml"
    assert old in toml.read_text()
    toml.write_text(toml.read_text().replace(old, new))
    try:
        same_as_cold(factory.root)
    except workspace.PolyError:  # a setting this version rejects: a cold run rejects it too
        with pytest.raises(workspace.PolyError):
            analyse(factory.root, use_cache=False)


def test_another_brickwork_version_reads_everything_again(
    make_workspace: MakeWorkspace, reads: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = build(make_workspace)
    reads["py"].clear()
    reads["toml"].clear()
    code = ("workspace", "imports", "runs")  # the code the snapshot and the import records hold
    monkeypatch.setattr(runs_files, "_versions", {code: "another release"})
    analyse(factory.root, use_cache=True)
    assert sorted(reads["toml"]) == ["legacy", "svc", "ws"]
    assert len(reads["py"]) == 7
    header = marshal.loads((factory.root / SNAPSHOT).read_bytes())[0]
    assert "another release" in header
    assert "another release" in marshal.loads((factory.root / IMPORTS).read_bytes())[0]
    same_as_cold(factory.root)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"not a marshal file", id="garbage"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: marshal.dumps(["a", "list"]), id="wrong-shape"),
        pytest.param(lambda data: data[:-3] + bytes(3), id="checksum"),
        pytest.param(
            lambda data: runs.dump_cache(header_of(data), {"projects/svc/pyproject.toml": 7}),
            id="bad-entry",
        ),
        pytest.param(
            lambda data: runs.dump_cache(
                header_of(data),
                {k: (*v[:2], ("name", "style")) for k, v in body_of(data).items()},
            ),
            id="short-record",
        ),
    ],
)
def test_a_corrupt_snapshot_is_ignored_and_rebuilt(
    make_workspace: MakeWorkspace, damage: Callable[[bytes], bytes]
) -> None:
    factory = build(make_workspace)
    for part in (SNAPSHOT, IMPORTS):
        file = factory.root / part
        file.write_bytes(damage(file.read_bytes()))
    same_as_cold(factory.root)
    assert body_of((factory.root / SNAPSHOT).read_bytes())
    same_as_cold(factory.root)


def test_a_project_file_with_a_toml_date_is_read_every_time(
    make_workspace: MakeWorkspace, reads: dict[str, list[str]]
) -> None:
    factory = build(make_workspace)
    svc = factory.root / "projects/svc/pyproject.toml"
    svc.write_text(svc.read_text() + "\n[tool.release]\ndate = 2026-01-02\n")
    age(factory.root)
    analyse(factory.root, use_cache=True)
    reads["toml"].clear()
    analyse(factory.root, use_cache=True)
    assert reads["toml"] == ["svc"]  # a date is not plain data: never in the snapshot
    same_as_cold(factory.root)


def test_without_use_cache_nothing_is_written(make_workspace: MakeWorkspace) -> None:
    factory = make_workspace()
    factory.component("x")
    analyse(factory.root, use_cache=False)
    assert not (factory.root / ".brickwork_cache").exists()


def test_the_snapshot_honours_the_cache_settings(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    factory = build(make_workspace)
    monkeypatch.setenv("BRICKWORK_CACHE_DIR", str(tmp_path / "shared"))
    same_as_cold(factory.root)
    (moved,) = (tmp_path / "shared").iterdir()
    assert sorted(p.name for p in moved.glob("*.marshal")) == [
        "imports.marshal",
        "workspace.marshal",
    ]
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")
    (factory.root / SNAPSHOT).unlink()
    analyse(factory.root, use_cache=True)
    assert not (factory.root / SNAPSHOT).exists()
