"""The package rename of `poly rename` (`build.rename_module`): the token rewrite of ADR 0007
aimed at one package, with its proof. Pure functions over text and bytes."""

from __future__ import annotations

import pytest

from brickwork.packaging import ArtifactNames, Renaming, check_rename, rename_module
from brickwork.packaging.rename import rename_source
from brickwork.workspace import PolyFailure

NAMES = ArtifactNames(
    tops=frozenset({"acme"}),
    modules=frozenset({"acme", "acme.greeting", "acme.greeting.core", "acme.greeting.data"}),
    targets=frozenset({"acme.greeting.core:hi"}),  # as if core.py bound `hi`
)
RENAME = Renaming("acme.greeting", "acme.greet", NAMES)


def renamed(text: str) -> str:
    new = rename_source(text, RENAME)
    assert check_rename(text, new, RENAME) is None
    return new


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("import acme.greeting\n", "import acme.greet\n"),
        ("import acme.greeting.core as c\n", "import acme.greet.core as c\n"),
        ("import acme.greeting, os\n", "import acme.greet, os\n"),
        ("from acme.greeting.core import hi\n", "from acme.greet.core import hi\n"),
        ("from acme import greeting\n", "from acme import greet as greeting\n"),
        ("from acme import greeting as g, x\n", "from acme import greet as g, x\n"),
        (
            "from acme import (\n    greeting,\n)\n",
            "from acme import (\n    greet as greeting,\n)\n",
        ),
        ("import acme.x\nacme.greeting.core.hi()\n", "import acme.x\nacme.greet.core.hi()\n"),
        ('X = "acme.greeting.core:hi"\n', 'X = "acme.greet.core:hi"\n'),
        ("X = 'acme.greeting.data'\n", "X = 'acme.greet.data'\n"),
        ('X = r"acme.greeting"\n', 'X = r"acme.greet"\n'),
    ],
)
def test_every_import_and_import_path_of_the_package_is_renamed(before: str, after: str) -> None:
    assert renamed(before) == after


@pytest.mark.parametrize(
    "text",
    [
        'X = "acme.greetings"\n',  # merely starts with the old name
        'X = "acme.greeting_utils"\n',
        'X = "acme"\n',
        'X = "acme.greeting is great"\n',
        'X = "acme.greeting.core:unbound"\n',  # names nothing the package holds
        '"""Prose about acme.greeting, kept."""\n',
        'X = f"acme.greeting"\n',
        'X = b"acme.greeting"\n',
        'X = "acme." "greeting"\n',
        "from . import greeting\n",
        "from .greeting import x\n",
        "# import acme.greeting\n",
        "import acme.greetings\n",
        "from acme import greetings\n",
        "greeting.acme.greeting = 1\n",
        "obj.acme.greeting()\n",
        "acme.greeting.hi()\n",  # no `import acme...` binds acme here: not the package
    ],
)
def test_what_does_not_name_the_package_is_left_byte_for_byte(text: str) -> None:
    assert rename_source(text, RENAME) == text


def test_comments_formatting_and_rows_are_kept() -> None:
    text = (
        "import acme.greeting   # keep  this\n"
        "\n"
        "def f():\n"
        "    return acme.greeting.core.hi( 1 ,2 )  # and this\r\n"
    )
    assert renamed(text) == (
        "import acme.greet   # keep  this\n"
        "\n"
        "def f():\n"
        "    return acme.greet.core.hi( 1 ,2 )  # and this\r\n"
    )


def test_an_interface_re_export_is_renamed_and_proved() -> None:
    doc = '"""The interface of acme.greeting."""\n'
    text = doc + 'from acme.greeting.core import hi\n\n__all__ = ["hi"]\n'
    assert renamed(text) == doc + 'from acme.greet.core import hi\n\n__all__ = ["hi"]\n'


def test_source_newer_than_the_running_python_is_renamed_and_proved_on_tokens() -> None:
    text = "from acme import greeting\nimport acme.greeting.core\ntype Alias[T] = list[T]\n"
    assert renamed(text) == (
        "from acme import greet as greeting\nimport acme.greet.core\ntype Alias[T] = list[T]\n"
    )


def test_the_proof_refuses_a_rewrite_that_changes_anything_else() -> None:
    text = "import acme.greeting\nX = 1\n"
    assert check_rename(text, "import acme.greet\nX = 2\n", RENAME) is not None
    assert check_rename(text, "import acme.greet\n\nX = 1\n", RENAME) is not None
    assert check_rename(text, "import acme.other\nX = 1\n", RENAME) is not None


def test_a_module_in_latin_1_with_a_bom_free_cookie_keeps_its_encoding() -> None:
    data = b"# coding: latin-1\nfrom acme.greeting import x  # \xe9\n"
    assert rename_module(data, "a.py", RENAME) == (
        b"# coding: latin-1\nfrom acme.greet import x  # \xe9\n"
    )


def test_a_module_that_never_mentions_the_package_is_not_read() -> None:
    assert rename_module(b"\xff\xfe binary", "blob.py", RENAME) is None


def test_a_module_that_cannot_be_read_is_one_line_naming_it() -> None:
    with pytest.raises(PolyFailure, match=r"^cannot rename acme.greeting in bad.py: it is not"):
        rename_module(b"import acme.greeting\n\xff\n", "bad.py", RENAME)


def test_a_nested_brick_moving_to_another_group_is_imported_from_the_new_group() -> None:
    names = ArtifactNames(frozenset({"acme"}), frozenset({"acme", "acme.aws", "acme.aws.s3"}))
    nested = Renaming("acme.aws.s3", "acme.gcp.storage", names)
    text = "from acme.aws import s3\nimport acme.aws.s3\nacme.aws.s3.put()\n"
    new = rename_source(text, nested)
    assert new == (
        "from acme.gcp import storage as s3\nimport acme.gcp.storage\nacme.gcp.storage.put()\n"
    )
    assert check_rename(text, new, nested) is None
    with pytest.raises(PolyFailure, match="imports other names too"):
        rename_source("from acme.aws import s3, sqs\n", nested)


def test_a_nested_brick_leaving_its_group_keeps_its_own_name_where_it_is_the_same() -> None:
    names = ArtifactNames(frozenset({"acme"}), frozenset({"acme", "acme.aws", "acme.aws.s3"}))
    flat = Renaming("acme.aws.s3", "acme.s3", names)
    text = "from acme.aws import s3\nfrom acme.aws.s3 import put\n"
    new = rename_source(text, flat)
    assert new == "from acme import s3\nfrom acme.s3 import put\n"
    assert check_rename(text, new, flat) is None
