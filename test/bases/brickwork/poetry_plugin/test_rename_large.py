"""`poly rename` on a workspace of the benchmark generator's size (2,000 components, 100 bases,
100 projects, a real git repository): renaming the most widely used component prints the plan
first, moves it with `git mv`, and `check --strict` says afterwards exactly what it said
before, the name aside."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from test.conftest import PolyRunner
from test.gitrepo import GitRepo

GENERATOR = Path(__file__).resolve().parents[4] / "benchmarks" / "generate.py"


def generator() -> ModuleType:
    """benchmarks/generate.py (not a package on the test path), loaded from its file."""
    spec = importlib.util.spec_from_file_location("brickwork_benchmark_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def strict_findings(poly: PolyRunner, root: Path) -> tuple[int, list[dict[str, Any]]]:
    result = poly("poly check", "--strict --output json", cwd=root)
    found: list[dict[str, Any]] = json.loads(result.stdout)["result"]["findings"]
    return result.exit_code, found


def test_renaming_the_most_used_of_2000_components_leaves_check_strict_unchanged(
    poly: PolyRunner, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    generate = generator()
    planned = generate.plan(2000, 100, 100, "loose", 0)
    generate.write(root, planned)
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
