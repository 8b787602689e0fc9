"""Write commands under `-q` when they refuse or fail, as a hook or a CI job runs them: the
documented exit code, the reason still shown (one line, or the refused findings and their
line), no traceback, and the tree byte-identical afterwards (the analysis cache aside)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cleo.io.outputs.output import Verbosity

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.robustness.test_bad_input import tree


def existing(ws: WorkspaceFactory) -> None:
    ws.component("log")


def out_of_sync(ws: WorkspaceFactory) -> None:
    ws.component("log")
    ws.base("api", "from acme import log\n")
    ws.project("svc", ["api"])


def bom(ws: WorkspaceFactory) -> None:
    out_of_sync(ws)
    path = ws.root / "projects/svc/pyproject.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


@dataclass(frozen=True)
class Case:
    id: str
    setup: Callable[[WorkspaceFactory], None]
    command: str
    args: str
    exit_code: int
    stderr: str
    """The start of the last line on stderr: the reason."""
    stdout: str = ""
    """The start of stdout (a dry run's diff is its result)."""


CASES = [
    Case(
        "create-existing",
        existing,
        "poly create component",
        "--name log",
        1,
        "'log' is already a component",
    ),
    Case(
        "create-project-unknown-base",
        existing,
        "poly create project",
        "--name svc --base nope",
        2,
        "",
    ),
    Case(
        "sync-check",
        out_of_sync,
        "poly sync",
        "--check",
        1,
        "1 project file out of sync: run `poetry poly sync`.",
        "--- a/projects/svc/pyproject.toml",
    ),
    Case("sync-bom", bom, "poly sync", "", 2, "/"),
    Case(
        "build-refused",
        out_of_sync,
        "poly build-project",
        "--projects svc",
        1,
        "not built: `poly check` found 1 error; fix them, or pass --no-check.",
    ),
]


def without_cache(files: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in files.items() if not k.startswith(".brickwork_cache")}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_quiet_write_that_fails_says_why_and_leaves_the_tree_as_it_was(
    make_workspace: MakeWorkspace, poly: PolyRunner, case: Case
) -> None:
    ws = make_workspace()
    case.setup(ws)
    before = without_cache(tree(ws.root))

    result = poly(case.command, case.args, cwd=ws.root, verbosity=Verbosity.QUIET)

    assert result.exit_code == case.exit_code, result
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines()[-1].startswith(case.stderr), result.stderr
    if case.exit_code == 2:  # could not run: one line
        assert len(result.stderr.splitlines()) == 1
    assert result.stdout.startswith(case.stdout)
    if not case.stdout:
        assert result.stdout == ""
    assert without_cache(tree(ws.root)) == before


def test_a_quiet_create_workspace_with_a_bad_theme_writes_nothing(
    poly: PolyRunner, tmp_path: Path
) -> None:
    result = poly(
        "poly create workspace",
        "--name shop --theme flat",
        cwd=tmp_path,
        verbosity=Verbosity.QUIET,
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "--theme 'flat' is not a theme: use loose or tdd.\n"
    assert list(tmp_path.iterdir()) == []
