"""Exact output of `poly libs`: bricks, projects, versions across projects, summary, JSON."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from brickwork import imports, libs, report, workspace
from test.conftest import Sketch

OK = libs.LibraryStatus.OK
COMPONENT = workspace.BrickKind.COMPONENT
BASE = workspace.BrickKind.BASE


@dataclass(frozen=True)
class Entry:
    """The shape of one project's row in `libs.LibraryVersions`."""

    project: str
    constraint: str
    locked: str | None


def versions(name: str, differs: bool, *entries: Entry) -> libs.LibraryVersions:
    return libs.LibraryVersions(name, cast(Any, entries), differs)


def shop(sketch: Sketch) -> workspace.Workspace:
    sketch.component("core")
    sketch.base("api")
    sketch.project("svc", ["api"])
    sketch.project("job", ["core"])
    return sketch.workspace()


def site(ws: workspace.Workspace, line: int = 4) -> imports.ImportSite:
    path = ws.root / "bases/acme/api/x.py"
    return imports.ImportSite(path, line, imports.ImportContext.MODULE, "yaml", brick="api")


def svc_libraries(ws: workspace.Workspace) -> libs.ProjectLibraries:
    svc = ws.project("svc")
    assert svc is not None
    return libs.ProjectLibraries(
        svc,
        ws.root / "projects/svc/poetry.lock",
        ws.root / "projects/svc/.venv",
        (
            libs.ProjectLibrary(
                "pyyaml", libs.LibraryStatus.MISSING, False, imports=(site(ws),), via=("a", "b")
            ),
            libs.ProjectLibrary("attrs", libs.LibraryStatus.TRANSITIVE, False, imports=(site(ws),)),
            libs.ProjectLibrary(
                "rich",
                libs.LibraryStatus.UNUSED,
                True,
                "^13",
                locked="13.1",
                import_names=("rich",),
            ),
            libs.ProjectLibrary(
                "click", OK, True, "*", import_names=("click", "<c>"), imports=(site(ws, 9),)
            ),
            libs.ProjectLibrary("mypy", libs.LibraryStatus.TOOL, True, ">=1"),
        ),
    )


def test_libs_lines_of_a_project_show_status_styles_and_where_an_undeclared_import_is(
    sketch: Sketch,
) -> None:
    ws = shop(sketch)
    result = libs.LibsReport((), (svc_libraries(ws),), (), ())

    lines = report.libs_lines(ws, result, selected=False)

    assert lines == [
        "<b>project</b> <c1>svc</> (projects/svc)  lock: projects/svc/poetry.lock  "
        "venv: projects/svc/.venv",
        "  library  constraint  locked  status      imports",
        "  pyyaml   -           -       <fg=red>missing</>     "
        "imported at bases/acme/api/x.py:4 (via a, b)",
        "  attrs    -           -       <fg=yellow>transitive</>  "
        "imported at bases/acme/api/x.py:4",
        "  rich     ^13         13.1    <fg=yellow>unused</>      rich",
        "  click    *           -       <info>ok</>          click, \\<c>",
        "  mypy     >=1         -       tool",
        "  declared 3, used 3, missing 1, transitive 1, unused 1",
        "",
        "<info>✔ no library problems</>",
    ]


def test_libs_lines_list_bricks_and_a_project_without_libraries(sketch: Sketch) -> None:
    ws = shop(sketch)
    development = ws.development
    assert development is not None
    result = libs.LibsReport(
        (
            libs.BrickLibraries("core", COMPONENT, {"a<b": ("ab",), "c": ("c",)}),
            libs.BrickLibraries("api", BASE),
        ),
        (libs.ProjectLibraries(development, None, None, ()),),
        (),
        (),
    )

    lines = report.libs_lines(ws, result, selected=False)

    assert lines == [
        "<b>libraries per brick</b>",
        "  brick  kind       libraries",
        "  <comment>core</>   component  a\\<b, c",
        "  <c2>api</>    base       -",
        "",
        "<b>project</b> <c1>development</> (.)  lock: none  venv: none",
        "  no third-party libraries",
        "  declared 0, used 0, missing 0, transitive 0, unused 0",
        "",
        "<info>✔ no library problems</>",
    ]


def test_libs_lines_of_named_projects_list_only_their_bricks(sketch: Sketch) -> None:
    ws = shop(sketch)
    bricks = (libs.BrickLibraries("core", COMPONENT), libs.BrickLibraries("api", BASE))
    result = libs.LibsReport(bricks, (svc_libraries(ws),), (), ())

    assert report.libs_lines(ws, result, selected=True)[:3] == [
        "<b>libraries per brick</b>",
        "  brick  kind  libraries",
        "  <c2>api</>    base  -",
    ]
    assert report.libs_lines(ws, libs.LibsReport(bricks, (), (), ()), selected=True) == [
        "<info>✔ no library problems</>"
    ]


def test_libs_lines_compare_versions_of_libraries_shared_by_projects(sketch: Sketch) -> None:
    ws = shop(sketch)
    result = libs.LibsReport(
        (),
        (),
        (
            versions("attrs", False, Entry("job", "*", "23.1"), Entry("svc", ">=23", "23.1")),
            versions("rich", True, Entry("svc", "^13", None), Entry("development", "", None)),
            versions("solo", True, Entry("svc", "1", "1")),
        ),
        (),
    )

    lines = report.libs_lines(ws, result, selected=False)
    assert lines == [
        "<b>versions across projects</b>",
        "  library  svc   job   development",
        "  attrs    23.1  23.1  -            same",
        "  <fg=yellow>rich</>     <fg=yellow>^13</>   -     <fg=yellow>*</>            "
        "<fg=yellow>differs</>",
        "",
        "<info>✔ no library problems</>",
    ]


def test_libs_lines_end_with_a_summary_of_errors_or_warnings(sketch: Sketch) -> None:
    ws = shop(sketch)
    error = workspace.Finding("BW201", "e", ws.root / "a.py", 1)
    warning = workspace.Finding("BW202", "w", ws.root / "a.py", 2, "", workspace.Severity.WARNING)

    both = report.libs_lines(ws, libs.LibsReport((), (), (), (error, warning)), selected=False)
    only = report.libs_lines(ws, libs.LibsReport((), (), (), (warning,)), selected=False)

    assert both[-2:] == ["", "<error>✘ 1 error, 1 warning</>"]
    assert only == [
        "a.py:2: <b>BW202</b> <fg=yellow>warning</> w",
        "",
        "<info>✔ no errors, 1 warning</>",
    ]


def test_libs_data_is_the_documented_json_shape(sketch: Sketch) -> None:
    ws = shop(sketch)
    development = ws.development
    assert development is not None
    typing_site = imports.ImportSite(
        ws.root / "a.py", 2, imports.ImportContext.TYPE_CHECKING, "rich", brick="core"
    )
    typed = libs.ProjectLibrary(
        "rich",
        OK,
        True,
        "^13",
        "python_version>'3'",
        "13.1",
        type_checking=(typing_site,),
        candidates=("rich", "Rich"),
        source="pypi",
    )
    result = libs.LibsReport(
        (libs.BrickLibraries("core", COMPONENT, {"rich": ("rich",)}),),
        (
            libs.ProjectLibraries(development, ws.root / "poetry.lock", None, (typed,)),
            svc_libraries(ws),
        ),
        (versions("rich", True, Entry("svc", "^13", None), Entry("job", "", "13.1")),),
        (),
        ("a note",),
    )

    whole = report.libs_data(ws, result, strict=True, selected=False, exit_code=0)
    data = whole["result"]

    assert whole["schema"] == "urn:brickwork:schema:libs:2"
    assert (whole["root"], whole["exit_code"]) == ("/ws", 0)
    assert whole["counts"] == {"projects": 2, "bricks": 1, "errors": 0, "warnings": 0}
    assert list(data) == ["strict", "bricks", "projects", "versions", "findings", "notes"]
    assert data["strict"] is True
    assert data["bricks"] == [
        {"name": "core", "kind": "component", "libraries": [{"name": "rich", "imports": ["rich"]}]}
    ]
    assert data["projects"][0] == {
        "name": "development",
        "path": ".",
        "development": True,
        "lock": "poetry.lock",
        "environment": None,
        "declared": ["rich"],
        "used": [],
        "missing": [],
        "transitive": [],
        "unused": [],
        "libraries": [
            {
                "name": "rich",
                "status": "ok",
                "declared": True,
                "constraint": "^13",
                "markers": "python_version>'3'",
                "locked": "13.1",
                "import_names": [],
                "imports": [],
                "type_checking_only": True,
                "candidates": ["rich", "Rich"],
                "via": [],
                "source": "pypi",
                "reason": None,
            }
        ],
    }
    svc = data["projects"][1]
    assert (svc["path"], svc["lock"], svc["environment"]) == (
        "projects/svc",
        "projects/svc/poetry.lock",
        "projects/svc/.venv",
    )
    assert (svc["declared"], svc["used"]) == (
        ["rich", "click", "mypy"],
        ["pyyaml", "attrs", "click"],
    )
    assert (svc["missing"], svc["transitive"], svc["unused"]) == (["pyyaml"], ["attrs"], ["rich"])
    assert svc["libraries"][0]["imports"] == [
        {"module": "yaml", "brick": "api", "path": "bases/acme/api/x.py", "line": 4}
    ]
    assert svc["libraries"][0]["type_checking_only"] is False
    assert svc["libraries"][0]["source"] is None
    assert svc["libraries"][0]["via"] == ["a", "b"]
    assert data["versions"] == [
        {
            "name": "rich",
            "differs": True,
            "projects": [
                {"project": "svc", "constraint": "^13", "locked": None},
                {"project": "job", "constraint": "", "locked": "13.1"},
            ],
        }
    ]
    assert data["notes"] == ["a note"]
    assert data["findings"] == []
    assert Path(whole["root"]) == ws.root
