"""Source text -> imports, from the syntax tree (statements only); never imports the source."""

from __future__ import annotations

import ast
import bisect
import re
import warnings
from collections.abc import Collection, Sequence

from brickwork.imports.fallback import scan_tokens
from brickwork.imports.head import head_rows
from brickwork.imports.model import Import, ImportContext
from brickwork.imports.names import loaded_names
from brickwork.imports.source import (
    Ignores,
    Row,
    ScanResult,
    as_row,
    decode_source,
    ignore_map,
    ignores_between,
    normalize_newlines,
    resolve,
    valid_dynamic_name,
)
from brickwork.imports.stdlib import is_stdlib

SCANNER_VERSION = 9
"""Bump when the scanner's results change for the same source: cached scans are then redone."""

_DYNAMIC = frozenset({"import_module", "__import__"})


def brick_of(module: str, namespace: str, nested: Collection[str] = frozenset()) -> str | None:
    """The brick a dotted name belongs to: `acme.x.core` -> `x` (namespace `acme`).

    `nested`: the grouping folders of nested bricks (`Workspace.nested`): with `aws` in it,
    `acme.aws.s3.core` -> `aws/s3` (and `acme.aws` alone -> `aws`, the folder)."""
    prefix = namespace + "."
    if not module.startswith(prefix):
        return None
    rest = module[len(prefix) :]
    brick, _, below = rest.partition(".")
    if nested and brick in nested and below:
        return f"{brick}/{below.partition('.')[0]}"
    return brick or None


def imported_bricks(
    imp: Import, namespace: str, nested: Collection[str] = frozenset()
) -> tuple[str, ...]:
    """Every brick an import refers to: `from acme import x, y` -> `("x", "y")`; a grouping
    folder of nested bricks is none (`from acme.aws import s3` -> `("aws/s3",)`)."""
    found: list[str] = []
    for candidate in imp.candidates():
        brick = brick_of(candidate, namespace, nested)
        if brick is not None and brick not in found and brick not in nested:
            found.append(brick)
    return tuple(found)


def scan_source(text: str | bytes, module: str = "", is_package: bool = False) -> ScanResult:
    """Every import of a source: (imports in line order, error, error line).

    `module` is the file's dotted name (a package `__init__` is the package itself) and
    resolves relative imports. Source that does not parse (newer syntax, Python 2, broken
    code) is read token by token instead; `error` is set only when even that fails, and
    then the imports are the ones found before the failure.
    """
    rows, error, line = scan_rows(text, module, is_package)
    return tuple(Import(*row) for row in rows), error, line


def scan_rows(
    text: str | bytes, module: str = "", is_package: bool = False
) -> tuple[list[Row], str | None, int | None]:
    """`scan_source` with the imports as plain rows (what a cold scan encodes)."""
    source = decode_source(text) if isinstance(text, bytes) else normalize_newlines(text)
    by_name = loaded_names(source)  # Django / Celery strings, database URLs
    if "import" not in source:  # `import`, `from x import`, `import_module`, `__import__`
        return [as_row(i) for i in by_name], None, None
    ignores = ignores_between(ignore_map(source))
    head = _head(source)
    found = None
    if len(head) == len(source) or not _clause_follows(source, len(head)):
        found = head_rows(head, module, is_package, ignores)
    if found is None:  # not a plain head, or a clause after it: parse it
        tree = _parse_head(source)
        if tree is None:
            imports, error, line = scan_tokens(source, module, is_package)
            return [as_row(i) for i in imports], error, line
        visitor = _Visitor(module, is_package, ignores, source)
        visitor.visit(tree.body, ImportContext.MODULE)
        found = [as_row(i) for i in visitor.found]
    if by_name:
        return sorted((*found, *map(as_row, by_name)), key=lambda r: r[2]), None, None
    return found, None, None


def _head(source: str) -> str:
    """The source up to its last line that mentions `import` (nothing after it can be one)."""
    end = source.find("\n", source.rfind("import"))
    return source if end < 0 else source[: end + 1]


def _parse_head(source: str) -> ast.Module | None:
    """The syntax tree of the source up to its last line that mentions `import`.

    Parsing stops there because nothing after it can be an import; when that head does not
    parse on its own (the cut falls inside a bracket or a string), the whole source is parsed.
    None when the source does not parse.
    """
    end = source.find("\n", source.rfind("import"))
    if 0 <= end < len(source) - 1 and not _clause_follows(source, end + 1):
        try:
            return parse_quietly(source[: end + 1])
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
    try:
        return parse_quietly(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


_CLAUSES = frozenset({"except", "finally", "else", "elif", "case"})
_WORD = re.compile(r"[A-Za-z_]\w*")


def _clause_follows(source: str, start: int) -> bool:
    """Whether a statement the head cuts through (at `start`) goes on with another clause
    after the cut: an `except` of a `try` whose body holds the last import decides how that
    import is placed. Reads the lines after the cut until one at the left margin; a line
    indented less than every one before it ends the blocks it left, unless it is a clause."""
    deepest = None
    while start < len(source):
        end = source.find("\n", start)
        end = len(source) if end < 0 else end
        line, start = source[start:end], end + 1
        code = line.lstrip()
        if not code or code.startswith("#"):
            continue
        indent = len(line) - len(code)
        if deepest is None or indent < deepest:
            word = _WORD.match(code)
            if word is not None and word.group() in _CLAUSES:
                return True
            if indent == 0:
                return False
            deepest = indent
    return False


def parse_quietly(source: str) -> ast.Module:
    """`ast.parse` without SyntaxWarning / DeprecationWarning output (invalid escapes...)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source)


def is_type_checking(test: ast.expr) -> bool:
    """`TYPE_CHECKING` or `<name>.TYPE_CHECKING` (`typing.TYPE_CHECKING`, `t.TYPE_CHECKING`)."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return (
        isinstance(test, ast.Attribute)
        and test.attr == "TYPE_CHECKING"
        and isinstance(test.value, ast.Name)
    )


def dynamic_target(call: ast.expr) -> str | None:
    """`importlib.import_module("a.b")` / `import_module("a.b")` / `__import__("a.b")` -> `a.b`."""
    if not isinstance(call, ast.Call) or len(call.args) != 1 or call.keywords:
        return None
    func = call.func
    if isinstance(func, ast.Attribute):
        if func.attr != "import_module" or not (
            isinstance(func.value, ast.Name) and func.value.id == "importlib"
        ):
            return None
    elif not (isinstance(func, ast.Name) and func.id in _DYNAMIC):
        return None
    arg = call.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return valid_dynamic_name(arg.value)
    return None


def import_lines(source: str) -> list[int]:
    """The numbers of the lines that mention `import`, in order."""
    lines: list[int] = []
    line, last = 1, 0
    position = source.find("import")
    while position != -1:
        line += source.count("\n", last, position)
        last = position
        if not lines or lines[-1] != line:
            lines.append(line)
        position = source.find("import", position + 6)
    return lines


_DYNAMIC_STATEMENTS = (ast.Expr, ast.Assign, ast.AnnAssign)
_COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.Match,
    *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
)


class _Visitor:
    """Visits statements only, and only the compound ones whose lines mention `import`."""

    def __init__(self, module: str, is_package: bool, ignores: Ignores, source: str) -> None:
        self.module = module
        self.is_package = is_package
        self.ignores = ignores
        self.lines = import_lines(source)
        self.found: list[Import] = []

    def mentions_import(self, node: ast.stmt) -> bool:
        index = bisect.bisect_left(self.lines, node.lineno)
        return index < len(self.lines) and self.lines[index] <= (node.end_lineno or node.lineno)

    def visit(self, body: Sequence[ast.stmt], context: ImportContext) -> None:
        found = self.found
        for node in body:
            if isinstance(node, ast.Import):
                codes = self.ignores(node.lineno, node.end_lineno or node.lineno)
                found.extend(Import(a.name, (), node.lineno, context, codes) for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                target = resolve(self.module, self.is_package, node.level, node.module)
                names = tuple(a.name for a in node.names)
                codes = self.ignores(node.lineno, node.end_lineno or node.lineno)
                found.append(Import(target, names, node.lineno, context, codes))
            elif isinstance(node, _COMPOUND):
                if not self.mentions_import(node):
                    continue
                if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
                    self.visit_try(node, context)
                    continue
                for child, child_context in _bodies(node, context):
                    self.visit(child, child_context)
            elif isinstance(node, _DYNAMIC_STATEMENTS) and node.value is not None:
                name = dynamic_target(node.value) if self.mentions_import(node) else None
                if name is not None:
                    codes = self.ignores(node.lineno, node.end_lineno or node.lineno)
                    found.append(Import(name, (), node.lineno, context, codes))

    def visit_try(self, node: ast.stmt, context: ImportContext) -> None:
        """A `try`: its body optional when a handler catches a failed import; such a handler
        a branch when the body imports only standard-library modules (`try: import tomllib /
        except ImportError: import tomli`): a version fallback, guarded like
        `if sys.version_info < (3, 11):`, not a required import. A body that imports a
        third-party module too keeps its handler required (it runs when that one fails)."""
        handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])
        catching = [catches_import_error(h.type) for h in handlers]
        start = len(self.found)
        self.visit(getattr(node, "body", []), context.in_try() if any(catching) else context)
        body = self.found[start:]
        fallback = bool(body) and all(is_stdlib(imp.module) for imp in body)
        for handler, catches in zip(handlers, catching, strict=True):
            self.visit(handler.body, context.in_branch() if catches and fallback else context)
        self.visit(getattr(node, "orelse", []), context)
        self.visit(getattr(node, "finalbody", []), context)


_CATCHING = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
"""Exceptions whose handler lets a module run on without a failed import."""


def catches_import_error(kind: ast.expr | None) -> bool:
    """Whether a handler of `kind` catches a failed import: a bare `except:`, one of
    `_CATCHING` (`builtins.ImportError` too), or a tuple holding one of them."""
    if kind is None:
        return True
    if isinstance(kind, ast.Name):
        return kind.id in _CATCHING
    if isinstance(kind, ast.Attribute):
        return kind.attr in _CATCHING
    if isinstance(kind, ast.Tuple):
        return any(catches_import_error(element) for element in kind.elts)
    return False


def _suppresses_import_error(node: ast.With | ast.AsyncWith) -> bool:
    """`with suppress(ImportError):` / `with contextlib.suppress(...)`."""
    for item in node.items:
        call = item.context_expr
        if isinstance(call, ast.Call) and not call.keywords:
            func = call.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "suppress" and any(catches_import_error(a) for a in call.args):
                return True
    return False


def _bodies(
    node: ast.stmt, context: ImportContext
) -> list[tuple[Sequence[ast.stmt], ImportContext]]:
    """The statement lists directly inside a compound statement, with their context."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return [(node.body, context.in_function())]
    if isinstance(node, ast.ClassDef):
        return [(node.body, context)]
    if isinstance(node, ast.If):
        if is_type_checking(node.test):
            return [(node.body, ImportContext.TYPE_CHECKING), (node.orelse, context)]
        branch = context.in_branch()
        return [(node.body, branch), (node.orelse, branch)]
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        return [(node.body, context), (node.orelse, context)]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [(node.body, context.in_try() if _suppresses_import_error(node) else context)]
    if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
        handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])
        optional = any(catches_import_error(h.type) for h in handlers)
        return [
            (getattr(node, "body", []), context.in_try() if optional else context),
            *((h.body, context) for h in handlers),
            (getattr(node, "orelse", []), context),
            (getattr(node, "finalbody", []), context),
        ]
    if isinstance(node, ast.Match):
        branch = context.in_branch()
        return [(case.body, branch) for case in node.cases]
    return []
