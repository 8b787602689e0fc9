"""End to end: a mistyped command followed by options, typed at the real `poetry` executable
(the plugin loaded from its entry point, as users run it)."""

from __future__ import annotations

from pathlib import Path

from test.e2e.conftest import run_poetry


def test_the_poetry_executable_says_which_command_a_typo_meant(tmp_path: Path) -> None:
    created = run_poetry("poly", "create", "workspace", "--name", "acme", cwd=tmp_path)
    assert created.returncode == 0, created.stderr

    typo = run_poetry("poly", "buildproject", "--all", cwd=tmp_path)
    nested = run_poetry("poly", "create", "componnt", "--name", "x", cwd=tmp_path)
    right = run_poetry("poly", "create", "component", "--name", "x", cwd=tmp_path)

    assert (typo.returncode, typo.stdout) == (2, "")
    assert typo.stderr == (
        "'poly buildproject' is not a poly command; did you mean `poly build-project`? "
        "run `poetry poly` to list them.\n"
    )
    assert (nested.returncode, nested.stdout) == (2, "")
    assert nested.stderr.splitlines() == [
        "'poly create componnt' is not a poly command; did you mean `poly create component`? "
        "run `poetry poly create` to list them."
    ]
    assert right.returncode == 0, right.stderr
    assert "created components/acme/x/__init__.py" in right.stdout.splitlines()


def test_the_poetry_executable_shows_the_create_page_with_an_example_and_a_link(
    tmp_path: Path,
) -> None:
    page = run_poetry("poly", "create", "--help", cwd=tmp_path)

    assert page.returncode == 0, page.stderr
    assert "poly create component" in page.stdout
    assert "  poetry poly create component --help" in page.stdout
    assert "Documentation: docs/commands.md#poly-create" in page.stdout
