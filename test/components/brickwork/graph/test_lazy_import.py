from __future__ import annotations

import subprocess
import sys
import textwrap

from test.conftest import MakeWorkspace

CHECK_WITHOUT_NETWORKX = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from brickwork import check, graph, imports, workspace

    ws = workspace.load(Path(sys.argv[1]))
    scan = imports.scan_workspace(ws)
    bricks = graph.build_graph(ws, scan)
    findings = check.run_checks(ws, scan, bricks)
    assert graph.find_cycles(bricks) == (), graph.find_cycles(bricks)
    assert graph.dependents(bricks, "log") == {"core", "api"}
    assert graph.dependencies(bricks, "api") == {"core", "log"}
    assert "networkx" not in sys.modules, "networkx was imported"
    print(len(findings))
    """
)


def test_checking_an_acyclic_workspace_does_not_import_networkx(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    ws.component(
        "log",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from acme import core\n",
    )
    ws.component("core", "from acme import log\n")
    ws.base("api", "import acme.core\n")
    ws.project("svc", ["api", "core", "log"])

    result = subprocess.run(
        [sys.executable, "-c", CHECK_WITHOUT_NETWORKX, str(ws.root)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "0\n"
