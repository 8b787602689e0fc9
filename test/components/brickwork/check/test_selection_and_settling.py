"""`--select`/`--ignore`, severity settling and the exit code, pinned one decision at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import check, graph, workspace
from test.conftest import Sketch

ERROR = workspace.Severity.ERROR
WARNING = workspace.Severity.WARNING


def finding(code: str, severity: workspace.Severity = ERROR) -> workspace.Finding:
    return workspace.Finding(code, "m", Path("/ws/x.py"), 1, "s", severity)


@pytest.mark.parametrize(
    ("select", "ignore", "kept"),
    [
        ((), (), ["BW101", "BW106", "BW201", "BW203"]),
        (("BW2",), (), ["BW201", "BW203"]),
        (("BW2",), ("BW203",), ["BW201"]),
        (("BW203",), ("BW2",), ["BW203"]),
        (("BW2",), ("BW2",), []),
        ((), ("BW1",), ["BW201", "BW203"]),
        (("BW101", "BW106"), (), ["BW101", "BW106"]),
        (("BW",), ("BW10",), ["BW201", "BW203"]),
        (("BW10",), ("BW",), ["BW101", "BW106"]),
    ],
)
def test_the_longer_prefix_decides_and_a_tie_ignores(
    select: tuple[str, ...], ignore: tuple[str, ...], kept: list[str]
) -> None:
    findings = [finding(c) for c in ("BW101", "BW106", "BW201", "BW203")]

    chosen = check.CodeSelection(select, ignore).apply(findings)

    assert [f.code for f in chosen] == kept


def test_a_selection_keeps_a_code_it_names_exactly() -> None:
    selection = check.CodeSelection(select=("BW101",))

    assert selection.keeps("BW101") is True
    assert selection.keeps("BW102") is False
    assert check.CodeSelection().keeps("BW999") is True
    assert check.CodeSelection(ignore=("BW999",)).keeps("BW999") is False


def test_parse_codes_splits_commas_uppercases_drops_blanks_and_repeats() -> None:
    assert check.parse_codes("select", ["bw1, BW203", " ,bw1", "BW2"]) == ("BW1", "BW203", "BW2")
    assert check.parse_codes("select", []) == ()
    assert check.parse_codes("ignore", ["", " "]) == ()
    assert check.parse_codes("ignore", [",BW2,", " , bw108"]) == ("BW2", "BW108")


def test_parse_codes_rejects_what_starts_no_code_naming_the_option() -> None:
    with pytest.raises(workspace.PolyError) as raised:
        check.parse_codes("ignore", ["BW1", "BW9"])

    assert str(raised.value) == (
        f"--ignore 'BW9' is not a finding code or the start of one (known: "
        f"{', '.join(workspace.CODES)}); write e.g. --ignore BW2,BW108."
    )
    assert raised.value.exit_code == 2


def test_settle_keeps_default_severities_without_settings_or_strict() -> None:
    findings = [finding("BW101"), finding("BW106", WARNING), finding("BW108", WARNING)]

    settled = check.settle(findings, check.CheckSettings(), strict=False)

    assert [f.severity for f in settled] == [ERROR, WARNING, WARNING]
    assert [f.code for f in settled] == ["BW101", "BW106", "BW108"]


def test_settle_under_strict_raises_only_the_codes_whose_table_row_says_so() -> None:
    findings = [
        finding("BW106", WARNING),
        finding("BW107", WARNING),
        finding("BW108", WARNING),
        finding("BW204", WARNING),
        finding("BW101"),
    ]

    settled = check.settle(findings, check.CheckSettings(), strict=True)

    assert [(f.code, f.severity) for f in settled] == [
        ("BW106", ERROR),
        ("BW107", ERROR),
        ("BW108", WARNING),
        ("BW204", ERROR),
        ("BW101", ERROR),
    ]


def test_settle_applies_configured_levels_before_strict_and_drops_off() -> None:
    settings = check.CheckSettings(severity={"BW106": "warning", "BW108": "error", "BW101": "off"})
    findings = [finding("BW101"), finding("BW106", WARNING), finding("BW108", WARNING)]

    settled = check.settle(findings, settings, strict=True)

    assert [(f.code, f.severity, f.message) for f in settled] == [
        ("BW106", WARNING, "m"),
        ("BW108", ERROR, "m"),
    ]


def test_default_check_settings_change_nothing_and_allow_nothing() -> None:
    assert check.CheckSettings() == check.CheckSettings(severity={}, allow={})
    assert check.CheckSettings().allow == {}


def test_exit_code_is_one_for_an_error_even_without_warnings_under_strict() -> None:
    assert check.exit_code([finding("BW101")], strict=True) == 1
    assert check.exit_code([finding("BW101")]) == 1
    assert check.exit_code([finding("BW108", WARNING)] * 2) == 0
    assert check.count([]) == check.Counts(0, 0)
    assert check.count([finding("BW108", WARNING)]) == check.Counts(errors=0, warnings=1)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"severity": {"BW999": "off"}},
            "[tool.brickwork.check] severity.BW999 is not a finding code (known: {codes}); "
            "fix it and run again.",
        ),
        (
            {"severity": {"BW101": "fatal"}},
            "[tool.brickwork.check] severity.BW101 must be one of error, warning, off, "
            "not 'fatal'; fix it and run again.",
        ),
        (
            {"severity": {"BW101": 1}},
            "[tool.brickwork.check] severity.BW101 must be one of error, warning, off, not 1; "
            "fix it and run again.",
        ),
        (
            {"allow": {"svc": ["api", 2]}},
            "[tool.brickwork.check] allow.svc must be an array of brick names, "
            "not ['api', 2]; fix it and run again.",
        ),
        (
            {"allow": {"nope": []}},
            "[tool.brickwork.check] allow.nope names no project (known: development, job, svc); "
            "fix it and run again.",
        ),
        (
            {"allow": {"svc": ["api", "ghost", "spook"]}},
            "[tool.brickwork.check] allow.svc names no brick 'ghost', 'spook'; "
            "fix it and run again.",
        ),
        (
            {"alow": {}},
            "[tool.brickwork.check] alow is not a setting (known: allow, severity); "
            "fix it and run again.",
        ),
    ],
)
def test_malformed_check_settings_are_one_exact_message(
    sketch: Sketch, table: object, message: str
) -> None:
    sketch.brickwork = {"check": table}
    sketch.base("api")
    sketch.project("svc", ["api"])
    sketch.project("job", ["api"])

    with pytest.raises(workspace.PolyError) as raised:
        check.load_settings(sketch.workspace())

    codes = ", ".join(workspace.CODES)
    assert str(raised.value) == f"workspace.toml: {message.format(codes=codes)}"


def test_allow_entries_for_one_project_by_name_and_folder_add_up(sketch: Sketch) -> None:
    sketch.brickwork = {
        "check": {"allow": {"svc": ["api"], "development": ["core"]}, "severity": {"BW108": "off"}}
    }
    sketch.base("api")
    sketch.component("core")
    sketch.project("svc", ["api"])

    settings = check.load_settings(sketch.workspace())

    assert settings == check.CheckSettings(
        severity={"BW108": "off"}, allow={"svc": ("api",), "development": ("core",)}
    )


def extra_run(
    sketch: Sketch, extra: list[workspace.Finding], **options: object
) -> list[workspace.Finding]:
    sketch.base("api")
    ws = sketch.workspace()
    scan = sketch.scan()
    return check.run_checks(ws, scan, graph.build_graph(ws, scan), extra=extra, **options)  # type: ignore[arg-type]


def test_run_checks_sorts_a_whole_file_finding_before_line_one_of_the_same_file(
    sketch: Sketch,
) -> None:
    whole = workspace.Finding("BW204", "b", Path("/ws/p.toml"), None, "", WARNING)
    first = workspace.Finding("BW204", "a", Path("/ws/p.toml"), 1, "", WARNING)

    assert extra_run(sketch, [first, whole]) == [whole, first]


def test_run_checks_is_not_strict_unless_asked(sketch: Sketch) -> None:
    found = extra_run(sketch, [workspace.Finding("BW204", "m", Path("/ws/p.toml"), 1, "", WARNING)])

    assert [f.severity for f in found] == [WARNING]


def test_run_checks_keeps_only_the_selected_codes(sketch: Sketch) -> None:
    extra = [
        workspace.Finding("BW201", "a", Path("/ws/p.toml"), 1),
        workspace.Finding("BW204", "b", Path("/ws/p.toml"), 2, "", WARNING),
    ]

    found = extra_run(sketch, extra, selection=check.CodeSelection(ignore=("BW201",)))

    assert [f.code for f in found] == ["BW204"]
