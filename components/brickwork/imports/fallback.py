"""Imports of source that does not parse, read token by token.

Used for syntax newer than the running Python (PEP 695, PEP 701), Python 2 modules and
broken files. Logical lines that start with `import` / `from` are imports; indentation
says where they are: inside a `def` body (lazy), an `if TYPE_CHECKING:` body, another
`if` / `elif` / `else` / `case` branch (guarded), or a `try` body (optional once a handler
at the same indentation catches a failed import: the imports of the body are classified
again when its handlers are read). A handler is read by its words: any `ImportError`,
`ModuleNotFoundError`, `Exception` or `BaseException` in it (or none at all) counts, which
is coarser than the syntax tree only for unusual headers (a name in a call or subscript).
"""

from __future__ import annotations

import ast
import io
import keyword
import tokenize
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import replace
from tokenize import TokenInfo

from brickwork.imports.model import Import, ImportContext
from brickwork.imports.source import (
    Ignores,
    ScanResult,
    ignore_map,
    ignores_between,
    resolve,
    valid_dynamic_name,
)
from brickwork.imports.stdlib import is_stdlib

_HEADERS = frozenset(
    {"if", "elif", "else", "def", "class", "for", "while", "with", "try", "except"}
    | {"finally", "async", "match", "case"}
)
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = frozenset(_OPEN.values())
_SKIP = frozenset({tokenize.NL, tokenize.COMMENT})
# Kinds of indented blocks.
_DEF, _CHECKING, _BRANCH, _TRY, _SUPPRESS, _OTHER = (
    "def",
    "type_checking",
    "branch",
    "try",
    "suppress",
    "other",
)
_CATCHING = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


class _Try:
    """An open (or just closed) `try` body: the indexes of the imports found inside it."""

    __slots__ = ("fallback", "found")

    def __init__(self) -> None:
        self.found: list[int] = []
        self.fallback = False
        """The body imports only standard-library modules: its catching handlers are branches."""


def scan_tokens(source: str, module: str = "", is_package: bool = False) -> ScanResult:
    """Like `scan_source`, from tokens only: works on any text that tokenizes."""
    scanner = _Scanner(module, is_package, ignores_between(ignore_map(source)))
    if "\x00" in source:  # never valid in source; newer tokenizers stop at it
        source = source.replace("\x00", " ")
    if "\r" in source:
        # A lone CR ends a line for Python; the C tokenizer of 3.12+ splits the character
        # after one into bytes and raises UnicodeDecodeError. Same lines, plain LF.
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for token in tokenize.generate_tokens(io.StringIO(source).readline):
                scanner.feed(token)
    except tokenize.TokenError as err:
        message, line = scanner.token_error(err)
        return tuple(scanner.found), f"cannot read imports: {message} at line {line}", line
    except SyntaxError as err:  # IndentationError, and tokenizer errors on Python 3.12+
        line = err.lineno or scanner.line
        reason = err.msg or "invalid syntax"
        return tuple(scanner.found), f"cannot read imports: {reason} at line {line}", line
    return tuple(scanner.found), None, None


class _Scanner:
    def __init__(self, module: str, is_package: bool, ignores: Ignores) -> None:
        self.module = module
        self.is_package = is_package
        self.ignores = ignores
        self.found: list[Import] = []
        self.blocks: list[str] = []
        self.tries: list[_Try | None] = []
        """Per open block: its `_Try` when it is a `try` body."""
        self.pending = _OTHER
        self.pending_try: _Try | None = None
        self.waiting: dict[int, _Try] = {}
        """Depth -> a closed `try` body whose handlers are being read."""
        self.chains: dict[int, tuple[str, bool]] = {}
        self.fallback = False
        """The line being read is a catching handler of a `try` whose body imports only the
        standard library."""
        """Depth -> the last `if` / `elif` header there, and whether it was TYPE_CHECKING."""
        self.tokens: list[TokenInfo] = []
        self.brackets: list[tuple[str, int]] = []
        self.line = 1

    def feed(self, token: TokenInfo) -> None:
        kind = token.type
        self.line = token.start[0]
        if kind in _SKIP:
            return
        if kind == tokenize.INDENT:
            self.blocks.append(self.pending)
            self.tries.append(self.pending_try)
            self.pending, self.pending_try = _OTHER, None
        elif kind == tokenize.DEDENT:
            if self.blocks:
                self.blocks.pop()
                closed = self.tries.pop()
                if closed is not None:
                    self.waiting[len(self.blocks)] = closed
        elif kind in (tokenize.NEWLINE, tokenize.ENDMARKER):
            if self.tokens:
                self.pending = self.logical_line(self.tokens)
                self.tokens = []
            self.brackets.clear()
        else:
            if kind == tokenize.OP:
                if token.string in _OPEN:
                    self.brackets.append((token.string, token.start[0]))
                elif token.string in _CLOSE and self.brackets:
                    self.brackets.pop()
            self.tokens.append(token)

    def token_error(self, err: tokenize.TokenError) -> tuple[str, int]:
        reason = str(err.args[0]) if err.args else "unexpected end of file"
        where = err.args[1] if len(err.args) > 1 else None
        line = where[0] if isinstance(where, tuple) and where else self.line
        if "multi-line string" in reason or "triple-quoted" in reason:
            return "unterminated triple-quoted string", line
        if "unterminated string" in reason:
            return "unterminated string", line
        if "multi-line statement" in reason or "EOF" in reason:
            if self.brackets:
                bracket, line = self.brackets[0]
                return f"{bracket!r} is never closed", line
            return "unexpected end of file", line
        return reason.split(" (detected at", 1)[0], line

    def context(self, extra: str = _OTHER) -> ImportContext:
        kinds = (*self.blocks, extra)
        if _CHECKING in kinds:
            return ImportContext.TYPE_CHECKING
        context = ImportContext.LAZY if _DEF in kinds else ImportContext.MODULE
        if _BRANCH in kinds:
            context = context.in_branch()
        if _SUPPRESS in kinds:
            context = context.in_try()
        return context

    def handlers(self, tokens: list[TokenInfo]) -> None:
        """Read a line at the depth of a closed `try` body: a handler that catches a failed
        import makes the body's imports optional; any other line ends the handlers."""
        depth = len(self.blocks)
        for deeper in [d for d in self.waiting if d > depth]:
            del self.waiting[deeper]
        closed = self.waiting.get(depth)
        if closed is None:
            return
        if tokens[0].string != "except":
            del self.waiting[depth]
        elif _catches(tokens):
            if closed.found:  # the first catching handler sees the body's imports
                closed.fallback = all(is_stdlib(self.found[i].module) for i in closed.found)
            self.fallback = closed.fallback
            for index in closed.found:
                imp = self.found[index]
                self.found[index] = replace(imp, context=imp.context.in_try())
            closed.found.clear()

    def logical_line(self, tokens: list[TokenInfo]) -> str:
        """Record the imports of one logical line; return the kind of block it opens."""
        self.fallback = False
        if self.waiting:
            self.handlers(tokens)
        self.pending_try = None
        first = tokens[0]
        if first.type == tokenize.NAME and first.string in _HEADERS:
            colon = _first_at_depth_zero(tokens, ":")
            if colon is not None:
                kind = self.block_kind(tokens[:colon])
                if self.fallback:  # a version fallback's handler: guarded (ADR 0023)
                    kind = _BRANCH
                body = tokens[colon + 1 :]
                opened = _Try() if kind == _TRY else None
                if not body:
                    self.pending_try = opened
                    return kind
                context = self.context(kind)
                for statement in _split(body, ";"):
                    self.simple(statement, context, opened)
                if opened is not None:  # `try: import x` on one line
                    self.waiting[len(self.blocks)] = opened
                return _OTHER
        context = self.context()
        for statement in _split(tokens, ";"):
            self.simple(statement, context)
        return _OTHER

    def block_kind(self, header: Sequence[TokenInfo]) -> str:
        """The kind of block a header opens; remembers `if` chains to place an `else`."""
        depth = len(self.blocks)
        word = header[0].string
        kind = _block_kind(header)
        if word in ("if", "elif"):
            self.chains[depth] = (word, kind == _CHECKING)
            return kind
        chain = self.chains.pop(depth, None)
        if word == "else":  # of an `if` chain, or of a loop or `try` (their else always runs)
            return _BRANCH if chain is not None and chain != ("if", True) else _OTHER
        return kind

    def simple(
        self, tokens: Sequence[TokenInfo], context: ImportContext, opened: _Try | None = None
    ) -> None:
        if not tokens:
            return
        first = tokens[0]
        codes = self.ignores(first.start[0], tokens[-1].end[0])
        line = first.start[0]
        start = len(self.found)
        if first.string == "import" and first.type == tokenize.NAME:
            for name in _import_names(tokens[1:]):
                self.found.append(Import(name, (), line, context, codes))
        elif first.string == "from" and first.type == tokenize.NAME:
            parsed = _from_import(tokens[1:])
            if parsed is not None:
                level, origin, names = parsed
                target = resolve(self.module, self.is_package, level, origin)
                self.found.append(Import(target, names, line, context, codes))
        elif (dynamic := _dynamic(tokens)) is not None:
            self.found.append(Import(dynamic, (), line, context, codes))
        added = range(start, len(self.found))
        if added:
            for body in (*self.tries, opened):
                if body is not None:
                    body.found.extend(added)


def _block_kind(header: Sequence[TokenInfo]) -> str:
    words = [t.string for t in header]
    if words[0] == "def" or words[:2] == ["async", "def"]:
        return _DEF
    if words[0] in ("if", "elif"):
        checking = words[1:] == ["TYPE_CHECKING"] or (
            len(words) == 4
            and words[2:] == [".", "TYPE_CHECKING"]
            and header[1].type == tokenize.NAME
        )
        return _CHECKING if checking else _BRANCH
    if words[0] == "case":
        return _BRANCH
    if words == ["try"]:
        return _TRY
    if words[0] in ("with", "async") and "suppress" in words and not _CATCHING.isdisjoint(words):
        return _SUPPRESS
    return _OTHER


def _catches(tokens: Sequence[TokenInfo]) -> bool:
    """Whether an `except` header (up to its colon or `as`) catches a failed import."""
    words = [t.string for t in tokens[1:]]
    if words and words[0] == "*":
        words = words[1:]
    end = next((i for i, w in enumerate(words) if w in (":", "as")), len(words))
    return end == 0 or not _CATCHING.isdisjoint(words[:end])


def _depths(tokens: Sequence[TokenInfo]) -> Iterator[tuple[int, TokenInfo]]:
    depth = 0
    for token in tokens:
        if token.type == tokenize.OP and token.string in _CLOSE:
            depth = max(depth - 1, 0)
        yield depth, token
        if token.type == tokenize.OP and token.string in _OPEN:
            depth += 1


def _first_at_depth_zero(tokens: Sequence[TokenInfo], op: str) -> int | None:
    for index, (depth, token) in enumerate(_depths(tokens)):
        if depth == 0 and token.type == tokenize.OP and token.string == op:
            return index
    return None


def _split(tokens: Sequence[TokenInfo], op: str) -> Iterator[Sequence[TokenInfo]]:
    start = 0
    for index, (depth, token) in enumerate(_depths(tokens)):
        if depth == 0 and token.type == tokenize.OP and token.string == op:
            yield tokens[start:index]
            start = index + 1
    yield tokens[start:]


def _is_name(token: TokenInfo) -> bool:
    return (
        token.type == tokenize.NAME
        and token.string.isidentifier()
        and not keyword.iskeyword(token.string)
    )


def _dotted(tokens: Sequence[TokenInfo], index: int) -> tuple[str | None, int]:
    """A dotted name starting at `index`: (name or None, index after it)."""
    parts: list[str] = []
    while index < len(tokens) and _is_name(tokens[index]):
        parts.append(tokens[index].string)
        index += 1
        if index < len(tokens) and tokens[index].string == ".":
            index += 1
            if index < len(tokens) and _is_name(tokens[index]):
                continue
            return None, index
        break
    if not parts:
        return None, index
    return ".".join(parts), index


def _aliases(tokens: Sequence[TokenInfo], dotted: bool) -> list[str] | None:
    """`a.b as c, d` -> ["a.b", "d"]; None when the tokens are not such a list."""
    names: list[str] = []
    index = 0
    while index < len(tokens):
        if dotted:
            name, index = _dotted(tokens, index)
        elif _is_name(tokens[index]):
            name, index = tokens[index].string, index + 1
        else:
            name = None
        if name is None:
            return None
        names.append(name)
        if index + 1 < len(tokens) and tokens[index].string == "as":
            if not _is_name(tokens[index + 1]):
                return None
            index += 2
        if index == len(tokens):
            break
        if tokens[index].string != ",":
            return None
        index += 1
        if index == len(tokens) and not dotted:
            break  # a trailing comma, allowed in parentheses
    return names


def _import_names(tokens: Sequence[TokenInfo]) -> list[str]:
    return _aliases(tokens, dotted=True) or []


def _from_import(tokens: Sequence[TokenInfo]) -> tuple[int, str | None, tuple[str, ...]] | None:
    level = 0
    index = 0
    while index < len(tokens) and tokens[index].string in (".", "..."):
        level += len(tokens[index].string)
        index += 1
    name, index = _dotted(tokens, index)
    if (name is None and level == 0) or index >= len(tokens) or tokens[index].string != "import":
        return None
    rest = tokens[index + 1 :]
    if len(rest) == 1 and rest[0].string == "*":
        return level, name, ("*",)
    if len(rest) >= 2 and rest[0].string == "(" and rest[-1].string == ")":
        rest = rest[1:-1]
    elif rest and rest[-1].string == ",":
        return None  # a trailing comma needs parentheses
    names = _aliases(rest, dotted=False)
    return (level, name, tuple(names)) if names else None


def _dynamic(tokens: Sequence[TokenInfo]) -> str | None:
    """`[targets =] importlib.import_module("a.b")` (or `import_module`, `__import__`)."""
    if len(tokens) < 4 or tokens[-1].string != ")" or tokens[-2].type != tokenize.STRING:
        return None
    if tokens[-3].string != "(":
        return None
    call = len(tokens) - 4
    if tokens[call].string == "import_module" and call >= 2 and tokens[call - 1].string == ".":
        if tokens[call - 2].string != "importlib":
            return None
        call -= 2
    elif tokens[call].string not in ("import_module", "__import__"):
        return None
    if call > 0 and tokens[call - 1].string != "=":
        return None
    try:
        value = ast.literal_eval(tokens[-2].string)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return valid_dynamic_name(value) if isinstance(value, str) else None
