from __future__ import annotations

from pathlib import Path

from brickwork import report
from brickwork.pyproject import Change, ChangeKind, Plan

UPDATE = Change("pyproject.toml", "a\nb\nc\n", ChangeKind.UPDATE, "a\nc\n")
CREATE = Change("projects/x/pyproject.toml", "x = 1\n")


def test_plan_diff_is_a_unified_diff_per_file_with_new_files_from_dev_null() -> None:
    assert report.plan_diff([UPDATE, CREATE]) == [
        "--- a/pyproject.toml",
        "+++ b/pyproject.toml",
        "@@ -1,2 +1,3 @@",
        " a",
        "+b",
        " c",
        "--- /dev/null",
        "+++ b/projects/x/pyproject.toml",
        "@@ -0,0 +1 @@",
        "+x = 1",
    ]


def test_plan_diff_marks_a_last_line_without_newline() -> None:
    change = Change("f", "a\nb", ChangeKind.UPDATE, "a\n")

    assert report.plan_diff([change])[-2:] == ["+b", "\\ No newline at end of file"]


def test_plan_lines_name_each_file_and_indent_the_hunks_of_a_dry_run() -> None:
    plan = Plan(Path("/ws"), (CREATE, UPDATE))

    assert report.plan_lines(plan, dry_run=True) == [
        "would create projects/x/pyproject.toml",
        "would update pyproject.toml",
        "    @@ -1,2 +1,3 @@",
        "     a",
        "    +b",
        "     c",
    ]
    assert report.plan_lines(plan, dry_run=False) == [
        "created projects/x/pyproject.toml",
        "updated pyproject.toml",
    ]
