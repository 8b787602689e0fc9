"""Project files read with their `packages` array taken apart by a pattern, not the parser.

A workspace's project files are mostly `[tool.poetry] packages`: one inline table per brick
(`{ include = "acme/x", from = "../../components" }`), thousands of lines in the development
project. The TOML parser spends four fifths of a cold workspace load on them. When the array
has that plain shape (inline tables of bare keys and strings without escapes, comments,
blank lines) it is read by a pattern, the rest of the file by the parser, and the array put
back in place; the data is the same. Any other shape is parsed whole, as before.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from brickwork.runs import note_input
from brickwork.workspace.config import parse_toml, read_toml
from brickwork.workspace.errors import PolyError

_STRING = r'"[^"\\\x00-\x08\x0a-\x1f\x7f]*"|' r"'[^'\x00-\x08\x0a-\x1f\x7f]*'"
_PAIR = rf"[A-Za-z0-9_-]+[ \t]*=[ \t]*(?:{_STRING})"
_TABLE = rf"\{{[ \t]*{_PAIR}(?:[ \t]*,[ \t]*{_PAIR})*[ \t]*\}}"
_GAP = r"(?:[ \t\n]|#[^\x00-\x08\x0a-\x1f\x7f]*\n)*"  # blanks, line breaks, comments
_ARRAY = (
    rf"^packages[ \t]*=[ \t]*\[{_GAP}(?:{_TABLE}{_GAP}(?:,{_GAP}{_TABLE}{_GAP})*(?:,{_GAP})?)?\]"
)
_BASIC = r'"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"'
_TABLES = (
    rf"#[^\n]*|\{{[ \t]*include[ \t]*=[ \t]*{_BASIC}[ \t]*,[ \t]*from[ \t]*=[ \t]*{_BASIC}[ \t]*\}}"
    rf"|({_TABLE})"
)
"""The tables of a plain array, in order: `{ include = "...", from = "..." }` (the usual
one) as its two strings, any other as a whole; a comment is skipped whole (it may hold
braces)."""
_PAIRS = rf"([A-Za-z0-9_-]+)[ \t]*=[ \t]*({_STRING})"
_MARK = "brickwork-packages-placeholder-7c1e9"
_BOM = "\ufeff"
"""A byte order mark: Poetry (poetry-core's reader, `poetry check`) refuses a file that
starts with one, so every command refuses it with one line that says so."""


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled when a project file is first parsed (a warm run takes them all from the
    snapshot)."""
    return re.compile(_ARRAY, re.MULTILINE), re.compile(_TABLES), re.compile(_PAIRS)


def read_project_file(path: Path) -> tuple[dict[str, Any], str]:
    """(parsed TOML, text with `\\n` line ends) of a project file; what `read_toml` gives,
    with a plain `packages` array read by a pattern. Errors are `read_toml`'s, and a file
    that starts with a byte order mark (which Poetry refuses) is a `PolyError` saying so."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return read_toml(path), ""  # raises the error that names the file
    note_input(path)
    if raw.startswith(_BOM):
        raise PolyError(
            f"{path}: starts with a UTF-8 byte order mark (BOM), which Poetry cannot read "
            "(`poetry check`: Invalid TOML file); save it as UTF-8 without a BOM and run again."
        )
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    data = None if text is not raw else _with_plain_packages(raw)
    return (data if data is not None else parse_toml(raw, path)), text


def _with_plain_packages(text: str) -> dict[str, Any] | None:
    """The parsed text, or None when its `packages` array is not plain (or not where
    `[tool.poetry] packages` is, or the text does not parse: the caller parses it whole)."""
    array, table_of, pair_of = _patterns()
    found = array.search(text)
    if found is None or _MARK in text:
        return None
    tables: list[dict[str, str]] = []
    for include, origin, other in (m.groups() for m in table_of.finditer(found.group())):
        if include is not None:
            tables.append({"include": include, "from": origin})
            continue
        if other is None:
            continue  # a comment
        pairs = pair_of.findall(other)
        entry = {key: value[1:-1] for key, value in pairs}
        if len(entry) != len(pairs):
            return None  # a key twice: the parser reports it
        tables.append(entry)
    rest = f'{text[: found.start()]}packages = "{_MARK}"{text[found.end() :]}'
    try:
        data = parse_toml(rest, "")
    except PolyError:  # the whole text is parsed again: its error names the file
        return None
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if not isinstance(poetry, dict) or poetry.get("packages") != _MARK:
        return None  # the array was not `[tool.poetry] packages` (or lay in a string)
    poetry["packages"] = tables
    return data
