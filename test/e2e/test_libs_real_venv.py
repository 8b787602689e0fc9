"""End to end: a real throwaway virtualenv with real wheels built here (no network), and the
`poetry` executable mapping a workspace's imports against the venv's installed metadata."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from installer import install
from installer.destinations import SchemeDictionaryDestination
from installer.sources import WheelFile
from poetry.core.factory import Factory
from poetry.core.masonry.builders.wheel import WheelBuilder

from brickwork import libs
from test.e2e.conftest import run_poetry

#: distribution -> (files of its package, relative to the project folder)
WHEELS = {
    "fancy-yaml-reader": {"fancyyaml/__init__.py": "VERSION = 1\n"},
    "acmecloud-blob-client": {
        # `acmecloud` is a namespace folder: no __init__.py
        "acmecloud/blobs/__init__.py": "",
        "acmecloud/blobs/client.py": "class Client: ...\n",
    },
    "my-jwt": {"jwt/__init__.py": "def decode(token): return token\n"},
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def build_wheel(source: Path, name: str, files: dict[str, str], out: Path) -> Path:
    top = next(iter(files)).split("/", 1)[0]
    for relative, text in files.items():
        write(source / relative, text)
    write(
        source / "pyproject.toml",
        f"""\
        [project]
        name = "{name}"
        version = "1.0.0"
        description = "test wheel"
        requires-python = ">=3.8"

        [tool.poetry]
        packages = [{{ include = "{top}" }}]

        [build-system]
        requires = ["poetry-core>=2.0"]
        build-backend = "poetry.core.masonry.api"
        """,
    )
    poetry = Factory().create_poetry(source)
    return out / WheelBuilder.make_in(poetry, out)


def make_venv(venv: Path, wheels: list[Path]) -> None:
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    python = venv / "bin" / "python"
    scheme = json.loads(
        subprocess.run(
            [str(python), "-c", "import json, sysconfig; print(json.dumps(sysconfig.get_paths()))"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    )
    destination = SchemeDictionaryDestination(
        {
            "purelib": scheme["purelib"],
            "platlib": scheme["platlib"],
            "headers": str(venv / "include"),
            "scripts": scheme["scripts"],
            "data": scheme["data"],
        },
        interpreter=str(python),
        script_kind="posix",
    )
    for wheel in wheels:
        with WheelFile.open(wheel) as source:
            install(source, destination, {})


poetry = run_poetry


@pytest.fixture(scope="module")
def workspace_with_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("libs")
    wheels = [
        build_wheel(tmp / "src" / name, name, files, tmp / "dist") for name, files in WHEELS.items()
    ]
    root = tmp / "ws"
    write(
        root / "workspace.toml",
        '[tool.polylith]\nnamespace = "acme"\n[tool.polylith.structure]\ntheme = "loose"\n',
    )
    write(root / "components/acme/config/__init__.py", "")
    write(root / "components/acme/config/core.py", "import fancyyaml\n")
    write(root / "components/acme/storage/__init__.py", "")
    write(root / "components/acme/storage/blobs.py", "from acmecloud.blobs import client\n")
    write(root / "components/acme/auth/__init__.py", "")
    write(
        root / "components/acme/auth/tokens.py", "import os\n\nimport jwt\nimport _cffi_backend\n"
    )
    includes = "".join(
        f'    {{ include = "acme/{b}", from = "{{prefix}}components" }},\n'
        for b in ("config", "storage", "auth")
    )
    dependencies = '    "fancy-yaml-reader",\n    "acmecloud-blob-client",\n    "my-jwt",\n'
    for folder, prefix in (("", ""), ("projects/svc/", "../../")):
        name = "svc" if folder else "development"
        write(
            root / f"{folder}pyproject.toml",
            f'[project]\nname = "{name}"\nversion = "0.1.0"\ndependencies = [\n{dependencies}'
            f'    "cffi",\n]\n\n[tool.poetry]\npackages = [\n'
            + includes.replace("{prefix}", prefix)
            + "]\n",
        )
    make_venv(root / ".venv", wheels)
    return root


def test_installed_metadata_of_a_real_venv_maps_what_no_table_knows(
    workspace_with_venv: Path,
) -> None:
    env = libs.read_environment(workspace_with_venv / ".venv")
    assert env is not None
    assert env.names == {"fancy-yaml-reader", "acmecloud-blob-client", "my-jwt"}
    resolver = libs.Resolver(environment=env)

    assert resolver.resolve("fancyyaml").distributions == ("fancy-yaml-reader",)
    assert resolver.resolve("acmecloud.blobs.client").distributions == ("acmecloud-blob-client",)
    assert resolver.resolve("jwt").distributions == ("my-jwt", "pyjwt")
    assert resolver.resolve("acmecloud.other").guessed


def test_poly_libs_uses_the_workspace_venv_and_never_poetrys_own(
    workspace_with_venv: Path,
) -> None:
    result = poetry(
        "poly", "libs", "--output", "json", "--projects", "svc", cwd=workspace_with_venv
    )

    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)["result"]
    (svc,) = data["projects"]
    assert svc["environment"] == ".venv"
    statuses = {lib["name"]: lib["status"] for lib in svc["libraries"]}
    assert statuses == {
        "fancy-yaml-reader": "ok",
        "acmecloud-blob-client": "ok",
        "my-jwt": "ok",
        # cffi provides _cffi_backend in Poetry's own environment, which is never read; the
        # import's distribution is unknown, and cffi, which looks like it, is not called unused
        "cffi": "unknown",
        "cffi-backend": "missing",
    }
    assert [(f["code"], f["path"], f["line"]) for f in data["findings"]] == [
        ("BW201", "components/acme/auth/tokens.py", 4),
    ]


def test_without_the_venv_the_same_imports_are_guessed_and_reported(
    workspace_with_venv: Path, tmp_path: Path
) -> None:
    hidden = tmp_path / "hidden-venv"
    (workspace_with_venv / ".venv").rename(hidden)
    try:
        result = poetry("poly", "libs", "--projects", "svc", cwd=workspace_with_venv)
    finally:
        hidden.rename(workspace_with_venv / ".venv")

    assert result.returncode == 1
    # without installed metadata, the declared names still answer: fancyyaml is part of
    # fancy-yaml-reader, acmecloud.* belongs to the only declared acmecloud-* distribution
    found = [line for line in result.stdout.splitlines() if ": BW20" in line]
    assert not [f for f in found if "fancy" in f or "acmecloud" in f]
    # jwt maps through the curated table to pyjwt, which svc does not declare either
    assert "imports jwt but does not declare pyjwt" in result.stdout
