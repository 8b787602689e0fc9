"""Renaming one package of a workspace (`acme.greeting` -> `acme.greet`) in a module's text:
the token-level rewrite of `--with-top-namespace` (ADR 0007) aimed at one package instead of a
top-level name, with the same rules and the same kind of proof.

    import acme.greeting              ->  import acme.greet
    import acme.greeting.core as c    ->  import acme.greet.core as c
    from acme.greeting.core import x  ->  from acme.greet.core import x
    from acme import greeting         ->  from acme import greet as greeting
    from acme import greeting as g    ->  from acme import greet as g
    acme.greeting.hello()             ->  acme.greet.hello()   (where `import acme...` binds acme)
    "acme.greeting.core:main"         ->  "acme.greet.core:main"   (strings that name it)

Only the tokens that name the package change: comments, formatting, line numbers, relative
imports, prose in docstrings, and strings that merely start with the old name
(`"acme.greetings"`, `"acme.greeting_utils"`) stay as written. Each rewritten module is proved
(`check_rename`) to be the original but for the renamed package before it is written.
"""

from __future__ import annotations

import ast
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from brickwork.packaging.names import ArtifactNames, naming_strings
from brickwork.packaging.pysource import (
    import_items,
    import_statements,
    mentions,
    parse,
    significant_tokens,
    splice,
    syntax_problem,
)
from brickwork.packaging.rewrite import Edit, entry_point_groups, rewrite_module
from brickwork.workspace import PolyFailure


@dataclass(frozen=True)
class Renaming:
    """`old` (`acme.greeting`) becomes `new` (`acme.greet`); `names` holds the old package's
    modules, which decide whether a string names it (ADR 0007's rule)."""

    old: str
    new: str
    names: ArtifactNames

    def moved(self, dotted: str, old: str | None = None, new: str | None = None) -> str | None:
        """`dotted` (a module, `module:attr` or `module.attr`) with the package renamed; None
        when it is not the package or below it."""
        old, new = old or self.old, new or self.new
        module, colon, rest = dotted.partition(":")
        if module == old or module.startswith(old + "."):
            return new + module[len(old) :] + colon + rest
        return None

    @property
    def word(self) -> str:
        return self.old.rsplit(".", 1)[1]


def _chain(tokens: list[tokenize.TokenInfo], at: int) -> list[tokenize.TokenInfo]:
    """The tokens of the dotted name `a.b.c` starting at `at` (names only)."""
    chain: list[tokenize.TokenInfo] = []
    index = at
    while index < len(tokens) and tokens[index].type == tokenize.NAME:
        chain.append(tokens[index])
        dot = tokens[index + 1] if index + 1 < len(tokens) else None
        if dot is None or dot.type != tokenize.OP or dot.string != ".":
            break
        index += 2
    return chain


def _span_edit(parts: list[tokenize.TokenInfo], size: int, new: str) -> Edit:
    """Replace the first `size` names of a dotted name (on one row) by `new`."""
    first, last = parts[0], parts[size - 1]
    if first.start[0] != last.end[0]:
        raise PolyFailure(
            f"line {first.start[0]}: a dotted name split over lines cannot be renamed; "
            "join it on one line and run again"
        )
    return (first.start[0], first.start[1], last.end[1], new)


def _dotted_edit(parts: list[tokenize.TokenInfo], renaming: Renaming) -> Edit | None:
    size = len(renaming.old.split("."))
    dotted = ".".join(t.string for t in parts[:size])
    if len(parts) < size or dotted != renaming.old:
        return None
    return _span_edit(parts, size, renaming.new)


def _from_names(body: list[tokenize.TokenInfo]) -> list[list[tokenize.TokenInfo]]:
    """The `x as y` items after `import` in a `from m import ...` body."""
    keyword = next((i for i, t in enumerate(body) if t.string == "import"), len(body))
    inner = [t for t in body[keyword + 1 :] if t.string not in ("(", ")")]
    return [item for item in import_items(inner) if item]


def _from_edits(body: list[tokenize.TokenInfo], renaming: Renaming) -> list[Edit]:
    parts = _chain(body, 0)
    found = _dotted_edit(parts, renaming)
    if found is not None:
        return [found]
    module = ".".join(t.string for t in parts)
    parent, _, word = renaming.old.rpartition(".")
    new_parent, _, new_word = renaming.new.rpartition(".")
    items = _from_names(body)
    hits = [item for item in items if module == parent and item[0].string == word]
    if not hits:
        return []
    edits: list[Edit] = []
    if new_parent != parent:
        if len(items) != 1:
            raise PolyFailure(
                f"line {body[0].start[0]}: `from {module} import {word}, ...` imports other "
                f"names too; import {renaming.old} on a line of its own and run again"
            )
        edits.append(_span_edit(parts, len(parts), new_parent))
    for item in hits if new_word != word else ():
        name = item[0]
        aliased = len(item) > 1 and item[1].string == "as"
        text = new_word if aliased else f"{new_word} as {word}"
        edits.append((name.start[0], name.start[1], name.end[1], text))
    return edits


def _binds_top(statements: Iterable[tuple[str, list[tokenize.TokenInfo]]], top: str) -> bool:
    """Whether an `import top...` statement (not aliased) binds the namespace's first name."""
    for keyword, body in statements:
        if keyword != "import":
            continue
        for item in import_items(body):
            if item and item[0].string == top and not any(t.string == "as" for t in item):
                return True
    return False


def rename_edits(text: str, renaming: Renaming) -> list[Edit]:
    """Every edit the rename makes to one module's text (no BOM)."""
    tokens = significant_tokens(text)
    edits: list[Edit] = []
    for token, span in naming_strings(tokens, renaming.names):
        value = token.string[span[0] : span[1]]
        if renaming.moved(value) is not None:
            row, col = token.start
            edits.append((row, col + span[0], col + span[0] + len(renaming.old), renaming.new))
    statements = list(import_statements(tokens))
    in_imports: set[int] = set()
    for keyword, body in statements:
        in_imports.update(id(t) for t in body)
        if keyword == "import":
            for item in import_items(body):
                found = _dotted_edit(_chain(item, 0), renaming)
                edits += [found] if found is not None else []
        elif body and body[0].type == tokenize.NAME:
            edits += _from_edits(body, renaming)
    top = renaming.old.split(".")[0]
    if _binds_top(statements, top):
        for index, token in enumerate(tokens):
            if token.string != top or id(token) in in_imports or token.type != tokenize.NAME:
                continue
            before = tokens[index - 1] if index else None
            if before is not None and before.type == tokenize.OP and before.string == ".":
                continue
            found = _dotted_edit(_chain(tokens, index), renaming)
            edits += [found] if found is not None else []
    return edits


def rename_source(text: str, renaming: Renaming) -> str:
    """`text` with the package renamed; everything else byte-identical."""
    return splice(text, rename_edits(text, renaming))


# -- the proof ---------------------------------------------------------------------------------


def _dotted_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted_of(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


class _Back(ast.NodeTransformer):
    """Turns a renamed tree back into the original's terms (new -> old), so that the two
    trees compare equal exactly when the rename changed nothing else."""

    def __init__(self, renaming: Renaming) -> None:
        self.renaming = renaming

    def back(self, dotted: str) -> str | None:
        return self.renaming.moved(dotted, self.renaming.new, self.renaming.old)

    def visit_Import(self, node: ast.Import) -> Any:
        for alias in node.names:
            alias.name = self.back(alias.name) or alias.name
        return node

    def visit_ImportFrom(self, node: ast.ImportFrom) -> Any:
        if node.level or not node.module:
            return node
        module = self.back(node.module) or node.module
        for alias in node.names:
            full = self.back(f"{node.module}.{alias.name}")
            if full is not None and full != f"{module}.{alias.name}":
                module, _, alias.name = full.rpartition(".")
                alias.asname = None if alias.asname == alias.name else alias.asname
        node.module = module
        return node

    def visit_Attribute(self, node: ast.Attribute) -> Any:
        dotted = _dotted_of(node)
        old = None if dotted is None else self.back(dotted)
        if old is None:
            return self.generic_visit(node)
        parts = old.split(".")
        built: ast.expr = ast.copy_location(ast.Name(parts[0], ast.Load()), node)
        for part in parts[1:]:
            built = ast.copy_location(ast.Attribute(built, part, ast.Load()), node)
        assert isinstance(built, ast.Attribute)
        built.ctx = node.ctx
        return built

    def visit_Constant(self, node: ast.Constant) -> Any:
        if isinstance(node.value, str):
            old = self.back(node.value)
            if old is not None and self.renaming.names.names(old):
                node.value = old
        return node


def _lines(tree: ast.AST) -> list[tuple[int, int]]:
    return [
        (node.lineno, node.end_lineno or node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, (ast.stmt, ast.expr))
    ]


def check_rename(original: str, rewritten: str, renaming: Renaming) -> str | None:
    """None when `rewritten` is `original` changed only by the rename (same tree, same lines);
    else what differs."""
    before = parse(original)
    if before is None:
        return _token_difference(original, rewritten, renaming)
    after = parse(rewritten)
    if after is None:
        return f"the rewritten module does not parse ({syntax_problem(rewritten)})"
    restored = _Back(renaming).visit(after)
    if ast.dump(before) != ast.dump(restored):
        return "the renamed module does not mean what the original meant"
    if _lines(before) != _lines(restored):
        return "a statement moved to another line"
    return None


def _token_difference(original: str, rewritten: str, renaming: Renaming) -> str | None:
    """The proof for source the running Python does not parse: the tokens are the original's,
    row for row, but for the renamed names (and an added `as <old>`) and strings."""
    try:
        got = significant_tokens(rewritten)
    except (tokenize.TokenError, SyntaxError) as err:
        return f"the rewritten module cannot be tokenized ({err.args[0] if err.args else err})"
    want = significant_tokens(original)
    old, new = renaming.old.split("."), renaming.new.split(".")
    i = j = 0
    while i < len(want) and j < len(got):
        a, b = want[i], got[j]
        if (a.type, a.string, a.start[0]) == (b.type, b.string, b.start[0]):
            i, j = i + 1, j + 1
            continue
        if a.start[0] != b.start[0]:
            return f"line {a.start[0]}: {a.string!r} moved to line {b.start[0]}"
        chain_a = [t.string for t in _chain(want, i)]
        chain_b = [t.string for t in _chain(got, j)]
        if a.type == b.type == tokenize.STRING and b.string == a.string.replace(
            renaming.old, renaming.new, 1
        ):
            i, j = i + 1, j + 1
        elif chain_a[: len(old)] == old and chain_b[: len(new)] == new:
            i, j = i + 2 * len(old) - 1, j + 2 * len(new) - 1
        elif (a.string, b.string) == (old[-1], new[-1]):
            i, j = i + 1, j + 1
            if [t.string for t in got[j : j + 2]] == ["as", old[-1]]:
                j += 2
        else:
            return f"line {a.start[0]}: {a.string!r} became {b.string!r}"
    if (len(want) - i, len(got) - j) != (0, 0):
        return f"{len(want)} tokens became {len(got)}"
    return None


def rename_module(data: bytes, where: str, renaming: Renaming) -> bytes | None:
    """A module's bytes with the package renamed (its encoding, BOM and line endings kept),
    proved first; None when it does not name the package. A module that cannot be renamed
    safely is a `PolyFailure` naming `where`."""
    if not mentions(data, {renaming.word}):
        return None
    return rewrite_module(
        data,
        f"cannot rename {renaming.old} in {where}",
        lambda text: rename_source(text, renaming),
        lambda text, new: check_rename(text, new, renaming),
        repr(renaming.new),
    )


def rename_entry_points(doc: Any, renaming: Renaming) -> None:
    """Rename the package in a project file's script and entry-point targets
    (`acme.greeting.core:main`), each value in its own quoting."""
    for group in entry_point_groups(doc):
        for name, value in list(group.items()):
            target = value.get("reference") if isinstance(value, dict) else value
            if not isinstance(target, str):
                continue
            moved = renaming.moved(target.strip())
            if moved is None:
                continue
            if isinstance(value, dict):
                value["reference"] = _same_kind(value["reference"], moved)
            else:
                group[name] = _same_kind(value, moved)


def _same_kind(item: Any, value: str) -> Any:
    """A tomlkit string holding `value`, written with the quotes `item` used."""
    from tomlkit.items import String

    if isinstance(item, String):
        return String.from_raw(value, type_=item.type)
    return value
