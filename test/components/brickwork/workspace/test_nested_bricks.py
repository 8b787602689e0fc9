"""Nested bricks (`components/acme/aws/s3` under a grouping folder `aws/`) are bricks named
`aws/s3` in every command; projects one folder deeper (`projects/team/svc`) are projects.
Each fixture keeps the true findings next to the case that used to be read wrong (ADR 0025)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from brickwork import graph, imports, workspace
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo

Found = list[tuple[str, str]]
STYLES = ("pep621", "poetry")


def findings(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> Found:
    result = poly("poly check", f"--output json {args}", cwd=ws.root)
    assert result.stderr == "", result.stderr
    return sorted(
        (f["code"], f["subject"]) for f in json.loads(result.stdout)["result"]["findings"]
    )


def write_project(
    ws: WorkspaceFactory,
    folder: str,
    name: str,
    includes: Sequence[tuple[str, str]],
    style: str,
    dependencies: Sequence[str] = (),
) -> None:
    ws.write(f"{folder}/pyproject.toml", ws.project_text(name, includes, style, list(dependencies)))


def nested(make_workspace: MakeWorkspace, style: str, init: str | None = "") -> WorkspaceFactory:
    """aws/s3 and aws/sqs in a grouping folder (its `__init__.py`: `init`, or none), a base
    api using both, and a project svc that includes api and aws/s3 only."""
    ws = make_workspace(dev_style=style)
    if init is not None:
        ws.write("components/acme/aws/__init__.py", init)
    ws.component("aws/s3", "from acme.aws.s3.impl import put\n", {"impl.py": "def put(): ...\n"})
    ws.component("aws/sqs", "from acme.aws import s3\n")
    ws.base("api", "from acme.aws import sqs\nimport acme.aws.s3\n")
    write_project(
        ws,
        "projects/svc",
        "svc",
        [("acme/api", "../../bases"), ("acme/aws/s3", "../../components")],
        style,
    )
    return ws


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("init", [None, "", '"""Amazon services."""\n'])
def test_a_grouping_folder_without_code_holds_bricks_named_by_their_path(
    make_workspace: MakeWorkspace, style: str, init: str | None
) -> None:
    ws = nested(make_workspace, style, init)

    loaded = workspace.load(ws.root)

    assert sorted(b.name for b in loaded.bricks) == ["api", "aws/s3", "aws/sqs"]
    assert loaded.nested == frozenset({"aws"})
    assert loaded.interface("aws/s3") == "acme.aws.s3"
    svc = loaded.project("svc")
    assert svc is not None and svc.bricks == ("api", "aws/s3")
    assert loaded.problems == ()
    assert loaded.brick_at("components/acme/aws/s3/impl.py") == loaded.brick("aws/s3")
    assert loaded.brick_at("test/components/acme/aws/sqs/test_x.py") == loaded.brick("aws/sqs")
    assert loaded.brick_at("components/acme/aws/__init__.py") is None


@pytest.mark.parametrize("init", ["import boto3\n", '"""Amazon."""\nfrom acme.aws.s3 import put\n'])
def test_a_folder_with_code_of_its_own_is_one_brick_not_a_group(
    make_workspace: MakeWorkspace, init: str
) -> None:
    ws = make_workspace()
    ws.write("components/acme/aws/__init__.py", init)
    ws.write("components/acme/aws/s3/__init__.py", "")

    loaded = workspace.load(ws.root)

    assert [b.name for b in loaded.bricks] == ["aws"]


def test_a_module_next_to_the_sub_packages_makes_the_folder_one_brick(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    ws.write("components/acme/aws/s3/__init__.py", "")
    ws.write("components/acme/aws/session.py", "")

    assert [b.name for b in workspace.load(ws.root).bricks] == ["aws"]


def test_a_tests_folder_in_a_grouping_folder_is_no_nested_brick(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    ws.write("components/acme/aws/s3/__init__.py", "")
    ws.write("components/acme/aws/tests/__init__.py", "")
    ws.write("components/acme/aws/tests/test_s3.py", "from acme.aws import s3\n")

    assert [b.name for b in workspace.load(ws.root).bricks] == ["aws/s3"]


def test_a_nested_folder_that_is_not_an_identifier_is_bw005_by_its_path(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    ws.write("components/acme/aws/s3/__init__.py", "")
    ws.write("components/acme/aws/dynamo-db/__init__.py", "")

    loaded = workspace.load(ws.root)

    assert [b.name for b in loaded.bricks] == ["aws/s3"]
    assert [(p.code, p.subject) for p in loaded.problems] == [("BW005", "aws/dynamo-db")]


def test_brick_of_maps_a_module_of_a_nested_brick_given_the_grouping_folders() -> None:
    nested_folders = frozenset({"aws"})

    assert imports.brick_of("acme.aws.s3.impl", "acme", nested_folders) == "aws/s3"
    assert imports.brick_of("acme.aws.s3", "acme", nested_folders) == "aws/s3"
    assert imports.brick_of("acme.aws", "acme", nested_folders) == "aws"
    assert imports.brick_of("acme.log.core", "acme", nested_folders) == "log"
    assert imports.brick_of("acme.aws.s3.impl", "acme") == "aws"
    imp = imports.Import("acme.aws", ("s3", "sqs"), 1)
    assert imports.imported_bricks(imp, "acme", nested_folders) == ("aws/s3", "aws/sqs")
    targets = graph.namespace_targets("acme", imp, nested_folders)
    assert [(t.name, t.submodule) for t in targets] == [("aws/s3", ""), ("aws/sqs", "")]
    deep = graph.namespace_targets("acme", imports.Import("acme.aws.s3.impl", (), 1), {"aws"})
    assert [(t.name, t.submodule, t.dotted) for t in deep] == [
        ("aws/s3", "impl", "acme.aws.s3.impl")
    ]


@pytest.mark.parametrize("style", STYLES)
def test_check_judges_nested_bricks_as_bricks_and_keeps_the_true_findings(
    make_workspace: MakeWorkspace, poly: PolyRunner, style: str
) -> None:
    ws = nested(make_workspace, style)
    ws.write("bases/acme/api/__init__.py", "from acme.aws import sqs\nimport acme.aws.s3.impl\n")

    # svc lacks aws/sqs (api imports it): a true BW101; the import of s3's inside: BW107
    assert findings(poly, ws) == [("BW101", "aws/sqs"), ("BW107", "acme.aws.s3.impl")]


def test_a_nested_brick_that_does_not_exist_is_bw102_and_the_grouping_folder_is_not(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = nested(make_workspace, "pep621")
    ws.write("bases/acme/api/__init__.py", "import acme.aws\nfrom acme.aws import sqs, s3, gone\n")
    write_project(
        ws,
        "projects/svc",
        "svc",
        [("acme/api", "../../bases"), ("acme/aws", "../../components")],
        "pep621",
    )

    assert findings(poly, ws) == [("BW102", "acme.aws.gone")]


def test_info_deps_and_libs_name_nested_bricks_by_their_path(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = nested(make_workspace, "pep621")

    for command in ("poly info", "poly deps", "poly libs"):
        result = poly(command, "", cwd=ws.root)
        assert (result.exit_code, result.stderr) == (0, ""), command
        assert "aws/s3" in result.stdout and "aws/sqs" in result.stdout, command
    deps = poly("poly deps", "--brick api --output json", cwd=ws.root)
    assert "aws/sqs" in deps.stdout, deps.stdout


def test_diff_and_test_selection_map_a_changed_file_to_its_nested_brick(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = nested(make_workspace, "pep621")
    ws.write("test/components/acme/aws/s3/test_s3.py", "def test_s3() -> None: ...\n")
    ws.write(".gitignore", ".brickwork_cache/\n__pycache__/\n")
    repo = GitRepo.init(ws.root)
    repo.commit("initial")
    repo.tag("stable-1")
    ws.write("components/acme/aws/s3/impl.py", "def put(): return 1\n")

    changed = poly("poly diff", "--bricks --short", cwd=ws.root)
    affected = poly("poly diff", "--deps --short", cwd=ws.root)
    selected = poly("poly test", "--list --no-check", cwd=ws.root)

    assert (changed.exit_code, changed.stdout.strip()) == (0, "aws/s3")
    assert affected.stdout.strip().split(",") == ["api", "aws/s3", "aws/sqs"]
    assert "test/components/acme/aws/s3" in selected.stdout, selected.stdout


def test_a_changed_grouping_folder_file_is_no_changed_brick(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = nested(make_workspace, "pep621", '"""Amazon."""\n')
    ws.write(".gitignore", ".brickwork_cache/\n__pycache__/\n")
    repo = GitRepo.init(ws.root)
    repo.commit("initial")
    repo.tag("stable-1")
    ws.write("components/acme/aws/__init__.py", '"""Amazon services."""\n')

    result = poly("poly diff", "--bricks --short", cwd=ws.root)

    assert (result.exit_code, result.stdout.strip(), result.stderr) == (0, "", "")


def test_create_component_makes_a_nested_brick_that_check_accepts(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log")

    created = poly("poly create component", "--name aws/s3", cwd=ws.root)

    assert created.exit_code == 0, created.stderr
    loaded = workspace.load(ws.root)
    assert [b.name for b in loaded.bricks] == ["aws/s3", "log"]
    interface = (ws.root / "components/acme/aws/s3/__init__.py").read_text()
    assert "from acme.aws.s3.core import " in interface
    assert (ws.root / "test/components/acme/aws/s3/test_core.py").is_file()
    dev = (ws.root / "pyproject.toml").read_text()
    assert '{ include = "acme/aws/s3", from = "components" }' in dev
    # the true finding next to it: log is a brick nothing uses, which check does not flag;
    # an import of a nested brick that is not there is BW102
    assert findings(poly, ws) == []
    ws.write("components/acme/log/__init__.py", "from acme.aws import s4\n")
    assert findings(poly, ws) == [("BW102", "acme.aws.s4")]


def test_create_refuses_a_nested_brick_in_a_brick_or_in_the_tdd_theme(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    loose = make_workspace()
    loose.component("log")
    inside = poly("poly create component", "--name log/sub", cwd=loose.root)
    bad = poly("poly create component", "--name a/b/c", cwd=loose.root)

    assert inside.exit_code == 1
    assert "'log' is a component (components/acme/log), not a grouping folder" in inside.stderr
    assert bad.exit_code == 2 and "group/name for a nested brick" in bad.stderr
    assert not (loose.root / "components/acme/log/sub").exists()


def test_create_refuses_a_nested_brick_in_the_tdd_theme(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace(theme="tdd")

    result = poly("poly create component", "--name aws/s3", cwd=ws.root)

    assert result.exit_code == 2
    assert "nested bricks (group/name) are a layout of the loose theme" in result.stderr
    assert not (ws.root / "components/aws").exists()


def test_tdd_sub_packages_stay_one_grouping_brick(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace(theme="tdd")
    ws.write("components/aws/src/acme/aws/s3/__init__.py", "")
    ws.write("components/aws/src/acme/aws/sqs/__init__.py", "")

    loaded = workspace.load(ws.root)

    aws = loaded.brick("aws")
    assert aws is not None and aws.group and loaded.nested == frozenset()


@pytest.mark.parametrize("style", STYLES)
def test_a_project_one_folder_deeper_is_found_with_its_includes(
    make_workspace: MakeWorkspace, poly: PolyRunner, style: str
) -> None:
    ws = make_workspace(dev_style=style)
    ws.component("log")
    ws.component("cache")
    ws.base("api", "from acme import log, cache\n")
    deep = [("acme/api", "../../../bases"), ("acme/log", "../../../components")]
    write_project(ws, "projects/team/svc", "team-svc", deep, style)
    ws.project("tool", ["log"], style=style)
    ws.write("projects/k8s/deploy.yaml", "kind: Deployment\n")

    loaded = workspace.load(ws.root)
    info = poly("poly info", "", cwd=ws.root)

    svc = loaded.project("team-svc")
    assert svc is not None and svc.path == ws.root / "projects/team/svc"
    assert svc.bricks == ("api", "log")
    assert [p.name for p in loaded.deployables] == ["team-svc", "tool"]
    assert "team-svc" in info.stdout
    # the true finding: team-svc lacks cache
    assert findings(poly, ws) == [("BW101", "cache")]
    assert findings(poly, ws, "--projects team-svc") == [("BW101", "cache")]


def test_sync_adds_a_nested_brick_to_a_project_one_folder_deeper(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = nested(make_workspace, "pep621")
    deep = [("acme/api", "../../../bases")]
    write_project(ws, "projects/team/svc", "team-svc", deep, "pep621")
    (ws.root / "projects/svc/pyproject.toml").unlink()
    assert findings(poly, ws) == [("BW101", "aws/s3"), ("BW101", "aws/sqs")]

    result = poly("poly sync", "", cwd=ws.root)

    assert result.exit_code == 0, result.stdout + result.stderr
    text = (ws.root / "projects/team/svc/pyproject.toml").read_text()
    assert '{ include = "acme/aws/s3", from = "../../../components" }' in text
    assert '{ include = "acme/aws/sqs", from = "../../../components" }' in text
    assert findings(poly, ws) == []


def test_a_nested_brick_left_out_of_the_development_project_gets_its_include_hint(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = nested(make_workspace, "pep621")
    ws.dev_bricks.remove(("component", "aws/sqs"))
    ws.write_development()

    result = poly("poly check", "--output json", cwd=ws.root)

    found = {f["code"]: f for f in json.loads(result.stdout)["result"]["findings"]}
    assert sorted((c, f["subject"]) for c, f in found.items()) == [
        ("BW101", "aws/sqs"),  # the true finding of svc next to it
        ("BW109", "aws/sqs"),
    ]
    assert found["BW109"]["message"] == (
        "brick 'aws/sqs' is not included in the development project; add "
        '{ include = "acme/aws/sqs", from = "components" } to packages in pyproject.toml'
    )
