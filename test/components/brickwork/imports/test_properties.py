"""Properties: on generated sources the syntax-tree scan, the token fallback and an independent
reference built on `ast.walk` agree; on arbitrary text or bytes the scanner never raises."""

from __future__ import annotations

import ast
import importlib.util
import io
import re
import tokenize
from dataclasses import dataclass

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brickwork.imports import Import, ImportContext, is_stdlib, scan_source
from brickwork.imports.fallback import scan_tokens

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TREE_SETTINGS = settings(SETTINGS, max_examples=100)
"""Generated sources cost more to draw: fewer examples keep the suite fast."""

# -- generated sources --------------------------------------------------------------------

NAME = st.sampled_from(["a", "b", "os", "acme", "core", "x1", "_p", "match", "type", "case"])
DOTTED = st.lists(NAME, min_size=1, max_size=3).map(".".join)
ALIAS = st.one_of(st.just(""), NAME.map(lambda n: f" as {n}"))
COMMENT = st.sampled_from(
    ["", "", "", "  # poly: ignore", "  # poly: ignore[BW101]", "  # poly: ignore[bw101, BW107]"]
)


@dataclass(frozen=True)
class Simple:
    """Simple statements on one or more lines; `star` marks `from m import *`."""

    lines: tuple[str, ...]
    star: bool = False


@dataclass(frozen=True)
class Block:
    headers: tuple[str, ...]
    """`if x:` or `if x:` + `else:`...: each header gets the same kind of body."""
    bodies: tuple[tuple[Node, ...], ...]


Node = Simple | Block


def _import_text(drawn: tuple[list[tuple[str, str]], bool, str]) -> Simple:
    names, continued, comment = drawn
    text = "import " + ", ".join(n + a for n, a in names)
    if len(names) > 1 and continued:
        first, rest = text.split(", ", 1)
        return Simple((f"{first}, \\", f"    {rest}{comment}"))
    return Simple((text + comment,))


def _from_text(
    drawn: tuple[int, str, str, bool, list[tuple[str, str]], bool, str],
) -> Simple:
    level, relative, absolute, star, names, parenthesized, comment = drawn
    origin = "." * level + relative if level else absolute
    if star:
        return Simple((f"from {origin} import *{comment}",), star=True)
    listed = [n + a for n, a in names]
    if parenthesized:
        body = tuple(f"    {item}," for item in listed)
        return Simple((f"from {origin} import ({comment}", *body, ")"))
    return Simple((f"from {origin} import {', '.join(listed)}{comment}",))


IMPORT = st.tuples(
    st.lists(st.tuples(DOTTED, ALIAS), min_size=1, max_size=3), st.booleans(), COMMENT
).map(_import_text)
FROM = st.tuples(
    st.integers(0, 3),
    st.one_of(st.just(""), DOTTED),
    DOTTED,
    st.integers(0, 5).map(lambda n: n == 0),
    st.lists(st.tuples(NAME, ALIAS), min_size=1, max_size=3),
    st.booleans(),
    COMMENT,
).map(_from_text)
DYNAMIC = st.sampled_from(
    [
        'plugin = importlib.import_module("acme.plugins")',
        '__import__("legacy")',
        'mod: object = import_module("a.b")',
        "importlib.import_module(name)",
    ]
)
NOISE = st.sampled_from(
    [
        "x = 1",
        's = "import fake"',
        'doc = """\nimport fake\nfrom fake import x\n"""',
        "print('from x import y')  # import nothing",
        "pass",
        "value = {'a': (1, 2)}[key]",
    ]
)


def _joined(pair: tuple[Simple, Simple]) -> Simple:
    """`first; second` when both fit on one line, else just the first."""
    first, second = pair
    if len(first.lines) == len(second.lines) == 1 and not first.star and "#" not in first.lines[0]:
        return Simple((f"{first.lines[0]}; {second.lines[0]}",))
    return first


def _lines(text: str) -> Simple:
    return Simple(tuple(text.split("\n")))


STATEMENT = st.one_of(IMPORT, FROM, NOISE.map(_lines), DYNAMIC.map(_lines))
SIMPLE = st.one_of(STATEMENT, st.tuples(STATEMENT, IMPORT).map(_joined))
HEADER_CHOICES = (
    ("def f():",),
    ("async def g(x: int = 1) -> None:",),
    ("class C(Base):",),
    ("if TYPE_CHECKING:",),
    ("if typing.TYPE_CHECKING:",),
    ("if TYPE_CHECKING:", "else:"),
    ("if x:", "elif y:", "else:"),
    ("if x:", "elif TYPE_CHECKING:", "else:"),
    ("try:", "except ImportError:"),
    ("try:", "except:"),
    ("try:", "except (ValueError, TypeError) as err:", "finally:"),
    ("try:", "except ValueError:", "except (OSError, ModuleNotFoundError):"),
    ("if x:", "else:"),
    ("if TYPE_CHECKING:", "elif y:"),
    ("with ctx() as c:",),
    ("with suppress(ImportError):",),
    ("for i in range(3):",),
    ("while False:", "else:"),
    ("match value:",),
)


def _block(drawn: tuple[list[list[Node]], int]) -> Block:
    bodies, choice = drawn
    fitting = [h for h in HEADER_CHOICES if len(h) == len(bodies)]
    headers = fitting[choice % len(fitting)]
    return Block(headers, tuple(tuple(body) for body in bodies))


def blocks(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    bodies = st.lists(st.lists(children, min_size=1, max_size=3), min_size=1, max_size=3)
    return st.tuples(bodies, st.integers(0, 63)).map(_block)


TREES = st.lists(st.recursive(SIMPLE, blocks, max_leaves=8), min_size=1, max_size=4)


def render(
    nodes: tuple[Node, ...] | list[Node], indent: str = "", in_scope: bool = False
) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Simple):
            lines = node.lines
            if node.star and in_scope:  # `import *` is only allowed at module level
                lines = (lines[0].replace("import *", "import a"),)
            out.extend(
                indent + line if not line.startswith(("import fake", "from fake", '"""')) else line
                for line in lines
            )
            continue
        scope = in_scope or node.headers[0].startswith(("def", "async", "class"))
        if node.headers == ("match value:",):
            out.append(indent + "match value:")
            out.append(indent + "    case 1:")
            out.extend(render(node.bodies[0], indent + "        ", scope))
            continue
        for header, body in zip(node.headers, node.bodies, strict=True):
            out.append(indent + header)
            out.extend(render(body, indent + "    ", scope))
    return out


SOURCE = TREES.map(lambda nodes: "\n".join(render(nodes)) + "\n")
MODULES = st.sampled_from([("acme.x.core", False), ("acme.x", True), ("a.b.c.d", False)])

# -- the independent reference --------------------------------------------------------------

_CODES = re.compile(r"poly:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)


def _comment_codes(source: str) -> dict[int, list[str]]:
    codes: dict[int, list[str]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and (match := _CODES.search(token.string)):
            found = [c.strip().upper() for c in (match.group(1) or "").split(",") if c.strip()]
            codes.setdefault(token.start[0], []).extend(found or ["*"])
    return codes


def _is_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute)
        and test.attr == "TYPE_CHECKING"
        and isinstance(test.value, ast.Name)
    )


def _catching(kind: ast.expr | None) -> bool:
    names = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
    return kind is None or bool(names & {n.id for n in ast.walk(kind) if isinstance(n, ast.Name)})


def _imports_stdlib(body: list[ast.stmt]) -> bool:
    """Whether a `try` body imports modules, all of the standard library (at any depth)."""
    found: list[str] = []
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Import):
                found.extend(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                found.append("." if node.level else node.module or "")
            elif isinstance(node, ast.Call) and (name := _dynamic(node)) is not None:
                found.append(name)
    return bool(found) and all(is_stdlib(name) for name in found)


def _dynamic(node: ast.Call) -> str | None:
    func = node.func
    named = (isinstance(func, ast.Name) and func.id in ("import_module", "__import__")) or (
        isinstance(func, ast.Attribute)
        and func.attr == "import_module"
        and isinstance(func.value, ast.Name)
        and func.value.id == "importlib"
    )
    if named and len(node.args) == 1 and not node.keywords:
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
    return None


def reference(source: str, module: str, is_package: bool) -> list[tuple[object, ...]]:
    tree = ast.parse(source)
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    comments = _comment_codes(source)
    package = module if is_package else module.rpartition(".")[0]

    def context(node: ast.AST) -> str:
        checking = lazy = optional = guarded = False
        while node in parents:
            up = parents[node]
            if isinstance(up, ast.If) and _is_checking(up.test):
                checking |= node in up.body
            elif isinstance(up, ast.If):
                guarded |= node in up.body or node in up.orelse
            elif isinstance(up, ast.match_case):
                guarded |= node in up.body
            elif isinstance(up, ast.Try) and node in up.body:
                optional |= any(_catching(h.type) for h in up.handlers)
            elif isinstance(up, ast.ExceptHandler) and node in up.body:
                handled = parents[up]  # a version fallback's handler (ADR 0023): guarded
                guarded |= (
                    isinstance(handled, ast.Try)
                    and _catching(up.type)
                    and _imports_stdlib(handled.body)
                )
            elif isinstance(up, ast.With):
                optional |= "suppress(ImportError)" in ast.unparse(up.items[0])
            lazy |= isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)) and node in up.body
            node = up
        if checking:
            return "type_checking"
        kind = "optional" if optional else "guarded" if guarded else ""
        if not kind:
            return "lazy" if lazy else "module"
        return f"{kind}_lazy" if lazy else kind

    def ignored(node: ast.stmt) -> tuple[str, ...]:
        codes: list[str] = []
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
            codes.extend(c for c in comments.get(line, []) if c not in codes)
        return tuple(codes)

    found: list[tuple[object, ...]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name, (), node.lineno, context(node), ignored(node)))
        elif isinstance(node, ast.ImportFrom):
            relative = "." * node.level + (node.module or "")
            try:
                target = importlib.util.resolve_name(relative, package) if node.level else relative
            except ImportError:
                target = relative
            names = tuple(a.name for a in node.names)
            found.append((target, names, node.lineno, context(node), ignored(node)))
        elif isinstance(node, ast.Call) and (name := _dynamic(node)) is not None:
            statement = parents[node]
            if (
                isinstance(statement, (ast.Expr, ast.Assign, ast.AnnAssign))
                and statement.value is node
            ):
                found.append((name, (), statement.lineno, context(statement), ignored(statement)))
    return sorted(found, key=repr)


def plain(imports: tuple[Import, ...]) -> list[tuple[object, ...]]:
    return [(i.module, i.names, i.line, i.context.value, i.ignored) for i in imports]


# -- properties -----------------------------------------------------------------------------


@TREE_SETTINGS
@given(source=SOURCE, where=MODULES)
def test_tree_scan_token_scan_and_reference_agree(source: str, where: tuple[str, bool]) -> None:
    module, is_package = where
    compile(source, "generated.py", "exec")  # the generator makes valid Python
    by_tree = scan_source(source, module, is_package)
    by_tokens = scan_tokens(source, module, is_package)
    assert by_tree[1:] == by_tokens[1:] == (None, None)
    assert plain(by_tree[0]) == plain(by_tokens[0])
    assert sorted(plain(by_tree[0]), key=repr) == reference(source, module, is_package)
    assert [i.line for i in by_tree[0]] == sorted(i.line for i in by_tree[0])


def _check_shape(result: tuple[tuple[Import, ...], str | None, int | None]) -> None:
    imports, error, line = result
    assert all(isinstance(i, Import) and isinstance(i.context, ImportContext) for i in imports)
    assert all(isinstance(i.module, str) and i.line >= 1 for i in imports)
    assert (error is None) == (line is None)
    if error is not None:
        assert error.startswith("cannot read imports: ") and "\n" not in error


FRAGMENTS = st.sampled_from(
    [
        *("import ", "from ", ".", "..", "(", ")", ":", "\n", "    ", "\t", "'", '"', '"""'),
        *("#", "# poly: ignore[", "]", "def f():", "if TYPE_CHECKING:", "\\", ",", " as ", "a"),
        *("x.y", ";", "*", "importlib.import_module(", "__import__(", "\r", "\x00", "\ufeff"),
        "else:",
    ]
)
PYTHONISH = st.lists(FRAGMENTS, max_size=60).map("".join)


@SETTINGS
@given(text=st.one_of(st.text(max_size=400), PYTHONISH))
@example(text="x = 1\r\u00e9 = 2\nimport json\n")  # a lone CR before non-ASCII (3.12+)
@example(text="#\r\u00e9")
def test_the_scanner_never_raises_on_arbitrary_text(text: str) -> None:
    _check_shape(scan_source(text, "acme.x.core", False))
    _check_shape(scan_tokens(text, "acme.x.core", False))


@SETTINGS
@given(data=st.one_of(st.binary(max_size=400), PYTHONISH.map(lambda t: t.encode())))
def test_the_scanner_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    _check_shape(scan_source(data, "acme.x", True))


EDITS = st.sampled_from(
    ['"""', "'", "(", ")", ":", "\n    ", "\t", "\\\n", "import", "from . ", "\x00", "é", "#"]
)


@TREE_SETTINGS
@given(
    source=SOURCE, edits=st.lists(st.tuples(st.integers(0, 10_000), EDITS), min_size=1, max_size=4)
)
def test_the_scanner_never_raises_on_damaged_sources(
    source: str, edits: list[tuple[int, str]]
) -> None:
    for position, text in edits:
        position %= len(source) + 1
        source = source[:position] + text + source[position:]
    _check_shape(scan_source(source, "acme.x.core", False))
    _check_shape(scan_source(source.encode("utf-8"), "acme.x.core", False))
