"""5,000 findings in every format `check` prints: the same bytes as the plain renderings they
replace (`Path.relative_to`, `json.dumps(indent=2)`, one formatter pass per line), in a small
fraction of a Poetry start-up."""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import replace
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest
from cleo.formatters.formatter import Formatter

from brickwork import report, workspace
from brickwork.workspace import Finding, Severity

ROOT = Path("/ws/acme")
TOOL = report.Tool("1.2.3", "https://example.org", "https://example.org/docs")
ODD = "<b>x</b> \\<i> 100% a:b,c\r\n é \udcff"  # tags, escapes, GitHub specials, a bad byte


def many(count: int = 5000) -> list[Finding]:
    """Findings like a large workspace's: mostly interface bypasses, some errors, a few about
    folders, files outside the root, odd text, several projects."""
    found = []
    for i in range(count):
        brick = f"brick_{i % 1700:05d}"
        kind = i % 50
        path = ROOT / "components" / "acme" / brick / "core.py"
        if kind == 1:
            path = ROOT / "projects" / f"svc_{i % 7}"
        elif kind == 2:
            path = Path("/elsewhere") / f"x{i}.py"
        elif kind == 3:
            path = ROOT / "components" / "acme" / f"b<{i % 3}>\udce9" / "core.py"
        message = f"acme.{brick}.core is inside brick '{brick}'; import from acme.{brick}"
        found.append(
            Finding(
                ("BW101", "BW107", "BW108")[i % 3],
                message + (ODD if kind in (3, 4) else ""),
                path,
                None if kind == 1 else 1 + i % 40,
                f"acme.{brick}.core" + (ODD if kind == 4 else ""),
                Severity.ERROR if i % 10 == 0 else Severity.WARNING,
                (f"svc_{i % 7}", "p\udcff") if kind in (5, 6) else (),
            )
        )
    return sorted(found, key=lambda f: f.code)


# -- the renderings as they were written before they were made fast ----------------------


def plain_relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def plain_text(findings: list[Finding], root: Path, summary: str) -> list[str]:
    lines: list[str] = []
    for _code, group in groupby(findings, key=lambda f: f.code):
        for f in group:
            color = "red" if f.severity is Severity.ERROR else "yellow"
            place = plain_relative(f.path, root) + (f":{f.line}" if f.line else "")
            lines.append(
                f"{report.escape_tags(place)}: <b>{f.code}</b> "
                f"<fg={color}>{f.severity.value}</> {report.escape_tags(f.message)}"
            )
        lines.append("")
    style = "error" if report.counts(findings)[0] else "info"
    return [*lines, f"<{style}>{report.escape_tags(summary)}</{style}>"]


def plain_json(data: Any) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)


def plain_uri(path: Path, repository: Path) -> str | None:
    try:
        relative = path.relative_to(repository).as_posix()
    except ValueError:
        return None
    return urllib.parse.quote(_bytes(relative), safe="/") if relative != "." else None


def _bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def plain_fingerprint(finding: Finding, uri: str, occurrence: int) -> str:
    parts = [finding.code, uri, finding.subject, ",".join(finding.projects), str(occurrence)]
    return hashlib.sha256(b"\0".join(_bytes(p) for p in parts)).hexdigest()[:32]


# -- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("root", [ROOT, Path("/"), Path("relative")])
def test_text_json_and_github_of_5000_findings_are_the_plain_renderings(root: Path) -> None:
    findings = many()
    summary = report.summary_line(findings, 100, 2100)

    assert report.findings_text(findings, root, summary) == plain_text(findings, root, summary)
    assert [report.relative(f.path, root) for f in findings] == [
        plain_relative(f.path, root) for f in findings
    ]
    github = [
        report.github_annotation(
            f.severity.value,
            f.message,
            file=plain_relative(f.path, root),
            line=f.line,
            title=f.code,
        )
        for f in findings
    ]
    assert report.github_lines(findings, root, summary) == [*github, summary]
    data = report.check_data(
        findings, root, strict=False, projects=["svc_1"], scope=(100, 2100), exit_code=1
    )
    assert data["result"]["findings"][2]["path"] == plain_relative(findings[2].path, root)
    assert report.to_json(data) == plain_json(data)


def test_sarif_of_5000_findings_has_the_plain_uris_fingerprints_and_json(tmp_path: Path) -> None:
    findings = [
        replace(f, path=tmp_path / f.path.relative_to(ROOT)) if f.path.is_relative_to(ROOT) else f
        for f in many()
    ]
    for f in findings[::97]:  # some are files (a URI and a line), the others are not
        f.path.parent.mkdir(parents=True, exist_ok=True)
        f.path.touch()
    project_file = tmp_path / "pyproject.toml"

    log = report.sarif_log(
        findings,
        repository=tmp_path,
        project_file=project_file,
        command="check",
        exit_code=1,
        notes=("a note \udcff",),
        tool=TOOL,
    )

    results = log["runs"][0]["results"]
    seen: dict[tuple[str, str, str, tuple[str, ...]], int] = {}
    for f, result in zip(findings, results, strict=True):
        uri = (plain_uri(f.path, tmp_path) if f.path.is_file() else None) or "pyproject.toml"
        key = (f.code, uri, f.subject, f.projects)
        seen[key] = seen.get(key, -1) + 1
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == uri
        assert result["partialFingerprints"] == {
            "brickworkFinding/v1": plain_fingerprint(f, uri, seen[key])
        }
        assert result["ruleIndex"] == list(workspace.CODES).index(f.code)
    assert report.to_json(log) == plain_json(log)


@pytest.mark.parametrize("decorated", [False, True])
def test_styled_text_is_each_line_formatted_for_the_terminal(decorated: bool) -> None:
    findings = many()
    summary = report.summary_line(findings, 100, 2100)
    formatter = Formatter(decorated)

    styled = report.findings_styled(findings, ROOT, summary, formatter.format)

    assert styled == "\n".join(
        formatter.format(line) for line in report.findings_text(findings, ROOT, summary)
    )
    assert "'; import from acme.brick_00003<b>x</b> \\<i> 100%" in styled  # user text as is
    assert ("\x1b[" in styled) is decorated


def test_indented_json_is_json_dumps_for_every_kind_of_value() -> None:
    class Text(str):
        pass

    values: list[Any] = [
        {},
        [],
        (),
        {"a": [], "b": {}, "c": [[], [{}]]},
        {"s": 'é\u2028\x00"\\', "i": -3, "f": 0.1, "t": True, "n": None, "F": False},
        [1, 10**30, 1e300, -0.0, "x", (2, 3)],
        {1: "int key", None: "none key"},  # keys json converts: left to json
        {"nan": float("nan"), "text": Text("subclass")},
        Text("top"),
        "top",
    ]
    for value in values:
        assert report.to_json(value) == plain_json(value)
    with pytest.raises(TypeError):
        report.to_json({"a": object()})


def _sarif(findings: list[Finding], encode: Callable[[Any], str]) -> str:
    log = report.sarif_log(
        findings,
        repository=ROOT,
        project_file=ROOT / "pyproject.toml",
        command="check",
        exit_code=0,
        tool=TOOL,
    )
    return encode(log)


def _json(findings: list[Finding], encode: Callable[[Any], str]) -> str:
    data = report.check_data(findings, ROOT, strict=False, projects=[], scope=(1, 1), exit_code=0)
    return encode(data)


Render = Callable[[list[Finding], str], object]
#: How each format `check` prints renders.
RENDERINGS: dict[str, Render] = {
    "text": lambda f, s: report.findings_text(f, ROOT, s),
    "styled": lambda f, s: report.findings_styled(f, ROOT, s, Formatter(True).format),
    "github": lambda f, s: report.github_lines(f, ROOT, s),
    "json": lambda f, s: _json(f, report.to_json),
    "sarif": lambda f, s: _sarif(f, report.to_json),
}


def _spent(render: Render) -> float:
    """The least CPU time of two renderings of 5,000 new findings (their paths not yet
    turned into text, as in a run)."""
    times = []
    for _ in range(2):
        findings = many()
        summary = report.summary_line(findings, 100, 2100)
        started = time.process_time()
        render(findings, summary)
        times.append(time.process_time() - started)
    return min(times)


@pytest.mark.parametrize("name", list(RENDERINGS))
def test_5000_findings_render_in_a_fraction_of_a_poetry_start_up(name: str) -> None:
    # Measured on 2 cores, unloaded (the plain rendering in brackets): text 0.01 s (0.09),
    # styled for a terminal 0.02 (0.2-0.4), json 0.03 (0.3), sarif 0.1 (1.0-1.2); Poetry
    # starts in ~0.6 s. The bound leaves room for a loaded machine.
    assert _spent(RENDERINGS[name]) < 0.4
