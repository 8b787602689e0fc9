from __future__ import annotations

from pathlib import Path

from brickwork import check, graph, imports, workspace
from brickwork.imports import ImportContext
from test.conftest import Sketch, imp

TC = ImportContext.TYPE_CHECKING
LAZY = ImportContext.LAZY

Row = tuple[str, str, str, int | None, str]


def findings(sketch: Sketch, *, strict: bool = False, projects: tuple[str, ...] = ()) -> list[Row]:
    """(code, severity, path relative to the root, line, message) of every finding."""
    ws = sketch.workspace()
    scan = sketch.scan()
    found = check.run_checks(
        ws, scan, graph.build_graph(ws, scan), strict=strict, projects=projects
    )
    return [(f.code, f.severity.value, ws.relative(f.path), f.line, f.message) for f in found]


def test_a_clean_workspace_has_no_findings(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.component("core", files={"__init__.py": [imp("acme.log", "get")]})
    sketch.base("api", files={"main.py": [imp("acme", "core")]})
    sketch.project("svc", ["api", "core", "log"])

    assert findings(sketch) == []


def test_workspace_problems_are_passed_through(sketch: Sketch) -> None:
    sketch.component("log")
    problem = workspace.Finding(
        "BW002", "include 'acme/gone' points at components/acme/gone", Path("/ws/p.toml"), 3
    )
    ws = sketch.workspace(problems=(problem,))
    scan = sketch.scan()

    found = check.run_checks(ws, scan, graph.build_graph(ws, scan))

    assert found == [problem]


def test_missing_brick_is_reported_once_per_project_with_the_first_location(
    sketch: Sketch,
) -> None:
    sketch.component("util")
    sketch.component("log", files={"a.py": [imp("acme.util", "x", line=4)]})
    sketch.component(
        "core", files={"a.py": [imp("acme.log", line=2)], "b.py": [imp("acme", "log", line=9)]}
    )
    sketch.base("api", files={"main.py": [imp("acme.core")]})
    sketch.project("svc", ["api", "core"])

    assert findings(sketch) == [
        (
            "BW101",
            "error",
            "components/acme/core/a.py",
            2,
            "project 'svc' does not include brick 'log', needed by core -> log; "
            "add it to projects/svc/pyproject.toml",
        ),
        (
            "BW101",
            "error",
            "components/acme/log/a.py",
            4,
            "project 'svc' does not include brick 'util', needed by core -> log -> util; "
            "add it to projects/svc/pyproject.toml",
        ),
    ]


def test_lazy_imports_make_a_brick_needed_but_type_checking_imports_never_do(
    sketch: Sketch,
) -> None:
    sketch.component("log")
    sketch.component("typing_only")
    sketch.base(
        "api",
        files={
            "main.py": [imp("acme.log", line=5, context=LAZY), imp("acme.typing_only", context=TC)]
        },
    )
    sketch.project("svc", ["api"])

    assert [(r[0], r[3]) for r in findings(sketch)] == [("BW101", 5)]


def test_tests_may_import_any_brick_but_not_a_name_that_is_no_brick(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.base(
        "api",
        tests={"test_main.py": [imp("acme.log", line=1), imp("acme", "helpers", line=2)]},
    )
    sketch.project("svc", ["api"])

    assert findings(sketch) == [
        (
            "BW102",
            "error",
            "test/bases/acme/api/test_main.py",
            2,
            "acme.helpers is not a brick: there is no component or base 'helpers'; "
            "fix the import or create the brick",
        )
    ]


def test_import_of_a_name_under_the_namespace_that_is_not_a_brick(sketch: Sketch) -> None:
    sketch.component(
        "core", files={"a.py": [imp("acme.nope.x", line=3), imp("acme", "log", "gone", line=4)]}
    )

    assert [(r[0], r[2], r[3], r[4].split(" is ")[0]) for r in findings(sketch)] == [
        ("BW102", "components/acme/core/a.py", 3, "acme.nope.x"),
        ("BW102", "components/acme/core/a.py", 4, "acme.gone"),
        ("BW102", "components/acme/core/a.py", 4, "acme.log"),
    ]


def test_names_of_the_development_projects_own_packages_are_not_reported(
    sketch: Sketch,
) -> None:
    sketch.component("core", files={"a.py": [imp("acme.scripts.tool", line=3)]})
    own = imports.FileImports(Path("/ws/development/acme/scripts/tool.py"), "acme.scripts.tool", ())
    ws = sketch.workspace()
    scan = sketch.scan(development=(own,))

    assert check.run_checks(ws, scan, graph.build_graph(ws, scan)) == []


def test_component_importing_a_base(sketch: Sketch) -> None:
    sketch.base("api")
    sketch.component("core", files={"a.py": [imp("acme.api", "app", line=7, context=TC)]})

    assert findings(sketch) == [
        (
            "BW103",
            "error",
            "components/acme/core/a.py",
            7,
            "component 'core' imports base 'api' (acme.api); components must not depend on "
            "bases: move the shared code into a component",
        )
    ]


def test_a_file_whose_imports_cannot_be_recovered(sketch: Sketch) -> None:
    sketch.component("core", errors={"bad.py": ("invalid syntax at line 12", 12)})

    assert findings(sketch) == [
        (
            "BW105",
            "error",
            "components/acme/core/bad.py",
            12,
            "imports cannot be recovered, so no rule can check this file: "
            "invalid syntax at line 12",
        )
    ]


def test_brick_cycle_is_a_warning_with_every_edge_location(sketch: Sketch) -> None:
    sketch.component("a", files={"m.py": [imp("acme.b", line=3)]})
    sketch.component("b", files={"m.py": [imp("acme.c", line=4)]})
    sketch.component("c", files={"m.py": [imp("acme", "a", line=5, context=LAZY)]})

    assert findings(sketch) == [
        (
            "BW106",
            "warning",
            "components/acme/a/m.py",
            3,
            "brick cycle a -> b -> c -> a (components/acme/a/m.py:3 imports b, "
            "components/acme/b/m.py:4 imports c, components/acme/c/m.py:5 imports a); "
            "break it by moving what they share into another component",
        )
    ]
    assert [r[1] for r in findings(sketch, strict=True)] == ["error"]


def test_a_truncated_group_of_cycles_says_so(sketch: Sketch) -> None:
    names = [f"n{i}" for i in range(8)]
    for name in names:
        sketch.component(name, files={"m.py": [imp("acme", *[n for n in names if n != name])]})

    rows = findings(sketch)

    assert len(rows) == graph.MAX_CYCLES_PER_GROUP
    assert rows[0][4].endswith(
        "; the 8 bricks n0, n1, n2, n3, n4, n5, ... form more cycles than are listed"
    )
    assert not any("more cycles" in r[4] for r in rows[1:])


def test_import_of_another_bricks_non_interface_module(sketch: Sketch) -> None:
    sketch.component("log", files={"core.py": [imp("acme.log.impl", line=1)]})
    sketch.component("core", files={"a.py": [imp("acme.log.core", "get", line=8)]})

    assert findings(sketch) == [
        (
            "BW107",
            "warning",
            "components/acme/core/a.py",
            8,
            "acme.log.core is inside brick 'log'; import from its interface acme.log "
            "instead (export the name from its __init__.py)",
        )
    ]
    assert [r[1] for r in findings(sketch, strict=True)] == ["error"]


def test_brick_in_a_project_that_nothing_of_the_project_needs(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.component("typed")
    sketch.component("spare")
    sketch.base("api", files={"main.py": [imp("acme.log"), imp("acme.typed", context=TC)]})
    sketch.project("svc", ["api", "log", "typed", "spare"])
    sketch.project("lib", ["log", "spare"])

    assert findings(sketch) == [
        (
            "BW108",
            "warning",
            "projects/svc/pyproject.toml",
            12,
            "project 'svc' includes brick 'typed' but none of its bricks needs it; remove it "
            "from projects/svc/pyproject.toml, or list it under [tool.brickwork.check.allow] "
            "svc if it is loaded another way",
        ),
        (
            "BW108",
            "warning",
            "projects/svc/pyproject.toml",
            13,
            "project 'svc' includes brick 'spare' but none of its bricks needs it; remove it "
            "from projects/svc/pyproject.toml, or list it under [tool.brickwork.check.allow] "
            "svc if it is loaded another way",
        ),
    ]


def test_brick_missing_from_the_development_project(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.base("api")
    sketch.outside_development = ("api",)

    assert findings(sketch) == [
        (
            "BW109",
            "warning",
            "pyproject.toml",
            None,
            "brick 'api' is not included in the development project; add "
            '{ include = "acme/api", from = "bases" } to packages in pyproject.toml',
        )
    ]


def test_without_a_development_project_nothing_is_missing_from_it(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.development = False

    assert findings(sketch) == []


def test_a_dotted_namespace_maps_imports_to_bricks() -> None:
    sketch = Sketch(namespace="acme.corp")
    sketch.component("log")
    sketch.base("api", files={"m.py": [imp("acme.corp", "log"), imp("acme.corp.nope")]})
    sketch.project("svc", ["api"])

    assert [(r[0], r[4].split(";")[0].split(",")[0]) for r in findings(sketch)] == [
        ("BW101", "project 'svc' does not include brick 'log'"),
        ("BW102", "acme.corp.nope is not a brick: there is no component or base 'nope'"),
    ]


def test_findings_are_sorted_by_code_then_place(sketch: Sketch) -> None:
    sketch.component("b", files={"m.py": [imp("acme.zz", line=2), imp("acme.a.x", line=1)]})
    sketch.component("a", files={"m.py": [imp("acme.yy", line=5)]})

    assert [(r[0], r[2], r[3]) for r in findings(sketch)] == [
        ("BW102", "components/acme/a/m.py", 5),
        ("BW102", "components/acme/b/m.py", 2),
        ("BW107", "components/acme/b/m.py", 1),
    ]
