"""Source text helpers shared by both scanners: decoding, `# poly: ignore` comments, and
resolving relative imports."""

from __future__ import annotations

import codecs
import io
import re
import tokenize
from collections.abc import Callable

from brickwork.imports.model import Import, ImportContext

ScanResult = tuple[tuple[Import, ...], str | None, int | None]
"""(imports in line order, error, error line)."""
Row = tuple[str, tuple[str, ...], int, ImportContext, tuple[str, ...]]
"""The fields of an `Import` (module, names, line, context, ignored), as a plain tuple; the
context carries the site's class and laziness in one enum value (ADR 0023), so a cache row
stays five fields."""


def as_row(imp: Import) -> Row:
    return (imp.module, imp.names, imp.line, imp.context, imp.ignored)


_IGNORE = re.compile(r"#\s*poly:\s*ignore\b(?:\[([^\]\n]*)\])?", re.IGNORECASE)
_CODE = re.compile(r"[A-Za-z0-9_]+")
# Built per line by `ignore_map`: line number -> codes of its `# poly: ignore` comments.
IgnoreMap = dict[int, tuple[str, ...]]
Ignores = Callable[[int, int], tuple[str, ...]]


def decode_source(data: bytes) -> str:
    """Text of a source file: PEP 263 coding cookie or BOM, else UTF-8, else latin-1."""
    second = data.find(b"\n", data.find(b"\n") + 1)
    top = data if second < 0 else data[:second]  # where a coding cookie may be
    if b"coding" not in top and not data.startswith(codecs.BOM_UTF8):
        try:  # the common case, without the tokenizer's detour: UTF-8
            return normalize_newlines(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return normalize_newlines(data.decode(encoding))
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return normalize_newlines(data.decode("latin-1"))


def normalize_newlines(text: str) -> str:
    """`\\r\\n` and `\\r` to `\\n` (Python counts lines the same way), without a leading BOM."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def ignore_map(text: str) -> IgnoreMap:
    """Line number -> the codes of the `# poly: ignore[...]` comments on that line. Only a
    comment counts: the same words in a string or docstring (`HINT = "# poly: ignore"` on an
    import's line) silence nothing."""
    found: IgnoreMap = {}
    if "poly" not in text:
        return found
    comments: dict[int, int] | None = None
    line, position, line_start = 1, 0, 0
    for match in _IGNORE.finditer(text):
        newlines = text.count("\n", position, match.start())
        if newlines:
            line += newlines
            line_start = text.rfind("\n", 0, match.start()) + 1
        position = match.start()
        if comments is None:
            comments = _comment_columns(text)
        column = comments.get(line)
        in_comment = column is not None and column <= match.start() - line_start
        if not in_comment and line < comments.get(0, line + 1):  # 0: where tokenizing stopped
            continue  # inside a string, not a comment
        codes = tuple(c.upper() for c in _CODE.findall(match.group(1) or ""))
        found[line] = _merge(found.get(line, ()), codes or ("*",))
    return found


def _comment_columns(text: str) -> dict[int, int]:
    """Line number -> the column where its comment starts. Source the tokenizer refuses
    from some line on keeps that line under key 0: from there on, every match is taken as
    written (the token scanner reads such files the same way)."""
    columns: dict[int, int] = {}
    if "\0" in text:  # the C tokenizer of 3.12+ fails on a NUL, 3.13's with a SystemError
        columns[0] = 1
        return columns
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                columns.setdefault(token.start[0], token.start[1])
    except SyntaxError as err:  # an indentation the tokenizer cannot follow
        columns[0] = err.lineno or 1
    except tokenize.TokenError as err:  # ("EOF in multi-line string", (line, column))
        where = err.args[1] if len(err.args) > 1 else None
        stop = where[0] if isinstance(where, tuple) and where else 1
        columns[0] = stop if isinstance(stop, int) else 1
    except (UnicodeError, ValueError, SystemError):  # a lone CR on the C tokenizer of 3.12+
        columns[0] = 1  # no comment is known: every match counts, as before tokenizing
    return columns


def _merge(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return first + tuple(c for c in second if c not in first)


def ignores_between(found: IgnoreMap) -> Ignores:
    """`(first, last) -> codes` over the lines of one statement."""

    def codes(first: int, last: int) -> tuple[str, ...]:
        if not found:
            return ()
        result: tuple[str, ...] = ()
        for line in range(first, last + 1):
            if line in found:
                result = _merge(result, found[line])
        return result

    return codes


def resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of `from <level dots><name> import ...` in `module`.

    A relative import that climbs above the top-level package keeps its dots (`..x`): it
    names nothing, and nothing should match it.
    """
    if level == 0:
        return name or ""
    parts = module.split(".") if module else []
    if not is_package:
        parts = parts[:-1]
    if level > len(parts):
        return "." * level + (name or "")
    base = parts[: len(parts) - level + 1]
    return ".".join([*base, name] if name else base)


def valid_dynamic_name(name: str) -> str | None:
    parts = name.split(".")
    return name if all(p.isidentifier() for p in parts) else None
