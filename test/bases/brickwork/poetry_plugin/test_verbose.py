from __future__ import annotations

import pytest
from cleo.io.outputs.output import Verbosity

from test.conftest import MakeWorkspace, PolyRunner


@pytest.mark.parametrize(
    ("command", "phases"),
    [
        ("poly check", ["reuse", "workspace load", "scan", "graph", "rules"]),
        # deps and libs read the model, then the stored analysis (analysed here: none yet)
        ("poly deps", ["workspace load", "reuse", "workspace load", "scan", "graph", "rules"]),
        ("poly libs", ["workspace load", "reuse", "workspace load", "scan", "graph", "rules"]),
        ("poly info", ["workspace load"]),
    ],
)
def test_verbose_shows_what_was_read_and_the_time_of_each_phase_on_stderr(
    make_workspace: MakeWorkspace, poly: PolyRunner, command: str, phases: list[str]
) -> None:
    ws = make_workspace()
    ws.component("core")
    ws.project("svc", ["core"])

    normal = poly(command, "", cwd=ws.root)
    verbose = poly(command, "", cwd=ws.root, verbosity=Verbosity.VERBOSE)
    very = poly(command, "", cwd=ws.root, verbosity=Verbosity.VERY_VERBOSE)
    quiet = poly(command, "", cwd=ws.root, verbosity=Verbosity.QUIET)

    assert verbose.stdout == normal.stdout
    assert "time:" not in normal.stderr
    # -q keeps the result (a passing check has none to show) and drops every diagnostic
    assert quiet.stdout == ("" if command == "poly check" else normal.stdout)
    assert quiet.stderr == ""
    lines = verbose.stderr.splitlines()
    assert (
        "read workspace.toml (namespace acme, theme loose) and 2 project files: "
        "1 component, 0 bases"
    ) in lines
    assert [line.split()[1:-2] for line in lines if line.startswith("time: ")] == [
        phase.split() for phase in phases
    ]
    assert "  projects/svc/pyproject.toml: project svc" in very.stderr.splitlines()


def test_verbose_says_how_many_files_were_scanned_and_where_the_cache_is(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("core", files={"impl.py": "import os\n"})

    result = poly("poly check", "", cwd=ws.root, verbosity=Verbosity.VERBOSE)

    assert (
        "scanned 2 files for imports (cache: .brickwork_cache; 0 unchanged, 2 parsed)"
        in result.stderr.splitlines()
    )


def test_verbose_says_how_many_files_the_cache_answered_on_a_second_run(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("core", files={"impl.py": "import os\n"})
    poly("poly check", "", cwd=ws.root)
    ws.write("components/acme/core/impl.py", "import json\n")

    result = poly("poly check", "", cwd=ws.root, verbosity=Verbosity.VERBOSE)

    assert (
        "scanned 2 files for imports (cache: .brickwork_cache; 1 unchanged, 1 parsed)"
        in result.stderr.splitlines()
    )
