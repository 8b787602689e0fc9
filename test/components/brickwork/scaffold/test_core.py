from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import scaffold, workspace
from brickwork.scaffold import ChangeKind, Disk

ROOT = Path("/ws")
COMPONENT = workspace.BrickKind.COMPONENT
BASE = workspace.BrickKind.BASE


def disk(files: dict[str, str] | None = None, dirs: dict[str, bool] | None = None) -> Disk:
    """A snapshot that knows every path (missing unless listed)."""
    files = files or {}
    dirs = dirs or {}

    class Everything(frozenset[str]):
        def __contains__(self, item: object) -> bool:
            return True

    return Disk(ROOT, Everything(), files, dirs)


def ws_model(
    theme: workspace.Theme = workspace.Theme.LOOSE,
    bricks: tuple[workspace.Brick, ...] = (),
    docs: bool = False,
    tests: bool = True,
    requires_python: str = ">=3.10",
    namespace: str = "acme",
) -> workspace.Workspace:
    config = workspace.Config(
        namespace=namespace, theme=theme, brick_docs_enabled=docs, test_enabled=tests
    )
    dev = workspace.Project(
        name="dev",
        path=ROOT,
        file=ROOT / "pyproject.toml",
        is_development=True,
        style="pep621",
        version="0.1.0",
        requires_python=requires_python,
        bricks=(),
        includes=(),
        dependencies=(),
    )
    components = tuple(b for b in bricks if b.kind is COMPONENT)
    bases = tuple(b for b in bricks if b.kind is BASE)
    return workspace.Workspace(ROOT, config, components, bases, (dev,))


def brick(name: str, kind: workspace.BrickKind = BASE) -> workspace.Brick:
    path = ROOT / kind.directory / "acme" / name
    return workspace.Brick(name, kind, path, path, ROOT / "test" / kind.directory / "acme" / name)


DEV = '[project]\nname = "dev"\n\n[tool.poetry]\npackages = []\n'


# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["acme", "acme.tools", "_acme", "Acme2"])
def test_check_namespace_accepts_dotted_identifiers(name: str) -> None:
    scaffold.check_namespace(name)


@pytest.mark.parametrize("name", ["", "class", "acme.class", "1acme", "acme-tools", "acme.", "a b"])
def test_check_namespace_rejects_what_python_cannot_import(name: str) -> None:
    with pytest.raises(workspace.PolyError, match="is not a valid namespace") as err:
        scaffold.check_namespace(name)
    assert err.value.exit_code == 2


@pytest.mark.parametrize("name", ["greeting", "greet_api", "x2", "log"])
def test_check_brick_name_accepts_lowercase_identifiers(name: str) -> None:
    scaffold.check_brick_name(name)


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("Greeting", "greeting"),
        ("greet-api", "greet_api"),
        ("2fa", "my_2fa"),
        ("class", "class_brick"),
        ("_private", "private"),
        ("", "greeting"),
        ("a.b", "a_b"),
    ],
)
def test_check_brick_name_rejects_other_names_with_a_suggestion(name: str, hint: str) -> None:
    with pytest.raises(workspace.PolyError, match=rf"\(e\.g\. {hint}\)\.$") as err:
        scaffold.check_brick_name(name)
    assert err.value.exit_code == 2


@pytest.mark.parametrize("name", ["greet_service", "greet-service", "Svc.2", "a"])
def test_check_project_name_accepts_distribution_names(name: str) -> None:
    scaffold.check_project_name(name)


@pytest.mark.parametrize("name", ["", "a/b", "a\\b", "..", ".svc", "svc-", "a b"])
def test_check_project_name_rejects_paths_and_invalid_names(name: str) -> None:
    with pytest.raises(workspace.PolyError, match="is not a valid project name"):
        scaffold.check_project_name(name)


# -- workspace -----------------------------------------------------------------------------


def test_plan_workspace_in_an_empty_folder_creates_everything() -> None:
    plan = scaffold.plan_workspace(disk(), "acme")

    assert plan.paths == (
        "workspace.toml",
        "components/.keep",
        "bases/.keep",
        "projects/.keep",
        "development/.keep",
        "test/.keep",
        "pyproject.toml",
        "README.md",
        ".gitignore",
    )
    assert all(change.kind is ChangeKind.CREATE for change in plan.changes)
    assert plan.changes[0].content == (
        '[tool.polylith]\nnamespace = "acme"\ngit_tag_pattern = "stable-*"\n\n'
        '[tool.polylith.structure]\ntheme = "loose"\n\n'
        '[tool.polylith.tag.patterns]\nstable = "stable-*"\nrelease = "v[0-9]*"\n\n'
        "[tool.polylith.resources]\nbrick_docs_enabled = false\n\n"
        "[tool.polylith.test]\nenabled = true\n"
    )


def test_plan_workspace_keeps_existing_files_and_non_empty_folders() -> None:
    existing = disk(
        files={"pyproject.toml": DEV, "README.md": "# mine\n", ".gitignore": "/dist\n*.log"},
        dirs={"components": False, "bases": True},
    )

    plan = scaffold.plan_workspace(existing, "acme", workspace.Theme.TDD)

    assert plan.paths == (
        "workspace.toml",
        "bases/.keep",
        "projects/.keep",
        "development/.keep",
        "test/.keep",
        ".gitignore",
    )
    assert 'theme = "tdd"' in plan.changes[0].content
    gitignore = plan.changes[-1]
    assert gitignore.kind is ChangeKind.UPDATE
    assert gitignore.content == "/dist\n*.log\nbuild/\n__pycache__/\n.brickwork_cache/\n.venv/\n"


def test_plan_workspace_is_empty_for_a_complete_workspace_with_the_same_namespace() -> None:
    first = scaffold.plan_workspace(disk(), "acme")
    done = disk(
        files={c.path: c.content for c in first.changes if not c.path.endswith(".keep")},
        dirs={
            folder: False for folder in ("components", "bases", "projects", "development", "test")
        },
    )

    assert scaffold.plan_workspace(done, "acme").is_empty
    assert scaffold.plan_workspace(done, "acme", workspace.Theme.LOOSE).is_empty


def test_plan_workspace_refuses_another_namespace() -> None:
    existing = disk(files={"workspace.toml": '[tool.polylith]\nnamespace = "other"\n'})

    with pytest.raises(workspace.PolyFailure, match="already has namespace 'other', not 'acme'"):
        scaffold.plan_workspace(existing, "acme")


def test_plan_workspace_refuses_another_explicit_theme() -> None:
    existing = disk(files={"workspace.toml": '[tool.polylith]\nnamespace = "acme"\n'})

    assert scaffold.plan_workspace(existing, "acme", workspace.Theme.TDD).paths[0] != (
        "workspace.toml"
    )
    with pytest.raises(workspace.PolyFailure, match="already sets theme 'tdd', not 'loose'"):
        scaffold.plan_workspace(existing, "acme", workspace.Theme.LOOSE)


def test_plan_workspace_accepts_the_config_in_pyproject_and_adds_no_workspace_toml() -> None:
    existing = disk(files={"pyproject.toml": '[tool.polylith]\nnamespace = "acme"\n'})

    plan = scaffold.plan_workspace(existing, "acme")

    assert "workspace.toml" not in plan.paths
    assert "pyproject.toml" not in plan.paths


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.polylith\n", "is not valid TOML"),
        ("[tool.other]\n", r"without a \[tool\.polylith\]"),
    ],
)
def test_plan_workspace_refuses_a_workspace_toml_it_cannot_read(text: str, message: str) -> None:
    with pytest.raises(workspace.PolyFailure, match=message):
        scaffold.plan_workspace(disk(files={"workspace.toml": text}), "acme")


def test_plan_workspace_names_the_dev_project_after_the_namespace() -> None:
    plan = scaffold.plan_workspace(disk(), "acme.tools")

    dev = next(c for c in plan.changes if c.path == "pyproject.toml")
    assert 'name = "acme-tools-development"' in dev.content
    assert 'namespace = "acme.tools"' in plan.changes[0].content


# -- bricks --------------------------------------------------------------------------------


def test_plan_brick_loose_writes_the_package_its_test_and_one_include() -> None:
    plan = scaffold.plan_brick(ws_model(), disk(files={"pyproject.toml": DEV}), COMPONENT, "log")

    assert plan.paths == (
        "components/acme/log/__init__.py",
        "components/acme/log/core.py",
        "test/components/acme/log/__init__.py",
        "test/components/acme/log/test_core.py",
        "pyproject.toml",
    )
    assert plan.changes[-1].kind is ChangeKind.UPDATE
    assert '{ include = "acme/log", from = "components" }' in plan.changes[-1].content


def test_plan_brick_tdd_follows_the_incumbent_layout() -> None:
    model = ws_model(theme=workspace.Theme.TDD, docs=True)

    plan = scaffold.plan_brick(model, disk(files={"pyproject.toml": DEV}), BASE, "api", "An API")

    assert plan.paths == (
        "bases/api/src/acme/api/__init__.py",
        "bases/api/src/acme/api/core.py",
        "bases/api/README.md",
        "bases/api/test/acme/api/__init__.py",
        "bases/api/test/acme/api/test_core.py",
        "pyproject.toml",
    )
    assert '{ include = "acme/api", from = "bases/api/src" }' in plan.changes[-1].content


def test_plan_brick_with_docs_and_without_tests() -> None:
    model = ws_model(docs=True, tests=False, namespace="acme.tools")

    plan = scaffold.plan_brick(model, disk(files={"pyproject.toml": DEV}), COMPONENT, "log")

    assert plan.paths == (
        "components/acme/tools/log/__init__.py",
        "components/acme/tools/log/core.py",
        "components/acme/tools/log/README.md",
        "pyproject.toml",
    )
    assert "from acme.tools.log.core import hello" in plan.changes[0].content


def test_plan_brick_refuses_a_name_taken_by_a_brick_of_either_kind() -> None:
    model = ws_model(bricks=(brick("api", BASE),))

    with pytest.raises(workspace.PolyFailure, match=r"'api' is already a base \(bases/acme/api\)"):
        scaffold.plan_brick(model, disk(files={"pyproject.toml": DEV}), COMPONENT, "api")


def test_plan_brick_refuses_a_folder_or_file_already_in_the_way() -> None:
    leftover = disk(files={"pyproject.toml": DEV, "test/components/acme/log/test_core.py": ""})

    with pytest.raises(workspace.PolyFailure, match=r"^test/components/acme/log/test_core\.py"):
        scaffold.plan_brick(ws_model(), leftover, COMPONENT, "log")
    with pytest.raises(workspace.PolyFailure, match=r"^components/log already exists"):
        scaffold.plan_brick(
            ws_model(theme=workspace.Theme.TDD),
            disk(dirs={"components/log": True}),
            COMPONENT,
            "log",
        )


def test_plan_brick_without_a_development_project_says_what_to_add() -> None:
    plan = scaffold.plan_brick(ws_model(), disk(), COMPONENT, "log")

    assert "pyproject.toml" not in plan.paths
    assert plan.notes == (
        "no development project (pyproject.toml) at the workspace root: add "
        '{ include = "acme/log", from = "components" } to its packages when you make one',
    )


def test_plan_brick_leaves_a_development_project_that_already_includes_it() -> None:
    dev = '[tool.poetry]\npackages = [{ include = "acme/log", from = "components" }]\n'

    plan = scaffold.plan_brick(ws_model(), disk(files={"pyproject.toml": dev}), COMPONENT, "log")

    assert "pyproject.toml" not in plan.paths


# -- projects ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theme", "origin"),
    [(workspace.Theme.LOOSE, "../../bases"), (workspace.Theme.TDD, "../../bases/api/src")],
)
def test_plan_project_includes_exactly_the_bricks_given(
    theme: workspace.Theme, origin: str
) -> None:
    model = ws_model(theme=theme, bricks=(brick("api"),))

    plan = scaffold.plan_project(model, disk(), "svc", model.bases, "A service")

    assert plan.paths == ("projects/svc/pyproject.toml",)
    assert plan.changes[0].content == (
        '[project]\nname = "svc"\nversion = "0.1.0"\ndescription = "A service"\n'
        'requires-python = ">=3.10"\ndependencies = []\n\n'
        f'[tool.poetry]\npackages = [\n    {{ include = "acme/api", from = "{origin}" }},\n]\n\n'
        '[build-system]\nrequires = ["poetry-core>=2.0,<3.0"]\n'
        'build-backend = "poetry.core.masonry.api"\n'
    )


def test_plan_project_refuses_an_existing_folder_or_project_name() -> None:
    with pytest.raises(workspace.PolyFailure, match=r"^projects/svc already exists"):
        scaffold.plan_project(ws_model(), disk(dirs={"projects/svc": False}), "svc")
    with pytest.raises(workspace.PolyFailure, match="a project named 'dev' already exists"):
        scaffold.plan_project(ws_model(), disk(), "DEV")


@pytest.mark.parametrize(
    ("constraint", "expected"),
    [
        (">=3.10", ">=3.10"),
        (">=3.10,<4.0", ">=3.10,<4.0"),
        ("^3.10", ">=3.10,<4.0"),
        ("^0.2.1", ">=0.2.1,<0.3"),
        ("~3.11", ">=3.11,<3.12"),
        ("~3", ">=3,<4.0"),
        (">=3.10 <3.13", ">=3.10,<3.13"),
        ("^3.10, !=3.11.0", ">=3.10,<4.0,!=3.11.0"),
        ("*", None),
        ("", None),
        ("3.10", None),
        ("^3.10 || ^4.0", None),
    ],
)
def test_python_requirement_translates_poetry_constraints(
    constraint: str, expected: str | None
) -> None:
    assert scaffold.python_requirement(constraint) == expected


def test_plan_project_copies_requires_python_and_notes_what_it_cannot_translate() -> None:
    caret = scaffold.plan_project(ws_model(requires_python="^3.11"), disk(), "svc")
    weird = scaffold.plan_project(ws_model(requires_python="3.11 || 3.12"), disk(), "svc")

    assert 'requires-python = ">=3.11,<4.0"' in caret.changes[0].content
    assert caret.notes == ()
    assert 'requires-python = ">=3.10"' in weird.changes[0].content
    assert weird.notes and "'3.11 || 3.12' is not a PEP 440 specifier" in weird.notes[0]


def test_brick_include_for_the_development_project_and_for_projects() -> None:
    loose = workspace.Config(namespace="acme.tools")
    tdd = workspace.Config(namespace="acme", theme=workspace.Theme.TDD)

    assert scaffold.brick_include(loose, COMPONENT, "log") == ("acme/tools/log", "components")
    assert scaffold.brick_include(tdd, BASE, "api", "../../") == ("acme/api", "../../bases/api/src")
