"""A workspace made by the incumbent: its root project declares no test tools, yet its tests
import pytest. Tests are development code: a library only tests import is a BW201 warning
(declare it in a dev group), never an error that stops a first `check`; `--strict` fails on
it as on every warning. Libraries that code needs stay errors."""

from __future__ import annotations

import pytest

from test.components.brickwork.poly_runs import LAYOUTS, declare_development, json_run
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Found = list[tuple[str, str, str, str]]


def folder_of_tests(ws: WorkspaceFactory, brick: str, kind: str = "components") -> str:
    """The theme's test folder of a brick."""
    if ws.theme == "loose":
        return f"test/{kind}/{ws.namespace}/{brick}"
    return f"{kind}/{brick}/test"


def incumbent_like(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    """cart (requests) and an api base (fastapi), a project shipping both; tests importing
    pytest and hypothesis, a brick-internal `tests/` file importing freezegun; a brick script
    importing click; a test and the code both importing rich. The development project
    declares the runtime libraries only, as the incumbent's root project does."""
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component(
        "cart",
        "from acme.cart.core import total\n",
        {
            "core.py": "import requests\nimport rich\n\n\ndef total():\n    return 0\n",
            "tests/test_internal.py": "import freezegun\n",
            "scripts/seed.py": "import click\n",
        },
    )
    ws.base("api", "import fastapi\n\nfrom acme import cart\n")
    ws.project("svc", ["api", "cart"], style=style, dependencies=["requests", "fastapi", "rich"])
    declare_development(ws, ["requests", "fastapi"])
    ws.write(
        f"{folder_of_tests(ws, 'cart')}/test_core.py",
        "import pytest\nfrom hypothesis import given\nimport rich\n\nfrom acme import cart\n",
    )
    ws.write(f"{folder_of_tests(ws, 'api', 'bases')}/conftest.py", "import pytest\n")
    return ws


def check(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> tuple[int, Found]:
    code, body = json_run(poly, ws, "poly check", args)
    found = sorted(
        (f["code"], f["subject"], f["severity"], f["path"].rsplit("/", 1)[-1])
        for f in body["findings"]
    )
    return code, found


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_libraries_only_tests_import_are_warnings_and_code_imports_stay_errors(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = incumbent_like(make_workspace, theme, style)

    code, found = check(poly, ws)

    assert code == 1
    assert found == [
        ("BW201", "click", "error", "seed.py"),  # a script is a tool, not a test
        ("BW201", "freezegun", "warning", "test_internal.py"),  # a brick-internal test
        ("BW201", "hypothesis", "warning", "test_core.py"),
        ("BW201", "pytest", "warning", "conftest.py"),
        ("BW201", "rich", "error", "core.py"),  # the code imports it too: the true error
    ]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_declaring_what_code_needs_makes_check_pass_and_strict_asks_for_the_dev_group(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = incumbent_like(make_workspace, theme, style)
    ws.write(f"{ws.brick_dir('component', 'cart')}/scripts/seed.py", "")
    declare_development(ws, ["requests", "fastapi", "rich"])

    text = poly("poly check", "", cwd=ws.root)
    strict, _ = check(poly, ws, "--strict")

    assert text.exit_code == 0, text.stdout
    assert (
        f"{folder_of_tests(ws, 'api', 'bases')}/conftest.py:1: BW201 warning pytest is imported "
        "only by tests; declare it in the development project's dev group: `poetry add --group "
        "dev pytest` (a warning: tests are development code, no wheel imports it; `--strict` "
        "fails on it)"
    ) in text.stdout.splitlines()
    assert strict == 1
    dev = ["requests", "fastapi", "rich"]
    tools = ["pytest", "hypothesis", "freezegun"]
    declare_development(ws, [*dev, *tools])  # what `poetry add --group dev ...` declares
    green, found = check(poly, ws, "--strict")
    assert (green, found) == (0, [])


def test_libs_says_which_libraries_only_tests_import(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = incumbent_like(make_workspace, "loose", "pep621")

    _, body = json_run(poly, ws, "poly libs")

    development = next(p for p in body["projects"] if p["name"] == "development")
    status = {lib["name"]: lib["status"] for lib in development["libraries"]}
    assert status["pytest"] == "test-only"
    assert status["hypothesis"] == "test-only"
    assert status["rich"] == "missing"
    assert status["click"] == "missing"
    svc = next(p for p in body["projects"] if p["name"] == "svc")
    assert "pytest" not in {lib["name"] for lib in svc["libraries"]}  # no wheel imports it


def test_a_suppression_on_a_test_import_still_silences_it(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = incumbent_like(make_workspace, "loose", "poetry")
    api, cart = folder_of_tests(ws, "api", "bases"), folder_of_tests(ws, "cart")
    ws.write(f"{api}/conftest.py", "import pytest  # poly: ignore\n")
    ws.write(f"{cart}/test_core.py", "import pytest  # poly: ignore[BW201]\n")

    _, found = check(poly, ws)

    assert ("BW201", "pytest", "warning", "conftest.py") not in found
    assert ("BW201", "rich", "error", "core.py") in found


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_sync_libs_does_not_refuse_over_a_library_only_tests_import(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = incumbent_like(make_workspace, theme, style)
    ws.write(f"{ws.brick_dir('component', 'cart')}/scripts/seed.py", "")
    declare_development(ws, ["requests", "fastapi", "rich"])

    synced = poly("poly sync", "--libs --check", cwd=ws.root)
    ws.write(f"{ws.brick_dir('component', 'cart')}/scripts/seed.py", "import click\n")
    refused = poly("poly sync", "--libs --check", cwd=ws.root)

    assert synced.exit_code == 0, synced.stdout + synced.stderr
    assert refused.exit_code == 2  # a script's import is the development project's to declare
    assert "declares no version of click (needed by development)" in refused.stderr
    assert "pytest" not in refused.stderr
