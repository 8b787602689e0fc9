"""Extras stay extras in a locked build: the wheel still provides them, their requirements
stay conditional on the extra, and requirements.txt installs only what is always needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import packaging, workspace
from test.artifacts import Sdist, Wheel
from test.components.brickwork.packaging.conftest import MakeService, commit_all
from test.components.brickwork.packaging.test_pin import LOCK

PEP621 = (
    'dependencies = ["requests>=2.0"]\n\n'
    '[project.optional-dependencies]\ntoml = ["tomli>=2.0"]\nidna = ["idna>=3.0"]\n'
)
POETRY = (
    'python = "^3.10"\nrequests = ">=2.0"\n'
    'tomli = { version = ">=2.0", optional = true }\n'
    'idna = [{ version = ">=3.0", optional = true }]\n\n'
    '[tool.poetry.extras]\ntoml = ["tomli"]\nidna = ["idna"]\n'
)
PINNED = [
    "idna (==3.6)",
    "requests (==2.31.0)",
    'urllib3 (==2.2.1) ; python_version >= "3.8"',
]


def _service(make_service: MakeService, style: str) -> Path:
    factory = make_service(style=style)
    file = factory.root / "projects/svc/pyproject.toml"
    text = file.read_text(encoding="utf-8")
    if style == "pep621":
        text = text.replace("dependencies = []\n", PEP621)
    else:
        text = text.replace('python = "^3.10"\n', POETRY)
    file.write_text(text, encoding="utf-8")
    factory.write("poetry.lock", LOCK)
    commit_all(factory.root)
    return factory.root


def _build(root: Path, out: Path) -> packaging.BuildResult:
    ws = workspace.load(root)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(out_dir=out, locked=True, requirements=True)
    return packaging.build_project(ws, project, options)


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_a_locked_wheel_still_provides_its_extras_with_their_requirements_conditional(
    make_service: MakeService, tmp_path: Path, style: str
) -> None:
    root = _service(make_service, style)

    result = _build(root, tmp_path / "out")

    assert result.wheel is not None
    metadata = Wheel(result.wheel.path).metadata()
    assert sorted(metadata.get_all("Provides-Extra") or []) == ["idna", "toml"]
    requires = sorted(metadata.get_all("Requires-Dist") or [])
    always = [r for r in requires if "extra ==" not in r]
    extra = [r for r in requires if "extra ==" in r]
    # poetry-core puts every entry of a name an extra lists under the extra: `idna` stays
    # optional there, and what pulls it in (requests, pinned) still requires it
    assert always == (PINNED if style == "pep621" else PINNED[1:])
    assert extra == ['idna (>=3.0) ; extra == "idna"', 'tomli (>=2.0) ; extra == "toml"']
    sdist = next(a.path for a in result.artifacts if a.format is packaging.Format.SDIST)
    assert sorted(Sdist(sdist).metadata().get_all("Requires-Dist") or []) == requires


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_requirements_of_a_locked_build_leave_out_what_only_an_extra_needs(
    make_service: MakeService, tmp_path: Path, style: str
) -> None:
    root = _service(make_service, style)

    result = _build(root, tmp_path / "out")

    assert result.requirements is not None
    text = result.requirements.read_text(encoding="utf-8")
    names = [line.split("==")[0] for line in text.splitlines() if "==" in line]
    assert names == ["idna", "requests", "urllib3"]


def test_a_project_with_only_optional_dependencies_pins_nothing_and_keeps_its_extras(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service(style="poetry")
    file = factory.root / "projects/svc/pyproject.toml"
    text = file.read_text(encoding="utf-8").replace(
        'python = "^3.10"\n',
        'python = "^3.10"\ntomli = { version = ">=2.0", optional = true }\n\n'
        '[tool.poetry.extras]\ntoml = ["tomli"]\n',
    )
    file.write_text(text, encoding="utf-8")
    factory.write("poetry.lock", LOCK)
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    metadata = Wheel(result.wheel.path).metadata()
    assert metadata.get_all("Provides-Extra") == ["toml"]
    assert metadata.get_all("Requires-Dist") == ['tomli (>=2.0) ; extra == "toml"']


HYBRID = """[project]
name = "svc"
dynamic = ["version"]
requires-python = ">=3.10"

[tool.poetry]
version = "1.2.0"
packages = [{ include = "acme/api", from = "../../bases" }, \
{ include = "acme/greeting", from = "../../components" }]

[tool.poetry.dependencies]
requests = ">=2.0"
tomli = { version = ">=2.0", optional = true }

[tool.poetry.extras]
toml = ["tomli"]
"""


def test_a_project_table_without_dependencies_pins_the_poetry_table_it_reads_and_keeps_extras(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("projects/svc/pyproject.toml", HYBRID)
    factory.write("poetry.lock", LOCK)
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    metadata = Wheel(result.wheel.path).metadata()
    assert metadata.get_all("Provides-Extra") == ["toml"]
    assert sorted(metadata.get_all("Requires-Dist") or []) == sorted(
        [*PINNED, 'tomli (>=2.0) ; extra == "toml"']
    )
