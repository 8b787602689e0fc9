"""Rules that keep a declared library (companions, pins, the assumed runtime-only list) and
the unknown-distribution warning must not hide what is really wrong: each workspace keeps a
genuinely unused library and a true BW201 beside the ones the rules excuse."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from test.components.brickwork.poly_runs import LAYOUTS, declare_development, json_run
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

DECLARED = [
    "fastapi",
    "pydantic",
    "sqlalchemy",
    "python-multipart",
    "jinja2",
    "greenlet",
    "email-validator",
    "gunicorn",
    "starlette",
    "six",
]
LOCK: dict[str, Sequence[str]] = {
    "fastapi": ["starlette", "pydantic"],
    "starlette": ["anyio"],
    "anyio": [],
    "pydantic": [],
    "sqlalchemy": [],
    "python-multipart": [],
    "jinja2": [],
    "greenlet": [],
    "email-validator": [],
    "gunicorn": [],
    "six": [],
}
PLAIN = (
    "from fastapi import FastAPI\nfrom pydantic import BaseModel\nimport sqlalchemy\nimport yaml\n"
)
FEATURES = (
    "from fastapi import FastAPI, Form\nfrom fastapi.templating import Jinja2Templates\n"
    "from pydantic import BaseModel, EmailStr\n"
    "from sqlalchemy.ext.asyncio import create_async_engine\nimport yaml\n"
)


def lock_text(packages: Mapping[str, Sequence[str]]) -> str:
    """A poetry.lock as Poetry 2 writes it (no files: nothing is in Poetry's cache)."""
    out = []
    for name, requires in packages.items():
        out.append(
            f'[[package]]\nname = "{name}"\nversion = "1.0.0"\ndescription = ""\n'
            'optional = false\npython-versions = ">=3.8"\ngroups = ["main"]\nfiles = []\n'
        )
        if requires:
            out.append("\n[package.dependencies]\n" + "".join(f'{r} = "*"\n' for r in requires))
        out.append("\n")
    out.append('[metadata]\nlock-version = "2.1"\npython-versions = ">=3.10"\ncontent-hash = ""\n')
    return "".join(out)


def build(
    make_workspace: MakeWorkspace,
    theme: str,
    style: str,
    code: str,
    declared: Sequence[str],
    lock: Mapping[str, Sequence[str]],
) -> WorkspaceFactory:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("web", "", {"core.py": code})
    ws.base("api", "from acme import web\n")
    ws.project("svc", ["api", "web"], style=style, dependencies=declared)
    ws.write("projects/svc/poetry.lock", lock_text(lock))
    declare_development(ws, [*declared, "pyyaml"])
    return ws


def statuses(poly: PolyRunner, ws: WorkspaceFactory) -> dict[str, str]:
    _, data = json_run(poly, ws, "poly libs", "--projects svc")
    body: dict[str, Any] = data.get("result", data)
    svc = next(p for p in body["projects"] if p["name"] == "svc")
    return {lib["name"]: lib["status"] for lib in svc["libraries"]}


def findings(poly: PolyRunner, ws: WorkspaceFactory) -> tuple[int, list[tuple[str, str, str]]]:
    code, data = json_run(poly, ws, "poly check", "--projects svc")
    body: dict[str, Any] = data.get("result", data)
    return code, sorted((f["code"], f["subject"], f["severity"]) for f in body["findings"])


@pytest.fixture(autouse=True)
def empty_poetry_cache(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POETRY_CACHE_DIR", str(tmp_path / "poetry-cache"))


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_companions_pins_and_the_assumed_list_excuse_nothing_without_evidence(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style, PLAIN, DECLARED, LOCK)

    found = statuses(poly, ws)
    code, reported = findings(poly, ws)

    assert code == 1
    assert {name: found[name] for name in DECLARED} == {
        "fastapi": "ok",
        "pydantic": "ok",
        "sqlalchemy": "ok",
        "python-multipart": "unused",  # fastapi is imported, but no form
        "jinja2": "unused",  # no Jinja2Templates
        "greenlet": "unused",  # sqlalchemy without asyncio
        "email-validator": "unused",  # pydantic without an email field
        "gunicorn": "assumed-runtime-only",  # a server nothing shows runs
        "starlette": "pinned",  # the lock shows fastapi requires it
        "six": "unused",  # locked, required by nothing
    }
    assert reported == [
        ("BW201", "pyyaml", "error"),
        *[
            ("BW203", name, "warning")
            for name in sorted(
                ["python-multipart", "jinja2", "greenlet", "email-validator", "gunicorn", "six"]
            )
        ],
    ]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_the_features_that_need_a_companion_keep_it_and_nothing_else(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build(make_workspace, theme, style, FEATURES, DECLARED, LOCK)

    found = statuses(poly, ws)
    _, reported = findings(poly, ws)

    assert [n for n in DECLARED if found[n] == "companion"] == [
        "python-multipart",
        "jinja2",
        "greenlet",
        "email-validator",
    ]
    assert reported == [
        ("BW201", "pyyaml", "error"),
        ("BW203", "gunicorn", "warning"),
        ("BW203", "six", "warning"),
    ]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_guessed_name_the_lock_locks_is_resolved_not_an_unknown_distribution(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    code = "import grpcutil\nimport lockedthing\nimport yaml\n"
    lock = {"authzed": ["lockedthing"], "lockedthing": []}
    ws = build(make_workspace, theme, style, code, ["authzed"], lock)

    exit_code, reported = findings(poly, ws)

    assert exit_code == 1
    assert reported == [
        ("BW201", "pyyaml", "error"),  # the table maps it: never "unknown"
        ("BW202", "lockedthing", "warning"),  # locked through authzed: transitive, not BW205
        ("BW205", "grpcutil", "warning"),  # authzed, whose modules nothing lists, may ship it
    ]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_driver_named_only_in_a_docstring_url_counts_as_used_and_is_never_missing(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    code = (
        '"""The engine reads DATABASE_URL, e.g. postgresql+asyncpg://user@host/db."""\n'
        "import os\n\nimport sqlalchemy\n\nURL = os.environ['DATABASE_URL']\n"
    )
    ws = build(make_workspace, theme, style, code, ["sqlalchemy", "asyncpg", "psycopg2"], {})
    declare_development(ws, ["sqlalchemy"])  # no driver: nothing to report for it either

    found = statuses(poly, ws)
    exit_code, reported = findings(poly, ws)

    assert exit_code == 0
    assert found["asyncpg"] == "ok"
    assert found["psycopg2"] == "assumed-runtime-only"  # a driver nothing names
    assert reported == [("BW203", "psycopg2", "warning")]
