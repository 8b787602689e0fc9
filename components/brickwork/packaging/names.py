"""Which dotted names an artifact holds: what decides whether a string is rewritten under
`--with-top-namespace`.

A string names the artifact when it is one of its modules or packages (`"acme.x"`,
`"acme.x.core"`), an attribute a module of it binds (`"acme.x.core.hello"`,
`"acme.x.core:main"`), or one of its entry-point targets. `"acme.com"` or `"acme.timeout"`
name nothing in an artifact without a brick `com` or `timeout`, and stay as written.
"""

from __future__ import annotations

import ast
import importlib.machinery
import re
import tokenize
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from brickwork.packaging.pysource import decode, parse, string_content

_MODULE_SUFFIXES = tuple(sorted(importlib.machinery.all_suffixes(), key=len, reverse=True))
_WORD = re.compile(r"[^\W\d]\w*")


def bound_names(text: str) -> frozenset[str] | None:
    """The names a module binds at its top level (definitions, assignments, imports, `global`
    declarations); None when any name may exist (a module `__getattr__`, `import *`). Source
    the running Python cannot parse: every word in it."""
    tree = parse(text)
    if tree is None:
        return frozenset(_WORD.findall(text))
    names: set[str] = set()
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, scopes):
                if not isinstance(child, ast.Lambda):
                    names.add(child.name)
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.add(child.id)
            elif isinstance(child, ast.alias):
                if child.name == "*":
                    return None
                names.add(child.asname or child.name.split(".")[0])
            elif isinstance(child, (ast.MatchAs, ast.MatchStar)) and child.name:
                names.add(child.name)
            stack.append(child)
    names.update(n for node in ast.walk(tree) if isinstance(node, ast.Global) for n in node.names)
    return None if "__getattr__" in names else frozenset(names)


@dataclass(frozen=True)
class ArtifactNames:
    """The dotted names of an artifact's packages under their old top-level names (`acme`)."""

    tops: frozenset[str]
    modules: frozenset[str]
    """Every module and package (`acme`, `acme.x`, `acme.x.core`)."""
    sources: Mapping[str, Path] = field(default_factory=dict)
    """Module -> its source file (a package's `__init__.py`), read when a string names an
    attribute of it."""
    targets: frozenset[str] = frozenset()
    """Entry-point and script targets (`acme.x.core:main`)."""
    bound: dict[str, frozenset[str] | None] = field(default_factory=dict)
    """Module -> the names it binds (None: any); filled from `sources` on first use."""

    def binds(self, module: str, name: str) -> bool:
        if module not in self.bound:
            source = self.sources.get(module)
            names: frozenset[str] | None = frozenset()
            if source is not None:
                try:
                    names = bound_names(decode(source.read_bytes())[0])
                except (OSError, SyntaxError, UnicodeDecodeError):
                    names = frozenset(_WORD.findall(source.read_bytes().decode("latin-1")))
            self.bound[module] = names
        names = self.bound[module]
        return names is None or name in names

    def names(self, text: str) -> bool:
        """Whether `text` names a module, a bound attribute or an entry-point target of the
        artifact (a bare top-level name such as `"acme"` never does: too likely a word)."""
        module, colon, attribute = text.partition(":")
        parts = module.split(".")
        if len(parts) < 2 or parts[0] not in self.tops:
            return False
        if not all(p.isidentifier() for p in parts):
            return False
        if text in self.targets and module in self.modules:
            return True
        if colon:
            first = attribute.split(".")[0]
            valid = all(p.isidentifier() for p in attribute.split("."))
            return valid and module in self.modules and self.binds(module, first)
        for size in range(len(parts), 0, -1):
            prefix = ".".join(parts[:size])
            if prefix in self.modules:
                return size == len(parts) or self.binds(prefix, parts[size])
        return False

    def renamed(self, module: str, ns: str) -> str:
        """A module path as the rewrite ships it: under `ns` when its top is the artifact's."""
        return f"{ns}.{module}" if module.split(".")[0] in self.tops else module


_STRING_PARTS = {
    tokenize.STRING,
    *(getattr(tokenize, n) for n in ("FSTRING_START", "FSTRING_END") if hasattr(tokenize, n)),
}


def _concatenated(tokens: list[tokenize.TokenInfo], index: int) -> bool:
    """Whether the string at `index` is a piece of an implicit concatenation (`"a." "b"`):
    its value is the whole, which the piece alone does not name."""
    neighbours = tokens[max(index - 1, 0) : index] + tokens[index + 1 : index + 2]
    return any(t.type in _STRING_PARTS for t in neighbours)


def naming_strings(
    tokens: list[tokenize.TokenInfo], names: ArtifactNames
) -> Iterator[tuple[tokenize.TokenInfo, tuple[int, int]]]:
    """Each plain string token of `tokens` whose value names something of `names` (ADR 0007:
    not an f-string, bytes or a piece of an implicit concatenation), with the span of its
    value in the token."""
    for index, token in enumerate(tokens):
        if token.type != tokenize.STRING or _concatenated(tokens, index):
            continue
        span = string_content(token.string)
        if span is not None and names.names(token.string[span[0] : span[1]]):
            yield token, span


def module_name(relative: str) -> str | None:
    """`acme/x/core.py` -> `acme.x.core`, `acme/x/__init__.pyi` -> `acme.x`; None for a file
    that is no module."""
    folder, _, name = relative.rpartition("/")
    suffix = next((s for s in (*_MODULE_SUFFIXES, ".pyi") if name.endswith(s)), None)
    if suffix is None:
        return None
    stem = name[: -len(suffix)]
    parts = [*(folder.split("/") if folder else []), *([] if stem == "__init__" else [stem])]
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None


def scan_names(
    roots: Iterable[Path], tops: Collection[str], targets: Collection[str] = ()
) -> ArtifactNames:
    """The names of the packages `tops` found under `roots` (folders that hold `acme/...`)."""
    modules: set[str] = set()
    sources: dict[str, Path] = {}
    for root in roots:
        for top in sorted(tops):
            if (root / f"{top}.py").is_file():  # a single-module package
                sources.setdefault(top, root / f"{top}.py")
            if not (root / top).is_dir():
                continue
            for path in sorted((root / top).rglob("*")):
                relative = path.relative_to(root).as_posix()
                if path.is_dir():
                    if all(p.isidentifier() for p in relative.split("/")):
                        modules.add(relative.replace("/", "."))
                    continue
                name = module_name(relative)
                if name is None:
                    continue
                modules.add(name)
                # a `.py` wins over its `.pyi` stub: it is what binds names at run time
                known = sources.get(name)
                if path.suffix in (".py", ".pyi") and (known is None or known.suffix == ".pyi"):
                    sources[name] = path
    return ArtifactNames(
        tops=frozenset(tops),
        modules=frozenset(modules | set(tops)),
        sources=sources,
        targets=frozenset(t.strip() for t in targets),
    )
