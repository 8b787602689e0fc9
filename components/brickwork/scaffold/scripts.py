"""Console scripts of a new project (`create project --script NAME=module:function`): the
text checked, then the module found in the project's bricks by its file, never imported."""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from brickwork import workspace

#: A script's name is the command a user types: a file name without spaces or `=`.
SCRIPT_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
EXAMPLE = "greet=acme.greet_api.core:main"


def _dotted(text: str) -> bool:
    """Whether `text` is a dotted Python name (`acme.api.core`), no part a keyword."""
    parts = text.split(".")
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in parts)


def parse_scripts(given: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(name, `module:function`) of each `NAME=module:function`, in order; a `PolyError`
    (exit 2) for the first malformed one or a name given twice."""
    found: dict[str, str] = {}
    for item in given:
        name, equals, target = (part.strip() for part in item.partition("="))
        if not equals or not SCRIPT_NAME.fullmatch(name):
            raise workspace.PolyError(
                f"--script {item!r}: give NAME=module:function, NAME being the command to "
                "type (letters, digits, '.', '_', '-'; no spaces), "
                f"e.g. --script {EXAMPLE}. Nothing was written."
            )
        module, colon, function = target.partition(":")
        if not colon or not _dotted(module) or not _dotted(function):
            raise workspace.PolyError(
                f"--script {item!r}: the target {target!r} is not module:function (a dotted "
                f"module of the project's bricks, a colon, a function), e.g. --script {EXAMPLE}. "
                "Nothing was written."
            )
        if name in found:
            raise workspace.PolyError(
                f"--script {name!r} is given twice ({name}={found[name]}, {item}); keep one. "
                "Nothing was written."
            )
        found[name] = target
    return tuple(found.items())


def _module_file(brick: workspace.Brick, namespace: str, module: str) -> Path | None:
    """The file of `module` inside `brick` (a `.py` file or a package's `__init__.py`)."""
    package = f"{namespace}.{brick.name.replace('/', '.')}"
    if module == package:
        candidates = [brick.path / "__init__.py"]
    elif module.startswith(f"{package}."):
        inner = Path(*module[len(package) + 1 :].split("."))
        candidates = [
            brick.path / inner.with_name(f"{inner.name}.py"),
            brick.path / inner / "__init__.py",
        ]
    else:
        return None
    return next((path for path in candidates if path.is_file()), None)


def check_scripts(
    ws: workspace.Workspace,
    bricks: Sequence[workspace.Brick],
    scripts: Sequence[tuple[str, str]],
) -> tuple[str, ...]:
    """Each script's module must be a module of `bricks` (a file of one of them: nothing is
    imported); else a `PolyError` (exit 2). Returns notes for functions the module does not
    visibly define at its top level (a script that would fail when run)."""
    notes: list[str] = []
    for name, target in scripts:
        module, _, function = target.partition(":")
        found = (_module_file(brick, ws.namespace, module) for brick in bricks)
        path = next((p for p in found if p is not None), None)
        if path is None:
            names = ", ".join(b.name for b in bricks)
            what = (
                f"the project's bricks ({names})"
                if bricks
                else "the project's bricks (none: name its base with --base)"
            )
            raise workspace.PolyError(
                f"--script {name}={target}: {module} is not a module of {what}; name a module "
                f"of one of them (e.g. {_example(ws.namespace, bricks)}). Nothing was written."
            )
        if _defines(path, function.split(".")[0]) is False:
            notes.append(
                f"--script {name}: {module} ({ws.relative(path)}) does not define "
                f"{function.split('.')[0]!r} at its top level; the script fails until it does"
            )
    return tuple(notes)


def _example(namespace: str, bricks: Sequence[workspace.Brick]) -> str:
    """A module to name: the first brick's `core` (the module `create` writes)."""
    first = bricks[0].name.replace("/", ".") if bricks else "<base>"
    return f"{namespace}.{first}.core"


def _defines(path: Path, name: str) -> bool | None:
    """Whether the module at `path` binds `name` at its top level; None when it cannot be
    told without running it (unreadable, newer syntax, `import *`, a module `__getattr__`)."""
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError, OSError):
        return None
    bound: set[str] = set()
    if not _bind(tree.body, bound):
        return None
    if name in bound:
        return True
    return None if "__getattr__" in bound else False


def _bind(statements: Sequence[ast.stmt], bound: set[str]) -> bool:
    """Add the names `statements` bind to `bound`; False when a `*` import makes it unknown."""
    for node in statements:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    return False
                bound.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                bound.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.If, ast.For, ast.While, ast.With, ast.Try)):
            blocks = [node.body, getattr(node, "orelse", []), getattr(node, "finalbody", [])]
            blocks += [handler.body for handler in getattr(node, "handlers", [])]
            if not all(_bind(block, bound) for block in blocks):
                return False
        elif not isinstance(node, (ast.Expr, ast.Pass, ast.Return, ast.Assert)):
            return False  # match, del, global, type aliases...: not worth guessing
    return True
