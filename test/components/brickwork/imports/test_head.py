"""Plain file heads are read without a parser, with the same results as the syntax tree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brickwork.imports import Import, ImportContext, scan_source
from brickwork.imports import scan as tree_scan
from brickwork.imports.head import head_imports
from brickwork.imports.source import ignore_map, ignores_between
from test.components.brickwork.imports.test_properties import (
    EDITS,
    MODULES,
    SETTINGS,
    SOURCE,
    TREE_SETTINGS,
)

WHERE = [("acme.x.core", False), ("acme.x", True)]


def by_tree(source: str, module: str, is_package: bool) -> list[Import] | None:
    tree = tree_scan._parse_head(source)
    if tree is None:
        return None
    visitor = tree_scan._Visitor(module, is_package, ignores_between(ignore_map(source)), source)
    visitor.visit(tree.body, ImportContext.MODULE)
    return visitor.found


def by_lines(source: str, module: str, is_package: bool) -> list[Import] | None:
    """What the scanner reads by lines: nothing when a clause follows the head (the parser
    reads the statement whole)."""
    head = tree_scan._head(source)
    if len(head) < len(source) and tree_scan._clause_follows(source, len(head)):
        return None
    ignores = ignores_between(ignore_map(source))
    return head_imports(head, module, is_package, ignores)


PLAIN = [
    "import os\n",
    "import os, sys as s, a.b.c as d  # poly: ignore[BW101]\n",
    "from . import x\n",
    "from ..a import b as c, d\n",
    "from a import(b)\nfrom a import*\n",
    "import  a ,b\n",
    "from a import b # x ) (\n",
    '"""Docstring."""\n\nfrom __future__ import annotations\n\nimport logging\n',
    '"""Doc\nimport fake\nfrom fake import x\n"""\nimport os\n',
    "'''x'''\nfrom y import z\n",
    '""""""\nimport a\n',
    '"""a"""  # c\nimport a\n',
    "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport a\n",
    "if TYPE_CHECKING:\n    import a\n",
    "if TYPE_CHECKING :\n  import x\n",
    "if typing.TYPE_CHECKING:  # x\n\timport a\n\n# c\n\tfrom b import (c,\n d)\nimport e\n",
    "from a import (\n    b,  # poly: ignore[BW101] )\n    c as d,\n)\nimport e",
    "from a import (b\n  as c)\nimport d\n",
    "import match, case, type, _\n",
]
NOT_PLAIN = [
    "from a import (b\n c)\nimport d\n",  # no comma: does not parse
    "from a import (b,,)\nimport d\n",
    "from a import ()\nimport d\n",
    "from a import b,\n",
    "from a import (*)\n",
    "from .import x\n",
    "from . . import x\n",
    "import a as b.c\n",
    "import a . b\n",
    '"""a""""\nimport os\n',
    '"""a""" """b"""\nimport os\n',
    '"""\\"""\nimport os\n',
    'r"""doc"""\nimport os\n',
    "if TYPE_CHECKING:\nimport a\n",
    "if TYPE_CHECKING:\n    import a\n      import b\n",
    "if TYPE_CHECKING:\n    import a\n  import b\n",
    "if TYPE_CHECKING:\n    import a\nelse:\n    import b\n",
    "if TYPE_CHECKING: import x\n",
    "if None.TYPE_CHECKING:\n import a\n",
    "if sys.version_info >= (3, 11):\n    import tomllib\n",
    "import if\n",
    "from a.if import b\n",
    "from a import b as if\n",
    "import None\n",
    "import a;import b\n",
    "x = 1\nimport a\n",
    "  import a\n",
    "import a\n  \n\x0cimport b\n",
    "import \u00e9\n",
    "import a\\\n.b\n",
    "from a import (\n b)  x\n",
    "import a  # p\x00oly: ignore\n",
    "#\rimport \n",
    "try:\n    import a\nexcept ImportError:\n    a = None\nimport b\n",
]


@pytest.mark.parametrize("source", PLAIN)
@pytest.mark.parametrize("where", WHERE)
def test_a_plain_head_is_read_by_lines_as_the_syntax_tree_reads_it(
    source: str, where: tuple[str, bool]
) -> None:
    found = by_lines(source, *where)
    assert found is not None
    assert found == by_tree(source, *where)


@pytest.mark.parametrize("source", NOT_PLAIN)
def test_a_head_that_is_not_plain_is_left_to_the_parser(source: str) -> None:
    assert by_lines(source, "acme.x.core", False) is None


def test_a_bracket_closed_after_the_last_import_line_is_left_to_the_parser() -> None:
    source = "from a import (\n    b,\n    c,\n)\nx = 1\n"
    assert by_lines(source, "acme.x.core", False) is None
    assert [i.names for i in scan_source(source, "acme.x.core")[0]] == [("b", "c")]


def test_a_damaged_clause_after_the_head_is_left_to_the_parser() -> None:
    # the last `import` is in the `if` branch; the `else` after it does not parse
    source = 'if TYPE_CHECKING:\n    import a\nelse:\n    from a i"""mport *\n'
    assert by_lines(source, "acme.x.core", False) is None
    found, error, line = scan_source(source, "acme.x.core")
    assert [i.module for i in found] == ["a"]
    assert error is not None and "unterminated" in error and line == 4


@TREE_SETTINGS
@given(source=SOURCE, where=MODULES)
def test_reading_by_lines_agrees_with_the_syntax_tree_on_generated_sources(
    source: str, where: tuple[str, bool]
) -> None:
    found = by_lines(source, *where)
    assert found is None or found == by_tree(source, *where)


@SETTINGS
@given(
    source=SOURCE, edits=st.lists(st.tuples(st.integers(0, 10_000), EDITS), min_size=1, max_size=4)
)
def test_reading_by_lines_agrees_with_the_syntax_tree_on_damaged_sources(
    source: str, edits: list[tuple[int, str]]
) -> None:
    for position, text in edits:
        position %= len(source) + 1
        source = source[:position] + text + source[position:]
    found = by_lines(source, "acme.x.core", False)
    assert found is None or found == by_tree(source, "acme.x.core", False)
