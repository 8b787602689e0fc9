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

import keyword
import re

from brickwork.imports.model import Import, ImportContext
from brickwork.imports.source import Ignores, resolve

_KEYWORDS = "|".join(sorted((*keyword.kwlist, "__debug__"), key=len, reverse=True))
_NAME = rf"(?!(?:{_KEYWORDS})(?![A-Za-z0-9_]))[A-Za-z_][A-Za-z0-9_]*"
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
_CHECKING = rf"if[ \t]+(?:{_NAME}\.)?TYPE_CHECKING[ \t]*:{_END}"
_BLOCK = rf"{_GAP}(?P<indent>[ \t]+){_STATEMENT}(?:{_GAP}(?P=indent){_STATEMENT})*"
_PLAIN = re.compile(rf"(?:{_GAP}(?:(?:{_STRING}){_END}|{_STATEMENT}|{_CHECKING}{_BLOCK}))*{_GAP}")
"""A plain head, whole."""
_PARTS = re.compile(
    rf"^(?:{_STRING}|(?P<indent>[ \t]*)(?:import[ \t]+(?P<modules>[^\n#]*)"
    r"|from[ \t]+(?P<dots>\.*)(?P<source>[A-Za-z0-9_.]*)[ \t]+import[ \t]*"
    r"(?:\((?P<bracketed>(?:[^)#]|#[^\n]*)*)\)|(?P<names>[^\n#]*))))",
    re.MULTILINE,
)
"""The strings and statements of a plain head, in order (lines inside a string are not
statements)."""
_FIRST = re.compile(r"([A-Za-z0-9_.]+)(?:[ \t\n]+as[ \t\n]+[A-Za-z0-9_]+)?")
"""The imported name of each `name as alias`."""
_COMMENT = re.compile(r"#[^\n]*")
_LONGEST = 20_000
"""Longer heads are parsed (a pattern that fails late costs more than it saves)."""


def head_imports(head: str, module: str, is_package: bool, ignores: Ignores) -> list[Import] | None:
    """The imports of `head` (whole lines of source) in statement order, as the syntax tree
    gives them; None when the head is not plain enough to read this way."""
    if not head.endswith("\n"):
        head += "\n"
    if len(head) > _LONGEST or _PLAIN.fullmatch(head) is None:
        return None
    found: list[Import] = []
    line, position = 1, 0
    module_level, checking = ImportContext.MODULE, ImportContext.TYPE_CHECKING
    for part in _PARTS.finditer(head):
        indent, modules, dots, source, bracketed, names = part.groups()
        if indent is None:
            continue  # a string
        start = part.start()
        line += head.count("\n", position, start)
        position = start
        context = checking if indent else module_level
        if modules is not None:
            codes = ignores(line, line)
            found += [Import(m, (), line, context, codes) for m in _FIRST.findall(modules)]
            continue
        if bracketed is None:
            names = names.rstrip(" \t")
            listed = ("*",) if names == "*" else tuple(_FIRST.findall(names))
            last = line
        else:
            last = line + bracketed.count("\n")
            if "#" in bracketed:
                bracketed = _COMMENT.sub("", bracketed)
            listed = tuple(_FIRST.findall(bracketed))
        target = resolve(module, is_package, len(dots), source or None)
        found.append(Import(target, listed, line, context, ignores(line, last)))
    return found
