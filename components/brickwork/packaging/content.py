"""What a build under `--with-top-namespace` proves about the modules it ships.

Each rewritten module, before it is written into the stage (`check_rewrite`): where the
running Python parses the original, the rewritten module parses too, and its syntax tree is the
original's, line numbers included, but for the imports of the artifact's packages (the same
modules loaded and the same names bound, under the namespace) and the strings that name the
artifact (prefixed with the namespace). The same tree compiles to the same code. Where it does
not (syntax newer than the running Python, Python 2 code), the same comparison is made token by
token, rows included.

Each artifact, once built (`check_artifacts`): every `.py` and `.pyi` it holds is, byte for
byte, the staged module proved above, and none imports a package by its old name.
"""

from __future__ import annotations

import ast
import re
import tarfile
import tokenize
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from brickwork.packaging.model import Artifact, Format, Stage
from brickwork.packaging.names import ArtifactNames
from brickwork.packaging.pysource import (
    decode,
    import_items,
    import_statements,
    imported_modules,
    parse,
    significant_tokens,
    source_lines,
    string_content,
    syntax_problem,
)
from brickwork.workspace import PolyFailure

_MODULE_SUFFIXES = (".py", ".pyi")


def check_rewrite(original: str, rewritten: str, names: ArtifactNames, ns: str) -> str | None:
    """None when `rewritten` is `original` changed only as the rewrite may change it; else
    what differs, with its line."""
    before = parse(original)
    if before is None:
        return _token_difference(original, rewritten, names, ns)
    after = parse(rewritten)
    if after is None:
        return f"the rewritten module does not parse ({syntax_problem(rewritten)})"
    lines = (source_lines(original), source_lines(rewritten))
    return _tree_difference(before, after, lines, names, ns)


def _first_line(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _unchanged(a: ast.stmt, b: ast.stmt, lines: tuple[list[str], list[str]]) -> bool:
    """Whether two statements have the same tree without walking them: on the same rows, with
    the same text, and no import in it (an import left as written may be one the rewrite
    should have changed). The parser gives the same text the same tree."""
    start, end = _first_line(a), a.end_lineno or a.lineno
    if (start, end) != (_first_line(b), b.end_lineno or b.lineno):
        return False
    text = lines[0][start - 1 : end]
    return text == lines[1][start - 1 : end] and not any("import" in line for line in text)


# -- syntax trees ------------------------------------------------------------------------------


def _effect(node: ast.Import, rename: Callable[[str], str]) -> tuple[set[str], dict[str, str]]:
    """(modules loaded, name -> module bound) of an `import` statement."""
    loaded: set[str] = set()
    bound: dict[str, str] = {}
    for alias in node.names:
        path = rename(alias.name)
        parts = path.split(".")
        loaded.update(".".join(parts[:size]) for size in range(1, len(parts) + 1))
        if alias.asname:
            bound[alias.asname] = path
        else:
            first = alias.name.split(".")[0]
            bound[first] = rename(first)
    return loaded, bound


def _same_import(a: ast.Import, b: ast.Import, names: ArtifactNames, ns: str) -> bool:
    loaded, bound = _effect(a, lambda m: names.renamed(m, ns))
    got_loaded, got_bound = _effect(b, lambda m: m)
    # `import NS.acme.x, NS.acme as acme` also binds NS's first name
    first = ns.split(".")[0]
    if first not in bound and got_bound.get(first) == first:
        del got_bound[first]
    return (loaded, bound) == (got_loaded, got_bound)


def _same_from(a: ast.ImportFrom, b: ast.ImportFrom, names: ArtifactNames, ns: str) -> bool:
    module = names.renamed(a.module, ns) if a.module and not a.level else a.module
    aliases = [(x.name, x.asname) for x in a.names]
    return (b.module, b.level, [(x.name, x.asname) for x in b.names]) == (module, a.level, aliases)


def _same_constant(a: ast.Constant, b: ast.Constant, names: ArtifactNames, ns: str) -> bool:
    if type(a.value) is not type(b.value) or a.kind != b.kind:
        return False
    if a.value == b.value:
        return True
    return isinstance(a.value, str) and b.value == f"{ns}.{a.value}" and names.names(a.value)


def _tree_difference(
    before: ast.Module,
    after: ast.Module,
    lines: tuple[list[str], list[str]],
    names: ArtifactNames,
    ns: str,
) -> str | None:
    """What first differs between two trees but the rewrite's changes; statements that are
    `_unchanged` are not walked (what is left is the few the rewrite edited)."""
    stack: list[tuple[Any, Any, int]] = [(before, after, 1)]
    while stack:
        a, b, line = stack.pop()
        line = getattr(a, "lineno", line)
        if type(a) is not type(b):
            return f"line {line}: {type(a).__name__} became {type(b).__name__}"
        if isinstance(a, ast.AST) and not isinstance(a, ast.alias):
            spans = [(getattr(n, "lineno", None), getattr(n, "end_lineno", None)) for n in (a, b)]
            if spans[0] != spans[1]:
                return f"line {line}: a {type(a).__name__} moved to line {spans[1][0]}"
        if isinstance(a, ast.Import):
            if not _same_import(a, b, names, ns):
                return f"line {line}: the import does not load and bind the same modules"
        elif isinstance(a, ast.ImportFrom):
            if not _same_from(a, b, names, ns):
                return f"line {line}: the import does not load and bind the same names"
        elif isinstance(a, ast.Constant):
            if not _same_constant(a, b, names, ns):
                return f"line {line}: the constant {a.value!r} became {b.value!r}"
        elif isinstance(a, list):
            if len(a) != len(b):
                return f"line {line}: {len(a)} items became {len(b)}"
            pairs = reversed(list(zip(a, b, strict=True)))
            stack.extend(
                (x, y, line)
                for x, y in pairs
                if not (isinstance(x, ast.stmt) and isinstance(y, ast.stmt))
                or not _unchanged(x, y, lines)
            )
        elif isinstance(a, ast.AST):
            fields = [(getattr(a, f, None), getattr(b, f, None), line) for f in a._fields]
            stack.extend(reversed(fields))
        elif a != b:
            return f"line {line}: {a!r} became {b!r}"
    return None


# -- tokens, for source the running Python does not parse ---------------------------------------

Expected = tuple[int, str, int, tokenize.TokenInfo | None]
"""(type, string, row, the original string token when the rewrite may prefix it)."""


def _expected_tokens(
    tokens: list[tokenize.TokenInfo], tops: frozenset[str], ns: str
) -> list[Expected]:
    """The tokens the rewrite should give: the original ones, with the namespace put before the
    package in import statements and the names kept bound as the module docstring says."""
    before: dict[int, list[tuple[int, str]]] = {}
    after: dict[int, list[tuple[int, str]]] = {}
    prefix = [(tokenize.NAME if i % 2 == 0 else tokenize.OP, p) for i, p in enumerate(_dotted(ns))]
    for keyword, body in import_statements(tokens):
        items = import_items(body) if keyword == "import" else [body[:1]]
        for item in items:
            if not item or item[0].type != tokenize.NAME or item[0].string not in tops:
                continue
            top = item[0].string
            before[id(item[0])] = [*prefix, (tokenize.OP, ".")]
            if keyword == "from" or any(t.string == "as" for t in item[1:]):
                continue
            if len(item) == 1:
                after[id(item[0])] = [(tokenize.NAME, "as"), (tokenize.NAME, top)]
            else:
                tail = [*prefix, (tokenize.OP, "."), (tokenize.NAME, top)]
                tail += [(tokenize.NAME, "as"), (tokenize.NAME, top)]
                after[id(item[-1])] = [(tokenize.OP, ","), *tail]
    expected: list[Expected] = []
    for token in tokens:
        row = token.start[0]
        expected += [(kind, text, row, None) for kind, text in before.get(id(token), [])]
        string = token if token.type == tokenize.STRING else None
        expected.append((token.type, token.string, row, string))
        expected += [(kind, text, token.end[0], None) for kind, text in after.get(id(token), [])]
    return expected


def _dotted(ns: str) -> list[str]:
    parts = ns.split(".")
    return [x for part in parts for x in (".", part)][1:]


def _token_difference(original: str, rewritten: str, names: ArtifactNames, ns: str) -> str | None:
    try:
        got = significant_tokens(rewritten)
    except (tokenize.TokenError, SyntaxError) as err:
        return f"the rewritten module cannot be tokenized ({err.args[0] if err.args else err})"
    expected = _expected_tokens(significant_tokens(original), names.tops, ns)
    for want, token in zip(expected, got, strict=False):
        kind, text, row, string = want
        same = (token.type, token.string, token.start[0]) == (kind, text, row)
        if not same and string is not None and token.start[0] == row:
            span = string_content(text)
            if span is not None and names.names(text[span[0] : span[1]]):
                same = token.string == f"{text[: span[0]]}{ns}.{text[span[0] :]}"
        if not same:
            return f"line {row}: {text!r} became {token.string!r} (line {token.start[0]})"
    if len(expected) != len(got):
        return f"{len(expected)} tokens became {len(got)}"
    return None


# -- artifacts ---------------------------------------------------------------------------------


def _members(artifact: Artifact) -> Iterator[tuple[str, bytes]]:
    """(path inside the package tree, bytes) of every module of a wheel or sdist."""
    if artifact.format is Format.WHEEL:
        with zipfile.ZipFile(artifact.path) as archive:
            for name in archive.namelist():
                top = name.split("/", 1)[0]
                if name.endswith(_MODULE_SUFFIXES) and not top.endswith((".dist-info", ".data")):
                    yield name, archive.read(name)
        return
    with tarfile.open(artifact.path) as archive:
        for member in archive.getmembers():
            inner = member.name.split("/", 1)[1] if "/" in member.name else ""
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is not None and inner.endswith(_MODULE_SUFFIXES):
                yield inner, handle.read()


def _old_tops(stage: Stage, ns: str) -> frozenset[str]:
    """The packages moved under `ns` (`acme`), read from the stage's files."""
    marker = ns.replace(".", "/").split("/")
    tops: set[str] = set()
    for file in stage.files:
        parts = file.split("/")
        for at in range(len(parts) - len(marker)):
            if parts[at : at + len(marker)] == marker:
                top = parts[at + len(marker)]
                tops.add(top.split(".")[0] if at + len(marker) == len(parts) - 1 else top)
    return frozenset(t for t in tops if t.isidentifier())


def _staged(stage: Stage) -> dict[str, list[str]]:
    """Every tail of a staged module's path -> the staged paths that end with it."""
    found: dict[str, list[str]] = {}
    for file in stage.files:
        if file.endswith(_MODULE_SUFFIXES):
            parts = file.split("/")
            for at in range(len(parts)):
                found.setdefault("/".join(parts[at:]), []).append(file)
    return found


def _may_import(data: bytes, tops: frozenset[str]) -> bool:
    """Whether `data` names a package of `tops` anywhere but after a dot or an `as` (where the
    rewrite puts it: `shop.acme`, `as acme`): only such a module can still import it."""
    words = b"|".join(re.escape(t.encode("utf-8")) for t in sorted(tops))
    for match in re.finditer(rb"(?<![\w.])(?:" + words + rb")(?![\w])", data):
        before = data[max(0, match.start() - 8) : match.start()]
        if not re.search(rb"(?<![\w])as[ \t]+$", before):
            return True
    return False


def _module_problem(name: str, data: bytes, tops: frozenset[str], ns: str) -> str | None:
    if not tops or not _may_import(data, tops):
        return None
    try:
        modules = imported_modules(decode(data)[0])
    except (SyntaxError, UnicodeDecodeError, tokenize.TokenError):
        return f"{name} cannot be read as Python source"
    for row, module in modules:
        if module.split(".")[0] in tops and not module.startswith(f"{ns}."):
            return f"{name}:{row} still imports {module} (not {ns}.{module})"
    return None


def artifact_problem(artifact: Artifact, stage: Stage, ns: str) -> str | None:
    """What is wrong with one artifact of a stage rewritten under `ns`; None when nothing."""
    tops = _old_tops(stage, ns)
    staged = _staged(stage)
    for name, data in _members(artifact):
        sources = staged.get(name, [])
        if sources and all((stage.root / s).read_bytes() != data for s in sources):
            return f"{name} changed after the rewrite proved it"
        problem = _module_problem(name, data, tops, ns)
        if problem is not None:
            return problem
    return None


def check_artifacts(stage: Stage, artifacts: Sequence[Artifact], ns: str | None) -> None:
    """Under a top namespace, prove each artifact holds the checked modules and no import of an
    old package name; a problem removes the artifacts and is a `PolyFailure`. Without one,
    every module ships byte for byte as staged: nothing to prove."""
    if not ns:
        return
    for artifact in artifacts:
        problem = artifact_problem(artifact, stage, ns)
        if problem is not None:
            for built in artifacts:
                Path(built.path).unlink(missing_ok=True)
            raise PolyFailure(
                f"{artifact.path.name}: {problem}; the build is refused and its artifacts removed."
            )
