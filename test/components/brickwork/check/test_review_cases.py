"""Cases a maintainer paged by a red CI would try first: combinations of the "no false red"
families that their own tests do not build, each beside the true findings that must stay."""

from __future__ import annotations

import pytest

from test.components.brickwork.poly_runs import LAYOUTS, declare_development, json_run
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Found = list[tuple[str, str, str, int]]

WORDS_NOT_COMMENTS = '''\
"""Client helpers.

Silence a finding with a comment such as
# poly: ignore[BW201]
"""
import requests; HINT = "# poly: ignore[BW201]"  # a string on the import's line
import httpx  # poly: ignore[BW201]
import attr  # poly: ignore[BW201]
TEXT = """
# poly: ignore
"""
'''


def build_words(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("client", "", {"core.py": WORDS_NOT_COMMENTS})
    ws.base("api", "from acme import client\n")
    ws.project("svc", ["api", "client"], style=style, dependencies=["attrs"])
    declare_development(ws, ["attrs"])
    return ws


def check(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> tuple[int, Found]:
    code, data = json_run(poly, ws, "poly check", args)
    body = data.get("result", data)  # the report's body, in either JSON schema version
    return code, sorted(
        (f["code"], f["subject"], f["severity"], f["line"]) for f in body["findings"]
    )


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_suppression_words_in_a_string_or_docstring_silence_nothing_and_are_no_stale_comment(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = build_words(make_workspace, theme, style)

    code, found = check(poly, ws)
    strict, strict_found = check(poly, ws, "--strict")

    assert code == 1 and strict == 1
    # requests: the words are in a string on its line, so the true error stays
    assert found == [("BW201", "requests", "error", 6)]
    # httpx's comment silences a true BW201 (used); attr's silences nothing: attrs is declared
    # (the true BW110); the docstring and the string constants are no comments at all
    assert [f for f in strict_found if f[0] == "BW110"] == [
        ("BW110", "# poly: ignore[BW201]", "warning", 8)
    ]
