from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import workspace
from test.conftest import MakeWorkspace


def test_load_reads_a_loose_workspace_with_pep621_projects(make_workspace: MakeWorkspace) -> None:
    ws_files = make_workspace()
    ws_files.component("greeting")
    ws_files.base("greet_api")
    ws_files.project("greet_service", ["greeting", "greet_api"], dependencies=["requests>=2"])

    ws = workspace.load(ws_files.root)

    assert ws.namespace == "acme"
    assert ws.config.theme is workspace.Theme.LOOSE
    assert [b.name for b in ws.components] == ["greeting"]
    assert [b.name for b in ws.bases] == ["greet_api"]
    service = ws.project("greet_service")
    assert service is not None
    assert service.style == "pep621"
    assert service.bricks == ("greeting", "greet_api")
    assert [(d.name, d.constraint) for d in service.dependencies] == [("requests", ">=2")]
    assert ws.problems == ()


def test_load_reads_a_tdd_workspace_with_legacy_poetry_projects(
    make_workspace: MakeWorkspace,
) -> None:
    ws_files = make_workspace(theme="tdd", dev_style="poetry")
    ws_files.component("greeting")
    ws_files.project("svc", ["greeting"], style="poetry", dependencies=["PyYAML"])

    ws = workspace.load(ws_files.root / "components")

    brick = ws.components[0]
    assert brick.path == ws_files.root / "components/greeting/src/acme/greeting"
    assert brick.test_path == ws_files.root / "components/greeting/test"
    svc = ws.project("svc")
    assert svc is not None and svc.style == "poetry" and svc.bricks == ("greeting",)
    assert [(d.name, d.constraint, d.source) for d in svc.dependencies] == [
        ("pyyaml", "*", "poetry")
    ]


def test_a_workspace_without_a_theme_reads_as_tdd_like_the_incumbent(tmp_path: Path) -> None:
    (tmp_path / "workspace.toml").write_text('[tool.polylith]\nnamespace = "acme"\n')

    assert workspace.load(tmp_path).config.theme is workspace.Theme.TDD


def test_the_incumbent_loose_example_layout_loads_unchanged(tmp_path: Path) -> None:
    files = {
        "workspace.toml": (
            '[tool.polylith]\nnamespace = "my_namespace"\ngit_tag_pattern = "stable-*"\n\n'
            '[tool.polylith.structure]\ntheme = "loose"\n\n[tool.polylith.tag.patterns]\n'
            'stable = "stable-*"\nrelease = "v[0-9]*"\n\n[tool.polylith.resources]\n'
            "brick_docs_enabled = false\n\n[tool.polylith.test]\nenabled = true\n"
        ),
        "pyproject.toml": (
            '[tool.poetry]\nname = "my_repo"\nversion = "0.1.0"\ndescription = ""\n'
            'authors = []\npackages = [\n    {include = "development"},\n'
            '    {include = "my_namespace/greet", from = "components"},\n'
            '    {include = "my_namespace/hello_api", from = "bases"},\n]\n\n'
            '[tool.poetry.dependencies]\npython = "^3.10"\n\n'
            '[tool.poetry.group.dev.dependencies]\npytest = "^8"\n'
        ),
        "components/my_namespace/greet/__init__.py": "from my_namespace.greet import core\n",
        "components/my_namespace/greet/core.py": "def hi() -> str:\n    return 'hi'\n",
        "bases/my_namespace/hello_api/__init__.py": "",
        "bases/my_namespace/hello_api/core.py": "from my_namespace import greet\n",
        "development/dev.py": "",
        "components/.keep": "",
        "projects/.keep": "",
        "projects/hello_project/pyproject.toml": (
            '[tool.poetry]\nname = "hello-project"\nversion = "0.1.0"\ndescription = ""\n'
            "authors = []\npackages = [\n"
            '    {include = "my_namespace/hello_api", from = "../../bases"},\n'
            '    {include = "my_namespace/greet", from = "../../components"},\n]\n\n'
            '[tool.poetry.dependencies]\npython = "^3.10"\nfastapi = "^0.110"\n'
        ),
        "projects/k8s_watcher/pyproject.toml": (
            '[project]\nname = "k8s_cache"\nversion = "1.0"\n\n'
            "[tool.polylith.bricks]\n"
            '"../../components/my_namespace/greet" = "my_namespace/greet"\n'
        ),
        "projects/.prepare_x/pyproject.toml": '[project]\nname = "leftover"\n',
        "projects/k8s/deployment.yaml": "kind: Deployment\n",
    }
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    ws = workspace.load(tmp_path)

    assert [p.name for p in ws.projects] == ["my_repo", "hello-project", "k8s_cache"]
    assert ws.project("hello-project").bricks == ("hello_api", "greet")  # type: ignore[union-attr]
    assert ws.project("k8s_watcher").bricks == ("greet",)  # type: ignore[union-attr]
    assert ws.development is not None
    assert ws.development.bricks == ("greet", "hello_api")
    hello = ws.project("hello-project")
    assert hello is not None and hello.requires_python == "^3.10"
    assert [d.name for d in hello.dependencies] == ["fastapi"]
    assert ws.problems == ()


def test_include_problems_are_recorded_not_raised(make_workspace: MakeWorkspace) -> None:
    ws_files = make_workspace()
    ws_files.component("greeting")
    ws_files.write(
        "projects/bad/pyproject.toml",
        '[project]\nname = "bad"\n\n[tool.poetry]\npackages = [\n'
        '    { include = "acme/missing", from = "../../components" },\n'
        '    { include = "elsewhere", from = "../../../outside" },\n'
        '    { include = "acme/greeting", from = "../../components" },\n'
        '    { include = "acme/empty", from = "../../components" },\n]\n',
    )
    (ws_files.root / "components/acme/empty").mkdir()

    ws = workspace.load(ws_files.root)

    codes = [(p.code, p.line) for p in ws.problems]
    assert codes == [("BW002", 6), ("BW001", 7), ("BW003", 9)]
    assert ws.project("bad").bricks == ("greeting",)  # type: ignore[union-attr]


def test_brick_discovery_skips_caches_hidden_dirs_and_non_python_folders(
    make_workspace: MakeWorkspace,
) -> None:
    ws_files = make_workspace()
    ws_files.component("real")
    ws_files.write("components/acme/__pycache__/x.py", "")
    ws_files.write("components/acme/.venv/lib.py", "")
    ws_files.write("components/acme/docs_only/README.md", "# nothing\n")
    ws_files.write("components/acme/my-brick/core.py", "")

    ws = workspace.load(ws_files.root)

    assert [b.name for b in ws.components] == ["real"]
    assert [p.code for p in ws.problems] == ["BW005"]


def test_a_base_and_a_component_with_the_same_name_is_a_problem(
    make_workspace: MakeWorkspace,
) -> None:
    ws_files = make_workspace()
    ws_files.component("shared")
    ws_files.base("shared")

    assert [p.code for p in workspace.load(ws_files.root).problems] == ["BW006"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[tool.polylith\nnamespace = 1", "invalid TOML"),
        ("[tool.polylith]\ntheme = 'x'\n", "[tool.polylith] namespace is missing; add"),
        ("[tool.polylith]\nnamespace = 3\n", "namespace must be a string"),
        ("[tool.polylith]\nnamespace = 'not-valid'\n", "is not a Python package name"),
        (
            "[tool.polylith]\nnamespace = 'a'\n[tool.polylith.structure]\ntheme = 'flat'\n",
            'use "loose" or "tdd"',
        ),
        (
            "[tool.polylith]\nnamespace = 'a'\n[tool.polylith.test]\nenabled = 'yes'\n",
            "test.enabled must be a boolean",
        ),
        (
            "[tool.polylith]\nnamespace = 'a'\n[tool.polylith.tag]\npatterns = 'x'\n",
            "tag.patterns must be a table",
        ),
    ],
)
def test_bad_workspace_config_is_one_clear_error(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "workspace.toml").write_text(text)

    with pytest.raises(workspace.PolyError) as raised:
        workspace.load(tmp_path)

    assert expected in str(raised.value)
    assert "workspace.toml: " in str(raised.value)
    assert raised.value.exit_code == 2


def test_a_toml_syntax_error_names_the_file_and_line(make_workspace: MakeWorkspace) -> None:
    ws_files = make_workspace()
    ws_files.write("projects/broken/pyproject.toml", '[project]\nname = "x"\nversion = \n')

    with pytest.raises(workspace.PolyError) as raised:
        workspace.load(ws_files.root)

    assert "projects/broken/pyproject.toml" in str(raised.value)
    assert "line 3" in str(raised.value)


def test_root_discovery_prefers_workspace_toml_and_falls_back_to_pyproject(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.polylith]\nnamespace = "old"\n')
    nested = tmp_path / "components" / "deep"
    nested.mkdir(parents=True)

    assert workspace.find_root(nested) == tmp_path
    assert workspace.load(nested).namespace == "old"


def test_no_workspace_is_an_error_that_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(workspace.PolyError, match="poetry poly create workspace"):
        workspace.find_root(tmp_path)


def test_config_reads_every_incumbent_key(tmp_path: Path) -> None:
    (tmp_path / "workspace.toml").write_text(
        '[tool.polylith]\nnamespace = "acme"\ngit_tag_pattern = "v*"\nunknown = 1\n'
        '[tool.polylith.structure]\ntheme = "loose"\n'
        '[tool.polylith.tag]\nsorting = ["-taggerdate"]\n'
        '[tool.polylith.tag.patterns]\nstable = "stable-*"\nrelease = "v[0-9]*"\n'
        "[tool.polylith.test]\nenabled = false\n"
        "[tool.polylith.resources]\nbrick_docs_enabled = true\n"
        '[tool.polylith.projects.alias]\n"greet-service" = "gs"\n'
        '[tool.polylith.projects.groups]\napis = ["greet-service"]\n'
    )

    config = workspace.load_config(tmp_path)

    assert config.git_tag_pattern == "v*"
    assert config.tag_sorting == ("-taggerdate",)
    assert config.stable_tag_pattern() == "stable-*"
    assert config.stable_tag_pattern("release") == "v[0-9]*"
    assert config.test_enabled is False
    assert config.brick_docs_enabled is True
    assert config.project_aliases == {"greet-service": "gs"}
    assert config.project_groups == {"apis": ("greet-service",)}


def test_an_include_in_a_sibling_folder_that_shares_the_root_prefix_is_outside(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace()
    sibling = factory.root.parent / f"{factory.root.name}2" / "acme" / "log"
    sibling.mkdir(parents=True)
    (sibling / "__init__.py").write_text("")
    factory.write(
        "projects/svc/pyproject.toml",
        '[project]\nname = "svc"\n\n[tool.poetry]\npackages = [\n'
        f'    {{ include = "acme/log", from = "../../../{factory.root.name}2" }},\n]\n',
    )

    ws = workspace.load(factory.root)

    assert [(p.code, p.line) for p in ws.problems] == [("BW001", 6)]


def test_a_project_is_found_by_name_folder_name_and_alias(make_workspace: MakeWorkspace) -> None:
    factory = make_workspace()
    factory.project("k8s_cache", folder="k8s_watcher")
    toml = factory.root / "workspace.toml"
    toml.write_text(toml.read_text() + '\n[tool.polylith.projects.alias]\nk8s_cache = "kc"\n')

    ws = workspace.load(factory.root)

    found = {name: ws.project(name) for name in ("k8s_cache", "k8s_watcher", "kc")}
    assert {name: p.name if p else None for name, p in found.items()} == dict.fromkeys(
        found, "k8s_cache"
    )
    assert ws.project("nope") is None


def test_two_projects_with_one_name_are_a_bw007_problem(make_workspace: MakeWorkspace) -> None:
    factory = make_workspace()
    factory.project("svc", folder="a")
    factory.project("svc", folder="b")

    ws = workspace.load(factory.root)

    assert [(p.code, ws.relative(p.path)) for p in ws.problems] == [
        ("BW007", "projects/b/pyproject.toml")
    ]
