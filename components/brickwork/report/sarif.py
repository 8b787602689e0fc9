"""Findings as SARIF 2.1.0: one run with a rule per finding code, which GitHub code scanning
reads to show findings on a pull request's diff."""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any, cast

from brickwork import runs, workspace
from brickwork.report.findings import inside, repository_root
from brickwork.workspace import CODES, Finding, Severity

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: The base every result's `uri` is relative to: the git repository's top level.
SRCROOT = "%SRCROOT%"
#: The key of Brickwork's own fingerprint in `partialFingerprints` (versioned: a change of
#: what it hashes changes the key, never its meaning).
FINGERPRINT = "brickworkFinding/v1"
#: The distributions Brickwork is installed as: the published one, then the repository's own
#: development project.
DISTRIBUTIONS = ("poetry-brickwork", "brickwork-development")

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}

#: How to fix a finding of each code (a rule's `help`); a test keeps it complete.
FIXES: Mapping[str, str] = {
    "BW001": "Move the brick under components/ or bases/ of this workspace, or remove the "
    "include from the project file.",
    "BW002": "Fix the include's path (`include` and `from`) or remove the include.",
    "BW003": "Point the include at a brick's package folder (the brick itself, not a folder "
    "inside it nor one that is no brick), or remove it.",
    "BW004": "Write the dependency as a valid requirement: a name, then a version "
    "constraint (`requests>=2.31`).",
    "BW005": "Rename the folder with lowercase letters, digits and underscores.",
    "BW006": "Rename the component or the base: one package cannot be both.",
    "BW007": "Rename one of the projects: project names name the wheels.",
    "BW008": "Declare the dependencies in the table Poetry reads: [project] dependencies once "
    '[project] declares any, or add "dependencies" to [project] dynamic and keep them all in '
    "[tool.poetry.dependencies].",
    "BW101": "Add the brick to the project's packages (`poetry poly sync` adds every brick a "
    "project lacks), or remove the import.",
    "BW102": "Fix the import, or create the brick (`poetry poly create component --name NAME`).",
    "BW103": "Move the code the component needs out of the base into a component, and import "
    "that component from both.",
    "BW105": "Fix the file (its syntax or encoding) so that its imports can be read.",
    "BW106": "Break the cycle: move what the bricks share into another component that both import.",
    "BW107": "Import from the brick's interface (`<namespace>.<brick>`) and export the name "
    "from its __init__.py.",
    "BW108": "Remove the brick from the project (`poetry poly sync --prune`), or list it under "
    "[tool.brickwork.check.allow] when it is loaded another way (entry point, plugin registry).",
    "BW109": "Add the brick to the development project's packages (`poetry poly sync`).",
    "BW110": "Remove the `# poly: ignore[...]` comment: it silences nothing.",
    "BW201": "Declare the library in the project's dependencies (`poetry poly sync --libs`), or "
    "map the import to its distribution in [tool.polylith.libs.aliases] of workspace.toml.",
    "BW202": "Declare the library in the project's own dependencies instead of getting it "
    "through another distribution.",
    "BW203": "Remove the dependency (`poetry poly sync --libs --prune`), or list it in "
    "[tool.brickwork.libs] runtime-only when it is used without an import (a server, a driver).",
    "BW204": "Align the version constraints across projects and lock again.",
    "BW205": "Map the import to its distribution with `--alias DIST=IMPORT` or in "
    "[tool.polylith.libs.aliases] of workspace.toml, or declare the distribution that provides "
    "it.",
}


@dataclass(frozen=True)
class Tool:
    """What a SARIF log says about Brickwork: its version and addresses (from the installed
    distribution's metadata; a development install may have no addresses)."""

    version: str
    homepage: str | None = None
    documentation: str | None = None


def tool_from_metadata(meta: Message) -> Tool:
    """The `Tool` a distribution's core metadata (METADATA) describes: `Version`, and the
    `Project-URL`s labelled Homepage and Documentation."""
    urls = dict(
        (label.strip().lower(), url.strip())
        for label, _, url in (str(u).partition(",") for u in meta.get_all("Project-URL") or ())
    )
    return Tool(str(meta["Version"]), urls.get("homepage"), urls.get("documentation"))


def installed_tool() -> Tool:
    """The `Tool` of the Brickwork that runs, from its distribution's metadata."""
    for name in DISTRIBUTIONS:
        try:
            meta = importlib.metadata.metadata(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        return tool_from_metadata(cast(Message, meta))
    return Tool("unknown")


def rule_name(code: str) -> str:
    """The rule's name: its constant in the code table, in PascalCase (`MissingBrick`)."""
    for constant, value in vars(workspace.codes).items():
        if value == code and constant.isupper():
            return "".join(part.capitalize() for part in constant.split("_"))
    return code


def _rule(code: workspace.Code, tool: Tool) -> dict[str, Any]:
    title = code.title[0].upper() + code.title[1:]
    level = _LEVELS[code.severity]
    stricter = f" An {_LEVELS[code.strict]} with --strict." if code.strict is not None else ""
    fix = FIXES.get(code.code, "")
    rule: dict[str, Any] = {
        "id": code.code,
        "name": rule_name(code.code),
        "shortDescription": {"text": f"{title}."},
        "fullDescription": {
            "text": f"{code.code}: {title}. A{'n' if level == 'error' else ''} {level} by "
            f"default.{stricter}"
        },
        "help": {"text": fix},  # no Markdown: `__init__.py` would turn bold
        "defaultConfiguration": {"level": level},
    }
    if tool.documentation:
        rule["helpUri"] = f"{tool.documentation}#finding-codes"
    return rule


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(text: str) -> str:
    """`text` as valid Unicode: a byte of a name that is not UTF-8 on disk (a lone surrogate
    from `os.fsdecode`) is shown as `\\xNN`."""
    if text.isascii():
        return text

    def shown(match: re.Match[str]) -> str:
        point = ord(match.group())
        return f"\\x{point - 0xDC00:02x}" if 0xDC80 <= point <= 0xDCFF else f"\\u{point:04x}"

    return _SURROGATE.sub(shown, text)


def _bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _uri(path: Path, repository: Path) -> str | None:
    """`path` relative to `repository` as a URI reference (each byte that needs it
    percent-encoded), or None when it is not inside."""
    relative = inside(path, repository)
    if relative is None or relative == ".":
        return None
    return urllib.parse.quote(_bytes(relative), safe="/")


def fingerprint(finding: Finding, uri: str, occurrence: int) -> str:
    """A hash of what a finding is, not where its line is: the code, the file, the subject
    (the import, brick or library), the projects, and which of the findings alike it is."""
    parts = [finding.code, uri, finding.subject, ",".join(finding.projects), str(occurrence)]
    try:  # each part's bytes, joined by NUL: one encoding when every part has one
        hashed = "\0".join(parts).encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        hashed = b"\0".join(_bytes(p) for p in parts)
    return hashlib.sha256(hashed).hexdigest()[:32]


def _location(uri: str, line: int | None) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
            "region": {"startLine": line if line and line > 0 else 1},
        }
    }


def sarif_log(
    findings: Sequence[Finding],
    *,
    repository: Path,
    project_file: Path,
    command: str,
    exit_code: int,
    notes: Sequence[str] = (),
    tool: Tool | None = None,
) -> dict[str, Any]:
    """The SARIF 2.1.0 log of a run of `command` (`check`, `libs`): one run, one rule per
    finding code, one result per finding at its file and line relative to `repository` (the
    git top level). A finding about a folder, or a place outside the repository, points at
    `project_file` (its message names the place). `notes` (a stale lock...) are the run's
    notifications."""
    tool = tool or installed_tool()
    codes = list(CODES)
    indexes = {code: index for index, code in enumerate(codes)}
    fallback = _uri(project_file, repository) or _bytes_name(project_file)
    results: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str, tuple[str, ...]], int] = {}
    uris: dict[str, str | None] = {}  # a file's URI; None: not a file, or outside
    for finding in findings:
        name = str(finding.path)
        if name in uris:
            uri = uris[name]
        else:
            is_file = runs.is_file(finding.path)
            uri = uris[name] = _uri(finding.path, repository) if is_file else None
        line = finding.line if uri is not None else None
        uri = uri or fallback
        code = finding.code
        key = (code, uri, finding.subject, finding.projects)
        occurrence = seen[key] = seen.get(key, -1) + 1
        result: dict[str, Any] = {
            "ruleId": code,
            "ruleIndex": indexes[code] if code in indexes else codes.index(code),
            "level": _LEVELS[finding.severity],
            "message": {"text": _text(finding.message)},
            "locations": [_location(uri, line)],
            "partialFingerprints": {FINGERPRINT: fingerprint(finding, uri, occurrence)},
        }
        if finding.subject or finding.projects:
            extra: dict[str, Any] = {}
            if finding.subject:
                extra["subject"] = _text(finding.subject)
            if finding.projects:
                extra["projects"] = [_text(p) for p in finding.projects]
            result["properties"] = extra
        results.append(result)
    driver: dict[str, Any] = {"name": "Brickwork", "version": tool.version}
    if tool.homepage:
        driver["informationUri"] = tool.homepage
    driver["rules"] = [_rule(CODES[c], tool) for c in codes]
    invocation: dict[str, Any] = {"executionSuccessful": True, "exitCode": exit_code}
    if notes:
        invocation["toolExecutionNotifications"] = [
            {"level": "note", "message": {"text": _text(n)}} for n in notes
        ]
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"brickwork/{command}/"},
        "originalUriBaseIds": {SRCROOT: {"uri": repository.as_uri().rstrip("/") + "/"}},
        "invocations": [invocation],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _bytes_name(path: Path) -> str:
    """The last resort for a project file outside the repository: its name."""
    return urllib.parse.quote(_bytes(path.name), safe="")


def findings_sarif(
    ws: workspace.Workspace,
    findings: Sequence[Finding],
    *,
    command: str,
    exit_code: int,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """`sarif_log` of a run over `ws`: paths relative to the git repository holding it; a
    finding about no file points at the development project's file (else workspace.toml)."""
    development = ws.development
    return sarif_log(
        findings,
        repository=repository_root(ws.root),
        project_file=development.file if development is not None else ws.config.source,
        command=command,
        exit_code=exit_code,
        notes=notes,
    )
