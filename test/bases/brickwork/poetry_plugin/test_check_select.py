from __future__ import annotations

import pytest

from brickwork import check
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory


def mixed(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    """A BW101 error (svc lacks log) and a BW106 warning (a <-> b)."""
    ws = make_workspace()
    ws.component("log")
    ws.component("core", "from acme import log\n")
    ws.component("a", "from acme import b\n")
    ws.component("b", "def f() -> None:\n    import acme.a\n")
    ws.base("api", "import acme.core\n")
    ws.project("svc", ["api", "core"])
    return ws


def codes(stdout: str) -> list[str]:
    return [line.split()[1] for line in stdout.splitlines() if ": BW" in line]


def test_select_reports_only_the_codes_named_and_decides_the_exit_code(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = mixed(make_workspace)

    everything = poly("poly check", cwd=ws.root)
    cycles = poly("poly check", "--select BW106", cwd=ws.root)
    prefix = poly("poly check", "--select bw10", cwd=ws.root)

    assert codes(everything.stdout) == ["BW101", "BW106"]
    assert (codes(cycles.stdout), cycles.exit_code) == (["BW106"], 0)
    assert cycles.stdout.splitlines()[-1] == "⚠ 0 errors, 1 warning in 1 project, 5 bricks"
    assert (codes(prefix.stdout), prefix.exit_code) == (["BW101", "BW106"], 1)


def test_ignore_drops_codes_by_prefix_and_the_more_specific_prefix_wins(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = mixed(make_workspace)

    ignored = poly("poly check", "--ignore BW101", cwd=ws.root)
    both = poly("poly check", "--ignore BW1 --select BW101", cwd=ws.root)

    assert (codes(ignored.stdout), ignored.exit_code) == (["BW106"], 0)
    assert (codes(both.stdout), both.exit_code) == (["BW101"], 1)


def test_unknown_code_in_select_is_a_usage_error(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = mixed(make_workspace)

    result = poly("poly check", "--select BW9", cwd=ws.root)

    assert result.exit_code == 2
    assert "--select 'BW9' is not a finding code or the start of one" in result.stderr


@pytest.mark.parametrize(
    ("select", "ignore", "kept"),
    [
        ((), (), ["BW101", "BW203", "BW204"]),
        (("BW2",), ("BW203",), ["BW204"]),
        (("BW203",), ("BW2",), ["BW203"]),
        (("BW2",), ("BW2",), []),
    ],
)
def test_code_selection_keeps_what_the_longest_matching_prefix_allows(
    select: tuple[str, ...], ignore: tuple[str, ...], kept: list[str]
) -> None:
    selection = check.CodeSelection(select, ignore)

    assert [c for c in ("BW101", "BW203", "BW204") if selection.keeps(c)] == kept
