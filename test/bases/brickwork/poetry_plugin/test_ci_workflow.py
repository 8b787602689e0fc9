"""The example GitHub Actions workflow parses as YAML and runs the documented commands.

PyYAML is not a dependency: a small reader of the block-style YAML subset the workflow uses
(mappings, sequences, scalars, comments) is enough to check its structure."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[4]
WORKFLOW = ROOT / ".github/workflows/example-poly.yml"


def _scalar(text: str) -> Any:
    text = re.sub(r"\s+#.*$", "", text).strip()
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(item) for item in text[1:-1].split(",") if item.strip()]
    if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    for raw in text.splitlines():
        assert "\t" not in raw, f"tab in {raw!r}"
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            out.append((len(raw) - len(raw.lstrip(" ")), stripped))
    return out


def _block(lines: list[tuple[int, str]], start: int, indent: int) -> tuple[Any, int]:
    """The mapping or sequence whose items sit at `indent`, from line `start`."""
    if lines[start][1].startswith("- "):
        items: list[Any] = []
        index = start
        while index < len(lines) and lines[index][0] == indent:
            assert lines[index][1].startswith("- "), lines[index]
            # an item "- key: value" opens a mapping at indent + 2
            rest = lines[index][1][2:]
            lines[index] = (indent + 2, rest)
            if re.match(r"^[\w.-]+:( |$)", rest):
                value, index = _block(lines, index, indent + 2)
            else:
                value, index = _scalar(rest), index + 1
            items.append(value)
        return items, index
    mapping: dict[str, Any] = {}
    index = start
    while index < len(lines) and lines[index][0] == indent:
        key, _, rest = lines[index][1].partition(":")
        assert key not in mapping, f"duplicate key {key}"
        if rest.strip() and not rest.strip().startswith("#"):
            mapping[key] = _scalar(rest)
            index += 1
        elif index + 1 < len(lines) and (
            lines[index + 1][0] > indent
            or (lines[index + 1][0] == indent and lines[index + 1][1].startswith("- "))
        ):
            mapping[key], index = _block(lines, index + 1, lines[index + 1][0])
        else:  # `key:` with nothing under it: null
            mapping[key] = None
            index += 1
    return mapping, index


def load_yaml(text: str) -> Any:
    lines = _lines(text)
    data, end = _block(lines, 0, 0)
    assert end == len(lines), f"unparsed from line {lines[end]}"
    return data


def _runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_the_example_workflow_has_the_documented_jobs_and_commands() -> None:
    workflow = load_yaml(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["on"] == {"pull_request": None, "push": {"branches": ["main"]}}
    jobs = workflow["jobs"]
    assert list(jobs) == ["changes", "project", "stable"]
    checkout = jobs["changes"]["steps"][0]
    assert checkout == {"uses": "actions/checkout@v4", "with": {"fetch-depth": "0"}}
    assert _runs(jobs["changes"]) == [
        "poetry poly check --strict --output github",
        'echo "matrix=$(poetry poly diff --output github-matrix)" >> "$GITHUB_OUTPUT"',
        'poetry poly diff --output markdown >> "$GITHUB_STEP_SUMMARY"',
    ]
    project = jobs["project"]
    assert project["strategy"]["matrix"] == "${{ fromJSON(needs.changes.outputs.matrix) }}"
    assert project["if"] == "needs.changes.outputs.matrix != '{\"include\":[]}'"
    runs = _runs(project)
    assert 'poetry poly build-project --projects "${{ matrix.project }}" --verify' in runs
    assert any(r.startswith('poetry poly test --projects "${{ matrix.project }}"') for r in runs)
    assert jobs["stable"]["needs"] == ["changes", "project"]
    assert _runs(jobs["stable"])[-1] == "poetry poly tag stable --push"


def test_docs_ci_shows_the_example_workflow_as_shipped() -> None:
    docs = (ROOT / "docs/ci.md").read_text(encoding="utf-8")
    shipped = WORKFLOW.read_text(encoding="utf-8")
    body = "\n".join(line for line in shipped.splitlines() if not line.startswith("#"))
    assert body.strip() in docs


def test_the_pre_commit_hooks_run_poly_commands() -> None:
    hooks = load_yaml((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"]: h["entry"] for h in hooks} == {
        "poly-check": "poetry poly check",
        "poly-sync-check": "poetry poly sync --check --libs",
    }
    assert all(h["pass_filenames"] == "false" for h in hooks)
