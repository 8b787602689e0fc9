from __future__ import annotations

from brickwork import graph
from brickwork.imports import ImportContext
from test.conftest import Sketch, imp

TC = ImportContext.TYPE_CHECKING
LAZY = ImportContext.LAZY


def test_namespace_targets_map_every_import_form_to_a_brick_and_module() -> None:
    def targets(*args: str) -> list[tuple[str, str]]:
        return [(t.name, t.submodule) for t in graph.namespace_targets("acme", imp(*args))]

    assert targets("acme.log") == [("log", "")]
    assert targets("acme.log.core") == [("log", "core")]
    assert targets("acme", "log", "db") == [("log", ""), ("db", "")]
    assert targets("acme.log", "thing", "other") == [("log", "")]
    assert targets("acme.log.core.sub", "f") == [("log", "core.sub")]
    assert targets("acme.log.__init__", "f") == [("log", "")]
    assert targets("acme", "*") == []
    assert targets("acme") == []
    assert targets("acmex.log") == []
    assert targets("requests") == []


def test_namespace_targets_with_a_dotted_namespace() -> None:
    found = graph.namespace_targets("acme.corp", imp("acme.corp.log.core"))

    assert found == (graph.Target("log", "core", "acme.corp.log.core"),)
    assert graph.namespace_targets("acme.corp", imp("acme", "corp")) == ()


def test_build_graph_has_an_edge_per_imported_brick_with_every_location(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.component("db")
    core = sketch.component(
        "core",
        files={
            "__init__.py": [imp("acme.core.impl", "run", line=1)],
            "impl.py": [imp("acme", "log", line=3), imp("acme.db.engine", line=7)],
            "extra.py": [imp("acme.log", "get", line=2, context=LAZY)],
        },
    )

    g = graph.build_graph(sketch.workspace(), sketch.scan())

    assert g.uses("core") == ("db", "log")
    assert g.used_by("log") == ("core",)
    assert g.sites("core", "log") == (
        graph.ImportSite(core / "extra.py", 2, LAZY, "acme.log"),
        graph.ImportSite(core / "impl.py", 3, ImportContext.MODULE, "acme.log"),
    )
    assert g.sites("core", "db")[0].module == "acme.db.engine"
    assert "core" not in g.uses("core")


def test_type_checking_imports_are_edges_marked_type_only(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.component("core", files={"a.py": [imp("acme", "log", line=4, context=TC)]})

    g = graph.build_graph(sketch.workspace(), sketch.scan())

    assert g.uses("core") == ("log",)
    assert g.uses("core", runtime_only=True) == ()
    assert not g.is_runtime("core", "log")
    assert graph.closure(g, ["core"]) == ("core",)
    assert graph.closure(g, ["core"], runtime_only=False) == ("core", "log")


def test_tests_and_unknown_names_make_no_edges(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.component(
        "core",
        files={"a.py": [imp("acme", "nothing_here", line=1)]},
        tests={"test_a.py": [imp("acme.log", line=1)]},
    )

    g = graph.build_graph(sketch.workspace(), sketch.scan())

    assert g.edges() == ()
    assert g.bricks == ("core", "log")


def test_closure_follows_runtime_imports_transitively(sketch: Sketch) -> None:
    sketch.component("util")
    sketch.component("log", files={"a.py": [imp("acme.util")]})
    sketch.component("core", files={"a.py": [imp("acme.log", context=LAZY)]})
    sketch.base("api", files={"a.py": [imp("acme.core")]})
    sketch.component("other")

    g = graph.build_graph(sketch.workspace(), sketch.scan())

    assert graph.closure(g, ["api"]) == ("api", "core", "log", "util")
    assert graph.closure(g, ["log", "other"]) == ("log", "other", "util")


def test_dependents_are_reverse_edges_transitively_including_type_only(sketch: Sketch) -> None:
    sketch.component("util")
    sketch.component("log", files={"a.py": [imp("acme.util")]})
    sketch.component("core", files={"a.py": [imp("acme.log", context=TC)]})
    sketch.base("api", files={"a.py": [imp("acme.core")]})

    g = graph.build_graph(sketch.workspace(), sketch.scan())

    assert graph.dependents(g, "util") == {"log", "core", "api"}
    assert graph.dependents(g, "util", runtime_only=True) == {"log"}
    assert graph.dependents(g, "api") == set()
    assert graph.dependents(g, "nope") == set()
    assert graph.dependencies(g, "api") == {"core", "log", "util"}


def test_without_drops_the_imports_that_suppress_a_code(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.component("db")
    sketch.component(
        "core",
        files={
            "a.py": [
                imp("acme.log", line=1, ignored=("BW101",)),
                imp("acme.db", line=2, ignored=("*",)),
                imp("acme.db", "x", line=3),
            ]
        },
    )

    g = graph.build_graph(sketch.workspace(), sketch.scan()).without("BW101")

    assert g.uses("core") == ("db",)
    assert [s.line for s in g.sites("core", "db")] == [3]


def test_missing_bricks_reports_each_once_with_the_shortest_chain_and_site(
    sketch: Sketch,
) -> None:
    sketch.component("util")
    sketch.component("log", files={"a.py": [imp("acme.util", line=5)]})
    core = sketch.component("core", files={"a.py": [imp("acme.log", line=2)]})
    sketch.component("db", files={"a.py": [imp("acme.util", line=9, context=TC)]})
    sketch.base("api", files={"a.py": [imp("acme.core"), imp("acme.db")]})

    g = graph.build_graph(sketch.workspace(), sketch.scan())
    missing = graph.missing_bricks(g, ["api", "core", "db"])

    assert [(m.brick, m.chain) for m in missing] == [
        ("log", ("core", "log")),
        ("util", ("core", "log", "util")),
    ]
    assert (missing[0].site.path, missing[0].site.line) == (core / "a.py", 2)
    assert missing[1].site.line == 5


def test_missing_bricks_walk_from_the_start_and_not_through_provided_bricks(
    sketch: Sketch,
) -> None:
    sketch.component("util")
    sketch.component("cache")
    sketch.component("log", files={"a.py": [imp("acme.util")]})
    sketch.component("storage", files={"a.py": [imp("acme.util")]})
    sketch.component("spare", files={"a.py": [imp("acme.cache")]})
    sketch.base("api", files={"a.py": [imp("acme.storage"), imp("acme.log")]})
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    walked = graph.missing_bricks(g, ["api", "spare"], start=["api"], provided=["storage"])

    # log is missing, and util through log; never cache (only spare, not started from,
    # imports it) nor storage (it comes with a dependency, util through it does not count)
    assert [(m.brick, m.chain) for m in walked] == [
        ("log", ("api", "log")),
        ("util", ("api", "log", "util")),
    ]


def test_closure_reaches_a_stop_brick_but_does_not_walk_through_it(sketch: Sketch) -> None:
    sketch.component("util")
    sketch.component("storage", files={"a.py": [imp("acme.util")]})
    sketch.base("api", files={"a.py": [imp("acme.storage")]})
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    assert graph.closure(g, ["api"], stop=["storage"]) == ("api", "storage")
    assert graph.closure(g, ["api"]) == ("api", "storage", "util")


def test_unused_bricks_are_not_needed_from_the_roots(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.component("core", files={"a.py": [imp("acme.log")]})
    sketch.component("typed", files={"a.py": [imp("acme.core")]})
    sketch.component("plugin", files={"a.py": [imp("acme.log")]})
    sketch.component("spare")
    sketch.base("api", files={"a.py": [imp("acme.core"), imp("acme.typed", context=TC)]})
    g = graph.build_graph(sketch.workspace(), sketch.scan())
    bricks = ["api", "core", "log", "typed", "plugin", "spare"]

    assert graph.unused_bricks(g, bricks, ["api"]) == ("plugin", "spare", "typed")
    assert graph.unused_bricks(g, bricks, ["api", "plugin"]) == ("spare", "typed")
    assert graph.unused_bricks(g, bricks, []) == ()


def test_subgraph_keeps_only_edges_among_the_given_bricks(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.component("core", files={"a.py": [imp("acme.log")]})
    sketch.base("api", files={"a.py": [imp("acme.core"), imp("acme.log")]})
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    sub = g.subgraph(["api", "core"])

    assert sub.bricks == ("api", "core")
    assert sub.edges() == (("api", "core"),)
    assert sub.is_base("api") and not sub.is_base("core")


def test_an_edge_imported_at_runtime_and_for_type_checking_counts_as_runtime(
    sketch: Sketch,
) -> None:
    sketch.component("log")
    sketch.component(
        "core",
        files={
            "a.py": [imp("acme", "log", line=2, context=TC)],
            "b.py": [imp("acme", "log", line=3)],
        },
    )

    g = graph.build_graph(sketch.workspace(), sketch.scan())

    assert g.is_runtime("core", "log")
    assert g.uses("core", runtime_only=True) == ("log",)
    assert graph.closure(g, ["core"]) == ("core", "log")


def test_a_brick_importing_its_own_modules_gets_no_edge_but_its_other_imports_stay(
    sketch: Sketch,
) -> None:
    sketch.component("log")
    sketch.component("logx")
    core = sketch.component(
        "core",
        files={
            "__init__.py": [imp("acme.core", "impl", line=1), imp("acme.core.impl", line=2)],
            "impl.py": [imp("acme", "core", "log", line=3), imp("acme.logx.api", line=4)],
        },
    )

    g = graph.build_graph(sketch.workspace(), sketch.scan())

    assert g.uses("core") == ("log", "logx")
    assert g.sites("core", "log") == (
        graph.ImportSite(core / "impl.py", 3, ImportContext.MODULE, "acme.log"),
    )
    assert g.sites("core", "logx")[0].module == "acme.logx.api"
