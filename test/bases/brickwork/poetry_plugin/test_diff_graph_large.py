"""`poly diff --graph` on a workspace of the benchmark generator's size (2,000 components, 100
bases, 100 projects, a real git repository): a branch that adds one import shows exactly that
edge, and the work tree is left as it was."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from test.bases.brickwork.poetry_plugin.large_support import large_workspace
from test.conftest import PolyRunner
from test.gitrepo import GitRepo


def test_a_branch_adding_one_import_to_2000_components_shows_exactly_that_edge(
    poly: PolyRunner, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    root = tmp_path / "ws"
    planned = large_workspace(root)
    components = planned.components
    # The last component of a project imports the first component the project does not
    # include: components import lower-numbered ones only, so the new edge closes no cycle.
    project = planned.projects[0]
    source = components[max(project.components)]
    target = components[min(set(range(max(project.components))) - set(project.components))]
    repo = GitRepo.init(root)
    repo.write(".gitignore", ".brickwork_cache/\n")
    repo.commit("generated")
    repo.tag("stable-1")
    repo.branch("feature")
    init = f"components/acme/{source.name}/__init__.py"
    lines = (root / init).read_text(encoding="utf-8").splitlines()
    repo.commit("one import", {init: "\n".join([*lines, f"from acme import {target.name}", ""])})
    status = repo.git("status", "--porcelain")

    started = time.perf_counter()
    result = poly("poly diff", "--graph --output json", cwd=root)
    seconds = time.perf_counter() - started
    record_property("diff_graph_seconds", round(seconds, 1))  # in the JUnit report

    assert result.exit_code == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)["result"]
    assert found["edges"] == {
        "added": [
            {
                "source": source.name,
                "target": target.name,
                "runtime": True,
                "sites": [{"path": init, "line": len(lines) + 1, "runtime": True}],
            }
        ],
        "removed": [],
    }
    assert found["bricks"] == {"added": [], "removed": []}
    assert found["cycles"] == {"added": [], "removed": []}
    assert project.folder.replace("_", "-") in [p["name"] for p in found["projects"]]
    for project in found["projects"]:
        assert target.name in project["reach_added"], project
        assert project["bricks_added"] == project["libraries_added"] == []
    assert repo.git("status", "--porcelain") == status
    assert seconds < 60, f"diff --graph took {seconds:.1f} s"  # ~2-4 s measured on 2 cores
