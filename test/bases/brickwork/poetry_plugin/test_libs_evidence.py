"""Declared libraries that nothing imports, on workspaces built like real ones (PEP 621 and
legacy project files, both themes): a companion whose feature the code uses, a pin the lock
shows, a driver a URL names and a server the settings name are kept; the same libraries
without that evidence stay BW203, and a library declared only in a dev group gets its own
BW201 wording."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from test.components.brickwork.libs.conftest import lock_text
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

LAYOUTS = [
    pytest.param("loose", "pep621", id="loose-pep621"),
    pytest.param("loose", "poetry", id="loose-poetry"),
    pytest.param("tdd", "pep621", id="tdd-pep621"),
    pytest.param("tdd", "poetry", id="tdd-poetry"),
]

#: Each project: (its base's source, its main dependencies).
PROJECTS: dict[str, tuple[str, list[str]]] = {
    "upload": (
        "from fastapi import FastAPI, Form, UploadFile\n",
        ["fastapi", "python-multipart", "requests"],
    ),
    "plain": ("from fastapi import FastAPI\n", ["fastapi", "python-multipart"]),
    "pages": (
        "import yaml\nfrom fastapi.templating import Jinja2Templates\n",
        ["fastapi", "jinja2"],
    ),
    "store": (
        "from sqlalchemy.ext.asyncio import create_async_engine\n\n"
        'URL = "postgresql+asyncpg://app@db/app"\n',
        ["sqlalchemy", "greenlet", "asyncpg", "psycopg2-binary"],
    ),
    "users": (
        "from pydantic import BaseModel, EmailStr\n",
        ["pydantic", "email-validator", "gunicorn"],
    ),
    "accounts": ("from pydantic import BaseModel\n", ["pydantic", "email-validator"]),
    "pinned": ("import requests\n", ["requests", "urllib3", "rich"]),
    "jobs": ("import structlog\nimport yaml\n", ["click"]),
}
DEV_GROUP = {"jobs": ("dev", ["structlog", "pytest"])}
"""Project -> (group, dependencies declared only in that group)."""


@pytest.fixture(autouse=True)
def poetry_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Poetry's cache and config of this test only (no wheel or venv of the machine leaks in)."""
    home = tmp_path / "poetry"
    monkeypatch.setenv("POETRY_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("POETRY_CONFIG_DIR", str(home / "config"))
    monkeypatch.delenv("POETRY_VIRTUALENVS_PATH", raising=False)
    return home


def _group_text(style: str, group: str, names: Sequence[str]) -> str:
    if style == "pep621":
        quoted = ", ".join(f'"{n}"' for n in names)
        return f"\n[dependency-groups]\n{group} = [{quoted}]\n"
    return f"\n[tool.poetry.group.{group}.dependencies]\n" + "".join(f'{n} = "*"\n' for n in names)


def build(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    """One base per project; the development project declares every library."""
    ws = make_workspace(theme=theme, dev_style=style)
    for name, (source, _) in PROJECTS.items():
        ws.base(f"{name}_api", source)
    everything = sorted({d for _, deps in PROJECTS.values() for d in deps} | {"pyyaml"})
    everything += ["structlog", "pytest"]
    dev_includes = [ws.include(k, n, prefix="") for k, n in ws.dev_bricks]
    ws.write("pyproject.toml", ws.project_text("development", dev_includes, style, everything))
    for name, (_, deps) in PROJECTS.items():
        text = ws.project_text(name, [ws.include("base", f"{name}_api")], style, deps)
        if name in DEV_GROUP:
            text += _group_text(style, *DEV_GROUP[name])
        ws.write(f"projects/{name}/pyproject.toml", text)
    packages = {
        "requests": ("2.32.3", ["urllib3", "idna"]),
        "urllib3": ("1.26.20", []),
        "idna": ("3.10", []),
        "rich": ("13.9.4", []),
    }
    ws.write("projects/pinned/poetry.lock", lock_text(packages))
    return ws


def check(poly: PolyRunner, ws: WorkspaceFactory) -> list[dict[str, Any]]:
    result = poly("poly check", "--output json", cwd=ws.root)
    findings: list[dict[str, Any]] = json.loads(result.stdout)["result"]["findings"]
    return findings


def statuses(poly: PolyRunner, ws: WorkspaceFactory) -> dict[tuple[str, str], tuple[str, str]]:
    """(project, library) -> (status, reason) of the libraries of the deployables that are
    declared or have a reason."""
    result = poly("poly libs", "--output json", cwd=ws.root)
    data = json.loads(result.stdout)["result"]
    return {
        (p["name"], lib["name"]): (lib["status"], lib["reason"] or "")
        for p in data["projects"]
        if not p["development"]
        for lib in p["libraries"]
        if lib["declared"] or lib["reason"]
    }


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_only_libraries_without_evidence_are_reported_unused(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style)

    found = [(f["code"], f["severity"], f["subject"], f.get("projects")) for f in check(poly, ws)]

    assert sorted(found) == sorted(
        [
            # the true findings around each kept library
            ("BW203", "warning", "requests", None),  # upload: nothing imports requests
            ("BW203", "warning", "python-multipart", None),  # plain: no form
            ("BW201", "error", "pyyaml", ["pages"]),  # pages imports yaml
            ("BW203", "warning", "psycopg2-binary", None),  # store: no URL names it
            ("BW203", "warning", "gunicorn", None),  # users: nothing shows a server runs
            ("BW203", "warning", "email-validator", None),  # accounts: no EmailStr
            ("BW203", "warning", "rich", None),  # pinned: rich is not a pin
            ("BW201", "error", "structlog", ["jobs"]),  # jobs: declared only in a dev group
            ("BW201", "error", "pyyaml", ["jobs"]),  # jobs: declared nowhere
            ("BW203", "warning", "click", None),  # jobs
        ]
    )


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_libs_says_why_a_declared_library_nothing_imports_is_kept(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style)
    upload = f"{ws.brick_dir('base', 'upload_api')}/__init__.py"
    pages = f"{ws.brick_dir('base', 'pages_api')}/__init__.py"
    store = f"{ws.brick_dir('base', 'store_api')}/__init__.py"
    users = f"{ws.brick_dir('base', 'users_api')}/__init__.py"

    found = statuses(poly, ws)

    assert found[("upload", "python-multipart")] == (
        "companion",
        f"companion of fastapi for forms and file uploads (fastapi.Form at {upload}:1)",
    )
    assert found[("plain", "python-multipart")] == ("unused", "")
    assert found[("pages", "jinja2")] == (
        "companion",
        "companion of fastapi for Jinja2Templates "
        f"(fastapi.templating.Jinja2Templates at {pages}:2)",
    )
    assert found[("store", "greenlet")] == (
        "companion",
        f"companion of sqlalchemy for asyncio (sqlalchemy.ext.asyncio.create_async_engine at "
        f"{store}:1)",
    )
    assert found[("store", "asyncpg")] == ("ok", "")  # the URL names the driver
    assert found[("store", "psycopg2-binary")] == (
        "assumed-runtime-only",
        "assumed runtime-only (a database driver); nothing shows it is used",
    )
    assert found[("users", "email-validator")] == (
        "companion",
        f"companion of pydantic for email fields (pydantic.EmailStr at {users}:1)",
    )
    assert found[("users", "gunicorn")][0] == "assumed-runtime-only"
    assert found[("accounts", "email-validator")] == ("unused", "")
    assert found[("pinned", "urllib3")] == ("pinned", "pinned; required by requests")
    assert found[("pinned", "rich")] == ("unused", "")
    assert found[("jobs", "structlog")] == ("missing", "declared only in the dev group `dev`")
    assert ("jobs", "pyyaml") not in found  # missing, and no group declares it


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_the_messages_say_assumed_and_dev_group(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style)
    jobs = f"{ws.brick_dir('base', 'jobs_api')}/__init__.py"

    found = check(poly, ws)
    by_subject = {f["subject"]: f for f in found}

    assert by_subject["gunicorn"]["message"] == (
        "project users declares gunicorn, which none of its bricks imports; it is assumed "
        "runtime-only (a server) but nothing shows it is used: remove it, or list it in "
        "[tool.brickwork.libs] runtime-only (or [tool.brickwork.libs.allow] users) to declare "
        "it needed at runtime"
    )
    assert by_subject["email-validator"]["message"].startswith(
        "project accounts declares email-validator but none of its bricks imports it; remove it"
    )
    structlog = by_subject["structlog"]
    assert (structlog["path"], structlog["line"]) == (jobs, 1)
    assert structlog["message"] == (
        "project jobs imports structlog, but declares structlog only in the dev group `dev` "
        "(a wheel of the project does not require it); move it to the main dependencies of "
        "projects/jobs/pyproject.toml"
    )
    # an import no group declares keeps the usual wording
    (yaml,) = [f["message"] for f in found if f["subject"] == "pyyaml" and f["path"] != jobs]
    assert yaml == (
        "project pages imports yaml but does not declare pyyaml (mapped by Brickwork's table "
        "of import names); add it to projects/pages/pyproject.toml"
    )


@pytest.mark.parametrize(("theme", "style"), LAYOUTS[:2])
def test_settings_declare_a_server_needed_and_remove_a_built_in_one(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style)
    settings = (
        "\n[tool.brickwork.libs]\n"
        'runtime-only = ["-psycopg2-binary"]\n\n'
        "[tool.brickwork.libs.allow]\n"
        'users = ["gunicorn"]\n'
    )
    ws.write("workspace.toml", (ws.root / "workspace.toml").read_text() + settings)

    found = statuses(poly, ws)
    subjects = [f["subject"] for f in check(poly, ws) if f["code"] == "BW203"]

    assert found[("users", "gunicorn")] == (
        "runtime-only",
        "runtime-only by [tool.brickwork.libs]",
    )
    assert found[("store", "psycopg2-binary")] == ("unused", "")
    assert "gunicorn" not in subjects
    assert "psycopg2-binary" in subjects  # now a plain unused library
    assert "email-validator" in subjects  # the true finding stays


@pytest.mark.parametrize(("theme", "style"), LAYOUTS[:1])
def test_libs_text_shows_the_reason_and_counts_assumed_libraries(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style)

    result = poly("poly libs", "--projects store", cwd=ws.root)

    assert result.exit_code == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    psycopg = next(line for line in lines if line.strip().startswith("psycopg2-binary"))
    assert "assumed-runtime-only" in psycopg
    assert "nothing shows it is used" in psycopg
    assert any(line.strip().startswith("greenlet") and "companion of" in line for line in lines)
    assert "unused 0, assumed runtime-only 1" in result.stdout


@pytest.mark.parametrize(("theme", "style"), LAYOUTS[:1])
def test_sync_prune_keeps_an_assumed_server_and_removes_an_unused_library(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style)

    result = poly("poly sync", "--projects accounts,users --libs --prune --dry-run", cwd=ws.root)

    assert '-    "email-validator",\n' in result.stdout.replace("\r", ""), result.stdout
    assert "gunicorn" not in result.stdout
