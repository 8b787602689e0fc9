"""The pre-commit hooks of .pre-commit-hooks.yaml, run as pre-commit runs them (`entry` split
into words, no file names passed, from the repository root) with the real `poetry`: they pass
on a workspace made by `poly create`, and each fails on the defect its description names."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from test.e2e.shipped import brick_file, hooks, poly_created_workspace, sh

THEMES = ["loose", "tdd"]


def run_hook(hook_id: str, root: Path) -> tuple[int, str]:
    (hook,) = [h for h in hooks() if h["id"] == hook_id]
    assert hook["pass_filenames"] == "false" and hook["language"] == "system"
    result = sh(shlex.join(shlex.split(str(hook["entry"]))), root)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module", params=THEMES)
def created(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    """A workspace made by `poly create` (per theme, once): tests change copies of it."""
    theme = str(request.param)
    return poly_created_workspace(tmp_path_factory.mktemp(f"hooks-{theme}") / "acme", theme), theme


def copy_of(created: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    root, theme = created
    return Path(shutil.copytree(root, tmp_path / "acme", symlinks=True)), theme


def test_the_hooks_are_the_two_documented_ones_and_name_what_they_check() -> None:
    by_id = {str(h["id"]): h for h in hooks()}
    assert by_id["poly-check"]["entry"] == "poetry poly check"
    assert by_id["poly-sync-check"]["entry"] == "poetry poly sync --check --libs"
    assert by_id["poly-sync-check"]["name"] == "poly sync --check --libs"
    assert "libraries" in str(by_id["poly-sync-check"]["description"])
    for hook in by_id.values():
        assert "poetry.lock" in str(hook["files"]).replace("\\.", ".")


@pytest.mark.parametrize("hook_id", ["poly-check", "poly-sync-check"])
def test_each_hook_passes_on_a_workspace_made_by_poly_create(
    created: tuple[Path, str], hook_id: str
) -> None:
    code, output = run_hook(hook_id, created[0])

    assert code == 0, output


def test_both_hooks_fail_when_a_project_lacks_a_brick_its_base_imports(
    created: tuple[Path, str], tmp_path: Path
) -> None:
    root, theme = copy_of(created, tmp_path)
    use = brick_file(root, theme, "bases", "greet_api", "use.py")
    use.write_text("from acme import greeting\n\nGREETING = greeting\n", encoding="utf-8")
    project = root / "projects/greet_service/pyproject.toml"
    before = project.read_bytes()

    check_code, check_output = run_hook("poly-check", root)
    sync_code, sync_output = run_hook("poly-sync-check", root)

    assert check_code == 1, check_output
    assert "BW101" in check_output and "does not include brick 'greeting'" in check_output
    assert sync_code == 1, sync_output
    assert '+    { include = "acme/greeting"' in sync_output
    assert "run `poetry poly sync --libs`" in sync_output
    assert project.read_bytes() == before  # a check never writes


def test_the_sync_hook_fails_on_a_library_the_project_does_not_declare(
    created: tuple[Path, str], tmp_path: Path
) -> None:
    """The development project declares requests, the service's base imports it, the service's
    project file does not: `sync --check` alone misses it, the hook (`--libs`) does not."""
    root, theme = copy_of(created, tmp_path)
    web = brick_file(root, theme, "bases", "greet_api", "web.py")
    web.write_text("import requests\n\nGET = requests.get\n", encoding="utf-8")
    dev = root / "pyproject.toml"
    text = dev.read_text(encoding="utf-8")
    assert "dependencies = []\n" in text
    dev.write_text(text.replace("dependencies = []\n", 'dependencies = ["requests>=2.0"]\n'))

    sync_code, sync_output = run_hook("poly-sync-check", root)
    check_code, check_output = run_hook("poly-check", root)
    without_libs = sh("poetry poly sync --check", root)

    assert sync_code == 1, sync_output
    assert '+    "requests>=2.0",' in sync_output
    assert check_code == 1, check_output
    assert "BW201" in check_output and "does not declare requests" in check_output
    assert without_libs.returncode == 0, without_libs.stdout + without_libs.stderr


def test_the_sync_hook_stops_on_a_library_no_project_declares(
    created: tuple[Path, str], tmp_path: Path
) -> None:
    root, theme = copy_of(created, tmp_path)
    web = brick_file(root, theme, "bases", "greet_api", "web.py")
    web.write_text("import requests\n\nGET = requests.get\n", encoding="utf-8")

    sync_code, sync_output = run_hook("poly-sync-check", root)
    check_code, check_output = run_hook("poly-check", root)

    assert sync_code == 2, sync_output
    assert "declares no version of requests" in sync_output
    assert "Nothing was written." in sync_output
    assert check_code == 1, check_output
    assert "BW201" in check_output
