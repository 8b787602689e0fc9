"""Cases a maintainer paged by a red CI would try first: combinations of the "no false red"
families that their own tests do not build, each beside the true findings that must stay."""

from __future__ import annotations

from typing import Any

import pytest

from test.components.brickwork.poly_runs import LAYOUTS, declare_development, json_run
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Found = list[tuple[str, str, str, int]]

WORDS_NOT_COMMENTS = '''\
"""Client helpers.

Silence a finding with a comment such as
# poly: ignore[BW201]
"""
import requests; HINT = "# poly: ignore[BW201]"  # a string on the import's line
import httpx  # poly: ignore[BW201]
import attr  # poly: ignore[BW201]
TEXT = """
# poly: ignore
"""
'''


def build_words(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("client", "", {"core.py": WORDS_NOT_COMMENTS})
    ws.base("api", "from acme import client\n")
    ws.project("svc", ["api", "client"], style=style, dependencies=["attrs"])
    declare_development(ws, ["attrs"])
    return ws


def check(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> tuple[int, Found]:
    code, data = json_run(poly, ws, "poly check", args)
    body = data.get("result", data)  # the report's body, in either JSON schema version
    return code, sorted(
        (f["code"], f["subject"], f["severity"], f["line"]) for f in body["findings"]
    )


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_suppression_words_in_a_string_or_docstring_silence_nothing_and_are_no_stale_comment(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build_words(make_workspace, theme, style)

    code, found = check(poly, ws)
    strict, strict_found = check(poly, ws, "--strict")

    assert code == 1 and strict == 1
    # requests: the words are in a string on its line, so the true error stays
    assert found == [("BW201", "requests", "error", 6)]
    # httpx's comment silences a true BW201 (used); attr's silences nothing: attrs is declared
    # (the true BW110); the docstring and the string constants are no comments at all
    assert [f for f in strict_found if f[0] == "BW110"] == [
        ("BW110", "# poly: ignore[BW201]", "warning", 8)
    ]


CLASS_BODY = """\
import contextlib
import sys

import yaml  # a true BW201: required at module level, declared nowhere


class Plugins:
    try:
        from acme import extra
    except (ImportError, AttributeError):
        extra = None

    from acme import store  # a class body runs at import: a true BW101


with contextlib.suppress(ModuleNotFoundError):
    import orjson

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib
"""
DEVELOPER_ONLY = {
    "tests/__init__.py": "",
    "tests/test_core.py": "import pytest\nfrom acme import fixtures\n",
    "conftest.py": "import pytest\nfrom acme import fixtures\n",
}


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_an_optional_brick_import_in_a_class_body_is_a_warning_and_a_required_one_an_error(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("core", "", {"core.py": CLASS_BODY, **DEVELOPER_ONLY})
    for name in ("extra", "store", "fixtures"):
        ws.component(name)
    ws.base("api", "from acme import core\n")
    ws.project("svc", ["api", "core"], style=style)
    declare_development(ws, ["pyyaml", "orjson", "tomli", "pytest"])

    code, found = check(poly, ws, "--projects svc")

    assert code == 1
    assert [f[:3] for f in found] == [
        ("BW101", "extra", "warning"),  # try/except (ImportError, AttributeError)
        ("BW101", "store", "error"),
        ("BW201", "pyyaml", "error"),
        ("BW201", "tomli", "warning"),  # the version guard's else branch
    ]  # orjson under suppress(ModuleNotFoundError): nothing; fixtures: only tests import it


def body(poly: PolyRunner, ws: WorkspaceFactory, command: str) -> dict[str, Any]:
    _, data = json_run(poly, ws, command)
    found: dict[str, Any] = data.get("result", data)
    return found


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_a_nested_brick_with_a_test_tree_and_a_non_utf8_file_name_is_one_brick_everywhere(
    make_workspace: MakeWorkspace, poly: PolyRunner, style: str
) -> None:
    ws = make_workspace(dev_style=style)
    ws.write("components/acme/aws/__init__.py", "")
    for name, source in (("s3", "import boto3\nfrom acme.aws import sqs\n"), ("sqs", "")):
        ws.write(f"components/acme/aws/{name}/__init__.py", f'"""{name}."""\n')
        ws.write(f"components/acme/aws/{name}/core.py", source)
        ws.dev_bricks.append(("component", f"aws/{name}"))
    folder = bytes(ws.root / "components/acme/aws/s3")
    with open(folder + b"/caf\xe9.json", "w") as data:  # a name that is not UTF-8
        data.write("{}")
    ws.write(
        "test/components/acme/aws/s3/test_core.py", "import moto\nfrom acme.aws.s3 import core\n"
    )
    ws.base("api", "from acme.aws import s3\n")
    ws.project("svc", ["api", "aws/s3"], style=style, dependencies=["boto3"])
    declare_development(ws, ["boto3"])

    code, found = check(poly, ws)
    info = body(poly, ws, "poly info")
    deps = body(poly, ws, "poly deps")
    libs = body(poly, ws, "poly libs")
    synced = poly("poly sync", "--check", cwd=ws.root)

    assert code == 1
    assert [f[:3] for f in found] == [
        ("BW101", "aws/sqs", "error"),  # a true one: s3 needs sqs, svc lacks it
        ("BW201", "moto", "warning"),  # only the development project's test imports it
    ]
    assert [c["name"] for c in info["components"]] == ["aws/s3", "aws/sqs"]
    assert [b["name"] for b in deps["bricks"]] == ["aws/s3", "aws/sqs", "api"]
    assert [b["name"] for b in libs["bricks"]] == ["aws/s3", "aws/sqs", "api"]
    assert synced.exit_code == 1 and '"acme/aws/sqs"' in synced.stdout


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_a_project_package_importing_a_nested_brick_needs_that_brick(
    make_workspace: MakeWorkspace, poly: PolyRunner, style: str
) -> None:
    ws = make_workspace(dev_style=style)
    ws.write("components/acme/aws/__init__.py", "")
    for name in ("s3", "sqs"):
        ws.write(f"components/acme/aws/{name}/__init__.py", f'"""{name}."""\n')
        ws.dev_bricks.append(("component", f"aws/{name}"))
    ws.write_development()
    ws.base("api", "from acme.aws import sqs\n")
    ws.write("projects/svc/helpers/__init__.py", "from acme.aws import s3\n")
    includes = [("helpers", "."), ws.include("base", "api"), ws.include("component", "aws/sqs")]
    ws.write("projects/svc/pyproject.toml", ws.project_text("svc", includes, style, []))

    code, found = check(poly, ws)

    # the project's own package needs aws/s3 (a true BW101); api's aws/sqs is included
    assert code == 1
    assert [f[:3] for f in found] == [("BW101", "aws/s3", "error")]


FALLBACKS = """\
try:
    import tomllib
except ModuleNotFoundError:
    import tomli as tomllib

try:
    from importlib.metadata import version
except ImportError:
    from importlib_metadata import version

try:  # not a version fallback: yaml is needed either way
    from yaml import CLoader as Loader
except ImportError:
    from yaml import Loader
"""


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_backport_imported_when_the_standard_library_module_is_missing_is_a_warning(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("config", "", {"core.py": FALLBACKS})
    ws.base("api", "from acme import config\n")
    ws.project("svc", ["api", "config"], style=style)

    code, found = check(poly, ws, "--projects svc")

    assert code == 1
    assert [f[:3] for f in found] == [
        ("BW201", "importlib-metadata", "warning"),  # only on a Python without the module
        ("BW201", "pyyaml", "error"),  # the handler of a third-party import stays required
        ("BW201", "tomli", "warning"),
    ]
