"""The build proves what --with-top-namespace ships: each rewritten module is the original with
only renamed imports and name strings (by syntax tree, or by tokens for syntax the running
Python cannot parse), rows kept; each artifact holds exactly those modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import packaging, workspace
from test.components.brickwork.packaging.conftest import MakeService

NAMES = packaging.ArtifactNames(
    tops=frozenset({"acme"}),
    modules=frozenset({"acme", "acme.x", "acme.x.core"}),
    bound={"acme.x.core": frozenset({"main"})},
)
MODULE = 'import os\n\nimport acme.x\nfrom acme.x import core\nTARGET = "acme.x.core:main"\n'
SHIPPED = (
    "import os\n\nimport shop.acme.x, shop.acme as acme\nfrom shop.acme.x import core\n"
    'TARGET = "shop.acme.x.core:main"\n'
)
NEWER = "type Ids = list[int]\n"
"""Syntax Python 3.11 does not parse (PEP 695)."""
PY2 = 'print "acme.x.core"\n'
"""Syntax no Python 3 parses: always checked token by token."""


def test_the_rewrite_of_a_module_is_proved_equivalent() -> None:
    assert packaging.rewrite_source(MODULE, NAMES, "shop") == SHIPPED
    assert packaging.check_rewrite(MODULE, SHIPPED, NAMES, "shop") is None


@pytest.mark.parametrize("tail", ["", NEWER, PY2])
def test_form_feeds_and_unicode_line_separators_keep_every_edit_on_its_row(tail: str) -> None:
    source = "# a\x0c\n# b\u2028c\x1c\x85\n" + MODULE + tail

    shipped = packaging.rewrite_source(source, NAMES, "shop")

    assert shipped == "# a\x0c\n# b\u2028c\x1c\x85\n" + SHIPPED + tail.replace(
        '"acme.x.core"', '"shop.acme.x.core"'
    )
    assert packaging.check_rewrite(source, shipped, NAMES, "shop") is None


@pytest.mark.parametrize(
    ("shipped", "problem"),
    [
        (
            SHIPPED.replace("import shop.acme.x, shop.acme as acme", "import shop.acme.x"),
            "line 3: the import does not load and bind the same modules",
        ),
        (
            SHIPPED.replace("from shop.acme.x import core", "from acme.x import core"),
            "line 4: the import does not load and bind the same names",
        ),
        (SHIPPED.replace("import os\n\n", "import os\nimport shop.acme.x\n"), "line 1: 4 items"),
        (
            SHIPPED.replace("import os\n\nimport", "import os\nimport").replace(
                "TARGET", "\nTARGET"
            ),
            "line 3: a Import moved to line 2",
        ),
        (
            SHIPPED.replace("shop.acme.x.core:main", "acme.x.core:main.x"),
            "line 5: the constant 'acme.x.core:main' became 'acme.x.core:main.x'",
        ),
        (
            SHIPPED.replace("import os", "import shop.os"),
            "line 1: the import does not load and bind the same modules",
        ),
        (SHIPPED.replace("TARGET =", "TARGETS ="), "line 5: 'TARGET' became 'TARGETS'"),
        (SHIPPED.replace("from shop", "fromshop"), "the rewritten module does not parse"),
    ],
)
def test_a_rewrite_that_changes_anything_else_is_caught_with_its_line(
    shipped: str, problem: str
) -> None:
    found = packaging.check_rewrite(MODULE, shipped, NAMES, "shop")

    assert found is not None
    assert found.startswith(problem)


def test_a_string_that_names_nothing_in_the_artifact_may_not_change() -> None:
    source = 'HOST = "acme.com"\n'

    assert packaging.check_rewrite(source, 'HOST = "shop.acme.com"\n', NAMES, "shop") == (
        "line 1: the constant 'acme.com' became 'shop.acme.com'"
    )


@pytest.mark.parametrize(
    ("shipped", "problem"),
    [
        (
            SHIPPED.replace("import shop.acme.x, shop.acme as acme", "import shop.acme.x") + PY2,
            "line 3: ',' became '\\n' (line 3)",
        ),
        (
            (SHIPPED + PY2).replace("\nfrom shop", "from shop"),
            "line 3: 'acme' became 'acmefrom' (line 3)",
        ),
        (
            (SHIPPED + PY2).replace('print "', 'print "shop.acme.com '),
            "line 6: '\"acme.x.core\"' became",
        ),
        (
            packaging.rewrite_source(MODULE + PY2, NAMES, "shop") + "X = 1\n",
            "line 7: '' became 'X'",
        ),
    ],
)
def test_source_the_running_python_cannot_parse_is_compared_token_by_token(
    shipped: str, problem: str
) -> None:
    source = MODULE + PY2

    assert (
        packaging.check_rewrite(
            source, packaging.rewrite_source(source, NAMES, "shop"), NAMES, "shop"
        )
        is None
    )
    found = packaging.check_rewrite(source, shipped, NAMES, "shop")
    assert found is not None
    assert found.startswith(problem), found


def test_the_built_wheel_is_checked_against_the_proved_modules_and_removed_when_it_differs(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    ws = workspace.load(factory.root)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(top_namespace="shop")
    out = tmp_path / "out"
    out.mkdir()
    with packaging.staged(ws, project, options) as stage:
        artifacts = packaging.build_stage(stage, out, packaging.ALL_FORMATS)
        packaging.check_artifacts(stage, artifacts, "shop")
        assert sorted(p.name for p in out.iterdir()) == [
            "svc-1.2.0-py3-none-any.whl",
            "svc-1.2.0.tar.gz",
        ]
        core = next(stage.root.rglob("shop/acme/api/core.py"))
        core.write_text(core.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")

        with pytest.raises(workspace.PolyFailure) as raised:
            packaging.check_artifacts(stage, artifacts, "shop")

    assert str(raised.value) == (
        "svc-1.2.0-py3-none-any.whl: shop/acme/api/core.py changed after the rewrite proved "
        "it; the build is refused and its artifacts removed."
    )
    assert list(out.iterdir()) == []


def test_a_shipped_module_that_still_imports_the_old_name_fails_the_build(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    ws = workspace.load(factory.root)
    project = ws.project("svc")
    assert project is not None
    out = tmp_path / "out"
    out.mkdir()
    with packaging.staged(ws, project, packaging.BuildOptions(top_namespace="shop")) as stage:
        # a module the rewrite never saw (as a build script could write one)
        folder = next(stage.root.rglob("shop/acme/api"))
        (folder / "late.py").write_text("import os\nfrom acme.greeting import hello\n")
        artifacts = packaging.build_stage(stage, out, (packaging.Format.WHEEL,))

        with pytest.raises(
            workspace.PolyFailure, match=r"^svc-1\.2\.0-py3-none-any\.whl: "
        ) as raised:
            packaging.check_artifacts(stage, artifacts, "shop")

    assert "shop/acme/api/late.py:2 still imports acme.greeting (not shop.acme.greeting)" in str(
        raised.value
    )
    assert list(out.iterdir()) == []


def test_without_a_top_namespace_there_is_nothing_to_prove(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    ws = workspace.load(factory.root)
    project = ws.project("svc")
    assert project is not None
    with packaging.staged(ws, project) as stage:
        artifacts = packaging.build_stage(stage, tmp_path, (packaging.Format.WHEEL,))
        packaging.check_artifacts(stage, artifacts, None)

    assert [a.path.exists() for a in artifacts] == [True]
