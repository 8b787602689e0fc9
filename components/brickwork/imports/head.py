"""The imports of a plain file head, read with two regular expressions instead of a parser.

Most files start alike: a docstring, comments, one-line or parenthesised `import` / `from`
statements, maybe an `if TYPE_CHECKING:` block of more of them. One pattern recognises such
a head whole (in C, several times faster than building its syntax tree); a second one then
picks its statements out. Anything else (other code, other strings, continuation lines,
unusual spacing, non-ASCII names) makes `head_imports` answer None and the caller parses
the head as usual. What the pattern accepts is Python that parses to exactly these
statements, so the results are the same either way.
"""

from __future__ import annotations

import functools
import keyword
import re

from brickwork.imports.model import Import, ImportContext
from brickwork.imports.source import Ignores, Row, resolve

_KEYWORDS = frozenset((*keyword.kwlist, "__debug__"))
"""Never a name: the pattern takes any identifier, the names found are checked after."""
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_NOT_KEYWORD = "(?!(?:{})(?![A-Za-z0-9_]))".format("|".join(sorted(_KEYWORDS)))
_DOTTED = rf"{_NAME}(?:\.{_NAME})*"
_END = r"[ \t]*(?:#[^\n]*)?\n"  # the rest of a line: blanks, maybe a comment
_GAP = r"(?:[ \t]*(?:#[^\n]*)?\n)*"  # blank and comment lines
_STRING = r'"""(?:[^"\\]|"(?!""))*"""|' r"'''(?:[^'\\]|'(?!''))*'''"  # no escapes
_BLANK = r"(?:[ \t\n]|#[^\n]*\n)"  # inside brackets: blanks, line breaks, comments
_ALIAS = rf"{_NAME}(?:[ \t]+as[ \t]+{_NAME})?"
_DOTTED_ALIAS = rf"{_DOTTED}(?:[ \t]+as[ \t]+{_NAME})?"
_IMPORT = rf"import[ \t]+{_DOTTED_ALIAS}(?:[ \t]*,[ \t]*{_DOTTED_ALIAS})*{_END}"
_BRACKETED_ALIAS = rf"{_NAME}(?:{_BLANK}+as{_BLANK}+{_NAME})?"
_BRACKETED = (
    rf"\({_BLANK}*{_BRACKETED_ALIAS}(?:{_BLANK}*,{_BLANK}*{_BRACKETED_ALIAS})*"
    rf"(?:{_BLANK}*,)?{_BLANK}*\)"
)
_FROM = (
    rf"from[ \t]+(?:\.+(?:{_DOTTED})?|{_DOTTED})[ \t]+import"
    rf"(?:[ \t]*\*|[ \t]+{_ALIAS}(?:[ \t]*,[ \t]*{_ALIAS})*|[ \t]*{_BRACKETED}){_END}"
)
_STATEMENT = rf"(?:{_IMPORT}|{_FROM})"
_CHECKING = rf"if[ \t]+(?:{_NOT_KEYWORD}{_NAME}\.)?TYPE_CHECKING[ \t]*:{_END}"
_BLOCK = rf"{_GAP}(?P<indent>[ \t]+){_STATEMENT}(?:{_GAP}(?P=indent){_STATEMENT})*"
_PLAIN = rf"(?:{_GAP}(?:(?:{_STRING}){_END}|{_STATEMENT}|{_CHECKING}{_BLOCK}))*{_GAP}"
"""A plain head, whole (but for keywords used as names)."""
_PARTS = (
    rf"^(?:{_STRING}|(?P<indent>[ \t]*)(?:import[ \t]+(?P<modules>[^\n#]*)"
    r"|from[ \t]+(?P<dots>\.*)(?P<source>[A-Za-z0-9_.]*)[ \t]+import[ \t]*"
    r"(?:\((?P<bracketed>(?:[^)#]|#[^\n]*)*)\)|(?P<names>[^\n#]*))))"
)
"""The strings and statements of a plain head, in order (lines inside a string are not
statements)."""
_ALIASES = re.compile(r"([A-Za-z0-9_.]+)(?:[ \t\n]+as[ \t\n]+([A-Za-z0-9_]+))?")
"""(name, alias) of each `name as alias`."""
_WORDS = re.compile(r"[A-Za-z0-9_.]+")
_COMMENT = re.compile(r"#[^\n]*")
_LONGEST = 20_000
"""Longer heads are parsed (a pattern that fails late costs more than it saves). So is a head
with a NUL (the parser refuses it: the token reader takes over) or a CR (a line end to the
parser; sources are read with plain line ends, so only a caller that did not can pass one)."""


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns, compiled on the first cold scan (not on every import)."""
    return re.compile(_PLAIN), re.compile(_PARTS, re.MULTILINE)


def _named(text: str) -> tuple[str, ...] | None:
    """The imported names of a list of `name` / `name as alias` (the aliases dropped); None
    when a keyword stands where a name must."""
    words = _WORDS.findall(text)
    if _KEYWORDS.isdisjoint(".".join(words).split(".")):
        return tuple(words)  # no keyword, so no `as` either
    pairs = _ALIASES.findall(text)
    for name, alias in pairs:
        if alias in _KEYWORDS or not _KEYWORDS.isdisjoint(name.split(".")):
            return None
    return tuple(name for name, _ in pairs)


def head_imports(head: str, module: str, is_package: bool, ignores: Ignores) -> list[Import] | None:
    """The imports of `head` (whole lines of source) in statement order, as the syntax tree
    gives them; None when the head is not plain enough to read this way."""
    rows = head_rows(head, module, is_package, ignores)
    return None if rows is None else [Import(*row) for row in rows]


def head_rows(head: str, module: str, is_package: bool, ignores: Ignores) -> list[Row] | None:
    """`head_imports` as plain rows (a cold scan encodes them at once: no objects needed)."""
    if not head.endswith("\n"):
        head += "\n"
    plain, parts = _patterns()
    if len(head) > _LONGEST or "\x00" in head or "\r" in head or plain.fullmatch(head) is None:
        return None
    found: list[Row] = []
    line, position = 1, 0
    module_level, checking = ImportContext.MODULE, ImportContext.TYPE_CHECKING
    for part in parts.finditer(head):
        indent, modules, dots, source, bracketed, names = part.groups()
        if indent is None:
            continue  # a string
        start = part.start()
        line += head.count("\n", position, start)
        position = start
        context = checking if indent else module_level
        if modules is not None:
            imported = _named(modules)
            if imported is None:
                return None
            codes = ignores(line, line)
            found += [(m, (), line, context, codes) for m in imported]
            continue
        last = line
        if bracketed is not None:
            last += bracketed.count("\n")
            names = _COMMENT.sub("", bracketed) if "#" in bracketed else bracketed
        names = names.strip(" \t\n")
        listed = ("*",) if names == "*" else _named(names)
        if listed is None or (source and not _KEYWORDS.isdisjoint(source.split("."))):
            return None
        target = resolve(module, is_package, len(dots), source or None)
        found.append((target, listed, line, context, ignores(line, last)))
    return found
