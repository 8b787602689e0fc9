"""Reading Python source as the interpreter does: its encoding (BOM, coding cookie), its rows
(`\\n`, `\\r\\n`, `\\r` only), its tokens and its import statements, for any syntax the
running Python can tokenize (a parse is not needed)."""

from __future__ import annotations

import ast
import io
import re
import threading
import tokenize
import warnings
from collections.abc import Collection, Iterator

_PARSE_LOCK = threading.Lock()
"""`warnings.catch_warnings` changes process-wide state: parses that silence warnings take
turns (builds run in threads)."""
_STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
_LINE_END = re.compile(r"\r\n|\r|\n")


def parse(text: str) -> ast.Module | None:
    """`text` parsed by the running Python, or None (newer syntax, Python 2, not Python);
    warnings such as invalid escape sequences are not shown."""
    with _PARSE_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(text)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return None


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of Python source bytes, by its BOM or coding cookie (PEP 263); the text
    holds no BOM, `encoding` is `utf-8-sig` when the bytes start with one. Raises
    `SyntaxError` (bad cookie) or `UnicodeDecodeError`."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as err:
        if "unknown encoding" not in str(err):
            data.decode("utf-8")  # says which byte is not UTF-8
        raise
    return data.decode(encoding), encoding


def source_lines(text: str) -> list[str]:
    """`text` split where `tokenize` counts rows (`\\n`, `\\r\\n`, `\\r`), ends kept; not at
    form feeds, U+2028 and the other breaks `str.splitlines` also knows."""
    lines: list[str] = []
    start = 0
    for match in _LINE_END.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def splice(text: str, edits: Collection[tuple[int, int, int, str]]) -> str:
    """`text` with each edit `(row, start column, end column, replacement)` made on its row
    (rows as `tokenize` counts them); everything else byte-identical."""
    if not edits:
        return text
    lines = source_lines(text)
    for row, start, end, replacement in sorted(edits, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + replacement + line[end:]
    return "".join(lines)


def significant_tokens(text: str) -> list[tokenize.TokenInfo]:
    """The tokens of `text` (no BOM) but comments and blank-line breaks, rows counted as in
    `source_lines`. Raises `tokenize.TokenError` or `SyntaxError`."""
    # a lone `\r` ends a line for Python; a `StringIO` reader would not split there
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING}
    tokens = tokenize.generate_tokens(io.StringIO(normalised).readline)
    return [t for t in tokens if t.type not in skipped]


def import_statements(
    tokens: list[tokenize.TokenInfo],
) -> Iterator[tuple[str, list[tokenize.TokenInfo]]]:
    """(`import` or `from`, the tokens after it up to the statement's end) of every import
    statement; recognised at statement starts only (after a newline, `;` or `:`), so
    `yield from x` and `raise X from y` are not imports."""
    at_start = True
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if at_start and token.type == tokenize.NAME and token.string in ("import", "from"):
            end = index + 1
            while end < len(tokens) and not (
                tokens[end].type in (tokenize.NEWLINE, tokenize.ENDMARKER)
                or (tokens[end].type == tokenize.OP and tokens[end].string == ";")
            ):
                end += 1
            yield token.string, tokens[index + 1 : end]
            index = end
            continue
        at_start = token.type in _STATEMENT_START or (
            token.type == tokenize.OP and token.string in (";", ":")
        )
        index += 1


def import_items(body: list[tokenize.TokenInfo]) -> list[list[tokenize.TokenInfo]]:
    """The comma-separated items of an `import a.b as c, d` statement's body."""
    items: list[list[tokenize.TokenInfo]] = [[]]
    for token in body:
        if token.type == tokenize.OP and token.string == ",":
            items.append([])
        else:
            items[-1].append(token)
    return items


def imported_modules(text: str) -> list[tuple[int, str]]:
    """(row, dotted module) of every absolute import in `text`."""
    found: list[tuple[int, str]] = []
    for keyword, body in import_statements(significant_tokens(text)):
        items = import_items(body) if keyword == "import" else [body]
        for item in items:
            if not item or item[0].type != tokenize.NAME:
                continue  # empty, or a relative `from . import x`
            parts: list[str] = []
            wants_name = True
            for token in item:
                if wants_name and token.type == tokenize.NAME and token.string != "as":
                    parts.append(token.string)
                elif not wants_name and token.type == tokenize.OP and token.string == ".":
                    pass
                else:
                    break
                wants_name = not wants_name
            found.append((item[0].start[0], ".".join(parts)))
    return found


def syntax_problem(text: str) -> str:
    """Why the running Python does not parse `text` (message and line); empty when it does."""
    with _PARSE_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(text)
        except SyntaxError as err:
            return f"{err.msg}, line {err.lineno}"
        except (ValueError, MemoryError, RecursionError) as err:
            return str(err) or type(err).__name__
    return ""


def string_content(token: str) -> tuple[int, int] | None:
    """(start, end) of the characters between the quotes of a string token; None for f-strings
    and bytes, whose content is not a plain string value."""
    quote_at = min((i for i in (token.find('"'), token.find("'")) if i >= 0), default=-1)
    prefix = token[:quote_at].lower()
    if quote_at < 0 or "f" in prefix or "b" in prefix:
        return None
    quote = (
        token[quote_at] * 3 if token[quote_at:].startswith(token[quote_at] * 3) else token[quote_at]
    )
    return quote_at + len(quote), len(token) - len(quote)


def mentions(data: bytes, tops: Collection[str]) -> bool:
    """Whether any of the names `tops` occurs as a word in `data` (any ASCII-compatible
    encoding): a module that never mentions them has nothing to rewrite."""
    if not tops:
        return False
    words = b"|".join(re.escape(t.encode("utf-8")) for t in sorted(tops))
    return re.search(rb"(?<![\w])(?:" + words + rb")(?![\w])", data) is not None
