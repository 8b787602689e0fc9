from __future__ import annotations

import difflib
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from brickwork import workspace
from test.conftest import MakeWorkspace, PolyRunner, Result, WorkspaceFactory

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PYTHON = sys.executable


def file_hashes(root: Path) -> dict[str, str]:
    """Every file under `root` -> sha256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def diff_lines(old: str, new: str) -> list[str]:
    """The +/- lines of a diff from `old` to `new`."""
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def assert_one_line_error(result: Result, exit_code: int, *fragments: str) -> None:
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def brick_files(theme: str, kind: str, name: str, ns: str = "acme") -> list[str]:
    top = "components" if kind == "component" else "bases"
    if theme == "loose":
        package, tests = f"{top}/{ns}/{name}", f"test/{top}/{ns}/{name}"
    else:
        package, tests = f"{top}/{name}/src/{ns}/{name}", f"{top}/{name}/test/{ns}/{name}"
    return [
        f"{package}/__init__.py",
        f"{package}/core.py",
        f"{tests}/__init__.py",
        f"{tests}/test_core.py",
    ]


def run(
    args: list[str], cwd: Path, pythonpath: list[Path], variable: str = "PYTHONPATH"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, variable: os.pathsep.join(str(p) for p in pythonpath)}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


# -- create workspace ----------------------------------------------------------------------


@pytest.mark.parametrize(("theme_args", "theme"), [("", "loose"), ("--theme tdd", "tdd")])
def test_create_workspace_in_an_empty_folder_writes_the_whole_layout(
    tmp_path: Path, poly: PolyRunner, theme_args: str, theme: str
) -> None:
    result = poly("poly create workspace", f"--name acme {theme_args}", cwd=tmp_path)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created workspace.toml",
        "created components/.keep",
        "created bases/.keep",
        "created projects/.keep",
        "created development/.keep",
        "created test/.keep",
        "created pyproject.toml",
        "created README.md",
        "created .gitignore",
    ]
    assert (tmp_path / "workspace.toml").read_text(encoding="utf-8") == (
        '[tool.polylith]\nnamespace = "acme"\ngit_tag_pattern = "stable-*"\n\n'
        f'[tool.polylith.structure]\ntheme = "{theme}"\n\n'
        '[tool.polylith.tag.patterns]\nstable = "stable-*"\nrelease = "v[0-9]*"\n\n'
        "[tool.polylith.resources]\nbrick_docs_enabled = false\n\n"
        "[tool.polylith.test]\nenabled = true\n"
    )
    ws = workspace.load(tmp_path)
    assert (ws.namespace, ws.config.theme.value, ws.problems) == ("acme", theme, ())
    assert ws.development is not None and ws.development.style == "pep621"
    assert ws.development.requires_python == ">=3.10"
    assert ws.config.tag_patterns == {"stable": "stable-*", "release": "v[0-9]*"}
    info = poly("poly info", cwd=tmp_path)
    assert info.exit_code == 0 and "no bricks yet" in info.stdout


def test_create_workspace_twice_changes_nothing_the_second_time(
    tmp_path: Path, poly: PolyRunner
) -> None:
    poly("poly create workspace", "--name acme --theme tdd", cwd=tmp_path)
    before = file_hashes(tmp_path)

    again = poly("poly create workspace", "--name acme", cwd=tmp_path)
    explicit = poly("poly create workspace", "--name acme --theme tdd", cwd=tmp_path)

    assert again.exit_code == explicit.exit_code == 0
    assert again.stdout == "nothing to do: this is already the acme workspace, complete.\n"
    assert explicit.stdout == again.stdout
    assert file_hashes(tmp_path) == before


def test_create_workspace_leaves_an_existing_pyproject_and_readme_byte_identical(
    tmp_path: Path, poly: PolyRunner
) -> None:
    pyproject = '[tool.poetry]\nname = "mine"   # my comment\nversion = "1.0"\n'
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Mine", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*.log\n/dist\n.venv", encoding="utf-8")
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "notes.txt").write_text("x", encoding="utf-8")
    before = file_hashes(tmp_path)

    result = poly("poly create workspace", "--name acme", cwd=tmp_path)

    assert result.exit_code == 0, result.stderr
    assert "created pyproject.toml" not in result.stdout
    assert "created components/.keep" not in result.stdout
    assert "updated .gitignore" in result.stdout
    after = file_hashes(tmp_path)
    for unchanged in ("pyproject.toml", "README.md", "components/notes.txt"):
        assert after[unchanged] == before[unchanged]
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        "*.log\n/dist\n.venv\nbuild/\n__pycache__/\n.brickwork_cache/\n"
    )


@pytest.mark.parametrize("namespace", ["class", "1acme", "acme-tools", "acme..x"])
def test_create_workspace_rejects_an_invalid_namespace_and_writes_nothing(
    tmp_path: Path, poly: PolyRunner, namespace: str
) -> None:
    result = poly("poly create workspace", f"--name {namespace}", cwd=tmp_path)

    assert_one_line_error(result, 2, f"{namespace!r} is not a valid namespace")
    assert list(tmp_path.iterdir()) == []


def test_create_workspace_refuses_another_namespace_and_writes_nothing(
    tmp_path: Path, poly: PolyRunner
) -> None:
    poly("poly create workspace", "--name acme", cwd=tmp_path)
    (tmp_path / "test" / ".keep").unlink()
    before = file_hashes(tmp_path)

    result = poly("poly create workspace", "--name other", cwd=tmp_path)
    theme = poly("poly create workspace", "--name acme --theme tdd", cwd=tmp_path)

    assert_one_line_error(result, 1, "already has namespace 'acme', not 'other'")
    assert_one_line_error(theme, 1, "already sets theme 'loose', not 'tdd'")
    assert file_hashes(tmp_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("--name acme --theme flat", "--theme 'flat' is not a theme: use loose or tdd."),
        ("", "missing --name: run `poetry poly create workspace --name <name>`."),
    ],
)
def test_create_workspace_rejects_bad_options(
    tmp_path: Path, poly: PolyRunner, args: str, message: str
) -> None:
    result = poly("poly create workspace", args, cwd=tmp_path)

    assert_one_line_error(result, 2, message)
    assert list(tmp_path.iterdir()) == []


def test_create_workspace_dry_run_prints_the_plan_and_writes_nothing(
    tmp_path: Path, poly: PolyRunner
) -> None:
    result = poly("poly create workspace", "--name acme --dry-run", cwd=tmp_path)

    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "would create workspace.toml",
        "would create components/.keep",
    ]
    assert list(tmp_path.iterdir()) == []


# -- create component / base ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["component", "base"])
@pytest.mark.parametrize("dev_style", ["pep621", "poetry"])
@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_create_brick_writes_the_brick_and_adds_exactly_one_include_line(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, dev_style: str, kind: str
) -> None:
    factory = make_workspace(theme=theme, dev_style=dev_style)
    factory.component("log")
    factory.base("api")
    dev = factory.root / "pyproject.toml"
    dev_before = dev.read_text(encoding="utf-8")
    before = file_hashes(factory.root)

    result = poly(
        f"poly create {kind}", '--name greeting --description "Greets people"', cwd=factory.root
    )

    assert result.exit_code == 0, result.stderr
    files = brick_files(theme, kind, "greeting")
    assert result.stdout.splitlines() == [f"created {f}" for f in files] + [
        "updated pyproject.toml"
    ]
    include, origin = factory.include(kind, "greeting", prefix="")
    assert diff_lines(dev_before, dev.read_text(encoding="utf-8")) == [
        f'+    {{ include = "{include}", from = "{origin}" }},'
    ]
    after = file_hashes(factory.root)
    assert {path: after[path] for path in before if path != "pyproject.toml"} == {
        path: digest for path, digest in before.items() if path != "pyproject.toml"
    }
    assert sorted(set(after) - set(before)) == sorted(files)
    interface = (factory.root / files[0]).read_text(encoding="utf-8")
    assert interface == (
        '"""Greets people."""\n\nfrom acme.greeting.core import hello\n\n__all__ = ["hello"]\n'
    )

    ws = workspace.load(factory.root)
    brick = ws.brick("greeting")
    assert brick is not None and brick.kind.value == kind and ws.problems == ()
    assert ws.development is not None and "greeting" in ws.development.bricks
    info = poly("poly info", cwd=factory.root)
    assert (
        "greeting" in info.stdout
        and f"{'components' if kind == 'component' else 'bases'}: 2" in info.stdout
    )


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_generated_brick_tests_pass_and_the_packages_import(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    factory = make_workspace(theme=theme)
    poly("poly create component", "--name greeting", cwd=factory.root)
    poly("poly create base", "--name greet_api", cwd=factory.root)
    ws = workspace.load(factory.root)
    sources = [b.path.parents[len(ws.namespace.split("."))] for b in ws.bricks]
    tests = [
        str(factory.root / brick_files(theme, "component", "greeting")[-1]),
        str(factory.root / brick_files(theme, "base", "greet_api")[-1]),
    ]

    pytest_args = ["-q", "-p", "no:cacheprovider", "--rootdir", str(factory.root)]
    pytest_run = run([PYTHON, "-m", "pytest", *pytest_args, *tests], factory.root, sources)
    imports = run(
        [
            PYTHON,
            "-c",
            "import acme.greeting as g, acme.greet_api as a; "
            "assert g.__all__ == ['hello'] and g.hello() == 'Hello from greeting!'; "
            "print(a.hello())",
        ],
        factory.root,
        sources,
    )

    assert pytest_run.returncode == 0, pytest_run.stdout + pytest_run.stderr
    assert "2 passed" in pytest_run.stdout
    assert imports.returncode == 0, imports.stderr
    assert imports.stdout == "Hello from greet_api!\n"


def test_generated_code_passes_ruff_and_strict_mypy(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    factory = make_workspace()
    poly("poly create component", '--name greeting --description "Says \\"hi\\""', cwd=factory.root)
    poly("poly create base", "--name greet_api", cwd=factory.root)
    bin_dir = Path(PYTHON).parent
    paths = ["components", "bases", "test"]

    ruff = run(
        [str(bin_dir / "ruff"), "check", "--isolated", "--select", "E,F,W,I,UP,B", *paths],
        factory.root,
        [],
    )
    mypy = run(
        [
            str(bin_dir / "mypy"),
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "mypy_cache"),
            "--explicit-package-bases",
            "--namespace-packages",
            "components/acme",
            "bases/acme",
            "test",
        ],
        factory.root,
        [factory.root / "components", factory.root / "bases"],
        variable="MYPYPATH",
    )

    assert ruff.returncode == 0, ruff.stdout
    assert mypy.returncode == 0, mypy.stdout


def test_create_component_writes_a_readme_when_brick_docs_are_enabled(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace(theme="tdd")
    config = factory.root / "workspace.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "\n[tool.polylith.resources]\nbrick_docs_enabled = true\n",
        encoding="utf-8",
    )

    result = poly(
        "poly create component", "--name greeting --description 'Greets.'", cwd=factory.root
    )

    assert result.exit_code == 0, result.stderr
    assert "created components/greeting/README.md" in result.stdout
    readme = (factory.root / "components/greeting/README.md").read_text(encoding="utf-8")
    assert readme.startswith("# greeting\n\nGreets.\n")


def test_create_component_writes_no_test_when_tests_are_disabled(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    config = factory.root / "workspace.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("enabled = true", "enabled = false"),
        encoding="utf-8",
    )

    result = poly("poly create component", "--name greeting", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert "test/" not in result.stdout
    assert not (factory.root / "test").exists()


@pytest.mark.parametrize("name", ["Greeting", "class", "2fa", "greet-api", "a.b", "_x"])
@pytest.mark.parametrize("kind", ["component", "base"])
def test_create_brick_rejects_an_invalid_name_and_writes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner, kind: str, name: str
) -> None:
    factory = make_workspace()
    before = file_hashes(factory.root)

    result = poly(f"poly create {kind}", f"--name {name}", cwd=factory.root)

    assert_one_line_error(result, 2, f"{name!r} is not a valid brick name")
    assert file_hashes(factory.root) == before


def test_create_brick_without_a_name_says_how_to_give_one(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()

    result = poly("poly create base", "", cwd=factory.root)

    assert_one_line_error(result, 2, "missing --name: run `poetry poly create base --name <name>`.")


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_create_brick_refuses_a_name_taken_by_a_component_or_a_base(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    factory = make_workspace(theme=theme)
    factory.component("greeting")
    before = file_hashes(factory.root)

    component = poly("poly create component", "--name greeting", cwd=factory.root)
    base = poly("poly create base", "--name greeting", cwd=factory.root)

    where = factory.brick_dir("component", "greeting")
    for result in (component, base):
        assert_one_line_error(result, 1, f"'greeting' is already a component ({where})")
    assert file_hashes(factory.root) == before


def test_create_brick_refuses_a_folder_in_the_way_and_writes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace(theme="tdd")
    factory.write("components/greeting/notes.md", "not code yet\n")
    before = file_hashes(factory.root)

    result = poly("poly create component", "--name greeting", cwd=factory.root)

    assert_one_line_error(result, 1, "components/greeting already exists")
    assert file_hashes(factory.root) == before


def test_create_component_adds_to_polylith_bricks_when_the_dev_project_uses_them(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    dev_text = (
        '[project]\nname = "dev"\nversion = "0.1.0"\n\n'
        '[tool.polylith.bricks]\n"components/acme/log" = "acme/log"\n'
    )
    factory.write("components/acme/log/__init__.py", "")
    dev = factory.write("pyproject.toml", dev_text)

    result = poly("poly create component", "--name greeting", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert diff_lines(dev_text, dev.read_text(encoding="utf-8")) == [
        '+"components/acme/greeting" = "acme/greeting"'
    ]
    ws = workspace.load(factory.root)
    assert ws.development is not None and ws.development.bricks == ("log", "greeting")


def test_create_component_adds_a_poetry_table_to_a_dev_project_without_one(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace(theme="tdd")
    dev_text = '[project]\nname = "dev"\nversion = "0.1.0"\n'
    dev = factory.write("pyproject.toml", dev_text)

    result = poly("poly create component", "--name greeting", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert dev.read_text(encoding="utf-8") == dev_text + (
        "\n[tool.poetry]\npackages = [\n"
        '    { include = "acme/greeting", from = "components/greeting/src" },\n]\n'
    )


def test_create_component_without_a_dev_project_creates_the_brick_and_says_what_to_add(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    (factory.root / "pyproject.toml").unlink()

    result = poly("poly create component", "--name greeting", cwd=factory.root)

    assert result.exit_code == 0
    assert "updated" not in result.stdout
    assert result.stderr == (
        "note: no development project (pyproject.toml) at the workspace root: add "
        '{ include = "acme/greeting", from = "components" } to its packages when you make one\n'
    )
    assert not (factory.root / "pyproject.toml").exists()


def test_create_component_dry_run_shows_the_include_and_writes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    factory.component("log")
    before = file_hashes(factory.root)

    result = poly("poly create component", "--name greeting --dry-run", cwd=factory.root)

    assert result.exit_code == 0
    assert "would create components/acme/greeting/__init__.py" in result.stdout
    assert "would update pyproject.toml" in result.stdout
    assert '    +    { include = "acme/greeting", from = "components" },' in result.stdout
    assert file_hashes(factory.root) == before


def test_create_component_outside_a_workspace_fails_with_one_line(
    tmp_path: Path, poly: PolyRunner
) -> None:
    result = poly("poly create component", "--name greeting", cwd=tmp_path)

    assert_one_line_error(result, 2, "No Polylith workspace")
    assert list(tmp_path.iterdir()) == []


# -- create project ------------------------------------------------------------------------


def workspace_with_bases(make_workspace: MakeWorkspace, **kwargs: str) -> WorkspaceFactory:
    factory = make_workspace(**kwargs)
    factory.component("greeting")
    factory.base("greet_api")
    factory.base("greet_cli")
    return factory


@pytest.mark.parametrize(
    ("theme", "origin"), [("loose", "../../bases"), ("tdd", "../../bases/greet_api/src")]
)
def test_create_project_includes_the_named_bases(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, origin: str
) -> None:
    factory = workspace_with_bases(make_workspace, theme=theme)
    before = file_hashes(factory.root)

    result = poly(
        "poly create project",
        '--name greet_service --base greet_api --description "The greeting service"',
        cwd=factory.root,
    )

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created projects/greet_service/pyproject.toml\n"
    assert file_hashes(factory.root) == {
        **before,
        "projects/greet_service/pyproject.toml": file_hashes(factory.root)[
            "projects/greet_service/pyproject.toml"
        ],
    }
    text = (factory.root / "projects/greet_service/pyproject.toml").read_text(encoding="utf-8")
    assert text == (
        '[project]\nname = "greet_service"\nversion = "0.1.0"\n'
        'description = "The greeting service"\nrequires-python = ">=3.10"\ndependencies = []\n\n'
        "[tool.poetry]\npackages = [\n"
        f'    {{ include = "acme/greet_api", from = "{origin}" }},\n]\n\n'
        '[build-system]\nrequires = ["poetry-core>=2.0,<3.0"]\n'
        'build-backend = "poetry.core.masonry.api"\n'
    )
    ws = workspace.load(factory.root)
    project = ws.project("greet_service")
    assert project is not None and project.bricks == ("greet_api",) and ws.problems == ()
    info = poly("poly info", cwd=factory.root)
    assert "greet_service" in info.stdout and "projects: 1" in info.stdout


def test_create_project_takes_several_bases_once_each_in_order(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = workspace_with_bases(make_workspace)

    result = poly(
        "poly create project",
        "--name svc --base greet_cli,greet_api --base greet_cli",
        cwd=factory.root,
    )

    assert result.exit_code == 0, result.stderr
    project = workspace.load(factory.root).project("svc")
    assert project is not None and project.bricks == ("greet_cli", "greet_api")


def test_create_project_includes_every_brick_the_base_needs_at_runtime(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    factory.component("log")
    factory.component("greeting", init="from acme import log\n")
    factory.component("typing_only")
    factory.component("unrelated")
    factory.base(
        "greet_api",
        init=(
            "from typing import TYPE_CHECKING\n\nfrom acme.greeting import hello\n\n"
            "if TYPE_CHECKING:\n    from acme import typing_only\n"
        ),
    )
    before = file_hashes(factory.root)

    result = poly("poly create project", "--name svc --base greet_api", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    project = workspace.load(factory.root).project("svc")
    assert project is not None and project.bricks == ("greet_api", "greeting", "log")
    assert set(file_hashes(factory.root)) == set(before) | {"projects/svc/pyproject.toml"}
    check = poly("poly check", "--strict", cwd=factory.root)
    assert "BW101" not in check.stdout


def test_create_project_without_bases_has_empty_packages(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()

    result = poly("poly create project", "--name svc", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    text = (factory.root / "projects/svc/pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.poetry]\npackages = []\n" in text


def test_create_project_translates_requires_python_of_a_legacy_dev_project(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace(dev_style="poetry")

    result = poly("poly create project", "--name svc", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    text = (factory.root / "projects/svc/pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.10,<4.0"' in text


def test_create_project_refuses_an_existing_project_and_writes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = workspace_with_bases(make_workspace)
    factory.project("svc", ["greet_api"], folder="svc_folder")
    factory.write("projects/other/Dockerfile", "FROM python\n")
    before = file_hashes(factory.root)

    by_name = poly("poly create project", "--name svc", cwd=factory.root)
    by_folder = poly("poly create project", "--name other", cwd=factory.root)

    assert_one_line_error(by_name, 1, "a project named 'svc' already exists (projects/svc_folder/")
    assert_one_line_error(by_folder, 1, "projects/other already exists")
    assert file_hashes(factory.root) == before


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("nope", "unknown base 'nope'; available bases: greet_api, greet_cli."),
        ("greeting", "unknown base 'greeting' (it is a component); available bases: greet_api"),
    ],
)
def test_create_project_rejects_an_unknown_base_naming_the_available_ones(
    make_workspace: MakeWorkspace, poly: PolyRunner, base: str, message: str
) -> None:
    factory = workspace_with_bases(make_workspace)
    before = file_hashes(factory.root)

    result = poly("poly create project", f"--name svc --base {base}", cwd=factory.root)

    assert_one_line_error(result, 2, message)
    assert file_hashes(factory.root) == before


def test_create_project_with_no_bases_at_all_says_how_to_make_one(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()

    result = poly("poly create project", "--name svc --base api", cwd=factory.root)

    assert_one_line_error(result, 2, "available bases: none yet (create one with")


@pytest.mark.parametrize("name", ["a/b", "..", "-svc", "svc!", "a\\\\b"])
def test_create_project_rejects_an_invalid_name_and_writes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner, name: str
) -> None:
    factory = make_workspace()
    before = file_hashes(factory.root)

    result = poly("poly create project", f"--name='{name}'", cwd=factory.root)

    assert_one_line_error(result, 2, "is not a valid project name")
    assert file_hashes(factory.root) == before


def test_create_project_dry_run_writes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = workspace_with_bases(make_workspace)
    before = file_hashes(factory.root)

    result = poly("poly create project", "--name svc --base greet_api --dry-run", cwd=factory.root)

    assert result.stdout == "would create projects/svc/pyproject.toml\n"
    assert file_hashes(factory.root) == before


def test_created_development_project_has_pytest_for_the_tests_it_generates(
    tmp_path: Path, poly: PolyRunner
) -> None:
    poly("poly create workspace", "--name acme", cwd=tmp_path)
    poly("poly create component", "--name greeting", cwd=tmp_path)

    data = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))

    assert data["tool"]["poetry"]["group"]["dev"]["dependencies"] == {"pytest": ">=8.0"}
    assert data["tool"]["poetry"]["packages"] == [
        {"include": "acme/greeting", "from": "components"}
    ]
    assert (tmp_path / "test/components/acme/greeting/test_core.py").is_file()
