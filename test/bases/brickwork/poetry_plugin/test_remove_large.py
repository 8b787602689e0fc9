"""`poly remove` on a workspace of the benchmark generator's size (2,000 components, 100 bases,
100 projects, a real git repository): removing a component nothing imports prints the plan
first, and `check --strict` says afterwards exactly what it said before."""

from __future__ import annotations

import json
from pathlib import Path

from test.bases.brickwork.poetry_plugin.large_support import large_workspace, strict_findings
from test.conftest import PolyRunner
from test.gitrepo import GitRepo


def test_removing_an_unused_component_of_2000_leaves_check_strict_unchanged(
    poly: PolyRunner, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    planned = large_workspace(root)
    used = {d for spec in [*planned.components, *planned.bases] for d in spec.deps()}
    unused = next(c.name for i, c in enumerate(planned.components) if i not in used)
    GitRepo.init(root).commit("generated")
    code_before, before = strict_findings(poly, root)

    result = poly("poly remove", unused, cwd=root)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"remove component {unused}:"
    assert lines[1] == f"  delete components/acme/{unused}/ ({lines[1].split('(')[1]}"
    assert lines[-1].startswith(f"removed component {unused}: deleted 1 folder")
    assert not (root / "components/acme" / unused).exists()
    code_after, after = strict_findings(poly, root)
    assert code_after == code_before
    assert after == [f for f in before if unused not in json.dumps(f)]
    assert poly("poly sync", "--prune --check", cwd=root).exit_code == 0
