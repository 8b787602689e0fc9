"""A check of some projects reads the files of what they reach only, and says what a check
that read every brick says: each fixture keeps findings of every kind around the projects
(missing bricks down a chain, cycles, libraries, a sibling distribution, own packages, tests
inside bricks, nested bricks, both themes and project styles)."""

from __future__ import annotations

import json
import re

import pytest
from cleo.io.outputs.output import Verbosity

from brickwork import imports
from test.bases.brickwork.poetry_plugin.reuse_support import findings_workspace
from test.conftest import MakeWorkspace, PolyRunner, Result, WorkspaceFactory


@pytest.fixture(autouse=True)
def _no_reuse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")  # every run analyses


def _chains(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    """api -> core -> log -> util; svc ships api and core (misses log, util); `corelib`
    ships core as a distribution that `job` depends on; job's own package imports `mail`;
    a brick test imports `fake`; a type-only import of `types_`; a cycle a <-> b that only
    `other` reaches; a brick nothing includes with a broken import."""
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("util", "import json\n")
    ws.component("log", "from acme import util\nimport yaml\n")
    ws.component("core", "from acme import log\n", {"impl.py": "from acme.log import impl\n"})
    ws.component("types_", "X = 1\n")
    ws.component("mail", "import requests\n")
    ws.component("fake", "X = 1\n")
    ws.component("a", "from acme import b\n")
    ws.component("b", "def f() -> None:\n    import acme.a\n")
    ws.component("stray", "from acme import nothing_here\n")
    ws.base(
        "api",
        "from typing import TYPE_CHECKING\nimport acme.core\nimport httpx\n"
        "if TYPE_CHECKING:\n    from acme import types_\n",
    )
    ws.base("worker", "from acme import a\n")
    test_folder = ws.brick_dir("component", "core").replace("components/", "test/components/")
    if theme == "tdd":
        test_folder = ws.brick_dir("component", "core").split("/src/")[0] + "/test"
    ws.write(f"{test_folder}/test_core.py", "from acme import fake\n")
    ws.project("svc", ["api", "core"], style=style, dependencies=["httpx", "pyyaml"])
    ws.project("corelib", ["core", "log", "util"], style=style, dependencies=["pyyaml"])
    job = ws.project("job", ["api"], style=style, dependencies=["corelib", "httpx", "toml"])
    text = job.read_text(encoding="utf-8").replace(
        "packages = [\n", 'packages = [\n    { include = "helpers", from = "." },\n'
    )
    job.write_text(text, encoding="utf-8")
    ws.write("projects/job/helpers/__init__.py", "from acme import mail\n")
    ws.project("other", ["worker", "a"], style=style)
    # a project of one base that reaches no component: the tests of the components it does
    # not read still name the workspace's own packages (`components` in the tdd theme)
    ws.base("solo", "import components\n" if theme == "tdd" else "import json\n")
    ws.project("solo", ["solo"], style=style)
    return ws


def _nested(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    ws = make_workspace(dev_style=style)
    ws.write("components/acme/aws/__init__.py", '"""Amazon."""\n')
    ws.component("aws/s3", "from acme.aws.s3.impl import put\n", {"impl.py": "import boto3\n"})
    ws.component("aws/sqs", "from acme.aws import s3\n")
    ws.base("api", "from acme.aws import sqs\n")
    ws.project("svc", ["api", "aws/s3"], style=style, dependencies=["boto3"])
    ws.project("queue", ["aws/sqs"], style=style)
    return ws


def _findings(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    return findings_workspace(make_workspace)


CASES = {"chains": _chains, "nested bricks": _nested, "findings of every kind": _findings}


def _run(poly: PolyRunner, ws: WorkspaceFactory, args: str, command: str = "poly check") -> Result:
    return poly(command, args, cwd=ws.root, verbosity=Verbosity.VERBOSE)


def _scanned(result: Result) -> int:
    found = re.search(r"scanned (\d+) files? for imports", result.stderr)
    assert found is not None, result.stderr
    return int(found.group(1))


def _notes(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("note:")]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize(("theme", "style"), [("loose", "pep621"), ("tdd", "poetry")])
def test_a_check_of_some_projects_reads_less_and_says_the_same(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    monkeypatch: pytest.MonkeyPatch,
    case: object,
    theme: str,
    style: str,
) -> None:
    if case is _nested and theme == "tdd":
        pytest.skip("nested bricks are of the loose theme")
    ws = case(make_workspace, theme, style)  # type: ignore[operator]
    everything = _run(poly, ws, "--output json")
    projects = [p for p in json.loads(everything.stdout)["result"]["projects"]]
    assert len(projects) >= 2

    for project in [*projects, "svc,job"] if case is _chains else projects:
        for command, args in (
            ("poly check", f"--projects {project}"),
            ("poly check", f"--projects {project} --output json --strict"),
            ("poly libs", f"--projects {project} --output json"),
            ("poly libs", f"--projects {project} --strict"),
        ):
            reached = _run(poly, ws, args, command)
            with monkeypatch.context() as patch:
                patch.setattr(
                    imports, "scan_reach", lambda ws_, *_, **k: imports.scan_workspace(ws_, **k)
                )
                truth = _run(poly, ws, args, command)
            shown = (reached.exit_code, reached.stdout)
            assert shown == (truth.exit_code, truth.stdout), (command, args)
            assert _notes(reached) == _notes(truth), (command, args)
            assert _scanned(reached) <= _scanned(truth)


def test_a_check_of_one_project_does_not_read_the_bricks_it_does_not_reach(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = _chains(make_workspace, "loose", "pep621")

    svc = _run(poly, ws, "--projects svc --output json")
    everything = _run(poly, ws, "--output json")

    codes = {f["code"] for f in json.loads(everything.stdout)["result"]["findings"]}
    assert "BW102" in codes  # stray imports a brick that is not there
    assert "stray" not in svc.stdout
    # svc reaches api, core, log, util and types_ (its package files and core's test), and
    # fake through that test; not mail, a, b, stray, worker
    assert _scanned(svc) < _scanned(everything)
    assert "BW101" in svc.stdout
