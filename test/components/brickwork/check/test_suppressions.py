"""BW110: a `# poly: ignore[...]` comment that silences nothing is reported by `check
--strict` (over every project), with the fix; one that silences a finding, even one reported
elsewhere (a project's missing brick at its first import, a cycle at another step), is not.
A run without `--strict` never shows it, so it never turns a green run red."""

from __future__ import annotations

import pytest

from brickwork import check, graph, imports, workspace
from test.components.brickwork.poly_runs import (
    LAYOUTS,
    declare_development,
    findings_of,
    json_run,
)
from test.conftest import MakeWorkspace, PolyRunner, Result, WorkspaceFactory

API = (
    "from acme import log  # poly: ignore[BW101]\n"  # used: svc lacks log
    "from acme import util  # poly: ignore[BW101]\n"  # unused: svc has util
    "import acme.log.core  # poly: ignore[BW107, BW101]\n"  # both used (2nd import of log)
    "import requests  # poly: ignore[BW201]\n"  # used: svc does not declare requests
    "import yaml  # poly: ignore\n"  # unused: pyyaml is declared
    "from acme import store\n"  # true finding kept: BW101 (svc lacks store)
)


def build(factory: WorkspaceFactory, style: str) -> None:
    factory.dev_style = style
    factory.component("log", files={"core.py": "x = 1\n"})
    factory.component("util")
    factory.component("store")
    factory.base("api", files={"core.py": API})
    factory.project("svc", ["api", "util"], style=style, dependencies=["pyyaml"])
    declare_development(factory, ["requests", "pyyaml"])
    loose = factory.theme == "loose"
    tests = factory.root / ("test/components/acme/log" if loose else "components/log/test/acme/log")
    tests.mkdir(parents=True, exist_ok=True)
    (tests / "test_core.py").write_text(
        "import acme.fixtures  # poly: ignore[BW102]\n"  # used: not a brick
        "import acme.util  # poly: ignore[BW102]\n",  # unused: util is a brick
        encoding="utf-8",
    )


def api_file(factory: WorkspaceFactory) -> str:
    return f"{factory.brick_dir('base', 'api')}/core.py"


def bw110_lines(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if "BW110" in line]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_strict_check_reports_each_suppression_that_silences_nothing_with_its_fix(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    factory = make_workspace(theme=theme)
    build(factory, style)

    result = poly("poly check", "--strict", cwd=factory.root)

    api = api_file(factory)
    lines = bw110_lines(result)
    assert result.exit_code == 1, result
    assert f"{api}:6: BW101 error" in result.stdout  # the true finding stays
    assert [line.split(": BW110", 1)[0] for line in lines] == [
        f"{api}:2",
        f"{api}:5",
        lines[2].split(": BW110", 1)[0],
    ]
    assert lines[0].endswith(
        "`# poly: ignore[BW101]` silences nothing (no finding appears without it): "
        "remove `# poly: ignore[BW101]` from line 2"
    )
    assert lines[1].endswith("remove `# poly: ignore` from line 5")
    assert lines[2].endswith(
        ":2: BW110 warning `# poly: ignore[BW102]` silences nothing (no "
        "finding appears without it): remove `# poly: ignore[BW102]` from "
        "line 2"
    )
    assert "test_core.py:2" in lines[2]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS[::3])
def test_a_check_without_strict_never_reports_a_suppression(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    factory = make_workspace(theme=theme)
    build(factory, style)

    result = poly("poly check", "", cwd=factory.root)

    assert result.exit_code == 1, result  # the true BW101 only
    assert "BW110" not in result.stdout
    assert f"{api_file(factory)}:6: BW101 error" in result.stdout


def test_strict_check_of_some_projects_judges_no_suppression(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    build(factory, "pep621")

    result = poly("poly check", "--strict --projects svc", cwd=factory.root)

    assert "BW110" not in result.stdout
    assert "BW101" in result.stdout


def test_a_code_of_a_comment_that_silences_nothing_is_named_alone(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    factory.component("log", files={"core.py": "x = 1\n"})
    factory.base("api", files={"core.py": "import acme.log.core  # poly: ignore[BW107, BW101]\n"})
    factory.project("svc", ["api", "log"])

    _, data = json_run(poly, factory, "poly check", "--strict")

    assert findings_of(data, "code", "line", "message") == [
        (
            "BW110",
            1,
            "BW101 of `# poly: ignore[BW107, BW101]` silences nothing (no finding appears "
            "without it): remove BW101 from the comment on line 1",
        )
    ]


def test_every_suppressed_import_of_a_missing_brick_is_used_not_only_the_first(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    """The project's BW101 is reported at its first import only; without the second file's
    comment it would be reported there."""
    factory = make_workspace()
    factory.component("log")
    factory.base(
        "api",
        files={
            "a.py": "from acme import log  # poly: ignore[BW101]\n",
            "b.py": "from acme import log  # poly: ignore[BW101]\n",
        },
    )
    factory.project("svc", ["api"])

    result = poly("poly check", "--strict", cwd=factory.root)

    assert result.exit_code == 0, result
    assert "BW110" not in result.stdout


def test_a_suppressed_step_of_a_cycle_is_used_though_the_cycle_is_reported_at_another(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    factory.component("log", files={"core.py": "from acme import util  # poly: ignore[BW106]\n"})
    factory.component("util", files={"core.py": "from acme import log\n"})
    factory.component("alpha", files={"core.py": "from acme import beta\n"})
    factory.component("beta", files={"core.py": "from acme import alpha  # poly: ignore[BW106]\n"})
    factory.component("mail", files={"core.py": "from acme import feed\n"})
    factory.component("feed", files={"core.py": "from acme import mail\n"})

    result = poly("poly check", "--strict", cwd=factory.root)

    assert "BW110" not in result.stdout
    assert "BW106 error brick cycle feed -> mail -> feed" in result.stdout  # the true one


def test_settings_can_turn_the_report_off(make_workspace: MakeWorkspace, poly: PolyRunner) -> None:
    factory = make_workspace()
    factory.component("log")
    factory.base("api", files={"core.py": "from acme import log  # poly: ignore\n"})
    factory.project("svc", ["api", "log"])
    text = (factory.root / "workspace.toml").read_text(encoding="utf-8")
    factory.write("workspace.toml", text + '\n[tool.brickwork.check.severity]\nBW110 = "off"\n')

    assert poly("poly check", "--strict", cwd=factory.root).exit_code == 0


def test_without_the_library_rules_library_codes_and_bare_comments_count_as_used(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace()
    factory.component("log")
    factory.base(
        "api",
        files={
            "core.py": (
                "import yaml  # poly: ignore[BW201]\n"
                "import json  # poly: ignore\n"
                "from acme import log  # poly: ignore[BW101]\n"
            )
        },
    )
    factory.project("svc", ["api", "log"])
    ws = workspace.load(factory.root)
    scan = imports.scan_workspace(ws, use_cache=False)

    found = check.run_checks(ws, scan, graph.build_graph(ws, scan), strict=True)

    assert [(f.code, f.line) for f in found] == [("BW110", 3)]


def test_an_import_written_over_several_lines_is_reported_at_its_comment(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    factory.component("util")
    factory.base(
        "api",
        files={"core.py": "from acme.util import (\n    thing,\n)  # poly: ignore[BW101]\n"},
    )
    factory.project("svc", ["api", "util"])

    result = poly("poly check", "--strict", cwd=factory.root)

    assert result.exit_code == 1, result
    assert f"{factory.brick_dir('base', 'api')}/core.py:3: BW110 warning" in result.stdout
    assert "remove `# poly: ignore[BW101]` from line 3" in result.stdout


def test_a_module_loaded_by_name_carries_no_comment_to_judge(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    """The scanner marks a driver named in a URL as never missing: no comment is written."""
    factory = make_workspace()
    factory.component(
        "db",
        files={
            "core.py": (
                'URL = "postgresql+asyncpg://db/app"\n'
                "\n"
                'HINT = "mark it"  # poly: ignore[BW202]\n'  # no import: nothing to judge
            )
        },
    )
    factory.project("svc", ["db"])

    result = poly("poly check", "--strict", cwd=factory.root)

    assert "BW110" not in result.stdout, result


LOCK = (
    '[[package]]\nname = "httpx"\nversion = "0.27"\noptional = false\n\n'
    '[package.dependencies]\nhttpcore = "*"\n\n'
    '[[package]]\nname = "httpcore"\nversion = "1.0"\noptional = false\n\n'
    '[metadata]\nlock-version = "2.1"\npython-versions = ">=3.10"\n'
)


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_a_transitive_library_s_comment_is_used_and_a_declared_one_s_is_not(
    make_workspace: MakeWorkspace, poly: PolyRunner, style: str
) -> None:
    factory = make_workspace(dev_style=style)
    factory.component(
        "client",
        files={
            "core.py": (
                "import httpcore  # poly: ignore[BW202]\n"  # used: only through httpx
                "import httpx  # poly: ignore[BW202]\n"  # unused: declared
                "from acme import api  # poly: ignore[BW103]\n"  # used: a component imports a base
            )
        },
    )
    factory.base("api")
    factory.project("svc", ["api", "client"], style=style, dependencies=["httpx"])
    declare_development(factory, ["httpx"])
    factory.write("poetry.lock", LOCK)
    factory.write("projects/svc/poetry.lock", LOCK)

    plain = poly("poly check", "", cwd=factory.root)
    result = poly("poly check", "--strict", cwd=factory.root)

    assert plain.exit_code == 0, plain
    assert "BW202" not in plain.stdout and "BW103" not in plain.stdout
    lines = bw110_lines(result)
    assert [line.split(" BW110", 1)[0] for line in lines] == [
        f"{factory.brick_dir('component', 'client')}/core.py:2:"
    ]


def test_a_comment_in_a_development_file_is_judged_too(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    factory.component("log")
    factory.write(
        "development/scratch/__init__.py",
        "import acme.nothing  # poly: ignore[BW102]\nfrom acme import log  # poly: ignore[BW102]\n",
    )
    declare_development(factory, [], [("scratch", "development")])

    result = poly("poly check", "--strict", cwd=factory.root)

    lines = bw110_lines(result)
    assert [line.split(" BW110", 1)[0] for line in lines] == ["development/scratch/__init__.py:2:"]
