from __future__ import annotations

import pytest

from brickwork import check, graph, imports, workspace
from test.conftest import MakeWorkspace


@pytest.mark.parametrize(("theme", "style"), [("loose", "pep621"), ("tdd", "poetry")])
def test_rules_on_a_workspace_read_from_disk_of_either_theme(
    make_workspace: MakeWorkspace, theme: str, style: str
) -> None:
    factory = make_workspace(theme=theme, dev_style=style)
    factory.component("log")
    factory.component("typed")
    factory.component(
        "core",
        files={
            "impl.py": (
                "from __future__ import annotations\n"
                "from typing import TYPE_CHECKING\n"
                "from acme import log\n"
                "if TYPE_CHECKING:\n"
                "    from acme.typed import Thing\n"
            )
        },
    )
    factory.base("api", "import acme.core\n")
    factory.project("svc", ["api", "core"], style=style)
    tests = "test/components/acme/core" if theme == "loose" else "components/core/test/acme/core"
    factory.write(f"{tests}/test_impl.py", "import acme.log\nfrom acme import fixtures\n")
    ws = workspace.load(factory.root)
    scan = imports.scan_workspace(ws, use_cache=False)

    found = check.run_checks(ws, scan, graph.build_graph(ws, scan))

    core = factory.brick_dir("component", "core")
    assert [(f.code, ws.relative(f.path), f.line, f.subject) for f in found] == [
        ("BW101", f"{core}/impl.py", 3, "log"),
        ("BW102", f"{tests}/test_impl.py", 2, "acme.fixtures"),
    ]
