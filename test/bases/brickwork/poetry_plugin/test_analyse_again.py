"""After some brick files change what they import, the analysis of the whole workspace reads
those bricks again and keeps the rest from the stored one (ADR 0031); every view of it says
what an analysis of everything says. Each fixture keeps findings of every kind (missing
bricks down a chain, cycles, interface bypasses, a component importing a base, libraries, a
sibling distribution, own packages, tests inside bricks, nested bricks, both themes and
project styles), and the edits add and remove each of them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cleo.io.outputs.output import Verbosity

from test.bases.brickwork.poetry_plugin.test_check_reach import CASES, _chains, _findings, _nested
from test.components.brickwork.runs.settle import settle_tree
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

AGAIN = "analysed again where it changed"
VIEWS = (
    ("poly check", "--output json --strict"),
    ("poly check", ""),
    ("poly deps", "--output json"),
    ("poly libs", "--output json"),
)

Edit = tuple[str, str, bool]
"""(file relative to the root, its new text, whether the rest can be kept)."""


def _edits(ws: WorkspaceFactory, case: Callable[..., WorkspaceFactory]) -> list[Edit]:
    def brick(name: str, kind: str = "component", file: str = "__init__.py") -> str:
        return f"{ws.brick_dir(kind, name)}/{file}"

    if case is _nested:
        return [
            (brick("aws/sqs"), "from acme.aws.s3 import impl\nimport boto3\n", True),
            (brick("aws/s3", file="impl.py"), "import json\n", True),
            (brick("api", "base"), "from acme.aws import s3, sqs\n", True),
            (brick("aws/sqs"), "from acme.aws import s3  # poly: ignore[BW108]\n", False),
        ]
    if case is _findings:
        return [
            (brick("log"), "from acme import core\n", True),  # a cycle log <-> core
            (brick("core", file="helpers.py"), "import yaml\nimport authzed\n", True),
            (brick("api", "base"), "import acme.core.helpers\nimport requests\n", True),
            ("test/components/acme/core/test_core.py", "import pytest_mock\n", True),
            (brick("log"), "def get() -> None: ...\n", True),
        ]
    core_tests = ws.brick_dir("component", "core").replace("components/", "test/components/")
    if ws.theme == "tdd":
        core_tests = ws.brick_dir("component", "core").split("/src/")[0] + "/test"
    return [
        (brick("core"), "from acme import log\nimport acme.util\n", True),
        (brick("core", file="impl.py"), "from acme.mail import impl\nimport toml\n", True),
        (brick("log"), "from acme import util\n", True),  # no more yaml
        (f"{core_tests}/test_core.py", "from acme import fake, stray\nimport requests\n", True),
        (brick("util"), "from acme import core\n", True),  # a cycle core -> util -> core
        (brick("util"), "from acme import api\n", True),  # a component imports a base
        (brick("api", "base"), "import acme.core\nimport httpx\nimport toml\n", True),
        ("projects/job/helpers/__init__.py", "from acme import mail, stray\n", True),
        (brick("b"), "def f() -> None:\n    import acme.nothing\n", True),
        (brick("a"), "from acme import b  # poly: ignore[BW106]\n", False),
    ]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize(("theme", "style"), [("loose", "pep621"), ("tdd", "poetry")])
def test_an_analysis_after_an_edit_keeps_the_rest_and_says_what_a_whole_one_says(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    monkeypatch: pytest.MonkeyPatch,
    case: Callable[..., WorkspaceFactory],
    theme: str,
    style: str,
) -> None:
    if case is not _chains and theme == "tdd":
        pytest.skip("the fixture is of the loose theme")
    monkeypatch.delenv("BRICKWORK_NO_CACHE", raising=False)
    ws = case(make_workspace, theme, style)
    settle_tree(ws.root)  # the project files and folders: trusted by their stat from here on
    poly("poly check", "", cwd=ws.root)

    for relative, text, kept in _edits(ws, case):
        ws.write(relative, text)
        seen = [
            poly(command, args, cwd=ws.root, verbosity=Verbosity.VERBOSE) for command, args in VIEWS
        ]
        assert (AGAIN in seen[0].stderr) is kept, (relative, seen[0].stderr)
        with monkeypatch.context() as patch:
            patch.setenv("BRICKWORK_NO_CACHE", "1")  # every run analyses everything
            truth = [poly(command, args, cwd=ws.root) for command, args in VIEWS]
        for view, found, expected in zip(VIEWS, seen, truth, strict=True):
            assert (found.exit_code, found.stdout) == (expected.exit_code, expected.stdout), (
                relative,
                view,
            )

    # a file of a brick no edit touched, saved again as it was: the stored analysis (kept
    # through every edit) still knows what its scan found, and holds
    untouched = {_nested: "aws/s3", _findings: "a"}.get(case, "mail")
    path = ws.root / ws.brick_dir("component", untouched) / "__init__.py"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    again = poly("poly check", "", cwd=ws.root, verbosity=Verbosity.VERBOSE)
    assert "reused the stored analysis" in again.stderr, again.stderr
    assert "changed only where it does not look" in again.stderr, again.stderr
