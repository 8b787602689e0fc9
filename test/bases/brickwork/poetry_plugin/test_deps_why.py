"""`poetry poly deps --why X`: every import chain by which a project needs a brick or a library,
each hop with file:line, from the roots `check` and `sync` measure need from (ADR 0021)."""

from __future__ import annotations

import json
from typing import Any

import fastjsonschema
import pytest

from brickwork import report
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

THEMES = ["loose", "tdd"]
STYLES = ["pep621", "poetry"]


def shop(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    """svc: base api imports orders (required) and billing (inside try/except ImportError);
    both import db, which imports sqlalchemy; billing imports yaml only for type checking;
    legacy is listed but nothing svc needs imports it. Project svc has its own package
    `helpers`, which imports requests and the brick audit."""
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("db", "", {"session.py": "import os\nimport sqlalchemy\n"})
    ws.component("orders", "", {"repo.py": "from acme.db import session\n"})
    ws.component(
        "billing",
        "from typing import TYPE_CHECKING\n\nfrom acme import db\n\nif TYPE_CHECKING:\n"
        "    import yaml\n",
    )
    ws.component("legacy", "import sqlalchemy\n")
    ws.component("audit", "import structlog\n")
    ws.base(
        "api",
        "",
        {
            "core.py": "from acme import orders\n\ntry:\n    from acme import billing\n"
            "except ImportError:\n    billing = None\n"
        },
    )
    includes = [
        ws.include(kind, name)
        for kind, name in [
            ("base", "api"),
            ("component", "orders"),
            ("component", "db"),
            ("component", "billing"),
            ("component", "legacy"),
            ("component", "audit"),
        ]
    ]
    ws.write(
        "projects/svc/pyproject.toml",
        ws.project_text(
            "svc", [*includes, ("helpers", ".")], style, ["sqlalchemy", "requests", "structlog"]
        ),
    )
    ws.write("projects/svc/helpers/__init__.py", "import requests\n\nfrom acme import audit\n")
    ws.project("worker", ["orders", "db"], style=style, dependencies=["sqlalchemy"])
    return ws


def brick(ws: WorkspaceFactory, kind: str, name: str, file: str) -> str:
    return f"{ws.brick_dir(kind, name)}/{file}"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("theme", THEMES)
def test_why_a_library_shows_each_chain_from_the_base_with_every_hop_located(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = shop(make_workspace, theme, style)
    core = brick(ws, "base", "api", "core.py")
    repo = brick(ws, "component", "orders", "repo.py")
    billing = brick(ws, "component", "billing", "__init__.py")
    session = brick(ws, "component", "db", "session.py")

    result = poly("poly deps", "--why SQLAlchemy --projects svc", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "svc needs library sqlalchemy (2 chains):",
        f"  base api -> component orders ({core}:1 imports acme.orders) -> component db "
        f"({repo}:1 imports acme.db) -> sqlalchemy ({session}:2 imports sqlalchemy)",
        f"  base api -> component billing ({core}:4 imports acme.billing [optional]) -> "
        f"component db ({billing}:3 imports acme.db) -> sqlalchemy ({session}:2 imports "
        "sqlalchemy)",
        "  and through bricks it lists but does not need (BW108):",
        "  component legacy (listed, unneeded) -> sqlalchemy "
        f"({brick(ws, 'component', 'legacy', '__init__.py')}:1 imports sqlalchemy)",
    ]
    assert result.stderr == ""


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("theme", THEMES)
def test_why_a_brick_reached_two_ways_shows_both_and_marks_the_optional_import(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = shop(make_workspace, theme, style)
    core = brick(ws, "base", "api", "core.py")

    result = poly("poly deps", "--why db --projects svc", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "svc needs component db (2 chains):"
    assert lines[1].startswith(f"  base api -> component orders ({core}:1 imports acme.orders)")
    assert lines[2].startswith(f"  base api -> component billing ({core}:4 imports acme.billing")
    assert "[optional]" in lines[2] and "[optional]" not in lines[1]
    assert lines[1].endswith(
        f"component db ({brick(ws, 'component', 'orders', 'repo.py')}:1 imports acme.db)"
    )
    assert len(lines) == 3


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("theme", THEMES)
def test_why_a_library_of_the_projects_own_package_starts_at_the_package(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = shop(make_workspace, theme, style)

    direct = poly("poly deps", "--why requests --projects svc", cwd=ws.root)
    through = poly("poly deps", "--why structlog --projects svc", cwd=ws.root)

    assert direct.exit_code == 0, direct.stderr
    assert direct.stdout.splitlines() == [
        "svc needs library requests (1 chain):",
        "  package helpers -> requests (projects/svc/helpers/__init__.py:1 imports requests)",
    ]
    assert through.exit_code == 0, through.stderr
    assert through.stdout.splitlines() == [
        "svc needs library structlog (1 chain):",
        "  package helpers -> component audit (projects/svc/helpers/__init__.py:3 imports "
        f"acme.audit) -> structlog ({brick(ws, 'component', 'audit', '__init__.py')}:1 imports "
        "structlog)",
    ]


@pytest.mark.parametrize("theme", THEMES)
def test_a_library_imported_only_for_type_checking_is_not_needed_and_the_import_is_shown(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = shop(make_workspace, theme, "pep621")

    result = poly("poly deps", "--why yaml --projects svc", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "svc does not need library pyyaml at runtime; only type-checking imports reach it:",
        f"  {brick(ws, 'component', 'billing', '__init__.py')}:6 imports yaml [type-only]",
    ]


@pytest.mark.parametrize("theme", THEMES)
def test_without_projects_every_deployable_is_answered_and_the_others_named(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = shop(make_workspace, theme, "poetry")

    needed = poly("poly deps", "--why orders", cwd=ws.root)
    requests = poly("poly deps", "--why requests", cwd=ws.root)

    assert needed.exit_code == 0, needed.stderr
    assert needed.stdout.splitlines() == [
        "svc needs component orders (1 chain):",
        f"  base api -> component orders ({brick(ws, 'base', 'api', 'core.py')}:1 imports "
        "acme.orders)",
        "",
        "worker needs component orders (1 chain):",
        "  component orders (listed)",
    ]
    assert requests.exit_code == 0, requests.stderr
    assert requests.stdout.splitlines()[-1] == "worker does not need library requests"


def test_a_listed_brick_nothing_needs_is_said_so_with_bw108(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = shop(make_workspace, "loose", "pep621")

    result = poly("poly deps", "--why legacy --projects svc", cwd=ws.root)
    check = poly("poly check", "--projects svc", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "svc lists component legacy but does not need it: nothing it needs imports it "
        "(BW108: `poetry poly sync --prune` removes it)"
    ]
    assert "BW108" in check.stdout and "legacy" in check.stdout  # the same answer as check


def test_a_nested_brick_is_asked_by_its_slash_or_dotted_name(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.write("components/acme/aws/__init__.py", "")
    ws.component("aws/s3", "import boto3\n")
    ws.base("api", "from acme.aws import s3\n")
    ws.project("svc", ["api", "aws/s3"], dependencies=["boto3"])

    slash = poly("poly deps", "--why aws/s3 --projects svc", cwd=ws.root)
    dotted = poly("poly deps", "--why acme.aws.s3 --projects svc", cwd=ws.root)
    library = poly("poly deps", "--why boto3 --projects svc", cwd=ws.root)

    assert slash.exit_code == 0, slash.stderr
    assert slash.stdout.splitlines() == [
        "svc needs component aws/s3 (1 chain):",
        "  base api -> component aws/s3 (bases/acme/api/__init__.py:1 imports acme.aws.s3)",
    ]
    assert dotted.stdout == slash.stdout
    assert library.stdout.splitlines()[1].endswith(
        "-> boto3 (components/acme/aws/s3/__init__.py:1 imports boto3)"
    )


def test_a_known_library_the_project_does_not_import_is_not_needed(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = shop(make_workspace, "loose", "pep621")

    result = poly("poly deps", "--why Requests --projects worker", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["worker does not need library requests"]


def test_an_unknown_name_fails_with_a_suggestion_and_exit_2(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = shop(make_workspace, "loose", "pep621")

    result = poly("poly deps", "--why ordrs --projects svc", cwd=ws.root)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "--why ordrs: no brick or library of this workspace has that name; did you mean "
        "orders? `poetry poly info` lists the bricks, `poetry poly libs` the libraries."
    )


def validate(document: dict[str, Any]) -> None:
    schema = json.loads(report.schema_file("deps").read_text(encoding="utf-8"))
    fastjsonschema.compile(schema)(document)


@pytest.mark.parametrize("theme", THEMES)
def test_the_json_output_is_the_deps_envelope_and_validates(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = shop(make_workspace, theme, "pep621")

    result = poly("poly deps", "--why sqlalchemy --output json", cwd=ws.root)
    failed = poly("poly deps", "--why nothing-at-all --output json", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    validate(document)
    assert document["command"] == "deps"
    assert document["counts"] == {"projects": 2, "needing": 2, "chains": 4}
    svc, worker = document["result"]["projects"]
    assert document["result"]["why"] == {
        "asked": "sqlalchemy",
        "kind": "library",
        "name": "sqlalchemy",
    }
    assert [c["origin"] for c in svc["chains"]] == ["base", "base", "unneeded"]
    assert [h["brick"] for h in svc["chains"][0]["hops"]] == ["api", "orders", "db"]
    assert svc["chains"][0]["required"] is True and svc["chains"][1]["required"] is False
    assert svc["chains"][1]["hops"][1]["site"]["class"] == "optional"
    assert svc["chains"][0]["end"] == {
        "path": brick(ws, "component", "db", "session.py"),
        "line": 2,
        "module": "sqlalchemy",
        "class": "required",
        "lazy": False,
    }
    assert worker["needs"] is True and worker["chains"][0]["origin"] == "listed"
    assert failed.exit_code == 2
    error = json.loads(failed.stdout)
    validate(error)
    assert error["error"]["message"].startswith("--why nothing-at-all: no brick or library")


def test_quiet_keeps_the_answer(make_workspace: MakeWorkspace, poly: PolyRunner) -> None:
    from cleo.io.outputs.output import Verbosity

    ws = shop(make_workspace, "loose", "pep621")

    loud = poly("poly deps", "--why db --projects svc", cwd=ws.root)
    quiet = poly("poly deps", "--why db --projects svc", cwd=ws.root, verbosity=Verbosity.QUIET)

    assert quiet.exit_code == 0
    assert quiet.stdout == loud.stdout != ""


@pytest.mark.parametrize("style", STYLES)
def test_a_needed_brick_the_project_does_not_include_is_named_as_check_names_it(
    make_workspace: MakeWorkspace, poly: PolyRunner, style: str
) -> None:
    ws = make_workspace(dev_style=style)
    ws.component("log", '"""log."""\n')
    ws.component("greeting", "from acme import log\n")
    ws.base("api", "from acme import greeting\n")
    ws.project("svc", ["api", "greeting"], style=style)

    result = poly("poly deps", "--why log --projects svc --output json", cwd=ws.root)
    text = poly("poly deps", "--why log --projects svc", cwd=ws.root)
    check = poly("poly check", "--projects svc", cwd=ws.root)

    validate(json.loads(result.stdout))
    (svc,) = json.loads(result.stdout)["result"]["projects"]
    assert svc["needs"] is True and svc["missing"] is True
    assert (
        text.stdout.splitlines()[-1]
        == "  svc does not include it (BW101: `poetry poly sync` adds it)"
    )
    assert check.exit_code == 1 and "BW101" in check.stdout  # the same answer as check
