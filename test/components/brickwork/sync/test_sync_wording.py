"""What `poly sync` says and writes at its edges: libraries the development project does not
declare, Poetry versions as PEP 440, a dotted namespace, a library project under `--prune`."""

from __future__ import annotations

from test.components.brickwork.sync.test_sync_libs_tables import service
from test.conftest import MakeWorkspace, PolyRunner

PROJECT_TAIL = """\
[tool.poetry]
packages = [
    { include = "acme/api", from = "../../bases" },
    { include = "acme/greeting", from = "../../components" },
    { include = "acme/log", from = "../../components" },
]
"""


def test_sync_libs_names_every_library_the_development_project_does_not_declare(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace(dev_style="poetry")
    factory.component("log", "import requests\nimport yaml\n")
    factory.base("api", "import acme.log\n")
    file = factory.project("svc", ["api", "log"])
    before = file.read_text(encoding="utf-8")

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "--libs: the development project declares no version of pyyaml (needed by "
        "development, svc); requests (needed by development, svc); declare it in the root "
        "pyproject.toml (e.g. `poetry add <name>`) and run again. Nothing was written.\n"
    )
    assert file.read_text(encoding="utf-8") == before


def test_sync_libs_writes_an_exact_poetry_version_and_a_bare_name_as_pep_440(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, 'requests = "2.31.0"\nclick = ""\n')
    file = factory.project("svc", ["api", "greeting", "log"])

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert (result.exit_code, result.stderr) == (0, "")
    text = file.read_text(encoding="utf-8")
    assert 'dependencies = [\n    "click",\n    "requests==2.31.0",\n]\n' in text
    assert PROJECT_TAIL in text


def test_sync_adds_a_brick_of_a_dotted_namespace_from_the_bricks_folder(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace(namespace="acme.corp")
    factory.component("log")
    factory.base("api", "import acme.corp.log\n")
    file = factory.project("svc", ["api"])

    result = poly("poly sync", cwd=factory.root)

    assert (result.exit_code, result.stderr) == (0, "")
    assert (
        'packages = [\n    { include = "acme/corp/api", from = "../../bases" },\n'
        '    { include = "acme/corp/log", from = "../../components" },\n]\n'
    ) in file.read_text(encoding="utf-8")


def test_sync_prune_keeps_the_bricks_of_a_project_other_projects_depend_on_and_says_why(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    factory.component("storage")
    factory.component("log")
    factory.base("api", "import acme.storage\n")
    library = factory.project("acme_storage", ["storage", "log"])
    before = library.read_text(encoding="utf-8")
    factory.project("svc", ["api"], dependencies=["acme-storage"])

    result = poly("poly sync", "--prune", cwd=factory.root)

    assert result.exit_code == 0
    assert result.stderr == "note: acme_storage is a library of svc: --prune keeps its bricks\n"
    assert library.read_text(encoding="utf-8") == before
