"""`poetry -q poly ...` with the real `poetry` executable: what a CI job or a hook shows.

Quiet is Poetry's application option, read by cleo before our command runs; here it is
given as a user types it, in a workspace made with `poly create` only."""

from __future__ import annotations

from pathlib import Path

from test.e2e.conftest import run_poetry


def test_quiet_keeps_results_errors_and_the_reason_of_a_red_run_and_drops_the_rest(
    tmp_path: Path,
) -> None:
    root = tmp_path / "shop"
    root.mkdir()
    made = [
        run_poetry("-q", "poly", "create", "workspace", "--name", "shop", cwd=root),
        run_poetry("-q", "poly", "create", "component", "--name", "log", cwd=root),
        run_poetry("-q", "poly", "create", "base", "--name", "api", cwd=root),
        run_poetry("-q", "poly", "create", "project", "--name", "svc", "--base", "api", cwd=root),
    ]
    # what a write did is chatter: nothing at all, and the files are there
    assert [(r.returncode, r.stdout, r.stderr) for r in made] == [(0, "", "")] * 4
    assert (root / "projects" / "svc" / "pyproject.toml").is_file()

    green = run_poetry("-q", "poly", "check", cwd=root)
    assert (green.returncode, green.stdout, green.stderr) == (0, "", "")

    # a result is printed as without -q
    info = run_poetry("-q", "poly", "info", cwd=root)
    assert info.returncode == 0
    assert info.stderr == ""
    assert info.stdout == run_poetry("poly", "info", cwd=root).stdout
    assert "api" in info.stdout

    # the reason of a red run: the error finding and the summary; the warning is not shown
    (root / "bases" / "shop" / "api" / "core.py").write_text("from shop import log\n")
    (root / "components" / "shop" / "other").mkdir()
    (root / "components" / "shop" / "other" / "__init__.py").write_text("")
    red = run_poetry("-q", "poly", "check", cwd=root)
    usual = run_poetry("poly", "check", cwd=root)
    assert red.returncode == usual.returncode == 1
    assert red.stderr == ""
    lines = red.stdout.splitlines()
    assert [line.split()[1:3] for line in lines if ": BW" in line] == [["BW101", "error"]]
    assert lines[-1].startswith("✘ 1 error")
    assert len(red.stdout) < len(usual.stdout)  # usual also shows the warning (BW109)
    assert " warning " in usual.stdout

    # a run that could not start: its one line, exit 2
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    lost = run_poetry("-q", "poly", "deps", cwd=outside)
    assert (lost.returncode, lost.stdout) == (2, "")
    assert len(lost.stderr.splitlines()) == 1
    assert lost.stderr.startswith("No Polylith workspace at or above ")
