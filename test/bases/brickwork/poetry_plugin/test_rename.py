"""`poetry poly rename OLD NEW`, run for real on workspaces of both themes and both project
formats in real git repositories: the plan printed first, folders moved with `git mv`, every
import and import path rewritten and nothing else, `check --strict` as clean as before, the
workspace's own tests green and `build-project` building the renamed brick."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import fastjsonschema
import pytest
from cleo.io.outputs.output import Verbosity

from brickwork import report
from test.bases.brickwork.poetry_plugin.rename_support import (
    brick_tests_at,
    commit_all,
    git,
    greeting_workspace,
    run_tests,
)
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

LAYOUTS = [
    pytest.param(theme, style, id=f"{theme}-{style}")
    for theme in ("loose", "tdd")
    for style in ("pep621", "poetry")
]


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def check_strict(poly: PolyRunner, root: Path) -> tuple[int, str]:
    done = poly("poly check", "--strict", cwd=root)
    return done.exit_code, done.stdout + done.stderr


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_rename_moves_the_brick_and_rewrites_every_import_of_it(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = greeting_workspace(make_workspace, theme, style)
    before_check = check_strict(poly, ws.root)
    assert run_tests(ws).returncode == 0

    done = poly("poly rename", "greeting greet", cwd=ws.root)

    assert done.exit_code == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first == "rename component greeting -> greet (acme.greeting -> acme.greet):"
    assert done.stdout.index("would move") < done.stdout.index("renamed component greeting")
    assert not (ws.root / ws.brick_dir("component", "greeting")).exists()
    package = ws.root / ws.brick_dir("component", "greet")
    assert (
        (package / "core.py")
        .read_text(encoding="utf-8")
        .startswith('"""Greeting helpers (see acme.greeting.core for the details)."""')
    )  # prose in a docstring stays
    assert "from acme.greet.core import hello" in (package / "__init__.py").read_text()
    cli = (ws.root / ws.brick_dir("base", "cli") / "core.py").read_text(encoding="utf-8")
    assert "import acme.greet  # the dotted import\n" in cli
    assert "import acme.greet.core as greeting_core\n" in cli
    assert "from acme import greetings\n" in cli
    assert "from acme import greet as greeting\n" in cli
    assert "from acme.greet import hello\n" in cli
    assert "from . import helpers\n" in cli
    assert 'TARGET = "acme.greet.core:hello"' in cli
    assert 'NOT_IT = "acme.greetings"' in cli
    assert 'NOR_THIS = "acme.greeting_utils"' in cli
    assert 'importlib.import_module("acme.greet.core")' in cli
    assert 'acme.greet.hello("c"))  # comment kept' in cli
    assert '"""The command line: uses acme.greeting as prose here, which stays."""' in cli
    tests = ws.root / brick_tests_at(ws, "component", "greet") / "test_core.py"
    assert tests.read_text(encoding="utf-8").startswith("from acme.greet import hello")
    cli_test = (ws.root / brick_tests_at(ws, "base", "cli") / "test_core.py").read_text()
    assert 'mock.patch("acme.greet.core.hello"' in cli_test
    assert "from acme.greet import" in (ws.root / "development/try_greeting.py").read_text()
    project = (ws.root / "projects/greet_cli/pyproject.toml").read_text(encoding="utf-8")
    include, origin = ws.include("component", "greet")
    assert f'{{ include = "{include}", from = "{origin}" }}' in project
    assert '"acme/greeting"' not in project
    assert "hello = 'acme.greet.core:hello'" in project or 'hello = "acme.greet.core:hello"' in (
        project
    )
    development = (ws.root / "pyproject.toml").read_text(encoding="utf-8")
    include, origin = ws.include("component", "greet", prefix="")
    assert f'{{ include = "{include}", from = "{origin}" }}' in development

    status = git(ws.root, "status", "--porcelain", "--untracked-files=all")
    assert "??" not in status  # moved with git mv: the index knows the new paths
    assert f"R  {ws.brick_dir('component', 'greeting')}/core.py -> " in status
    after_code, after_text = check_strict(poly, ws.root)
    assert (after_code, after_text) == (
        before_check[0],
        before_check[1].replace("greeting", "greet"),
    )
    tested = run_tests(ws)
    assert tested.returncode == 0, tested.stdout + tested.stderr


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_rename_dry_run_shows_moves_and_diffs_and_writes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = greeting_workspace(make_workspace, theme, style)
    before = tree(ws.root)

    done = poly("poly rename", "greeting greet --dry-run", cwd=ws.root)

    assert done.exit_code == 0, done.stderr
    assert tree(ws.root) == before
    out = done.stdout
    package = ws.brick_dir("component", "greeting")
    assert f"would move {package.split('/src/')[0] if theme == 'tdd' else package} -> " in out
    assert f"--- a/{ws.brick_dir('base', 'cli')}/core.py" in out
    assert "\n-from acme import greeting\n" in out
    assert "\n+from acme import greet as greeting\n" in out
    assert "--- a/projects/greet_cli/pyproject.toml" in out
    assert out.rstrip().endswith("dry run: nothing was changed.")


@pytest.mark.parametrize(("theme", "style"), LAYOUTS[::3])
def test_rename_json_is_one_envelope_that_validates(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = greeting_workspace(make_workspace, theme, style)
    validate = fastjsonschema.compile(json.loads(report.schema_file("rename").read_text()))

    done = poly("poly rename", "greeting greet --dry-run --output json", cwd=ws.root)

    assert done.exit_code == 0
    document = json.loads(done.stdout)
    validate(document)
    assert document["result"]["new_module"] == "acme.greet"
    assert document["counts"]["files"] == len(document["result"]["files"]) >= 5
    assert all(m["git"] for m in document["result"]["moves"])

    wrong = poly("poly rename", "greeting os --output json", cwd=ws.root)
    assert wrong.exit_code == 1
    validate(json.loads(wrong.stdout))


@pytest.mark.parametrize(("theme", "style"), [LAYOUTS[0], LAYOUTS[3]])
def test_build_project_builds_and_imports_the_renamed_brick(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str, tmp_path: Path
) -> None:
    ws = greeting_workspace(make_workspace, theme, style)
    assert poly("poly rename", "greeting greet", cwd=ws.root).exit_code == 0

    built = poly("poly build-project", "--projects greet_cli", cwd=ws.root)

    assert built.exit_code == 0, built.stderr
    wheel = next((ws.root / "projects/greet_cli/dist").glob("*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "hello=acme.greet.core:hello" in archive.read(entry_points).decode()
    assert "acme/greet/core.py" in names
    assert not any(n.startswith("acme/greeting/") for n in names)
    code = "import acme.cli.core as c, acme.greet as g; c.main(); print(g.hello('w'))"
    ran = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert ran.returncode == 0, ran.stderr
    assert "hello w" in ran.stdout


def test_rename_of_a_nested_brick_moves_it_to_its_new_group(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws: WorkspaceFactory = make_workspace()
    ws.component("aws/s3", "from acme.aws.s3.core import put\n", {"core.py": "def put(): ...\n"})
    ws.base("api", "", {"core.py": "from acme.aws import s3\nfrom acme.aws.s3 import put\n"})
    git(ws.root, "init", "-q")
    commit_all(ws.root)

    done = poly("poly rename", "aws/s3 gcp/storage", cwd=ws.root)

    assert done.exit_code == 0, done.stderr
    package = ws.root / "components/acme/gcp/storage"
    assert (package / "__init__.py").read_text() == "from acme.gcp.storage.core import put\n"
    api = (ws.root / "bases/acme/api/core.py").read_text()
    assert api == "from acme.gcp import storage as s3\nfrom acme.gcp.storage import put\n"
    assert '"acme/gcp/storage"' in (ws.root / "pyproject.toml").read_text()
    assert not (ws.root / "components/acme/aws").exists()  # the group it left was empty


def test_quiet_rename_prints_nothing_and_a_quiet_dry_run_prints_its_diff(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = greeting_workspace(make_workspace, "tdd", "poetry")

    dry = poly("poly rename", "greeting greet --dry-run", cwd=ws.root, verbosity=Verbosity.QUIET)
    done = poly("poly rename", "greeting greet", cwd=ws.root, verbosity=Verbosity.QUIET)
    again = poly("poly rename", "greeting greet", cwd=ws.root, verbosity=Verbosity.QUIET)

    assert dry.exit_code == 0
    assert dry.stdout.startswith("rename component greeting -> greet")
    assert "+from acme import greet as greeting" in dry.stdout
    assert "dry run" not in dry.stdout
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "")
    assert again.exit_code == 2
    assert again.stdout == ""
    assert again.stderr == (
        "unknown brick 'greeting': nothing was renamed; did you mean greetings or greet? "
        "`poetry poly info` lists the bricks.\n"
    )


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_a_polylith_bricks_table_follows_the_rename_key_and_value(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = greeting_workspace(make_workspace, theme, "poetry")
    old_dir, new_dir = ws.brick_dir("component", "greeting"), ws.brick_dir("component", "greet")
    cli_dir = ws.brick_dir("base", "cli")
    ws.write(
        "projects/legacy/pyproject.toml",
        '[tool.poetry]\nname = "legacy"\nversion = "0.1.0"\n\n'
        "[tool.polylith.bricks]\n"
        f'"../../{cli_dir}" = "acme/cli"\n'
        f"'../../{old_dir}' = 'acme/greeting'  # the greeting\n",
    )
    commit_all(ws.root)

    done = poly("poly rename", "greeting greet", cwd=ws.root)

    assert done.exit_code == 0, done.stderr
    assert (ws.root / "projects/legacy/pyproject.toml").read_text() == (
        '[tool.poetry]\nname = "legacy"\nversion = "0.1.0"\n\n'
        "[tool.polylith.bricks]\n"
        f'"../../{cli_dir}" = "acme/cli"\n'
        f"'../../{new_dir}' = 'acme/greet'  # the greeting\n"
    )


@pytest.mark.parametrize(("theme", "style"), [LAYOUTS[1], LAYOUTS[2]])
def test_a_base_stays_a_base_and_its_script_target_follows(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = greeting_workspace(make_workspace, theme, style)
    before_check = check_strict(poly, ws.root)

    done = poly("poly rename", "cli console", cwd=ws.root)

    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("rename base cli -> console (acme.cli -> acme.console):")
    assert (ws.root / ws.brick_dir("base", "console") / "helpers.py").is_file()
    project = (ws.root / "projects/greet_cli/pyproject.toml").read_text(encoding="utf-8")
    assert 'greet = "acme.console.core:main"' in project
    tests = (ws.root / brick_tests_at(ws, "base", "console") / "test_core.py").read_text()
    assert "from acme.console import core\n" in tests
    after = check_strict(poly, ws.root)
    assert after == (before_check[0], before_check[1].replace("cli", "console"))
    assert run_tests(ws).returncode == 0
