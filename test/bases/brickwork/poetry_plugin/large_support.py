"""The workspace of the benchmark generator's size (2,000 components, 100 bases, 100 projects)
that the `*_large` command tests share, and the `check --strict` findings they compare."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from test.conftest import PolyRunner

GENERATOR = Path(__file__).resolve().parents[4] / "benchmarks" / "generate.py"


def generator() -> ModuleType:
    """benchmarks/generate.py (not a package on the test path), loaded from its file once."""
    name = "brickwork_benchmark_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def large_workspace(root: Path) -> Any:
    """Writes the generated workspace (loose theme, seed 0) to `root`; returns its plan."""
    generate = generator()
    planned = generate.plan(2000, 100, 100, "loose", 0)
    generate.write(root, planned)
    return planned


def strict_findings(poly: PolyRunner, root: Path) -> tuple[int, list[dict[str, Any]]]:
    result = poly("poly check", "--strict --output json", cwd=root)
    found: list[dict[str, Any]] = json.loads(result.stdout)["result"]["findings"]
    return result.exit_code, found
