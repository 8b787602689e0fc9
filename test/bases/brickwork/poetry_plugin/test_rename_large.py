"""`poly rename` on a workspace of the benchmark generator's size (2,000 components, 100 bases,
100 projects, a real git repository): renaming the most widely used component prints the plan
first, moves it with `git mv`, and `check --strict` says afterwards exactly what it said
before, the name aside."""

from __future__ import annotations

import json
import re
from pathlib import Path

from test.bases.brickwork.poetry_plugin.large_support import large_workspace, strict_findings
from test.conftest import PolyRunner
from test.gitrepo import GitRepo


def test_renaming_the_most_used_of_2000_components_leaves_check_strict_unchanged(
    poly: PolyRunner, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    planned = large_workspace(root)
    users: dict[int, int] = {}
    for spec in [*planned.components, *planned.bases]:
        for dep in spec.deps():
            users[dep] = users.get(dep, 0) + 1
    index = max(users, key=lambda i: (users[i], -i))
    old = planned.components[index].name
    new = f"{old}_renamed"
    repo = GitRepo.init(root)
    repo.commit("generated")
    code_before, before = strict_findings(poly, root)

    result = poly("poly rename", f"{old} {new}", cwd=root)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"rename component {old} -> {new} (acme.{old} -> acme.{new}):"
    assert lines[1] == f"  would move components/acme/{old} -> components/acme/{new} (git mv)"
    updated = [line for line in lines if line.startswith("  would update ")]
    assert len(updated) > users[index]  # every importer, the interface, the project files
    assert lines[-1] == (
        f"renamed component {old} to {new}: 1 folder moved, {len(updated)} files updated."
    )
    assert not (root / "components/acme" / old).exists()
    code_after, after = strict_findings(poly, root)
    assert code_after == code_before
    word = re.compile(rf"\b{re.escape(old)}\b")
    assert after == json.loads(word.sub(new, json.dumps(before)))
    mentions = [
        p
        for p in root.rglob("*.py")
        if re.search(rf"\bacme\.{re.escape(old)}\b|import {re.escape(old)}\b", p.read_text())
    ]
    assert mentions == []
