"""No false findings on workspaces built like real ones: each family of pattern that gave false
errors, with a true finding next to it that must stay."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from brickwork.libs.poetry_cache import env_name
from test.components.brickwork.libs.conftest import lock_text, write_dist_info
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Found = list[tuple[str, str]]


@pytest.fixture(autouse=True)
def poetry_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Poetry's cache and config of this test only (no wheel or venv of the machine leaks in)."""
    home = tmp_path / "poetry"
    monkeypatch.setenv("POETRY_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("POETRY_CONFIG_DIR", str(home / "config"))
    monkeypatch.delenv("POETRY_VIRTUALENVS_PATH", raising=False)
    return home


def findings(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> Found:
    result = poly("poly check", f"--output json {args}", cwd=ws.root)
    data = json.loads(result.stdout)["result"]
    return [(f["code"], f["subject"]) for f in data["findings"]]


def messages(poly: PolyRunner, ws: WorkspaceFactory, code: str) -> list[str]:
    result = poly("poly check", "--output json", cwd=ws.root)
    rows = json.loads(result.stdout)["result"]["findings"]
    return [f["message"] for f in rows if f["code"] == code]


def project(
    ws: WorkspaceFactory,
    name: str,
    bricks: Sequence[str],
    dependencies: Sequence[str] = (),
    extra: Sequence[tuple[str, str]] = (),
) -> Path:
    """A project whose includes are its bricks and `extra` (include, from) pairs; the
    development project declares its dependencies too (as real workspaces do)."""
    kinds = dict((n, k) for k, n in ws.dev_bricks)
    includes = [ws.include(kinds.get(b, "component"), b) for b in bricks] + list(extra)
    development(ws, dependencies)
    return ws.write(
        f"projects/{name}/pyproject.toml",
        ws.project_text(name, includes, "pep621", dependencies),
    )


def development(
    ws: WorkspaceFactory, dependencies: Sequence[str], includes: Sequence[tuple[str, str]] = ()
) -> None:
    """Add `dependencies` (and `includes`) to the development project's file."""
    file = ws.root / "pyproject.toml"
    text = file.read_text(encoding="utf-8")
    deps = "".join(f'    "{d}",\n' for d in dependencies)
    text = text.replace("dependencies = [\n", f"dependencies = [\n{deps}", 1)
    packages = "".join(f'    {{ include = "{i}", from = "{f}" }},\n' for i, f in includes)
    file.write_text(text.replace("packages = [\n", f"packages = [\n{packages}", 1), "utf-8")


def test_modules_inside_a_brick_loaded_through_sys_path_are_the_brick_own_code(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.base(
        "web",
        "import sys\n",
        {
            "app.py": "from rs_grading import grade\nimport requests\n",
            "modules/rs_grading/__init__.py": "def grade() -> None: ...\n",
        },
    )
    project(ws, "web", ["web"])

    assert findings(poly, ws) == [("BW201", "requests")]


def wheel(cache: Path, name: str, version: str, files: Sequence[str]) -> Path:
    """A wheel where Poetry's artifact cache keeps it: `artifacts/<2>/<2>/<2>/<rest>/`."""
    folder = cache / "artifacts" / "3f" / "1a" / "9c" / "0123456789abcdef"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    info = f"{name.replace('-', '_')}-{version}.dist-info"
    with zipfile.ZipFile(path, "w") as archive:
        for file in files:
            archive.writestr(file, "")
        archive.writestr(f"{info}/METADATA", f"Name: {name}\nVersion: {version}\n")
        archive.writestr(f"{info}/RECORD", "".join(f"{f},,\n" for f in files))
    return path


def grpc_workspace(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    ws = make_workspace()
    ws.component("perms", "from grpcutil import bearer_token_credentials\nimport grpc_tools\n")
    ws.base("api", "from acme import perms\n")
    project(ws, "api", ["api", "perms"], ["authzed>=0.10"])
    return ws


def test_a_module_name_nothing_guesses_is_resolved_from_a_wheel_in_poetry_cache(
    make_workspace: MakeWorkspace, poly: PolyRunner, poetry_home: Path
) -> None:
    ws = grpc_workspace(make_workspace)

    before = findings(poly, ws)
    files = ["authzed/__init__.py", "grpcutil/__init__.py"]
    wheel(poetry_home / "cache", "authzed", "0.10.0", files)
    after = findings(poly, ws)

    assert before == [("BW201", "grpcutil"), ("BW201", "grpcio-tools"), ("BW203", "authzed")]
    assert after == [("BW201", "grpcio-tools")]  # the true finding stays


def test_the_project_poetry_managed_virtualenv_maps_import_names(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    poetry_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = grpc_workspace(make_workspace)
    venvs = poetry_home / "venvs"
    monkeypatch.setenv("POETRY_VIRTUALENVS_PATH", str(venvs))
    for name, folder in (("api", ws.root / "projects" / "api"), ("development", ws.root)):
        site = venvs / f"{env_name(name, folder)}-py3.11" / "lib" / "python3.11" / "site-packages"
        write_dist_info(site, "authzed", "0.10.0", ["authzed/__init__.py", "grpcutil/__init__.py"])

    assert findings(poly, ws) == [("BW201", "grpcio-tools")]


def test_an_import_that_is_part_of_one_declared_name_belongs_to_it(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component(
        "serial",
        "import serial_asyncio\nfrom rest_framework_simplejwt import tokens\nimport zzyzx_lib\n",
    )
    ws.base("api", "from acme import serial\n")
    project(ws, "api", ["api", "serial"], ["pyserial-asyncio", "djangorestframework-simplejwt"])

    assert findings(poly, ws) == [("BW201", "zzyzx-lib")]
    (message,) = messages(poly, ws, "BW201")
    assert "unknown distribution" in message
    assert "probably" not in message


def test_an_unknown_import_does_not_make_its_look_alike_declaration_unused(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("radio", "import serialx\n")
    ws.base("api", "from acme import radio\n")
    project(ws, "api", ["api", "radio"], ["serial-tools-x", "rich"])

    assert findings(poly, ws) == [("BW201", "serialx"), ("BW203", "rich")]


def test_a_unique_declared_distribution_of_a_namespace_claims_its_modules(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component(
        "variants", "from ga4gh.core import ga4gh_identify\nimport ga4gh.vrs\nimport yaml\n"
    )
    ws.base("api", "from acme import variants\n")
    project(ws, "api", ["api", "variants"], ["ga4gh-vrs>=2"])

    assert findings(poly, ws) == [("BW201", "pyyaml")]


def stale(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    """Project api declares httpx, which its own lock does not lock (a stale lock)."""
    ws = make_workspace()
    ws.component("client", "import httpx\nimport httpcore\nimport anyio\n")
    ws.base("api", "from acme import client\n")
    project(ws, "api", ["api", "client"], ["httpx", "fastapi"])
    ws.write("projects/api/poetry.lock", lock_text({"fastapi": ("0.110", ["starlette"])}))
    return ws


def test_a_stale_project_lock_falls_back_to_the_root_lock(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = stale(make_workspace)
    root_lock = {
        "fastapi": ("0.110", ["starlette"]),
        "starlette": ("0.37", []),
        "httpx": ("0.27", ["httpcore"]),
        "httpcore": ("1.0", []),
    }
    ws.write("poetry.lock", lock_text(root_lock))

    result = poly("poly check", cwd=ws.root)

    # httpcore comes with httpx by the root lock: a true BW202. Nothing maps anyio and no lock
    # locks it, but fastapi (declared, locked, its modules listed by nothing without a venv or
    # a cached wheel) may provide it: a BW205 warning naming fastapi (not called unused).
    assert findings(poly, ws) == [("BW202", "httpcore"), ("BW205", "anyio")]
    assert "may come from fastapi" in messages(poly, ws, "BW205")[0]
    assert result.stderr.count("note: projects/api/poetry.lock is stale") == 1
    assert "does not lock httpx" in result.stderr


def test_a_stale_lock_that_nothing_completes_makes_undeclared_imports_warnings(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = stale(make_workspace)

    assert findings(poly, ws, "--projects api") == [
        ("BW202", "httpcore"),
        ("BW202", "anyio"),
        ("BW203", "fastapi"),
    ]
    assert "the lock is stale" in messages(poly, ws, "BW202")[0]


def test_a_project_depending_on_another_workspace_project_gets_its_bricks(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log")
    ws.component("storage", "def put() -> None: ...\n")
    ws.base("api", "from acme import storage\nfrom acme import log\n")
    project(ws, "acme-storage", ["storage"])
    project(ws, "svc", ["api"], ["acme-storage>=1"])

    assert findings(poly, ws, "--projects svc") == [("BW101", "log")]


def test_project_local_packages_are_scanned_like_bricks(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log")
    ws.component("cache")
    ws.base("api", "import helpers\n")
    ws.write("projects/svc/helpers/__init__.py", "from acme import log, cache\nimport requests\n")
    project(ws, "svc", ["api", "log"], ["requests"], [("helpers", ".")])

    assert findings(poly, ws, "--projects svc") == [("BW101", "cache")]


def test_an_include_inside_a_brick_names_the_brick_and_its_imports_still_count(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log")
    runners = {"core.py": "", "runners/__init__.py": "from acme import log\n"}
    ws.component("pipeline", "", runners)
    ws.base("app", "from acme.pipeline import runners\n")
    extra = [("acme/pipeline/runners", "../../components")]
    project(ws, "app", ["app", "log"], extra=extra)

    assert findings(poly, ws, "--projects app") == [("BW003", "acme/pipeline/runners")]
    (message,) = messages(poly, ws, "BW003")
    assert message.startswith(
        "include 'acme/pipeline/runners' is inside brick 'pipeline'; include acme/pipeline"
    )


def test_modules_loaded_by_name_count_as_imports_of_bricks_and_libraries(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("blog", "", {"urls.py": "urlpatterns = []\n"})
    ws.base(
        "site",
        "",
        {
            "settings.py": (
                'INSTALLED_APPS = ["django.contrib.admin", "rest_framework", "corsheaders",'
                ' "acme.blog.apps.BlogConfig"]\n'
                'ROOT_URLCONF = "acme.site.urls"\n'
                'DATABASE_URL = "postgresql+asyncpg://db/app"\n'
            ),
            "urls.py": "from django.urls import include, path\n"
            'urlpatterns = [path("", include("acme.blog.urls"))]\n',
        },
    )
    project(ws, "site", ["site", "blog"], ["django", "djangorestframework", "asyncpg"])

    assert findings(poly, ws, "--projects site") == [("BW201", "django-cors-headers")]


def test_servers_drivers_and_email_validator_are_runtime_only_only_with_evidence(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.base("api", "import fastapi\nimport pydantic\n")
    deps = ["fastapi", "pydantic", "email-validator", "uvicorn", "psycopg2-binary", "rich"]
    project(ws, "api", ["api"], deps)

    # no EmailStr, no URL naming the driver, no setting: nothing shows they are needed
    assert findings(poly, ws) == [
        ("BW203", "email-validator"),
        ("BW203", "uvicorn"),
        ("BW203", "psycopg2-binary"),
        ("BW203", "rich"),
    ]
    ws.write("bases/acme/api/__init__.py", "import fastapi\nfrom pydantic import EmailStr\n")
    settings = '[tool.brickwork.libs]\nruntime-only = ["uvicorn", "psycopg2-binary"]\n'
    ws.write("workspace.toml", (ws.root / "workspace.toml").read_text() + settings)

    assert findings(poly, ws) == [("BW203", "rich")]


def nested(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    ws = make_workspace()
    ws.write("components/acme/aws/s3/__init__.py", "def put() -> None: ...\n")
    ws.write("components/acme/aws/s3/impl.py", "X = 1\n")
    ws.write("components/acme/aws/sqs/__init__.py", "from acme.aws import s3\n")
    ws.base("api", "from acme.aws import sqs\nimport acme.aws.s3\n")
    development(ws, [], [("acme/aws/s3", "components"), ("acme/aws/sqs", "components")])
    extra = [("acme/aws/s3", "../../components"), ("acme/aws/sqs", "../../components")]
    project(ws, "svc", ["api"], extra=extra)
    return ws


def test_nested_bricks_included_one_by_one_give_no_findings(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = nested(make_workspace)

    assert findings(poly, ws) == []
    for command, args in (("poly info", ""), ("poly deps", ""), ("poly libs", "")):
        result = poly(command, args, cwd=ws.root)
        assert (result.exit_code, result.stderr) == (0, ""), command
        assert "aws" in result.stdout
    synced = poly("poly sync", "--check", cwd=ws.root)
    assert synced.exit_code == 0, synced.stdout


def test_nested_bricks_keep_their_interfaces(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = nested(make_workspace)
    ws.write("bases/acme/api/__init__.py", "from acme.aws import sqs\nimport acme.aws.s3.impl\n")

    assert findings(poly, ws) == [("BW107", "acme.aws.s3.impl")]
    (message,) = messages(poly, ws, "BW107")
    assert "import from its interface acme.aws.s3 instead" in message
