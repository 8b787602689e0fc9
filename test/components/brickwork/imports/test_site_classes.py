"""Import-site classes survive every way a scan is made: the forked cold scan (rows encoded in
the workers), the warm scan answered by the cache, and a scan without cache agree."""

from __future__ import annotations

from brickwork import workspace
from brickwork.imports import ImportContext, WorkspaceImports, scan_workspace
from test.conftest import MakeWorkspace

SOURCE = """\
import os
try:
    import psutil
except ImportError:
    psutil = None
if os.name == "nt":
    import winreg
def f():
    import json
    if json:
        import csv
    try:
        import openpyxl
    except Exception:
        pass
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import typing_extensions
"""
EXPECTED = [
    ("os", ImportContext.MODULE),
    ("psutil", ImportContext.OPTIONAL),
    ("winreg", ImportContext.GUARDED),
    ("json", ImportContext.LAZY),
    ("csv", ImportContext.GUARDED_LAZY),
    ("openpyxl", ImportContext.OPTIONAL_LAZY),
    ("typing", ImportContext.MODULE),
    ("typing_extensions", ImportContext.TYPE_CHECKING),
]


def classes(scan: WorkspaceImports) -> set[tuple[tuple[str, ImportContext], ...]]:
    return {
        tuple((i.module, i.context) for i in file.imports)
        for brick in scan.bricks.values()
        for file in brick.files
        if file.path.name.startswith("m")
    }


def test_classes_survive_the_forked_cold_scan_and_the_cache(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace()
    factory.component("x", files={f"m{i}.py": SOURCE for i in range(40)})
    ws = workspace.load(factory.root)

    cold = scan_workspace(ws, jobs=2)  # forked workers encode the rows
    warm = scan_workspace(ws, jobs=2)  # nothing changed: the cache answers
    plain = scan_workspace(ws, use_cache=False, jobs=1)

    assert cold.parsed >= 40 and warm.parsed == 0
    assert cold == warm == plain
    assert classes(warm) == {tuple(EXPECTED)}
