"""Modules loaded by name: strings that frameworks import (Django settings and URL confs,
Celery's `include=`), and drivers chosen by a database URL (`postgresql+asyncpg://`).

They are imports like any other for the brick and library rules, found without running
anything: from the syntax tree of a file that mentions one of the triggers. A framework name
is a required module-level import (the framework loads it when it starts); a driver named in
a URL is lazy (loaded on the first connection) and never reported missing."""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterator

from brickwork.imports.model import Import, ImportContext
from brickwork.imports.source import valid_dynamic_name

#: Django settings whose values are dotted paths that Django imports.
SETTINGS = frozenset(
    {
        "INSTALLED_APPS",
        "MIDDLEWARE",
        "ROOT_URLCONF",
        "WSGI_APPLICATION",
        "ASGI_APPLICATION",
        "AUTHENTICATION_BACKENDS",
        "CELERY_IMPORTS",
        "CELERY_INCLUDE",
    }
)
#: Calls whose string arguments are modules: `include("pkg.urls")`,
#: `app.autodiscover_tasks(["pkg"])`.
CALLS = frozenset({"include", "autodiscover_tasks"})
#: Calls whose `include=` / `imports=` keyword lists modules (`Celery("app", include=[...])`).
KEYWORD_CALLS = frozenset({"Celery", "update"})
KEYWORDS = frozenset({"include", "imports"})
_TRIGGERS = (*SETTINGS, "include(", "include=", "include =", "autodiscover_tasks")

#: A part of a URL scheme (`postgresql+asyncpg`, `sqla+sqlite`) -> the module it loads.
SCHEME_MODULES = {
    "aiomysql": "aiomysql",
    "aiosqlite": "aiosqlite",
    "asyncmy": "asyncmy",
    "asyncpg": "asyncpg",
    "cx_oracle": "cx_Oracle",
    "mysqldb": "MySQLdb",
    "oracledb": "oracledb",
    "pg8000": "pg8000",
    "psycopg": "psycopg",
    "psycopg2": "psycopg2",
    "pymssql": "pymssql",
    "pymysql": "pymysql",
    "pyodbc": "pyodbc",
    "sqla": "sqlalchemy",
}
_SCHEME = re.compile(r"\b([A-Za-z][A-Za-z0-9_]*(?:\+[A-Za-z][A-Za-z0-9_]*)+)://")
_URL_IGNORES = ("BW201", "BW202", "BW205")
"""A driver named in a URL counts as used; a missing one is not reported from a string."""
_NAME_IGNORES = ("BW107",)
"""`acme.web.apps.WebConfig` names a module inside a brick on purpose."""


def loaded_names(source: str) -> tuple[Import, ...]:
    """The modules a source loads by name, in line order."""
    found = list(_url_drivers(source))
    if any(trigger in source for trigger in _TRIGGERS):
        found += _framework_names(source)
    return tuple(sorted(found, key=lambda i: (i.line, i.module)))


def _url_drivers(source: str) -> Iterator[Import]:
    if "://" not in source:
        return
    for match in _SCHEME.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        for part in match.group(1).lower().split("+"):
            module = SCHEME_MODULES.get(part)
            if module is not None:
                yield Import(module, (), line, ImportContext.LAZY, _URL_IGNORES)


def _framework_names(source: str) -> list[Import]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found: list[Import] = []
    for node in ast.walk(tree):
        for value in _named_values(node):
            for constant in _strings(value):
                name = valid_dynamic_name(str(constant.value))
                if name:
                    found.append(  # the framework loads it when it starts: required
                        Import(name, (), constant.lineno, ImportContext.MODULE, _NAME_IGNORES)
                    )
    return found


def _target_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    else:
        return []
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _named_values(node: ast.AST) -> list[ast.expr]:
    """The expressions of `node` whose strings are module names."""
    if any(name in SETTINGS for name in _target_names(node)):
        value = getattr(node, "value", None)
        return [value] if isinstance(value, ast.expr) else []
    if isinstance(node, ast.Call):
        name = _call_name(node)
        if name == "include" and not isinstance(node.func, ast.Name):
            return []  # Django's `include` is a function; `factory.include(...)` is not it
        if name in CALLS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Tuple) and first.elts:  # include(("pkg.urls", "app"))
                first = first.elts[0]
            return [first]
        if name in KEYWORD_CALLS:
            return [k.value for k in node.keywords if k.arg in KEYWORDS]
    return []


def _strings(value: ast.expr) -> Iterator[ast.Constant]:
    """String constants of a value, a list, tuple or set of them, or a sum of those."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        yield value
    elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        for element in value.elts:
            yield from _strings(element)
    elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        yield from _strings(value.left)
        yield from _strings(value.right)
