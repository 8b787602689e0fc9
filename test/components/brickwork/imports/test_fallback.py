"""Sources the running Python cannot parse, odd encodings, and noisy sources."""

from __future__ import annotations

import io
import sys
import textwrap
import tokenize
import warnings

import pytest

from brickwork.imports import ImportContext, decode_source, scan_source
from brickwork.imports.source import normalize_newlines

MODULE = ImportContext.MODULE
LAZY = ImportContext.LAZY
TYPE_CHECKING = ImportContext.TYPE_CHECKING


def simple(source: str | bytes, module: str = "acme.x.core") -> list[tuple[object, ...]]:
    if isinstance(source, str):
        source = textwrap.dedent(source)
    found, error, line = scan_source(source, module, False)
    assert (error, line) == (None, None)
    return [(i.module, i.names, i.line, i.context, i.ignored) for i in found]


PEP_695_701 = """\
from __future__ import annotations
import os
from typing import TYPE_CHECKING

type Pair[T] = tuple[T, T]

if TYPE_CHECKING:
    from acme.y import Y  # poly: ignore[BW107]
else:
    import runtime

class Box[T]:
    def get[S](self, default: S) -> T | S:
        from .core import helper
        return f"{"nested " + default!r:>{os.sep}}"

def late():
    songs = ["a", "b"]
    text = f"{", ".join(songs)}"
    import json
    return text
"""


def test_pep_695_and_701_sources_are_read_on_any_python() -> None:
    assert simple(PEP_695_701) == [
        ("__future__", ("annotations",), 1, MODULE, ()),
        ("os", (), 2, MODULE, ()),
        ("typing", ("TYPE_CHECKING",), 3, MODULE, ()),
        ("acme.y", ("Y",), 8, TYPE_CHECKING, ("BW107",)),
        ("runtime", (), 10, MODULE, ()),
        ("acme.x.core", ("helper",), 14, LAZY, ()),
        ("json", (), 20, LAZY, ()),
    ]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="this syntax parses on 3.12+")
def test_the_token_fallback_reads_what_ast_cannot_parse_on_this_python() -> None:
    with pytest.raises(SyntaxError):
        compile(PEP_695_701, "x.py", "exec")
    assert len(simple(PEP_695_701)) == 7


PYTHON_2 = """\
# -*- coding: utf-8 -*-
import urllib2
from StringIO import StringIO
print "hello", `urllib2`

def fetch(url):
    import cPickle
    exec "x = 1"
    print >>sys.stderr, "fetching: %s" % url
    try:
        from simplejson import loads
    except ImportError, e:
        raise ValueError, "no json"

class Old(object):
    def method(self):
        import imp
        return 0777
"""


def test_python_2_modules_are_read_token_by_token() -> None:
    assert [(m, n, line, c) for m, n, line, c, _ in simple(PYTHON_2)] == [
        ("urllib2", (), 2, MODULE),
        ("StringIO", ("StringIO",), 3, MODULE),
        ("cPickle", (), 7, LAZY),
        ("simplejson", ("loads",), 11, ImportContext.OPTIONAL_LAZY),  # `except ImportError, e`
        ("imp", (), 17, LAZY),
    ]


def test_broken_code_keeps_the_imports_it_can_read() -> None:
    source = """\
        import os
        def broken() -> :
            import json
        if TYPE_CHECKING:
            from acme.y import Y
        x = = 1
        from . import sibling
        """
    assert [(m, n, line, c) for m, n, line, c, _ in simple(source)] == [
        ("os", (), 1, MODULE),
        ("json", (), 3, LAZY),
        ("acme.y", ("Y",), 5, TYPE_CHECKING),
        ("acme.x", ("sibling",), 7, MODULE),
    ]


@pytest.mark.parametrize(
    ("source", "message", "line"),
    [
        (
            'import os\nx = 1\ny = """never closed\nimport json\n',
            "cannot read imports: unterminated triple-quoted string at line 3",
            3,
        ),
        (
            "import os\ncall(\n  1,\nimport json\n",
            "cannot read imports: '(' is never closed at line 2",
            2,
        ),
        (
            "import os\nif x:\n        import a\n    import b\n",
            "cannot read imports: unindent does not match any outer indentation level at line 4",
            4,
        ),
    ],
)
def test_unreadable_sources_report_what_and_where_with_the_imports_before(
    source: str, message: str, line: int
) -> None:
    found, error, error_line = scan_source(source, "acme.x.core", False)
    assert (error, error_line) == (message, line)
    assert found[0].module == "os"


def test_a_latin_1_file_with_a_coding_cookie_is_decoded_by_its_cookie() -> None:
    source = "# -*- coding: latin-1 -*-\nimport os\nname = 'café'\nfrom acme import y\n"
    data = source.encode("latin-1")
    assert decode_source(data) == source
    assert [m for m, *_ in simple(data)] == ["os", "acme"]


def _by_tokenize(data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return normalize_newlines(data.decode(encoding))
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return normalize_newlines(data.decode("latin-1"))


@pytest.mark.parametrize(
    "data",
    [
        "#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nname = 'caf\u00e9'\n".encode(),
        "\n\n# -*- coding: latin-1 -*-\nname = 'caf\u00e9'\n".encode(),
        b"import os\r# coding: latin-1\r\xc3\xa9\n",
        b"# coding: latin-1",
        b"x = 'caf\xe9'\n",
        "\ufeff# coding: utf-8\nname = 'caf\u00e9'\n".encode(),
        b"",
        b"\n",
        b"x = 1",
    ],
)
def test_sources_are_decoded_as_the_tokenizer_decodes_them(data: bytes) -> None:
    assert decode_source(data) == _by_tokenize(data)


def test_bytes_that_are_not_utf_8_fall_back_to_latin_1() -> None:
    data = b"import os\nname = 'caf\xe9 \xff\xfe'\nimport json\n"
    assert [m for m, *_ in simple(data)] == ["os", "json"]
    unknown_cookie = b"# coding: no-such-codec\nimport os\n"
    assert [m for m, *_ in simple(unknown_cookie)] == ["os"]


def test_a_utf_8_bom_is_skipped() -> None:
    data = "\ufeffimport os\nnom = 'été'\nfrom a import b\n".encode()
    assert [(m, line) for m, _, line, *_ in simple(data)] == [("os", 1), ("a", 3)]
    assert [m for m, *_ in simple(data.decode("utf-8"))] == ["os", "a"]


def test_windows_and_old_mac_line_endings_count_lines_like_python() -> None:
    assert [line for _, _, line, *_ in simple(b"import a\r\n\r\nimport b\r\n")] == [1, 3]
    assert [line for _, _, line, *_ in simple(b"import a\r\rimport b\r")] == [1, 3]
    assert [line for _, _, line, *_ in simple(b"import a\x0c\nimport b\n")] == [1, 2]


NOISY = """\
import re
PATTERN = re.compile("\\d+\\.\\w")
if PATTERN is 1:
    import json
"""


def test_sources_that_make_python_warn_are_scanned_silently(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert [m for m, *_ in simple(NOISY)] == ["re", "json"]
        assert [m for m, *_ in simple(NOISY + "type X = int\n")] == ["re", "json"]
    assert caught == []
    assert capsys.readouterr() == ("", "")


def test_warnings_turned_into_errors_do_not_break_the_scan() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [m for m, *_ in simple(NOISY)] == ["re", "json"]


def test_null_bytes_and_binary_garbage_do_not_raise() -> None:
    assert [m for m, *_ in simple(b"import a\x00b\nimport c\n")][-1] == "c"
    found, _, _ = scan_source(bytes(range(256)) * 4, "x", False)
    assert isinstance(found, tuple)
