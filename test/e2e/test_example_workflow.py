"""The example workflow (.github/workflows/example-poly.yml), run step by step on a workspace made
only by `poly create` plus the steps docs/ci.md gives: every `run:` step of every job, as
GitHub Actions runs it (bash -e, `$GITHUB_OUTPUT`, the matrix), with the real `poetry`. The
`uses:` steps are the checkout, Python and the setup-brickwork action, which the test's own
checkout, Python and `poetry` (plugin loaded) stand in for. A pushed tag lands in a bare
repository standing in for GitHub. Needs a package index: the `project` job runs
`poetry install`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from brickwork import packaging
from test.e2e.shipped import ROOT, brick_file, git, poly_created_workspace, sh, workflow

pytestmark = pytest.mark.skipif(
    not packaging.index_configured(), reason="needs a package index for `poetry install`"
)

EMULATED = {"actions/checkout@v4", "actions/setup-python@v5"}


def first_run_block() -> str:
    """The shell block of docs/ci.md's "Before the first run"."""
    docs = (ROOT / "docs/ci.md").read_text(encoding="utf-8")
    section = docs.split("### Before the first run", 1)[1].split("\n### ", 1)[0]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match is not None, "docs/ci.md: no sh block under 'Before the first run'"
    return match.group(1)


def run_job(
    name: str, root: Path, matrix: dict[str, str] | None = None
) -> tuple[dict[str, str], list[subprocess.CompletedProcess[str]]]:
    """Every step of job `name`, in order, until one fails: (the step outputs, the results)."""
    job = workflow()["jobs"]
    assert isinstance(job, dict)
    outputs: dict[str, str] = {}
    results = []
    github = root.parent / f"github-{name}"
    github.mkdir(exist_ok=True)
    for step in job[name]["steps"]:
        if "uses" in step:
            uses = str(step["uses"])
            assert uses in EMULATED or uses.endswith("/.github/actions/setup-brickwork@v0.1.0")
            continue
        command = str(step["run"])
        for key, value in (matrix or {}).items():
            command = command.replace("${{ matrix." + key + " }}", value)
        assert "${{" not in command, command
        output = github / "output"
        output.write_text("", encoding="utf-8")
        extra = {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(github / "summary")}
        result = sh(command, root, extra)
        results.append(result)
        if result.returncode != 0:
            break
        for line in output.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            outputs[f"{step.get('id')}.{key}"] = value
    return outputs, results


@pytest.fixture(params=["loose", "tdd"])
def pushed(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A `poly create` workspace on GitHub (a bare repository), with its first stable point made
    by docs/ci.md's step, then a change to the base on a new commit."""
    theme = str(request.param)
    root = poly_created_workspace(tmp_path / "acme", theme)
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "remote.git")], check=True)
    git(root, "remote", "add", "origin", str(tmp_path / "remote.git"))
    git(root, "push", "-q", "origin", "main")
    first = sh(first_run_block(), root)
    assert first.returncode == 0, first.stdout + first.stderr
    core = brick_file(root, theme, "bases", "greet_api", "core.py")
    with core.open("a", encoding="utf-8") as out:
        out.write('\n\ndef bye() -> str:\n    return "Bye from greet_api!"\n')
    git(root, "commit", "-q", "-am", "greet_api says bye")
    return root, theme


def test_every_job_of_the_example_workflow_passes_on_a_poly_created_workspace(
    pushed: tuple[Path, str],
) -> None:
    root, _ = pushed
    assert git(root, "ls-remote", "--tags", "origin").split()[1::2] == ["refs/tags/stable-1"]

    outputs, results = run_job("changes", root)
    assert [r.returncode for r in results] == [0] * len(results), results[-1].stderr
    matrix = json.loads(outputs["diff.matrix"])
    assert matrix == {"include": [{"project": "greet_service", "path": "projects/greet_service"}]}
    summary = (root.parent / "github-changes/summary").read_text(encoding="utf-8")
    assert "greet_service" in summary

    for entry in matrix["include"]:
        _, results = run_job("project", root, entry)
        failed = [r for r in results if r.returncode != 0]
        assert not failed, failed[0].args[-1] + "\n" + failed[0].stdout + failed[0].stderr
        assert "1 passed" in results[-1].stdout
    assert (root / "projects/greet_service/dist/greet_service-0.1.0-py3-none-any.whl").is_file()

    git(root, "push", "-q", "origin", "main")
    _, results = run_job("stable", root)
    assert [r.returncode for r in results] == [0], results[-1].stderr
    tags = git(root, "ls-remote", "--tags", "origin").split()[1::2]
    assert tags == ["refs/tags/stable-1", "refs/tags/stable-2"]


def test_the_changes_job_fails_on_a_missing_brick_with_an_annotation(
    pushed: tuple[Path, str],
) -> None:
    root, theme = pushed
    use = brick_file(root, theme, "bases", "greet_api", "use.py")
    use.write_text("from acme import greeting\n\nGREETING = greeting\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "greet_api uses greeting")

    _, results = run_job("changes", root)

    assert [r.returncode for r in results] == [1]
    assert "title=BW101" in results[0].stdout
    assert results[0].stdout.startswith("::error file=")
