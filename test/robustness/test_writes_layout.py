"""Layouts read and written as their authors meant them: nested bricks (`aws/s3`), projects
one folder deeper, includes that name no whole brick. Each case: setup -> command -> exit
code, the one line or finding it gives, and the tree afterwards (ADR 0025)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.robustness.test_bad_input import tree

Setup = Callable[[WorkspaceFactory], None]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    command: str
    args: str
    exit_code: int
    pattern: str
    """What the one error line (stderr) or, with findings, the JSON messages must match."""
    theme: str = "loose"


def plain(ws: WorkspaceFactory) -> None:
    ws.component("log")


def nested(ws: WorkspaceFactory) -> None:
    ws.component("aws/s3")
    ws.base("api", "from acme.aws import s3\n")


def stale_include(ws: WorkspaceFactory) -> None:
    ws.component("genomics", "import requests\n", {"api/__init__.py": ""})
    ws.base("web", "from acme import genomics\n")
    includes = [ws.include("base", "web"), ("acme/genomics/etl", "../../components")]
    ws.write("projects/svc/pyproject.toml", ws.project_text("svc", includes, "pep621", []))


def deep_project_with_stale_include(ws: WorkspaceFactory) -> None:
    ws.component("log")
    includes = [("acme/log", "../../components")]  # one `../` short for projects/team/svc
    ws.write("projects/team/svc/pyproject.toml", ws.project_text("svc", includes, "poetry", []))


CASES = [
    Case(
        "create-nested-three-levels",
        plain,
        "poly create component",
        "--name aws/s3/put",
        2,
        r"^'aws/s3/put' is not a valid brick name: .* group/name for a nested brick \(e\.g\. ",
    ),
    Case(
        "create-nested-bad-part",
        plain,
        "poly create component",
        "--name aws/S3",
        2,
        r"^'aws/S3' is not a valid brick name",
    ),
    Case(
        "create-nested-inside-a-brick",
        plain,
        "poly create base",
        "--name log/api",
        1,
        r"^'log' is a component \(components/acme/log\), not a grouping folder, so 'log/api' "
        r"cannot be created inside it; pick another group\. Nothing was written\.$",
    ),
    Case(
        "create-nested-tdd",
        plain,
        "poly create component",
        "--name aws/s3",
        2,
        r"^'aws/s3': nested bricks \(group/name\) are a layout of the loose theme, and this "
        r"workspace's theme is tdd; pick a name without '/'\.$",
        theme="tdd",
    ),
    Case(
        "create-nested-existing",
        nested,
        "poly create component",
        "--name aws/s3",
        1,
        r"^'aws/s3' is already a component \(components/acme/aws/s3\)",
    ),
    Case(
        "check-stale-include-under-a-brick",
        stale_include,
        "poly check",
        "--output json",
        1,
        r"^include 'acme/genomics/etl' points at components/acme/genomics/etl, which does not "
        r"exist; fix the path or remove the include$",
    ),
    Case(
        "check-deep-project-stale-include",
        deep_project_with_stale_include,
        "poly check",
        "--output json",
        1,
        r"^include 'acme/log' points at projects/components/acme/log, which does not exist",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_layout_case(make_workspace: MakeWorkspace, poly: PolyRunner, case: Case) -> None:
    ws = make_workspace(theme=case.theme)
    case.setup(ws)
    before = tree(ws.root)

    result = poly(case.command, case.args, cwd=ws.root)

    assert result.exit_code == case.exit_code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if case.command == "poly check":
        found = json.loads(result.stdout)["result"]["findings"]
        assert any(re.search(case.pattern, f["message"]) for f in found), found
        assert result.stderr == ""
    else:
        (line,) = result.stderr.splitlines()
        assert re.search(case.pattern, line), line
    after = {k: v for k, v in tree(ws.root).items() if not k.startswith(".brickwork_cache")}
    assert after == {k: v for k, v in before.items() if not k.startswith(".brickwork_cache")}
