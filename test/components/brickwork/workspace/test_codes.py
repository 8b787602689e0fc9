from __future__ import annotations

import re
from pathlib import Path

from brickwork import workspace

COMMANDS_MD = Path(__file__).parents[4] / "docs" / "commands.md"
ROW = re.compile(r"^\| (BW\d{3}) \| ([^|]+) \| ([^|]+) \|", re.MULTILINE)


def documented_codes() -> list[tuple[str, str, str]]:
    """(code, severity, finding) of each row of the table under `## Finding codes`."""
    text = COMMANDS_MD.read_text(encoding="utf-8")
    section = text[text.index("## Finding codes") :]
    return [
        (code, severity.strip(), title.strip()) for code, severity, title in ROW.findall(section)
    ]


def severity_cell(code: workspace.Code) -> str:
    if code.strict is None or code.strict is code.severity:
        return code.severity.value
    return f"{code.severity.value} ({code.strict.value} with `--strict`)"


def test_the_docs_finding_code_table_is_the_code_table() -> None:
    expected = [(c.code, severity_cell(c), c.title) for c in workspace.CODES.values()]

    assert documented_codes() == expected


def test_every_code_constant_names_a_row_of_the_table() -> None:
    constants = {
        name: value
        for name, value in vars(workspace.codes).items()
        if name.isupper() and isinstance(value, str) and value.startswith("BW")
    }

    assert sorted(constants.values()) == sorted(workspace.CODES)


def test_strict_makes_only_the_codes_that_say_so_errors() -> None:
    strict = {
        c
        for c in workspace.CODES
        if workspace.default_severity(c, strict=True) != (workspace.default_severity(c))
    }

    assert strict == {
        workspace.codes.IGNORED_DEPENDENCIES,
        workspace.codes.BRICK_CYCLE,
        workspace.codes.NON_INTERFACE_IMPORT,
        workspace.codes.VERSION_MISMATCH,
    }
    assert workspace.default_severity(workspace.codes.MISSING_BRICK) is workspace.Severity.ERROR
    assert workspace.default_severity(workspace.codes.UNNEEDED_BRICK) is workspace.Severity.WARNING
