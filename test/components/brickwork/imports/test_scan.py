"""The scanner on source text: contexts, relative imports, ignore comments, dynamic imports."""

from __future__ import annotations

import textwrap

import pytest

from brickwork.imports import (
    Import,
    ImportContext,
    brick_of,
    imported_bricks,
    scan_source,
)
from brickwork.imports.fallback import scan_tokens

MODULE = ImportContext.MODULE
LAZY = ImportContext.LAZY
TYPE_CHECKING = ImportContext.TYPE_CHECKING
OPTIONAL = ImportContext.OPTIONAL
GUARDED = ImportContext.GUARDED


def imports_of(source: str, module: str = "acme.x.core", is_package: bool = False) -> list[Import]:
    """The imports the syntax-tree scan finds; the token fallback must find the same."""
    source = textwrap.dedent(source)
    found, error, line = scan_source(source, module, is_package)
    assert (error, line) == (None, None)
    assert scan_tokens(source, module, is_package) == (found, None, None)
    return list(found)


def simple(
    source: str, module: str = "acme.x.core", is_package: bool = False
) -> list[tuple[object, ...]]:
    """(module, names, line, context) of every import."""
    return [(i.module, i.names, i.line, i.context) for i in imports_of(source, module, is_package)]


def test_plain_from_and_aliased_imports_are_found_with_their_lines() -> None:
    source = """\
        import os
        import os.path as p, sys
        from collections import OrderedDict as OD, deque
        from typing import *
        """
    assert simple(source) == [
        ("os", (), 1, MODULE),
        ("os.path", (), 2, MODULE),
        ("sys", (), 2, MODULE),
        ("collections", ("OrderedDict", "deque"), 3, MODULE),
        ("typing", ("*",), 4, MODULE),
    ]


def test_a_multi_line_from_import_is_one_import_at_its_first_line() -> None:
    source = """\
        x = 1
        from acme.y import (
            a,
            b as c,
        )
        """
    assert simple(source) == [("acme.y", ("a", "b"), 2, MODULE)]


def test_imports_in_functions_and_methods_are_lazy() -> None:
    source = """\
        def f():
            import json
            def inner():
                from acme import y
        class C:
            import enum
            async def m(self):
                import asyncio
        """
    assert simple(source) == [
        ("json", (), 2, LAZY),
        ("acme", ("y",), 4, LAZY),
        ("enum", (), 6, MODULE),
        ("asyncio", (), 8, LAZY),
    ]


def test_each_module_level_block_gives_its_imports_their_class() -> None:
    source = """\
        try:
            import ujson as json
        except ImportError:
            import json
        else:
            import a
        finally:
            import b
        if sys.version_info >= (3, 11):
            import tomllib
        elif x:
            import c
        else:
            import tomli as tomllib
        for i in range(3):
            import d
        else:
            import e
        while False:
            import f
        with suppress(ImportError):
            import g
        match sys.platform:
            case "linux":
                import h
        """
    assert [(m, c) for m, _, _, c in simple(source)] == [
        ("ujson", OPTIONAL),  # the handler catches the failed import
        ("json", MODULE),  # handler, else and finally bodies keep the context around them
        ("a", MODULE),
        ("b", MODULE),
        ("tomllib", GUARDED),
        ("c", GUARDED),
        ("tomli", GUARDED),
        ("d", MODULE),  # loops and `with` run their bodies unconditionally
        ("e", MODULE),
        ("f", MODULE),
        ("g", OPTIONAL),  # `with suppress(ImportError):` is a try/except
        ("h", GUARDED),  # a match case is a branch
    ]


@pytest.mark.parametrize(
    ("handler", "optional"),
    [
        ("except ImportError:", True),
        ("except ModuleNotFoundError as err:", True),
        ("except Exception:", True),
        ("except BaseException:", True),
        ("except:", True),
        ("except (OSError, ImportError):", True),
        ("except builtins.ImportError:", True),
        ("except ValueError:", False),
        ("except (KeyError, AttributeError) as err:", False),
    ],
)
def test_a_try_body_is_optional_only_when_a_handler_catches_a_failed_import(
    handler: str, optional: bool
) -> None:
    source = f"""\
        try:
            import psutil
        {handler}
            psutil = None
        """
    expected = OPTIONAL if optional else MODULE
    assert [(m, c) for m, _, _, c in simple(source)] == [("psutil", expected)]


@pytest.mark.parametrize(
    "between",
    ['    s = "import fake"\n', "    import logging\n    log = logging.getLogger()\n"],
    ids=["a string naming import", "an import"],
)
def test_a_later_handler_decides_even_when_an_earlier_one_mentions_import(between: str) -> None:
    source = (
        "try:\n    import psutil\nexcept ValueError:\n"
        + between
        + "except (OSError, ModuleNotFoundError):\n    psutil = None\n"
    )
    found = [(i.module, i.context) for i in scan_source(source, "acme.x.core")[0]]
    assert found[0] == ("psutil", OPTIONAL)
    assert found == [(i.module, i.context) for i in scan_tokens(source, "acme.x.core")[0]]


def test_the_classes_combine_with_functions_and_nesting() -> None:
    source = """\
        def export(rows):
            try:
                import openpyxl
            except ImportError as err:
                raise RuntimeError("install the excel extra") from err
            if rows:
                import csv
            import json
        on_rtd = os.environ.get("READTHEDOCS") == "True"
        if not on_rtd:
            import sphinx_rtd_theme
            try:
                import extra
            except ImportError:
                def extra():
                    import fallback
        try:
            if sys.platform == "win32":
                import winreg
        except ImportError:
            pass
        """
    assert [(m, c) for m, _, _, c in simple(source)] == [
        ("openpyxl", ImportContext.OPTIONAL_LAZY),
        ("csv", ImportContext.GUARDED_LAZY),
        ("json", LAZY),
        ("sphinx_rtd_theme", GUARDED),
        ("extra", OPTIONAL),  # optional wins over guarded
        ("fallback", ImportContext.GUARDED_LAZY),
        ("winreg", OPTIONAL),
    ]


def test_type_checking_bodies_are_type_checking_but_their_else_is_not() -> None:
    source = """\
        from typing import TYPE_CHECKING
        import typing
        if TYPE_CHECKING:
            from acme.y import Y
            def helper():
                import z
        else:
            Y = None
            import runtime_only
        if typing.TYPE_CHECKING:
            import t1
        def f():
            if TYPE_CHECKING:
                import t2
            import lazy
        if not TYPE_CHECKING:
            import not_checking
        elif TYPE_CHECKING:
            import checking_elif
        else:
            import never
        """
    assert simple(source) == [
        ("typing", ("TYPE_CHECKING",), 1, MODULE),
        ("typing", (), 2, MODULE),
        ("acme.y", ("Y",), 4, TYPE_CHECKING),
        ("z", (), 6, TYPE_CHECKING),
        ("runtime_only", (), 9, MODULE),
        ("t1", (), 11, TYPE_CHECKING),
        ("t2", (), 14, TYPE_CHECKING),
        ("lazy", (), 15, LAZY),
        ("not_checking", (), 17, GUARDED),
        ("checking_elif", (), 19, TYPE_CHECKING),
        ("never", (), 21, GUARDED),
    ]


@pytest.mark.parametrize(
    ("statement", "module", "is_package", "expected"),
    [
        ("from . import a", "acme.x.core", False, ("acme.x", ("a",))),
        ("from .util import a", "acme.x.core", False, ("acme.x.util", ("a",))),
        ("from .. import y", "acme.x.core", False, ("acme", ("y",))),
        ("from ..y.core import b", "acme.x.core", False, ("acme.y.core", ("b",))),
        ("from . import core", "acme.x", True, ("acme.x", ("core",))),
        ("from .core import a", "acme.x", True, ("acme.x.core", ("a",))),
        ("from .. import y", "acme.x", True, ("acme", ("y",))),
        ("from ...c import d", "a.b.c.d", False, ("a.c", ("d",))),
        ("from ... import d", "a.b.c", True, ("a", ("d",))),
        ("from ... import d", "acme.x.core", False, ("...", ("d",))),
        ("from .. import d", "acme.x", False, ("..", ("d",))),
        ("from .z import d", "", False, (".z", ("d",))),
    ],
)
def test_relative_imports_are_resolved_against_the_file_module(
    statement: str, module: str, is_package: bool, expected: tuple[str, tuple[str, ...]]
) -> None:
    (found,) = imports_of(statement, module, is_package)
    assert (found.module, found.names) == expected


def test_ignore_comments_are_attached_to_the_import_on_their_lines() -> None:
    source = """\
        import a  # poly: ignore[BW101]
        import b  # poly: ignore[bw101,  BW107]
        import c  # poly: ignore
        import d  # noqa: F401  # poly:ignore[BW102]
        from e import (  # poly: ignore[BW107]
            f,
            g,  # poly: ignore[BW101]
        )
        import h
        # poly: ignore[BW101]
        import i; import j  # poly: ignore[BW203]
        """
    found = {i.module: i.ignored for i in imports_of(source)}
    assert found == {
        "a": ("BW101",),
        "b": ("BW101", "BW107"),
        "c": ("*",),
        "d": ("BW102",),
        "e": ("BW107", "BW101"),
        "h": (),
        "i": ("BW203",),
        "j": ("BW203",),
    }


def test_literal_dynamic_imports_are_found_and_computed_ones_are_not() -> None:
    source = """\
        import importlib
        plugin = importlib.import_module("acme.plugins.x")
        __import__("legacy.mod")
        def load(name):
            handler: object = import_module("acme.handlers")
            importlib.import_module(name)
            importlib.import_module(f"acme.{name}")
            importlib.import_module(".rel", package=__name__)
            return importlib.import_module("returned")
        """
    assert simple(source) == [
        ("importlib", (), 1, MODULE),
        ("acme.plugins.x", (), 2, MODULE),
        ("legacy.mod", (), 3, MODULE),
        ("acme.handlers", (), 5, LAZY),
    ]


def test_import_words_in_strings_and_comments_are_not_imports() -> None:
    source = '''\
        """Module doc.

        import fake
        """
        text = "import os"
        # import commented
        def f():
            """from x import y"""
        '''
    assert imports_of(source) == []


def test_a_source_without_imports_is_empty() -> None:
    assert scan_source("x = 1\n", "a") == ((), None, None)
    assert scan_source(b"", "a") == ((), None, None)


def test_imports_after_a_long_body_are_found_in_their_function() -> None:
    body = "".join(f"def f{i}():\n    return {i}\n\n" for i in range(50))
    source = f"import os\n{body}def late():\n    import json\n    return json\n"
    assert simple(source) == [("os", (), 1, MODULE), ("json", (), 153, LAZY)]


def test_a_cut_inside_a_multi_line_import_still_reads_the_whole_statement() -> None:
    source = "import os\nfrom a import (\n    b,\n    c,\n)\nx = [\n    1,\n]\n"
    assert simple(source) == [("os", (), 1, MODULE), ("a", ("b", "c"), 2, MODULE)]


@pytest.mark.parametrize(
    ("module", "namespace", "expected"),
    [
        ("acme.x.core", "acme", "x"),
        ("acme.x", "acme", "x"),
        ("acme", "acme", None),
        ("acmex.y", "acme", None),
        ("os.path", "acme", None),
        ("acme.corp.x.core", "acme.corp", "x"),
        ("acme.corp", "acme.corp", None),
        ("acme.other.x", "acme.corp", None),
        ("..x", "acme", None),
    ],
)
def test_brick_of_maps_a_dotted_name_to_its_brick(
    module: str, namespace: str, expected: str | None
) -> None:
    assert brick_of(module, namespace) == expected


def test_imported_bricks_reads_names_imported_from_the_namespace() -> None:
    assert imported_bricks(Import("acme", ("x", "y", "x"), 1), "acme") == ("x", "y")
    assert imported_bricks(Import("acme.x", ("core",), 1), "acme") == ("x",)
    assert imported_bricks(Import("acme", ("*",), 1), "acme") == ()
    assert imported_bricks(Import("requests", ("get",), 1), "acme") == ()
    assert imported_bricks(Import("acme.corp", ("x",), 1), "acme.corp") == ("x",)
