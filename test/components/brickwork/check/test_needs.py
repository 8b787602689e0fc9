"""`check.project_needs`: the one answer to which bricks a project needs, which `check` reports
on (BW101, BW108, BW109) and `sync` writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from brickwork import check, graph, imports, workspace
from brickwork.imports import ImportContext
from test.conftest import Sketch, imp


def depending(
    ws: workspace.Workspace, needs: Mapping[str, tuple[str, ...]], dev: bool = False
) -> workspace.Workspace:
    """`ws` whose projects declare runtime (or, with `dev`, dev) dependencies by name."""
    group = "dev" if dev else "main"
    projects = tuple(
        dataclasses.replace(
            p,
            dependencies=tuple(
                workspace.Dependency(workspace.canonical_name(n), "*", group)
                for n in needs.get(p.name, ())
            ),
        )
        for p in ws.projects
    )
    return dataclasses.replace(ws, projects=projects)


def answer(
    ws: workspace.Workspace,
    scan: imports.WorkspaceImports,
    names: tuple[str, ...] | None = None,
) -> dict[str, check.ProjectNeeds]:
    projects = None if names is None else [p for p in ws.projects if p.name in names]
    found = check.project_needs(ws, scan, graph.build_graph(ws, scan), projects)
    return {n.project.name: n for n in found}


def rows(ws: workspace.Workspace, scan: imports.WorkspaceImports) -> list[tuple[str, str, str]]:
    found = check.run_checks(ws, scan, graph.build_graph(ws, scan))
    return [(f.code, f.subject, f.message) for f in found if f.code in ("BW101", "BW108")]


def family(sketch: Sketch) -> None:
    """util <- storage <- api -> log; acme_storage ships storage and util."""
    sketch.component("util")
    sketch.component("log")
    sketch.component("storage", files={"core.py": [imp("acme", "util")]})
    sketch.base("api", files={"core.py": [imp("acme", "storage"), imp("acme", "log")]})


def test_a_brick_a_sibling_distribution_ships_is_neither_missing_nor_walked(
    sketch: Sketch,
) -> None:
    family(sketch)
    sketch.project("acme_storage", ["storage", "util"])
    sketch.project("svc", ["api"])
    ws = depending(sketch.workspace(), {"svc": ("acme-storage",)})

    needs = answer(ws, sketch.scan())["svc"]

    assert sorted(needs.provided) == ["storage", "util"]
    assert needs.add == ("log",)
    assert needs.remove == ()


def test_a_dev_dependency_on_a_sibling_distribution_provides_nothing(sketch: Sketch) -> None:
    family(sketch)
    sketch.project("acme_storage", ["storage", "util"])
    sketch.project("svc", ["api"])
    ws = depending(sketch.workspace(), {"svc": ("acme-storage",)}, dev=True)

    assert answer(ws, sketch.scan())["svc"].add == ("log", "storage", "util")


def test_a_brick_listed_and_shipped_by_a_dependency_is_unneeded_naming_the_dependency(
    sketch: Sketch,
) -> None:
    family(sketch)
    sketch.project("acme_storage", ["storage", "util"])
    sketch.project("acme-api", ["log"])
    sketch.project("svc", ["api", "storage", "log"])
    needs = {"svc": ("acme-api",), "acme-api": ("acme_storage",)}
    ws = depending(sketch.workspace(), needs)

    found = rows(ws, sketch.scan())

    assert found == [
        (
            "BW108",
            "storage",
            "project 'svc' includes brick 'storage', which it also gets with its dependency "
            "acme-api -> acme-storage (project 'acme_storage'): both wheels would ship "
            "acme.storage; remove it from projects/svc/pyproject.toml",
        ),
        (
            "BW108",
            "log",
            "project 'svc' includes brick 'log', which it also gets with its dependency "
            "acme-api (project 'acme-api'): both wheels would ship acme.log; remove it from "
            "projects/svc/pyproject.toml",
        ),
    ]
    assert answer(ws, sketch.scan())["svc"].remove == ("log", "storage")


def test_a_brick_only_an_unneeded_brick_imports_is_not_missing(sketch: Sketch) -> None:
    sketch.component("cache")
    sketch.component("spare", files={"core.py": [imp("acme", "cache")]})
    sketch.base("api")
    sketch.project("svc", ["api", "spare"])
    ws = sketch.workspace()

    needs = answer(ws, sketch.scan())["svc"]

    assert (needs.add, needs.unneeded) == ((), ("spare",))
    assert [code for code, *_ in rows(ws, sketch.scan())] == ["BW108"]


def test_a_library_of_other_projects_needs_every_brick_it_lists(sketch: Sketch) -> None:
    family(sketch)
    sketch.component("cache")
    sketch.project("core_lib", ["api", "storage", "util", "log", "cache"])
    sketch.project("svc", [])
    ws = depending(sketch.workspace(), {"svc": ("core-lib",)})

    needs = answer(ws, sketch.scan())["core_lib"]

    assert (needs.measured, needs.unneeded, needs.dependents) == (False, (), ("svc",))


def test_a_brick_a_dependency_gets_when_synced_counts_as_provided_already(
    sketch: Sketch,
) -> None:
    family(sketch)
    sketch.project("acme_storage", ["storage"])  # lacks util, which sync adds to it
    sketch.project("svc", ["api", "log"])
    ws = depending(sketch.workspace(), {"svc": ("acme-storage",)})

    needs = answer(ws, sketch.scan())

    assert needs["acme_storage"].add == ("util",)
    assert needs["svc"].add == ()
    assert "util" in needs["svc"].provided


def test_own_packages_need_their_runtime_imports_but_not_optional_or_type_only_ones(
    sketch: Sketch,
) -> None:
    for name in ("log", "fast", "typed", "audit"):
        sketch.component(name)
    sketch.base("api")
    sketch.project("svc", ["api", "audit"])
    ws = sketch.workspace()
    helpers = imports.FileImports(
        ws.root / "projects/svc/helpers/__init__.py",
        "helpers",
        (
            imp("acme", "log", line=1, context=ImportContext.LAZY),
            imp("acme", "fast", line=2, ignored=("BW101",)),
            imp("acme", "typed", line=3, context=ImportContext.TYPE_CHECKING),
            imp("acme", "audit", line=4),
        ),
    )
    scan = dataclasses.replace(sketch.scan(), projects={"svc": (helpers,)})

    needs = answer(ws, scan)["svc"]

    assert [(u.brick, u.imp.line) for u in needs.local] == [("log", 1)]
    assert (needs.add, needs.unneeded) == (("log",), ())


def test_an_optionally_imported_brick_is_kept_but_never_added(sketch: Sketch) -> None:
    sketch.component("fast")
    sketch.component("slow")
    sketch.base(
        "api", files={"core.py": [imp("acme", "fast", ignored=("BW101",)), imp("acme", "slow")]}
    )
    sketch.project("with_fast", ["api", "fast"])
    sketch.project("without", ["api"])

    needs = answer(sketch.workspace(), sketch.scan())

    assert (needs["with_fast"].add, needs["with_fast"].unneeded) == (("slow",), ())
    assert needs["without"].add == ("slow",)


def test_the_answer_for_a_project_does_not_depend_on_which_projects_are_asked(
    sketch: Sketch,
) -> None:
    family(sketch)
    sketch.project("acme_storage", ["storage"])
    sketch.project("svc", ["api", "storage"])
    ws = depending(sketch.workspace(), {"svc": ("acme-storage",)})

    alone = answer(ws, sketch.scan(), ("svc",))["svc"]

    assert alone == answer(ws, sketch.scan())["svc"]
    assert (alone.add, alone.remove) == (("log",), ("storage",))


def test_the_development_project_needs_every_brick_it_leaves_out(sketch: Sketch) -> None:
    sketch.outside_development = ("log",)
    family(sketch)

    needs = answer(sketch.workspace(), sketch.scan())["development"]

    assert (needs.add, needs.remove) == (("log",), ())


def test_a_cycle_of_project_dependencies_drops_a_shared_brick_from_one_side_only(
    sketch: Sketch,
) -> None:
    sketch.component("log")
    sketch.project("one", ["log"])
    sketch.project("two", ["log"])
    ws = depending(sketch.workspace(), {"one": ("two",), "two": ("one",)})

    needs = answer(ws, sketch.scan())

    assert sorted(n.shipped_twice for n in (needs["one"], needs["two"])) == [(), ("log",)]


def test_a_third_party_dependency_before_a_sibling_distribution_hides_nothing(
    sketch: Sketch,
) -> None:
    family(sketch)
    sketch.project("acme_storage", ["storage", "util"])
    sketch.project("svc", ["api"])
    ws = depending(sketch.workspace(), {"svc": ("requests", "acme-storage")})

    needs = answer(ws, sketch.scan())["svc"]

    assert (sorted(needs.provided), needs.add) == (["storage", "util"], ("log",))


def test_a_project_that_depends_on_its_own_name_is_not_its_own_library(sketch: Sketch) -> None:
    sketch.component("spare")
    sketch.base("api")
    sketch.project("svc", ["api", "spare"])
    ws = depending(sketch.workspace(), {"svc": ("svc",)})

    needs = answer(ws, sketch.scan())["svc"]

    assert (needs.measured, needs.dependents, needs.unneeded) == (True, (), ("spare",))


def test_one_project_asked_about_still_counts_what_its_dependency_gets_when_synced(
    sketch: Sketch,
) -> None:
    family(sketch)
    sketch.project("aaa_first", [])  # answered first in the order of all, and not asked about
    sketch.project("acme_storage", ["storage"])  # lacks util, which sync adds to it
    sketch.project("svc", ["api", "log"])
    ws = depending(sketch.workspace(), {"svc": ("acme-storage",)})

    needs = answer(ws, sketch.scan(), ("svc",))["svc"]

    assert (needs.add, "util" in needs.provided) == ((), True)


def test_an_own_package_import_of_a_name_that_is_no_brick_hides_none_beside_it(
    sketch: Sketch,
) -> None:
    sketch.component("log")
    sketch.base("api")
    sketch.project("svc", ["api"])
    ws = sketch.workspace()
    helpers = imports.FileImports(
        ws.root / "projects/svc/helpers/core.py", "helpers.core", (imp("acme", "ghost", "log"),)
    )
    scan = dataclasses.replace(sketch.scan(), projects={"svc": (helpers,)})

    needs = answer(ws, scan)["svc"]

    assert needs.add == ("log",)
    assert [(m.brick, m.chain, m.site.line) for m in needs.chains] == [
        ("log", ("helpers.core", "log"), 1)
    ]
