"""A mistyped command followed by options, as Poetry's application resolves it: Poetry runs the
longest command the words start with (`poly`, `poly create`), so the typo lands there with
options that command does not have. It says which command was meant (exit 2, one line)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cleo.testers.application_tester import ApplicationTester
from poetry.console.application import Application

from brickwork.poetry_plugin import PolyPlugin
from test.conftest import MakeWorkspace


def run(args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """`poetry <args>` through Poetry's application (plugin activated here, `--no-plugins`
    so that the installed copy is not activated a second time)."""
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("COLUMNS", "200")
    application = Application()
    PolyPlugin().activate(application)
    tester = ApplicationTester(application)
    code = tester.execute(f"--no-plugins {args}", decorated=False)
    return code, tester.io.fetch_output(), tester.io.fetch_error()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "poly buildproject --all",
            "'poly buildproject' is not a poly command; did you mean `poly build-project`? "
            "run `poetry poly` to list them.",
        ),
        (
            "poly create componnt --name x",
            "'poly create componnt' is not a poly command; did you mean "
            "`poly create component`? run `poetry poly create` to list them.",
        ),
        (
            "poly chek --strict",
            "'poly chek' is not a poly command; did you mean `poly check`? run `poetry poly` "
            "to list them.",
        ),
        (
            "poly tg release --dry-run",
            "'poly tg release' is not a poly command; did you mean `poly tag`? run "
            "`poetry poly` to list them.",
        ),
        (
            "poly frobnicate --all",
            "'poly frobnicate' is not a poly command; run `poetry poly` to list them.",
        ),
        (
            "poly create --name x",
            "'poly create' needs a sub-command (base, component, project, workspace) before "
            "its options; run `poetry poly create` to list them.",
        ),
    ],
    ids=["build-project", "create-component", "check", "tag", "nothing-close", "create-alone"],
)
def test_a_mistyped_command_with_options_says_which_command_was_meant(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch, typed: str, message: str
) -> None:
    ws = make_workspace()

    code, stdout, stderr = run(typed, ws.root, monkeypatch)

    assert (code, stdout, stderr) == (2, "", message + "\n")
    assert not (ws.root / "components/acme/x").exists()


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_correct_commands_with_the_same_options_are_unaffected(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    ws = make_workspace(theme=theme, dev_style="poetry" if theme == "tdd" else "pep621")
    ws.component("log")
    ws.base("api", files={"core.py": "from acme import log\n"})
    ws.project("svc", ["api"])  # lacks log: the one true finding

    checked = run("poly check --strict", ws.root, monkeypatch)
    created = run("poly create component --name x", ws.root, monkeypatch)

    assert checked[0] == 1
    assert "BW101" in checked[1] and "'log'" in checked[1]
    assert "did you mean" not in checked[2]
    assert created[0] == 0, created[2]
    assert created[1].splitlines()[0].startswith("created components/")


def test_a_correct_command_with_an_unknown_option_keeps_poetrys_message(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace()

    code, stdout, stderr = run("poly check --bogus", ws.root, monkeypatch)

    assert (code, stdout) == (1, "")
    assert 'The option "--bogus" does not exist' in stderr


def test_poly_alone_with_an_unknown_option_keeps_poetrys_message(
    make_workspace: MakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace()

    code, _stdout, stderr = run("poly --bogus", ws.root, monkeypatch)

    assert code == 1
    assert 'The option "--bogus" does not exist' in stderr


PROBE = """
import sys
from cleo.testers.application_tester import ApplicationTester
from poetry.console.application import Application
from brickwork.poetry_plugin import PolyPlugin

application = Application()
PolyPlugin().activate(application)
code = ApplicationTester(application).execute("--no-plugins poly buildproject --all")
loaded = sorted(m for m in sys.modules if m.startswith("brickwork.poetry_plugin.cmd_"))
print(code, " ".join(loaded), "difflib" in sys.modules)
"""


def test_a_typo_is_told_without_importing_any_other_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, check=False
    )

    assert done.stdout == "2 brickwork.poetry_plugin.cmd_poly True\n", done.stderr
