"""--locked and --requirements: Requires-Dist pinned to the lock, transitive ones too."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import packaging, workspace
from test.artifacts import Sdist, Wheel
from test.components.brickwork.packaging.conftest import MakeService, commit_all

LOCK = """[[package]]
name = "requests"
version = "2.31.0"
description = ""
optional = false
python-versions = ">=3.7"
files = [
    {file = "requests-2.31.0-py3-none-any.whl", hash = "sha256:aaaa"},
    {file = "requests-2.31.0.tar.gz", hash = "sha256:bbbb"},
]

[package.dependencies]
idna = ">=2.5,<4"
urllib3 = {version = ">=1.21.1,<3", markers = "python_version >= \\"3.8\\""}

[package.extras]
socks = ["PySocks (>=1.5.6,!=1.5.7)"]

[[package]]
name = "idna"
version = "3.6"
description = ""
optional = false
python-versions = ">=3.5"
files = [{file = "idna-3.6-py3-none-any.whl", hash = "sha256:cccc"}]

[[package]]
name = "urllib3"
version = "2.2.1"
description = ""
optional = false
python-versions = ">=3.8"
files = [{file = "urllib3-2.2.1-py3-none-any.whl", hash = "sha256:dddd"}]

[[package]]
name = "tomli"
version = "2.0.1"
description = ""
optional = false
python-versions = ">=3.7"
files = [{file = "tomli-2.0.1-py3-none-any.whl", hash = "sha256:eeee"}]

[metadata]
lock-version = "2.0"
python-versions = ">=3.10"
content-hash = "0"
"""

DEPENDENCIES = 'dependencies = ["requests>=2.0", "tomli>=2.0 ; python_version < \'3.11\'"]\n'


def _with_dependencies(factory_root: Path, style: str) -> None:
    file = factory_root / "projects/svc/pyproject.toml"
    text = file.read_text(encoding="utf-8")
    if style == "pep621":
        text = text.replace("dependencies = []\n", DEPENDENCIES)
    else:
        text = text.replace(
            'python = "^3.10"\n',
            'python = "^3.10"\nrequests = ">=2.0"\n'
            'tomli = { version = ">=2.0", markers = "python_version < \'3.11\'" }\n',
        )
    file.write_text(text, encoding="utf-8")


def _build(root: Path, out: Path, **options: object) -> packaging.BuildResult:
    ws = workspace.load(root)
    project = ws.project("svc")
    assert project is not None
    return packaging.build_project(ws, project, packaging.BuildOptions(out_dir=out, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_locked_pins_every_runtime_requirement_transitive_ones_too(
    make_service: MakeService, tmp_path: Path, style: str
) -> None:
    factory = make_service(style=style)
    _with_dependencies(factory.root, style)
    factory.write("poetry.lock", LOCK)
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out", locked=True)

    assert result.wheel is not None
    expected = [
        "idna (==3.6)",
        "requests (==2.31.0)",
        'tomli (==2.0.1) ; python_version < "3.11"',
        'urllib3 (==2.2.1) ; python_version >= "3.8"',
    ]
    assert sorted(Wheel(result.wheel.path).requires()) == expected
    sdist = next(a.path for a in result.artifacts if a.format is packaging.Format.SDIST)
    assert sorted(Sdist(sdist).metadata().get_all("Requires-Dist") or []) == expected


def test_requirements_lists_the_pins_with_the_locks_hashes(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    _with_dependencies(factory.root, "pep621")
    factory.write("projects/svc/poetry.lock", LOCK)
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out", locked=True, requirements=True)

    assert result.requirements == tmp_path / "out" / "requirements.txt"
    assert result.requirements.read_text(encoding="utf-8") == (
        "# pinned from poetry.lock by poetry poly build-project --requirements\n"
        "idna==3.6 \\\n    --hash=sha256:cccc\n"
        "requests==2.31.0 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\n"
        'tomli==2.0.1 ; python_version < "3.11" \\\n    --hash=sha256:eeee\n'
        'urllib3==2.2.1 ; python_version >= "3.8" \\\n    --hash=sha256:dddd\n'
    )


def test_a_missing_lock_file_is_an_error_that_says_what_to_run(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()

    with pytest.raises(workspace.PolyError) as raised:
        _build(factory.root, tmp_path / "out", locked=True)

    assert raised.value.exit_code == workspace.EXIT_CANNOT_RUN
    assert str(raised.value) == (
        "no poetry.lock in projects/svc or at the workspace root; run `poetry lock` "
        "(in projects/svc or at the root) and build again."
    )


def test_a_stale_lock_file_is_an_error_naming_the_requirement(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    _with_dependencies(factory.root, "pep621")
    factory.write("poetry.lock", LOCK.replace('version = "2.31.0"', 'version = "1.0.0"'))
    commit_all(factory.root)

    with pytest.raises(workspace.PolyError, match="lock file is stale") as raised:
        _build(factory.root, tmp_path / "out", locked=True)

    assert "requests >=2.0 is required by svc but the lock has 1.0.0" in str(raised.value)


def test_the_projects_own_lock_wins_over_the_workspace_lock(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    _with_dependencies(factory.root, "pep621")
    factory.write("projects/svc/poetry.lock", LOCK)
    factory.write("poetry.lock", LOCK.replace('version = "2.31.0"', 'version = "1.0.0"'))
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out", locked=True, requirements=True)

    assert result.wheel is not None
    assert "requests (==2.31.0)" in Wheel(result.wheel.path).requires()


def test_the_sdists_project_file_holds_the_pins_and_no_constraint_beside_them(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    _with_dependencies(factory.root, "pep621")
    file = factory.root / "projects/svc/pyproject.toml"
    text = file.read_text(encoding="utf-8").replace(
        "[tool.poetry]\n",
        '[tool.poetry.dependencies]\nrequests = { version = ">=2.0", source = "pypi" }\n\n'
        "[tool.poetry]\n",
    )
    file.write_text(text, encoding="utf-8")
    factory.write("poetry.lock", LOCK)
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out", locked=True)

    sdist = next(a.path for a in result.artifacts if a.format is packaging.Format.SDIST)
    staged = Sdist(sdist).text("pyproject.toml")
    assert "dependencies = [\n" in staged
    assert '    "requests==2.31.0",\n' in staged
    assert "[tool.poetry.dependencies]\n\n" in staged
    assert 'source = "pypi"' not in staged
