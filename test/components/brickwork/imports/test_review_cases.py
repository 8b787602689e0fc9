"""`# poly: ignore` is a comment: the same words in a string or a docstring are no suppression,
while a source the tokenizer gives up on keeps every comment from that line on."""

from __future__ import annotations

from brickwork.imports import ignore_map


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
