"""Every shell block of README.md, docs/ci.md and docs/deploy.md either runs here, line by line
as written, in a temp dir with the real `poetry` (plugin loaded) on PATH, or is listed below
with the test that runs it or the reason it cannot run here. A new shell block in those docs
fails the listing test until it is placed on one side."""

from __future__ import annotations

import os
import re
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

from brickwork import packaging
from test.e2e.conftest import POETRY
from test.e2e.shipped import git, sh

ROOT = Path(__file__).resolve().parents[2]
DOCS = ["README.md", "docs/ci.md", "docs/deploy.md"]
SHELL = {"", "sh", "bash", "console", "shell"}
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\w*)\s*$")


@dataclass(frozen=True)
class Block:
    doc: str
    line: int
    """1-based line of the opening fence."""
    lines: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return self.doc, self.lines[0].strip()


def shell_blocks(doc: str) -> list[Block]:
    text = (ROOT / doc).read_text(encoding="utf-8").splitlines()
    blocks, index = [], 0
    while index < len(text):
        fence = FENCE.match(text[index])
        if fence is None:
            index += 1
            continue
        indent = fence["indent"]
        end = next(i for i in range(index + 1, len(text)) if text[i] == f"{indent}```")
        if fence["lang"] in SHELL:
            body = tuple(line.removeprefix(indent) for line in text[index + 1 : end])
            blocks.append(Block(doc, index + 1, body))
        index = end + 1
    return blocks


#: Run by this file, in this order, in one workspace: (doc, how the block's first line starts).
RUN = [
    ("README.md", "$ poetry poly create workspace --name acme"),
    ("README.md", "poetry poly                    # list the poly commands"),
    ("docs/deploy.md", "poetry poly build-project --projects greet_service --locked"),
]

#: Not run here, and why.
ELSEWHERE = {
    ("README.md", "git clone https://github.com/"): (
        "test/e2e/test_install_paths.py runs it against a clone (minutes: a pinned .venv)"
    ),
    ("docs/ci.md", "poetry poly tag stable --push"): (
        "test/e2e/test_example_workflow.py runs it with a bare repository as the remote"
    ),
    ("docs/ci.md", "git tag v0.1.0 && git push origin v0.1.0"): "publishes a release",
    ("docs/ci.md", 'git grep -l "OWNER[/]brickwork" | xargs sed -i'): (
        "test/docs/test_repository_address.py runs it in a clone"
    ),
    ("docs/deploy.md", "$ poetry poly build-project --projects svc --locked"): (
        "output of a lock that holds typing-extensions at two versions (a fixture of its own)"
    ),
    ("docs/deploy.md", "docker build -f projects/greet_service/Dockerfile"): (
        "needs docker and a base image from a registry"
    ),
    ("docs/deploy.md", "poetry poly create project --name greet_service --base greet_api"): (
        "test/bases/brickwork/poetry_plugin/test_create_script.py creates a project with --script"
    ),
    ("docs/deploy.md", "$ poetry poly build-project --projects greet_service --format wheel"): (
        "test/bases/brickwork/poetry_plugin/test_create_script.py runs the script from the wheel"
    ),
}


def placed(block: Block) -> list[tuple[str, str]]:
    """The entries of RUN and ELSEWHERE that name `block`."""
    doc, first = block.key
    return [entry for entry in [*RUN, *ELSEWHERE] if entry[0] == doc and first.startswith(entry[1])]


def test_every_shell_block_of_the_docs_is_run_or_listed_with_its_reason() -> None:
    blocks = [block for doc in DOCS for block in shell_blocks(doc)]

    unplaced = [f"{b.doc}:{b.line}: {b.lines[0]}" for b in blocks if len(placed(b)) != 1]
    assert not unplaced, "place each block in RUN or ELSEWHERE"
    assert sorted(e for b in blocks for e in placed(b)) == sorted([*RUN, *ELSEWHERE])


def commands(block: Block) -> list[str]:
    """The lines to type: `$ ` lines where the block shows prompts (the rest is output)."""
    if any(line.startswith("$ ") for line in block.lines):
        return [line[2:] for line in block.lines if line.startswith("$ ")]
    return [line for line in block.lines if line.strip() and not line.startswith("#")]


@pytest.mark.skipif(
    not packaging.index_configured(), reason="needs a package index: poetry install"
)
def test_the_readme_example_tour_and_deploy_lines_run_without_one_failing_step(
    tmp_path: Path,
) -> None:
    blocks = {placed(block)[0]: block for doc in DOCS for block in shell_blocks(doc)}
    workspace = tmp_path / "work"
    workspace.mkdir()
    # the README's `pip install` goes to the active environment: a fresh venv here
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    path = {"PATH": os.pathsep.join([str(env / "bin"), str(POETRY.parent), os.environ["PATH"]])}

    ran = []
    for key in RUN:
        block = blocks[key]
        for command in commands(block):
            result = sh(command, workspace, path)
            where = f"{block.doc}:{block.line}: {command}"
            assert result.returncode == 0, f"{where}\n{result.stdout}\n{result.stderr}"
            ran.append(command)

    assert "poetry install" in " ".join(ran)
    installed = sh(f"{env / 'bin/python'} -c 'import acme.greet_api'", workspace)
    assert installed.returncode == 0, installed.stderr
    assert git(workspace, "tag", "--list").split() == ["stable-1", "stable-2"]
    dist = workspace / "projects/greet_service/dist"
    assert sorted(p.name for p in dist.iterdir()) == [
        "greet_service-0.1.0-py3-none-any.whl",
        "greet_service-0.1.0.tar.gz",
        "requirements.txt",
    ]
