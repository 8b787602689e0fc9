"""`libs` on optional imports: an undeclared library imported only inside try/except
ImportError is an optional import (a note, no finding), one imported only under a guard or
inside functions is BW201 as a warning, and a required module-level import stays an error."""

from __future__ import annotations

from typing import Any

import pytest

from brickwork.imports import ImportContext
from brickwork.libs import LibraryStatus
from test.components.brickwork.libs.conftest import LibsWorkspace
from test.components.brickwork.poly_runs import LAYOUTS, findings_of, json_run, project_of
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory, imp

PROBE = """\
import sys

try:
    import psutil
except ImportError:
    psutil = None
try:
    import ujson as json
except (OSError, ModuleNotFoundError):
    import json
if sys.version_info < (3, 11):
    import tomli
import requests
"""
REPORT = """\
def render(name: str) -> str:
    import jinja2

    return jinja2.Template(name).render()


def export() -> None:
    try:
        import openpyxl
    except ImportError as err:
        raise RuntimeError("install the excel extra") from err
    openpyxl.Workbook()
"""
USES_JINJA = "import jinja2\n"


def build(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("probe", PROBE)
    ws.component("report", REPORT)
    ws.component("pages", USES_JINJA)
    ws.base("api", "from acme import probe, report\n")
    ws.project("svc", ["api", "probe", "report"], style=style, dependencies=["psutil"])
    ws.project("web", ["api", "probe", "report", "pages"], style=style)
    return ws


def statuses(data: dict[str, Any], project: str) -> dict[str, str]:
    return {lib["name"]: lib["status"] for lib in project_of(data, project)["libraries"]}


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_libraries_are_weighed_by_where_they_are_imported(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style)

    code, data = json_run(poly, ws, "poly libs", "--projects svc")

    assert code == 1
    assert statuses(data, "svc") == {
        "jinja2": "conditional",  # only inside a function
        "openpyxl": "optional-import",  # a function that tries it and raises a friendly error
        "psutil": "ok",  # declared, and used (optionally): not unused
        "requests": "missing",
        "tomli": "conditional",  # a version guard
        "ujson": "optional-import",  # a tuple of handlers that holds ModuleNotFoundError
    }
    assert sorted(findings_of(data, "code", "subject", "severity")) == [
        ("BW201", "jinja2", "warning"),
        ("BW201", "requests", "error"),
        ("BW201", "tomli", "warning"),
    ]


def test_one_required_module_level_import_keeps_the_error(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, "loose", "pep621")

    _, data = json_run(poly, ws, "poly libs", "--projects web")

    assert statuses(data, "web")["jinja2"] == "missing"  # pages imports it at module level
    jinja = [f for f in data["findings"] if f["subject"] == "jinja2"]
    assert [(f["code"], f["severity"]) for f in jinja] == [("BW201", "error")]


def test_the_table_shows_optional_imports_with_a_note(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, "loose", "pep621")

    result = poly("poly libs", "--projects svc", cwd=ws.root)

    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith("  ")}
    assert "optional-import" in rows["ujson"]
    assert "(optional import: the program runs without it)" in rows["ujson"]
    assert (
        "conditional" in rows["tomli"] and "(imported only under an if/else guard)" in rows["tomli"]
    )
    assert "(imported only inside a function)" in rows["jinja2"]
    assert "missing" in rows["requests"]
    assert result.exit_code == 1


def test_sync_declares_no_optional_or_conditional_library(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, "loose", "pep621")
    root = ws.root / "pyproject.toml"
    text = root.read_text()
    deps = '    "requests>=2",\n    "tomli>=2",\n    "jinja2>=3",\n    "ujson>=5",\n'
    root.write_text(text.replace("dependencies = [\n", "dependencies = [\n" + deps, 1))

    result = poly("poly sync", "--libs --projects svc", cwd=ws.root)

    svc = (ws.root / "projects/svc/pyproject.toml").read_text()
    assert result.exit_code == 0, result.stderr
    assert '"requests>=2"' in svc
    assert "tomli" not in svc and "jinja2" not in svc and "ujson" not in svc


OPTIONAL = ImportContext.OPTIONAL


def test_an_optional_import_of_a_transitive_library_is_a_note_not_bw202(
    lws: LibsWorkspace,
) -> None:
    lws.component(
        "net",
        {"core.py": [imp("requests", line=1), imp("idna", line=2, context=OPTIONAL)]},
    )
    lws.component("tls", {"core.py": [imp("certifi", line=1)]})  # a true BW202 beside it
    lws.project("svc", ["net", "tls"], ["requests"])
    lws.dev_dependencies = ["requests"]
    lws.lock(
        "",
        {
            "requests": ("2.32.0", ["idna", "certifi"]),
            "idna": ("3.7", []),
            "certifi": ("2024.2.2", []),
        },
    )

    report = lws.report(projects=("svc",))

    (svc,) = report.projects
    found = {lib.name: lib.status for lib in svc.libraries}
    assert found["idna"] is LibraryStatus.OPTIONAL_IMPORT
    assert found["certifi"] is LibraryStatus.TRANSITIVE
    assert [(f.code, f.subject) for f in report.findings] == [("BW202", "certifi")]


def test_an_ignore_comment_still_wins_over_the_class_of_a_site(lws: LibsWorkspace) -> None:
    lws.component(
        "cli",
        {
            "core.py": [
                imp("rich", line=1, context=ImportContext.LAZY, ignored=("BW201",)),
                imp("click", line=2, context=ImportContext.GUARDED),
                imp("yaml", line=3, context=OPTIONAL),
                imp("yaml", line=4),  # required here: the optional site above changes nothing
            ]
        },
    )
    lws.project("tool", ["cli"])

    found = lws.findings(projects=("tool",))

    assert [(code, severity, subject) for code, severity, _, _, subject in found] == [
        ("BW201", "warning", "click"),
        ("BW201", "error", "pyyaml"),
    ]
