"""`# poly: ignore` is a comment: the same words in a string or a docstring are no suppression,
while a source the tokenizer gives up on keeps every comment from that line on."""

from __future__ import annotations

from brickwork.imports import ignore_map, scan_source
from brickwork.imports.fallback import scan_tokens


def test_only_comments_suppress_not_strings_or_docstrings_on_the_same_line() -> None:
    source = (
        'import a; HINT = "# poly: ignore[BW201]"\n'
        "import b  # poly: ignore[BW201]\n"
        '"""\n# poly: ignore\n"""\n'
        "import c  # noqa # poly: ignore[bw101, BW102]\n"
    )

    assert ignore_map(source) == {2: ("BW201",), 6: ("BW101", "BW102")}


def test_a_source_the_tokenizer_refuses_keeps_its_comments_from_there_on() -> None:
    unterminated = 'x = "# poly: ignore[BW201]"\ny = """\nimport a  # poly: ignore\n'
    dedent = "if x:\n    import a\n  import b  # poly: ignore[BW101]\n"

    assert ignore_map(unterminated) == {3: ("*",)}
    assert ignore_map(dedent) == {3: ("BW101",)}


FALLBACKS = """\
try:
    import tomllib
except ModuleNotFoundError:
    import tomli as tomllib
try:
    from yaml import CLoader as Loader
except ImportError:
    from yaml import Loader
try:
    from importlib.metadata import version
except ValueError:
    import importlib_metadata
except ImportError:  import importlib_metadata as metadata
def load():
    try:
        import zoneinfo
    except ImportError:
        from backports import zoneinfo
"""


def test_a_version_fallback_s_handler_is_guarded_and_a_third_party_one_s_required() -> None:
    expected = [
        ("tomllib", 2, "optional"),
        ("tomli", 4, "guarded"),  # runs only where the standard library lacks tomllib
        ("yaml", 6, "optional"),
        ("yaml", 8, "module"),  # yaml is needed either way
        ("importlib.metadata", 10, "optional"),
        ("importlib_metadata", 12, "module"),  # a ValueError handler is no fallback
        ("importlib_metadata", 13, "guarded"),
        ("zoneinfo", 16, "optional_lazy"),
        ("backports", 18, "guarded_lazy"),
    ]

    for scanner in (scan_source, scan_tokens):
        found = [(i.module, i.line, i.context.value) for i in scanner(FALLBACKS)[0]]
        assert found == expected, scanner.__name__


def test_a_handler_of_a_body_that_imports_a_third_party_module_too_stays_required() -> None:
    source = "try:\n    import json\n    import ujson\nexcept ImportError:\n    import simplejson\n"

    for scanner in (scan_source, scan_tokens):
        found = [(i.module, i.context.value) for i in scanner(source)[0]]
        assert found == [("json", "optional"), ("ujson", "optional"), ("simplejson", "module")]
