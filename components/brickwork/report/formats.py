"""Output formats and the machine renderings shared by every command."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from brickwork.report.json_text import indented_json
from brickwork.workspace import PolyError


class OutputFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    MERMAID = "mermaid"
    DOT = "dot"
    GITHUB = "github"
    MARKDOWN = "markdown"
    GITHUB_MATRIX = "github-matrix"
    SARIF = "sarif"


def parse_format(value: str | None, allowed: Iterable[OutputFormat]) -> OutputFormat:
    """The `--output` value as an `OutputFormat`; anything not in `allowed` is a usage error."""
    choices = tuple(allowed)
    if value is None:
        return choices[0]
    for choice in choices:
        if choice.value == value.lower():
            return choice
    names = ", ".join(c.value for c in choices)
    raise PolyError(f"--output {value!r} is not one of: {names}.")


_SURROGATE = re.compile("[\ud800-\udfff]")


def to_json(data: Any) -> str:
    """Stable JSON: keys in the order given, two-space indent, UTF-8 text. A file name that is
    not UTF-8 on disk holds lone surrogates (`os.fsdecode`): they are written as `\\udcXX`
    escapes, so the output stays valid UTF-8 and `os.fsencode` of the value is the name."""
    text = indented_json(data)  # json.dumps(data, indent=2, ensure_ascii=False), faster
    if text.isascii() or _encodes(text):  # no surrogate (a scan in C, not a regex search)
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _encodes(text: str) -> bool:
    """Whether `text` holds no lone surrogate (it encodes as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: The generation of every JSON document (ADR 0026): 1 was each command's own top level
#: (`brickwork.check/1`); 2 is the one envelope.
JSON_VERSION = 2
#: The commands that print a JSON document, each with a schema file in `schemas/`.
JSON_COMMANDS = (
    "info",
    "deps",
    "check",
    "libs",
    "diff",
    "sync",
    "build-project",
    "test",
    "remove",
    "rename",
)


def schema_id(command: str) -> str:
    """The `schema` of `command`'s documents: the `$id` of `schemas/<command>.json`."""
    return f"urn:brickwork:schema:{command}:{JSON_VERSION}"


def document(
    command: str,
    root: Path,
    exit_code: int,
    counts: Mapping[str, int],
    result: Mapping[str, Any],
) -> dict[str, Any]:
    """The envelope every `--output json` prints (ADR 0026): what it is (`schema`, `version`,
    `command`), where and how it ended (`root`, `exit_code`), a few totals (`counts`), and the
    command's own data (`result`); `error` is null (the command ran)."""
    return {
        "schema": schema_id(command),
        "version": JSON_VERSION,
        "command": command,
        "root": str(root),
        "exit_code": exit_code,
        "counts": dict(counts),
        "result": dict(result),
        "error": None,
    }


def error_document(
    command: str, message: str, exit_code: int, root: Path | None = None
) -> dict[str, Any]:
    """The envelope of a run that could not run or was stopped (a one-line error, exit 2;
    an interrupt, 130 or 143): no `result`, the line in `error.message`; `root` is null when
    not known (the error may be that there is no workspace)."""
    return {
        "schema": schema_id(command),
        "version": JSON_VERSION,
        "command": command,
        "root": None if root is None else str(root),
        "exit_code": exit_code,
        "counts": {},
        "result": None,
        "error": {"message": message},
    }


def schema_file(command: str) -> Path:
    """The JSON Schema (draft-07) of `command`'s documents, shipped in this package; `envelope`
    names the schema every document also satisfies."""
    if command not in (*JSON_COMMANDS, "envelope"):
        raise ValueError(f"no JSON schema for {command!r}")
    return Path(__file__).with_name("schemas") / f"{command}.json"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    title: str | None = None,
) -> str:
    """A GitHub Actions workflow command: `::error file=…,line=…,title=…::message`."""
    props = []
    if file:
        props.append(f"file={_escape_property(file)}")
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={_escape_property(title)}")
    head = f"::{level}" + (" " + ",".join(props) if props else "")
    return f"{head}::{_escape_data(message)}"


def escape_tags(text: str) -> str:
    """Escape `<` so cleo does not read user text as a style tag."""
    return text.replace("<", "\\<")
