"""docs/commands.md's exit-code table, held against the real `poetry` executable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test.e2e.conftest import run_poetry

DOCS = Path(__file__).resolve().parents[2] / "docs" / "commands.md"


def documented_codes() -> dict[int, str]:
    """The rows of the table under `## Exit codes`."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(m[1]): m[2] for m in re.finditer(r"^\| (\d) \| (.+) \|$", section, re.M)}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("codes")
    for step in (
        ("poly", "create", "workspace", "--name", "acme"),
        ("poly", "create", "component", "--name", "log"),
    ):
        assert run_poetry(*step, cwd=root).returncode == 0
    return root


def test_the_docs_name_exactly_the_codes_0_1_and_2() -> None:
    codes = documented_codes()
    assert sorted(codes) == [0, 1, 2]
    assert codes[0] == "success"


def test_exit_0_is_success(example: Path) -> None:
    assert run_poetry("poly", "check", cwd=example).returncode == 0


def test_exit_1_is_a_failed_result_error_findings_or_an_existing_brick(example: Path) -> None:
    assert run_poetry("poly", "create", "component", "--name", "log", cwd=example).returncode == 1
    broken = example / "components" / "acme" / "log" / "bad.py"
    broken.write_text("import acme.nothing\n")
    try:
        assert run_poetry("poly", "check", cwd=example).returncode == 1
    finally:
        broken.unlink()


@pytest.mark.parametrize(
    "args",
    [
        ("poly", "check", "--output", "yaml"),
        ("poly", "check", "--projects", "nope"),
        ("poly", "create", "workspace", "--name", "acme", "--theme", "flat"),
        ("poly", "deps", "--brick", "nope"),
    ],
)
def test_exit_2_is_could_not_run_bad_arguments(example: Path, args: tuple[str, ...]) -> None:
    result = run_poetry(*args, cwd=example)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_exit_2_is_could_not_run_no_workspace(tmp_path: Path) -> None:
    result = run_poetry("poly", "info", cwd=tmp_path)
    assert result.returncode == 2
    assert "No Polylith workspace" in result.stderr


def test_options_cleo_rejects_exit_1_as_the_docs_say(example: Path) -> None:
    assert "exit 1 with Poetry's own message" in DOCS.read_text(encoding="utf-8")
    result = run_poetry("poly", "check", "--bogus", cwd=example)
    assert result.returncode == 1
    assert 'The option "--bogus" does not exist' in result.stderr
