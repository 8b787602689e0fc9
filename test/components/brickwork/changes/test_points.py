from __future__ import annotations

import pytest

from brickwork import changes, workspace


@pytest.mark.parametrize(
    ("pattern", "existing", "expected"),
    [
        ("stable-*", [], "stable-1"),
        ("stable-*", ["stable-1", "stable-9", "stable-10", "stable-x"], "stable-11"),
        ("v[0-9]*", [], "v0.1.0"),
        ("v[0-9]*", ["v1.2.3", "v1.10.0", "v1.9.9"], "v1.10.1"),
        ("release/*", ["release/4"], "release/5"),
    ],
)
def test_next_tag_counts_up_from_the_highest_existing_tag(
    pattern: str, existing: list[str], expected: str
) -> None:
    assert changes.next_tag(pattern, existing) == expected


def test_next_tag_refuses_a_pattern_it_cannot_follow() -> None:
    with pytest.raises(workspace.PolyError, match="cannot work out the next tag"):
        changes.next_tag("[a-z]*-rc", [])


def test_tag_pattern_falls_back_to_git_tag_pattern_then_defaults() -> None:
    config = workspace.Config("acme", git_tag_pattern="ok-*", tag_patterns={"nightly": "n-*"})
    assert changes.tag_pattern(config, "stable") == "ok-*"
    assert changes.tag_pattern(config, "release") == "v[0-9]*"
    assert changes.tag_pattern(config, "nightly") == "n-*"
    assert changes.tag_pattern(config, "v1.0") is None
