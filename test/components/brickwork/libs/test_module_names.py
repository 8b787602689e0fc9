"""Module names nobody can guess, end to end through `poetry poly check`: workspaces built
like real ones (PEP 621 and legacy `[tool.poetry]`, both themes) with no virtualenv, where
Poetry's cache, the lock and namespace packages decide, each beside a true BW201 (`yaml`,
whose pyyaml no project declares) that stays an error."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from test.components.brickwork.libs.cached_wheels import (
    cache_wheel,
    lock_package,
    lock_text,
    make_wheel,
)
from test.components.brickwork.libs.conftest import write_dist_info
from test.components.brickwork.poly_runs import declare_development, json_run, project_of
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

LAYOUTS = [(theme, style) for theme in ("loose", "tdd") for style in ("pep621", "poetry")]
TRUE_BW201 = ("BW201", "error", "pyyaml")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Poetry cache and virtualenvs folder of this test only (no managed venv)."""
    folder = tmp_path / "poetry-cache"
    folder.mkdir()
    monkeypatch.setenv("POETRY_CACHE_DIR", str(folder))
    monkeypatch.setenv("POETRY_VIRTUALENVS_PATH", str(folder / "virtualenvs"))
    return folder


def workspace_with(
    make_workspace: MakeWorkspace,
    layout: tuple[str, str],
    code: str,
    dependencies: Sequence[str],
    lock: str,
) -> WorkspaceFactory:
    """Component `lib` holding `code`, base `api` using it, project `svc` (and the root
    development project) declaring `dependencies`, both locked by `lock`."""
    theme, style = layout
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("lib", files={"core.py": code})
    ws.base("api", "from acme import lib\n")
    ws.project("svc", ["api", "lib"], style=style, dependencies=dependencies)
    declare_development(ws, dependencies)
    ws.write("poetry.lock", lock)
    ws.write("projects/svc/poetry.lock", lock)
    return ws


def check(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> tuple[int, list[Any]]:
    code, data = json_run(poly, ws, "poly check", args)
    return code, data["findings"]


def codes(found: list[Any]) -> list[tuple[str, str, str]]:
    return [(f["code"], f["severity"], f["subject"]) for f in found if f["code"].startswith("BW2")]


def authzed(tmp_path: Path) -> tuple[Path, str]:
    """authzed's wheel (it ships `authzed` and `grpcutil`) and a lock that locks it."""
    wheel = make_wheel(tmp_path / "built", "authzed", "0.9.0", ["authzed.api", "grpcutil"])
    lock = lock_text(
        lock_package("authzed", "0.9.0", [wheel], ["grpcio"]), lock_package("grpcio", "1.62.0")
    )
    return wheel, lock


GRPC_CODE = "from grpcutil import bearer_token_credentials\nimport yaml\n"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_module_only_the_locked_wheel_in_poetrys_cache_ships_maps_to_it(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    cache: Path,
    tmp_path: Path,
    layout: tuple[str, str],
) -> None:
    wheel, lock = authzed(tmp_path)
    cache_wheel(cache, wheel, "authzed", "0.9.0")
    ws = workspace_with(make_workspace, layout, GRPC_CODE, ["authzed"], lock)

    exit_code, found = check(poly, ws)

    assert codes(found) == [TRUE_BW201]  # no BW201 for grpcutil, no BW203 for authzed
    assert exit_code == 1


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_module_no_evidence_maps_is_a_warning_naming_the_declared_locked_candidate(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    cache: Path,
    tmp_path: Path,
    layout: tuple[str, str],
) -> None:
    _wheel, lock = authzed(tmp_path)  # locked, never downloaded: nothing lists its modules
    ws = workspace_with(make_workspace, layout, GRPC_CODE, ["authzed"], lock)

    exit_code, found = check(poly, ws)

    assert codes(found) == [TRUE_BW201, ("BW205", "warning", "grpcutil")]
    assert exit_code == 1  # the true BW201, not the unknown name
    message = next(f["message"] for f in found if f["code"] == "BW205")
    assert "import grpcutil, which no evidence maps to a distribution" in message
    assert "may come from authzed" in message
    assert "`--alias authzed=grpcutil`" in message
    assert '`authzed = "grpcutil"` in [tool.polylith.libs.aliases]' in message


@pytest.mark.parametrize("how", ["option", "workspace.toml"])
def test_the_alias_the_warning_names_maps_the_module(
    make_workspace: MakeWorkspace, poly: PolyRunner, cache: Path, tmp_path: Path, how: str
) -> None:
    _wheel, lock = authzed(tmp_path)
    ws = workspace_with(make_workspace, ("loose", "pep621"), GRPC_CODE, ["authzed"], lock)
    args = "--alias authzed=grpcutil" if how == "option" else ""
    if how == "workspace.toml":
        toml = ws.root / "workspace.toml"
        aliases = '\n[tool.polylith.libs.aliases]\nauthzed = "grpcutil"\n'
        toml.write_text(toml.read_text(encoding="utf-8") + aliases, encoding="utf-8")

    exit_code, found = check(poly, ws, args)

    assert codes(found) == [TRUE_BW201]
    assert exit_code == 1


def test_a_module_with_no_declared_locked_candidate_stays_an_error(
    make_workspace: MakeWorkspace, poly: PolyRunner, cache: Path
) -> None:
    lock = lock_text(lock_package("pyjwt", "2.8.0"))  # described by the table: jwt
    ws = workspace_with(
        make_workspace, ("loose", "pep621"), GRPC_CODE + "import jwt\n", ["pyjwt"], lock
    )

    exit_code, found = check(poly, ws)

    assert ("BW201", "error", "grpcutil") in codes(found)
    assert TRUE_BW201 in codes(found)
    assert exit_code == 1


POETRY_CODE = (
    "from poetry.core.factory import Factory\n"
    "from poetry.console.application import Application\n"
    "import yaml\n"
)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_poetry_core_imported_without_a_venv_is_poetry_core_not_poetry(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    cache: Path,
    layout: tuple[str, str],
) -> None:
    lock = lock_text(
        lock_package("poetry", "2.5.1", requires=["poetry-core", "cleo"]),
        lock_package("poetry-core", "2.5.0"),
        lock_package("cleo", "2.1.0"),
    )
    ws = workspace_with(make_workspace, layout, POETRY_CODE, ["poetry", "poetry-core"], lock)

    exit_code, found = check(poly, ws)
    _, libs = json_run(poly, ws, "poly libs")

    assert codes(found) == [TRUE_BW201]  # no BW203 for poetry-core
    assert exit_code == 1
    svc = project_of(libs, "svc")
    shown = {lib["name"]: (lib["status"], lib["import_names"]) for lib in svc["libraries"]}
    assert shown["poetry-core"] == ("ok", ["poetry.core"])
    assert shown["poetry"] == ("ok", ["poetry"])


GOOGLE_CODE = (
    "from google.cloud import storage\n"
    "from google.protobuf import message\n"
    "import ga4gh.vrs.models\n"
    "import yaml\n"
)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_namespace_package_distributions_win_over_a_same_named_top_level_one(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    cache: Path,
    layout: tuple[str, str],
) -> None:
    lock = lock_text(
        lock_package("google-cloud-storage", "2.16.0", requires=["protobuf"]),
        lock_package("protobuf", "4.25.0"),
        lock_package("ga4gh-vrs", "2.0.0", requires=["ga4gh"]),
        lock_package("ga4gh", "1.0.0"),  # a same-named top-level distribution, locked
        lock_package("google", "3.0.0"),  # so is the unrelated `google` distribution
    )
    deps = ["google-cloud-storage", "protobuf", "ga4gh-vrs"]
    ws = workspace_with(make_workspace, layout, GOOGLE_CODE, deps, lock)

    exit_code, found = check(poly, ws)

    assert codes(found) == [TRUE_BW201]  # neither `google` nor `ga4gh` is called missing
    assert exit_code == 1


BS_CODE = "from bs4 import BeautifulSoup\nimport yaml\n"
BS3_CODE = "import BeautifulSoup\n"


def test_an_import_maps_the_same_with_or_without_a_venv(
    make_workspace: MakeWorkspace, poly: PolyRunner, cache: Path
) -> None:
    lock = lock_text(lock_package("beautifulsoup4", "4.12.3"))
    answers = []
    for venv in (False, True):
        ws = workspace_with(make_workspace, ("loose", "pep621"), BS_CODE, ["beautifulsoup4"], lock)
        ws.write("components/acme/lib/legacy.py", BS3_CODE)  # BeautifulSoup 3's module
        if venv:
            site = ws.root / ".venv" / "lib" / "python3.11" / "site-packages"
            write_dist_info(site, "beautifulsoup4", "4.12.3", ["bs4/__init__.py"])
        answers.append(codes(check(poly, ws)[1]))
        _, libs = json_run(poly, ws, "poly libs")
        svc = project_of(libs, "svc")
        mapped = {lib["name"]: lib["import_names"] for lib in svc["libraries"]}
        assert mapped["beautifulsoup4"] == ["bs4"]  # BeautifulSoup is not beautifulsoup4's
        assert (svc["environment"] is not None) is venv

    assert answers[0] == answers[1]
    assert ("BW201", "error", "beautifulsoup") in answers[0]
    assert TRUE_BW201 in answers[0]


REPOSITORY = Path(__file__).resolve().parents[4]


def test_brickworks_own_repository_without_a_venv_maps_poetry_core_to_poetry_core(
    poly: PolyRunner, cache: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "brickwork"
    for name in ("workspace.toml", "pyproject.toml", "poetry.lock"):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPOSITORY / name, copy / name)
    shutil.copytree(REPOSITORY / "projects", copy / "projects")
    for folder in ("components", "bases"):
        shutil.copytree(
            REPOSITORY / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    (copy / "development").mkdir()
    (copy / "test").mkdir()

    result = poly("poly libs", "--output json", cwd=copy)
    data = json.loads(result.stdout)["result"]

    assert all(p["environment"] is None for p in data["projects"])  # no venv anywhere
    for project in data["projects"]:
        shown = {lib["name"]: lib for lib in project["libraries"]}
        assert shown["poetry-core"]["status"] == "ok", project["name"]
        assert shown["poetry-core"]["import_names"] == ["poetry.core"]
        assert shown["poetry"]["status"] == "ok", project["name"]
    assert not [f for f in data["findings"] if f["subject"] in ("poetry", "poetry-core")]


def test_a_wheel_poetry_downloads_after_a_run_is_seen_by_the_next_run(
    make_workspace: MakeWorkspace, poly: PolyRunner, cache: Path, tmp_path: Path
) -> None:
    wheel, lock = authzed(tmp_path)
    ws = workspace_with(make_workspace, ("loose", "pep621"), GRPC_CODE, ["authzed"], lock)
    assert codes(check(poly, ws)[1]) == [TRUE_BW201, ("BW205", "warning", "grpcutil")]

    cache_wheel(cache, wheel, "authzed", "0.9.0")  # what `poetry install` leaves behind

    assert codes(check(poly, ws)[1]) == [TRUE_BW201]
