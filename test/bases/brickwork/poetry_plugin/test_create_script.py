"""`poetry poly create project --script NAME=module:function`: the console script written into
the new project file, checked against the project's bricks without importing them, and a
script that runs once the project is built and installed."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest
import tomlkit

from brickwork import scaffold, workspace
from test.artifacts import Wheel
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo

API_CORE = """from acme.greeting import hello


def main() -> None:
    import sys

    sys.stdout.write(hello().upper() + "\\n")
"""
GREETING = '"""Greets people."""\n\nfrom acme.greeting.core import hello\n\n__all__ = ["hello"]\n'
GREETING_CORE = 'def hello() -> str:\n    return "hello from greeting"\n'

STYLES = [("loose", "pep621"), ("loose", "poetry"), ("tdd", "pep621"), ("tdd", "poetry")]


def service(make_workspace: MakeWorkspace, theme: str, dev_style: str) -> WorkspaceFactory:
    """A base `api` whose `core.main` uses the component `greeting`, plus an unused one."""
    factory = make_workspace(theme=theme, dev_style=dev_style)
    factory.component("greeting", GREETING, {"core.py": GREETING_CORE})
    factory.component("unused", files={"core.py": "def main() -> None:\n    pass\n"})
    factory.base("api", files={"core.py": API_CORE})
    return factory


def project_file(factory: WorkspaceFactory, name: str = "svc") -> str:
    return (factory.root / f"projects/{name}/pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("theme", "dev_style"), STYLES)
def test_create_project_writes_each_script_into_project_scripts_in_order(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, dev_style: str
) -> None:
    factory = service(make_workspace, theme, dev_style)

    result = poly(
        "poly create project",
        "--name svc --base api --script svc=acme.api.core:main "
        "--script greet-cli=acme.greeting.core:hello,svc.admin=acme.api:hello_missing",
        cwd=factory.root,
    )

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created projects/svc/pyproject.toml\n"
    text = project_file(factory)
    assert (
        'dependencies = []\n\n[project.scripts]\nsvc = "acme.api.core:main"\n'
        'greet-cli = "acme.greeting.core:hello"\n"svc.admin" = "acme.api:hello_missing"\n\n'
        "[tool.poetry]\n"
    ) in text
    data = tomlkit.parse(text).unwrap()
    assert data["project"]["scripts"] == {
        "svc": "acme.api.core:main",
        "greet-cli": "acme.greeting.core:hello",
        "svc.admin": "acme.api:hello_missing",
    }
    includes = [p["include"] for p in data["tool"]["poetry"]["packages"]]
    assert includes == ["acme/api", "acme/greeting"]  # the closure, not the unused component
    # the one target the module does not define is a note, not an error
    assert result.stderr.splitlines() == [
        "note: --script svc.admin: acme.api ("
        + ("bases/acme/api" if theme == "loose" else "bases/api/src/acme/api")
        + "/__init__.py) does not define 'hello_missing' at its top level; "
        "the script fails until it does"
    ]


def test_create_project_without_scripts_writes_no_scripts_table(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, "loose", "pep621")

    result = poly("poly create project", "--name svc --base api", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert "scripts" not in project_file(factory)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            "--script svc",
            "--script 'svc': give NAME=module:function, NAME being the command to type "
            "(letters, digits, '.', '_', '-'; no spaces), e.g. --script "
            "greet=acme.greet_api.core:main. Nothing was written.",
        ),
        (
            "--script svc=acme.api.core",
            "--script 'svc=acme.api.core': the target 'acme.api.core' is not module:function "
            "(a dotted module of the project's bricks, a colon, a function), e.g. --script "
            "greet=acme.greet_api.core:main. Nothing was written.",
        ),
        (
            "--script svc=acme.api.nope:main",
            "--script svc=acme.api.nope:main: acme.api.nope is not a module of the project's "
            "bricks (api, greeting); name a module of one of them (e.g. acme.api.core). "
            "Nothing was written.",
        ),
        (
            "--script svc=acme.unused.core:main",
            "--script svc=acme.unused.core:main: acme.unused.core is not a module of the "
            "project's bricks (api, greeting); name a module of one of them (e.g. "
            "acme.api.core). Nothing was written.",
        ),
        (
            "--script svc=acme.api.core:main --script svc=acme.api:main",
            "--script 'svc' is given twice (svc=acme.api.core:main, svc=acme.api:main); keep "
            "one. Nothing was written.",
        ),
    ],
    ids=["no-target", "no-function", "no-such-module", "brick-not-in-project", "twice"],
)
def test_a_bad_script_is_one_line_exit_2_and_nothing_is_written(
    make_workspace: MakeWorkspace, poly: PolyRunner, args: str, message: str
) -> None:
    factory = service(make_workspace, "loose", "pep621")

    result = poly("poly create project", f"--name svc --base api {args}", cwd=factory.root)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == message + "\n"
    assert not (factory.root / "projects/svc").exists()


def test_a_script_without_a_base_says_to_name_the_base(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, "loose", "pep621")

    result = poly(
        "poly create project", "--name svc --script s=acme.api.core:main", cwd=factory.root
    )

    assert result.exit_code == 2
    assert "(none: name its base with --base)" in result.stderr
    assert not (factory.root / "projects/svc").exists()


@pytest.mark.parametrize(
    "given",
    ["svc=acme.api.core:main", "a.b-c_d=acme.api:App.run", " svc = acme.api.core:main "],
)
def test_parse_scripts_accepts_names_and_dotted_targets(given: str) -> None:
    [(name, target)] = scaffold.parse_scripts([given])

    assert f"{name}={target}" == given.replace(" ", "")


@pytest.mark.parametrize(
    "given",
    [
        "=acme.api:main",
        "-svc=acme.api:main",
        "svc=acme.api:",
        "svc=:main",
        "svc=acme.class:main",
        "svc=acme.api:main[extra]",
        "svc=acme api:main",
        "s/c=acme.api:main",
    ],
)
def test_parse_scripts_refuses_malformed_scripts(given: str) -> None:
    with pytest.raises(workspace.PolyError, match="Nothing was written"):
        scaffold.parse_scripts([given])


def test_a_created_script_runs_from_the_built_wheel_in_a_fresh_venv(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    factory = service(make_workspace, "tdd", "poetry")
    created = poly(
        "poly create project",
        "--name svc --base api --script svc=acme.api.core:main",
        cwd=factory.root,
    )
    assert created.exit_code == 0, created.stderr
    repo = GitRepo.init(factory.root)
    repo.commit("a service with a console script")

    built = poly("poly build-project", "--projects svc --format wheel", cwd=factory.root)

    assert built.exit_code == 0, built.stdout + built.stderr
    wheel = Wheel(next((factory.root / "projects/svc/dist").glob("*.whl")))
    assert wheel.entry_points() == {"console_scripts": {"svc": "acme.api.core:main"}}
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    pip = [sys.executable, "-m", "pip", "--python", str(env / "bin/python"), "install"]
    subprocess.run([*pip, "--quiet", "--no-index", str(wheel.path)], check=True, timeout=300)
    run = subprocess.run([str(env / "bin/svc")], capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout, run.stderr) == (0, "HELLO FROM GREETING\n", "")
