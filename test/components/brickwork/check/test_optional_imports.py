"""Optional imports are not errors: a workspace built like real ones, where every optional,
guarded or lazy import sits beside a true BW201 and a true BW101 that must stay errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from test.components.brickwork.poly_runs import LAYOUTS, findings_of, json_run
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Found = list[tuple[Any, ...]]

METRICS = """\
import requests  # a true BW201: required at module level, declared nowhere

try:
    import psutil
except ImportError:
    psutil = None
"""
CONFIG = """\
import sys

if sys.version_info < (3, 11):
    import tomli as tomllib
else:
    import tomllib
"""
DOCS = """\
import os

on_rtd = os.environ.get("READTHEDOCS") == "True"
if not on_rtd:
    import sphinx_rtd_theme
"""
EXPORT = """\
def to_excel(rows: list[list[str]]) -> object:
    try:
        import openpyxl
    except ImportError as err:
        raise RuntimeError("install the excel extra: pip install acme[excel]") from err
    return openpyxl.Workbook()


def render(name: str) -> str:
    import jinja2  # an optional feature's function: needed only when it runs

    return jinja2.Template(name).render()
"""
API = """\
import sys

from acme import config, docs, export, metrics
from acme import store  # a true BW101: the project does not include it

try:
    from acme import plugins
except ImportError:
    plugins = None
if sys.platform == "win32":
    from acme import winreg_helper


def handle(kind: str) -> None:
    from acme import mail  # a lazy brick import: the base still needs it in its wheel

    mail.send(kind)


def dispatch(kind: str) -> None:
    if kind == "sms":  # a branch of the base's own code: still needs the brick
        from acme import sms

        sms.send(kind)
"""


def build(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("metrics", METRICS)
    ws.component("config", CONFIG)
    ws.component("docs", DOCS)
    ws.component("export", EXPORT)
    for name in ("store", "plugins", "winreg_helper", "mail", "sms"):
        ws.component(name)
    ws.base("api", API)
    ws.project("svc", ["api", "metrics", "config", "docs", "export"], style=style)
    return ws


def check(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> tuple[int, Found]:
    code, data = json_run(poly, ws, "poly check", args)
    return code, sorted(findings_of(data, "code", "subject", "severity"))


def messages(poly: PolyRunner, ws: WorkspaceFactory) -> dict[str, str]:
    _, data = json_run(poly, ws, "poly check")
    return dict(findings_of(data, "subject", "message"))


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_optional_guarded_and_lazy_imports_are_never_errors_while_true_ones_stay(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style)

    code, found = check(poly, ws)

    assert code == 1
    assert found == [
        ("BW101", "mail", "error"),  # lazy brick imports stay required
        ("BW101", "plugins", "warning"),  # try/except ImportError
        ("BW101", "sms", "error"),  # an if inside a function
        ("BW101", "store", "error"),
        ("BW101", "winreg_helper", "warning"),  # a module-level platform guard
        ("BW201", "jinja2", "warning"),  # only inside a function
        ("BW201", "requests", "error"),
        ("BW201", "sphinx-rtd-theme", "warning"),  # `if not on_rtd:`
        ("BW201", "tomli", "warning"),  # a version guard
    ]  # psutil and openpyxl (inside try/except ImportError) give nothing


def test_each_warning_says_why_it_is_not_an_error(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, "loose", "pep621")

    said = messages(poly, ws)

    assert "imports only inside a try/except that survives a failed import" in said["plugins"]
    assert "imports only under an if/else guard (api -> winreg_helper)" in said["winreg_helper"]
    assert "the project runs without it until that code needs it" in said["plugins"]
    assert "# poly: ignore[BW101]" in said["plugins"]
    assert "imported only under an if/else guard, never at module level" in said["tomli"]
    assert "imported only inside a function, never at module level" in said["jinja2"]
    assert "a warning, not an error" not in said["requests"]
    assert "not an error" not in said["store"]


def test_the_warnings_fail_a_strict_run_and_can_be_silenced_at_their_line(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, "loose", "pep621")
    api = Path(ws.root, ws.brick_dir("base", "api"), "__init__.py")
    api.write_text(
        api.read_text().replace(
            "from acme import plugins\n", "from acme import plugins  # poly: ignore[BW101]\n"
        )
    )

    _, found = check(poly, ws)

    assert ("BW101", "plugins", "warning") not in found
    assert ("BW101", "winreg_helper", "warning") in found
    assert ("BW101", "store", "error") in found


def test_with_only_optional_imports_left_check_passes_with_warnings(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, "loose", "pep621")
    metrics = Path(ws.root, ws.brick_dir("component", "metrics"), "__init__.py")
    metrics.write_text(METRICS.replace("import requests", "import json"))
    api = Path(ws.root, ws.brick_dir("base", "api"), "__init__.py")
    api.write_text(API.replace("from acme import store", "import json"))
    ws.project("svc", ["api", "metrics", "config", "docs", "export", "mail", "sms"])

    code, found = check(poly, ws)
    strict, _ = check(poly, ws, "--strict")

    assert code == 0
    assert {severity for *_, severity in found} == {"warning"}
    assert strict == 1


def test_an_optional_brick_import_that_the_project_includes_is_needed_and_kept(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, "loose", "pep621")
    ws.project("svc", ["api", "metrics", "config", "docs", "export", "plugins"])

    _, found = check(poly, ws)

    assert not [f for f in found if f[1] == "plugins"]  # not BW101, not BW108 (unneeded)
    assert ("BW101", "store", "error") in found


def test_sync_adds_the_bricks_a_required_import_needs_not_the_optional_ones(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, "loose", "pep621")

    result = poly("poly sync", "", cwd=ws.root)

    text = (ws.root / "projects/svc/pyproject.toml").read_text()
    assert result.exit_code == 0, result.stderr
    assert '"acme/store"' in text and '"acme/mail"' in text and '"acme/sms"' in text
    assert "plugins" not in text and "winreg_helper" not in text


LOCAL = """\
from typing import TYPE_CHECKING

from acme import store  # a true BW101: required, and the project does not include it

if TYPE_CHECKING:
    from acme import typed  # only for type checkers: never BW101
try:
    from acme import plugins
except ImportError:
    plugins = None
"""


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_project_local_package_importing_a_brick_only_under_type_checking_needs_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme, dev_style=style)
    for name in ("store", "typed", "plugins"):
        ws.component(name)
    ws.base(
        "api",
        "import helpers\n\ntry:\n    from acme import plugins\nexcept ImportError:\n    pass\n",
    )
    ws.write("projects/svc/helpers/__init__.py", LOCAL)
    includes = [ws.include("base", "api"), ("helpers", ".")]
    ws.write("projects/svc/pyproject.toml", ws.project_text("svc", includes, style, []))

    code, found = check(poly, ws, "--projects svc")

    assert code == 1
    assert found == [
        ("BW101", "plugins", "warning"),  # optional in both: one warning
        ("BW101", "store", "error"),
    ]  # nothing for typed
