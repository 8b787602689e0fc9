from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import check, graph, workspace
from brickwork.imports import ImportContext
from test.conftest import Sketch, imp


def run(sketch: Sketch, *, strict: bool = False, projects: tuple[str, ...] = ()) -> list[str]:
    """`CODE severity subject` of every finding."""
    ws = sketch.workspace()
    scan = sketch.scan()
    found = check.run_checks(
        ws, scan, graph.build_graph(ws, scan), strict=strict, projects=projects
    )
    return [f"{f.code} {f.severity.value} {f.subject}" for f in found]


def test_ignore_comment_with_the_code_suppresses_that_finding_only(sketch: Sketch) -> None:
    sketch.base("api")
    sketch.component(
        "core",
        files={
            "a.py": [
                imp("acme.api.cli", line=1, ignored=("BW103",)),
                imp("acme.nope", line=2, ignored=("BW107",)),
            ]
        },
    )

    assert run(sketch) == ["BW102 error acme.nope", "BW107 warning acme.api.cli"]


def test_a_bare_ignore_comment_suppresses_every_code_on_the_line(sketch: Sketch) -> None:
    sketch.base("api")
    sketch.component("core", files={"a.py": [imp("acme.api.cli", line=1, ignored=("*",))]})

    assert run(sketch) == []


def test_ignoring_bw101_on_an_import_means_the_project_need_not_include_it(
    sketch: Sketch,
) -> None:
    sketch.component("util")
    sketch.component("extra", files={"a.py": [imp("acme.util")]})
    sketch.base(
        "api", files={"a.py": [imp("acme.extra", context=ImportContext.LAZY, ignored=("BW101",))]}
    )
    sketch.project("svc", ["api"])

    assert run(sketch) == []


def test_ignoring_bw106_on_one_edge_removes_the_cycle(sketch: Sketch) -> None:
    sketch.component("a", files={"m.py": [imp("acme.b")]})
    sketch.component("b", files={"m.py": [imp("acme.a", ignored=("BW106",))]})

    assert run(sketch) == []


def test_configured_severities_override_the_defaults_and_off_drops_findings(
    sketch: Sketch,
) -> None:
    sketch.brickwork = {
        "check": {"severity": {"BW106": "error", "BW102": "warning", "BW109": "off"}}
    }
    sketch.component("a", files={"m.py": [imp("acme.b"), imp("acme.nope")]})
    sketch.component("b", files={"m.py": [imp("acme.a")]})
    sketch.outside_development = ("b",)

    assert run(sketch) == ["BW102 warning acme.nope", "BW106 error a -> b -> a"]


def test_strict_turns_cycles_and_interface_bypasses_into_errors_but_not_other_warnings(
    sketch: Sketch,
) -> None:
    sketch.component("log", files={"m.py": [imp("acme.core")]})
    sketch.component("core", files={"m.py": [imp("acme.log.impl")]})
    sketch.outside_development = ("log",)

    assert run(sketch, strict=True) == [
        "BW106 error core -> log -> core",
        "BW107 error acme.log.impl",
        "BW109 warning log",
    ]


def test_a_configured_warning_stays_a_warning_under_strict(sketch: Sketch) -> None:
    sketch.brickwork = {"check": {"severity": {"BW107": "warning"}}}
    sketch.component("log")
    sketch.component("core", files={"m.py": [imp("acme.log.impl")]})

    assert run(sketch, strict=True) == ["BW107 warning acme.log.impl"]


def test_allowed_bricks_are_not_reported_unneeded_and_what_they_import_is_needed(
    sketch: Sketch,
) -> None:
    sketch.brickwork = {"check": {"allow": {"svc": ["plugin"]}}}
    sketch.component("log")
    sketch.component("plugin", files={"m.py": [imp("acme.log")]})
    sketch.component("spare")
    sketch.base("api")
    sketch.project("svc", ["api", "plugin", "log", "spare"])

    assert run(sketch) == ["BW108 warning spare"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([], "[tool.brickwork.check] must be a table, not []"),
        (
            {"severty": {}},
            "[tool.brickwork.check] severty is not a setting (known: allow, severity)",
        ),
        ({"severity": "strict"}, "[tool.brickwork.check] severity must be a table, not 'strict'"),
        (
            {"severity": {"BW106": "fatal"}},
            "[tool.brickwork.check] severity.BW106 must be one of error, warning, off, not 'fatal'",
        ),
        (
            {"severity": {"BW999": "off"}},
            "[tool.brickwork.check] severity.BW999 is not a finding code",
        ),
        (
            {"allow": {"svc": "plugin"}},
            "[tool.brickwork.check] allow.svc must be an array of brick",
        ),
        ({"allow": {"nope": []}}, "[tool.brickwork.check] allow.nope names no project (known: "),
        ({"allow": {"svc": ["ghost"]}}, "[tool.brickwork.check] allow.svc names no brick 'ghost'"),
    ],
)
def test_malformed_settings_are_a_poly_error_naming_the_key(
    sketch: Sketch, table: object, message: str
) -> None:
    sketch.brickwork = {"check": table}
    sketch.base("api")
    sketch.project("svc", ["api"])

    with pytest.raises(workspace.PolyError) as raised:
        run(sketch)

    assert str(raised.value).startswith(f"workspace.toml: {message}")
    assert raised.value.exit_code == 2


def test_settings_accept_a_project_folder_name_or_alias_for_allow(sketch: Sketch) -> None:
    sketch.brickwork = {"check": {"allow": {"svc": ["api"]}}}
    sketch.base("api")
    sketch.project("svc", ["api"])

    settings = check.load_settings(sketch.workspace())

    assert settings.allow == {"svc": ("api",)}


def test_exit_code_follows_from_the_findings() -> None:
    def finding(severity: workspace.Severity) -> workspace.Finding:
        return workspace.Finding("BW106", "m", Path("/ws/x.py"), 1, severity=severity)

    warning, error = finding(workspace.Severity.WARNING), finding(workspace.Severity.ERROR)

    assert check.exit_code([]) == 0
    assert check.exit_code([], strict=True) == 0
    assert check.exit_code([warning]) == 0
    assert check.exit_code([warning], strict=True) == 1
    assert check.exit_code([warning, error]) == 1
    assert check.count([warning, error, error]) == check.Counts(errors=2, warnings=1)


def test_projects_restrict_the_project_and_brick_rules(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.component("other", files={"m.py": [imp("acme.nope")]})
    sketch.base("api", files={"m.py": [imp("acme.log")]})
    sketch.base("cli", files={"m.py": [imp("acme.other")]})
    sketch.project("svc", ["api"])
    sketch.project("tool", ["cli"])

    assert run(sketch, projects=("svc",)) == ["BW101 error log"]
    assert run(sketch, projects=("tool",)) == ["BW101 error other"]
    assert run(sketch, projects=("tool", "svc")) == ["BW101 error log", "BW101 error other"]
    assert run(sketch) == ["BW101 error log", "BW101 error other", "BW102 error acme.nope"]


def test_workspace_problems_of_other_projects_are_left_out_when_restricted(
    sketch: Sketch,
) -> None:
    sketch.base("api")
    sketch.project("svc", ["api"])
    svc = sketch.project("tool", [])
    tool_problem = workspace.Finding("BW002", "missing include", svc, 3)
    ws = sketch.workspace(problems=(tool_problem,))
    scan = sketch.scan()
    bricks = graph.build_graph(ws, scan)

    assert check.run_checks(ws, scan, bricks, projects=("svc",)) == []
    assert check.run_checks(ws, scan, bricks, projects=("tool",)) == [tool_problem]


def test_an_unknown_project_is_a_poly_error_listing_the_known_ones(sketch: Sketch) -> None:
    sketch.base("api")
    sketch.project("svc", ["api"])

    with pytest.raises(workspace.PolyError) as raised:
        run(sketch, projects=("svc", "nope", "gone"))

    assert str(raised.value) == (
        "unknown projects 'nope', 'gone'; the projects of this workspace are: development, svc."
    )


def test_library_findings_passed_in_get_the_same_settings(sketch: Sketch) -> None:
    sketch.brickwork = {"check": {"severity": {"BW203": "off"}}}
    sketch.base("api")
    ws = sketch.workspace()
    scan = sketch.scan()
    extra = [
        workspace.Finding("BW201", "missing library requests", Path("/ws/p.toml"), 2),
        workspace.Finding("BW203", "unused library six", Path("/ws/p.toml"), 3),
    ]

    found = check.run_checks(ws, scan, graph.build_graph(ws, scan), extra=extra)

    assert found == extra[:1]


def test_strict_fails_on_a_warning_it_does_not_turn_into_an_error(sketch: Sketch) -> None:
    sketch.component("log")
    sketch.outside_development = ("log",)
    ws = sketch.workspace()
    scan = sketch.scan()

    found = check.run_checks(ws, scan, graph.build_graph(ws, scan), strict=True)

    assert [(f.code, f.severity) for f in found] == [("BW109", workspace.Severity.WARNING)]
    assert check.exit_code(found, strict=True) == workspace.EXIT_FAILURE
    assert check.exit_code(found, strict=False) == workspace.EXIT_OK
