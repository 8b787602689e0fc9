"""A project that includes nested bricks (`acme/aws/s3`) builds into a wheel whose modules
import, with and without a top namespace (ADR 0025)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import commit_all, git
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory


def nested_service(make_workspace: MakeWorkspace, style: str) -> WorkspaceFactory:
    ws = make_workspace(dev_style=style)
    ws.write("components/acme/aws/__init__.py", '"""Amazon services."""\n')
    ws.component("aws/s3", "from acme.aws.s3.impl import put\n", {"impl.py": "def put(): ...\n"})
    ws.component("aws/sqs", "from acme.aws import s3\n\nsend = s3.put\n")
    ws.component("aws/glue", "X = 1\n")
    ws.base("api", "from acme.aws import sqs\nimport acme.aws.s3\n")
    includes = [
        ("acme/api", "../../bases"),
        ("acme/aws/s3", "../../components"),
        ("acme/aws/sqs", "../../components"),
    ]
    ws.write("projects/svc/pyproject.toml", ws.project_text("svc", includes, style, []))
    ws.write(".gitignore", "dist/\n.brickwork_cache/\n__pycache__/\n")
    git(ws.root, "init", "-q")
    commit_all(ws.root)
    return ws


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_a_project_with_nested_bricks_builds_and_its_modules_import(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path, style: str
) -> None:
    ws = nested_service(make_workspace, style)
    out = tmp_path / "out"

    result = poly(
        "poly build-project",
        f"--projects svc --format wheel --verify --output-dir {out}",
        cwd=ws.root,
    )

    assert result.exit_code == 0, result.stdout + result.stderr
    wheel = Wheel(out / "svc-0.1.0-py3-none-any.whl")
    assert wheel.files() == [
        "acme/api/__init__.py",
        "acme/aws/s3/__init__.py",
        "acme/aws/s3/impl.py",
        "acme/aws/sqs/__init__.py",
    ]
    assert "  ok   module acme.aws.sqs" in result.stdout.splitlines()


def test_a_top_namespace_rewrites_the_imports_of_nested_bricks(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    ws = nested_service(make_workspace, "pep621")
    out = tmp_path / "out"

    result = poly(
        "poly build-project",
        f"--projects svc -f wheel --output-dir {out} --with-top-namespace top --verify",
        cwd=ws.root,
    )

    assert result.exit_code == 0, result.stdout + result.stderr
    wheel = Wheel(out / "svc-0.1.0-py3-none-any.whl")
    assert "top/acme/aws/s3/impl.py" in wheel.files()
    assert wheel.text("top/acme/api/__init__.py") == (
        "from top.acme.aws import sqs\nimport top.acme.aws.s3, top.acme as acme\n"
    )
    assert wheel.text("top/acme/aws/s3/__init__.py") == "from top.acme.aws.s3.impl import put\n"
    assert "  ok   module top.acme.aws.sqs" in result.stdout.splitlines(), result.stdout
