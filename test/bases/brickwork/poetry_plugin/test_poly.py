from __future__ import annotations

import pytest

from test.conftest import PolyRunner


def test_poly_create_alone_lists_its_sub_commands(poly: PolyRunner) -> None:
    result = poly("poly", "create")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == 'Available commands for the "poly create" namespace:'
    assert [line.split()[:3] for line in lines[1:]] == [
        ["poly", "create", "base"],
        ["poly", "create", "component"],
        ["poly", "create", "project"],
        ["poly", "create", "workspace"],
    ]


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("crate", " did you mean `poly create`?"),
        ("chek", " did you mean `poly check`?"),
        ("create compnent", " did you mean `poly create component`?"),
        ("frobnicate", ""),
    ],
)
def test_a_mistyped_command_is_one_line_with_the_closest_command(
    poly: PolyRunner, given: str, hint: str
) -> None:
    result = poly("poly", given)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"'poly {given}' is not a poly command;{hint} run `poetry poly` to list them.\n"
    )
