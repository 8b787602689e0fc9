"""docs/migration.md's walk, replayed: the incumbent-made workspace of `incumbent_shop.py`,
then each marked block of the walk in order, so the page cannot drift from the program.

A block marked `<!-- walk: exit N -->` holds one `$ poetry poly ...` line: it runs in-process,
exits N, and prints every line the block shows (spaces squeezed, times, hashes and the root
folder normalised). Poetry's own steps are replayed by their effect: `<!-- walk: poetry add -->`
adds the lines of the ```diff block that follows to the root `pyproject.toml` and makes the
venv Poetry creates (the development project not installed in it); `<!-- walk: poetry install
-->` installs the root project with Poetry's own editable builder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from test.components.brickwork.testing.dev_venv import make_venv, poetry_install_root
from test.conftest import PolyRunner
from test.docs.incumbent_shop import FILES, write_incumbent_shop
from test.docs.test_commands_examples import split_command
from test.gitrepo import GitRepo

DOC = Path(__file__).resolve().parents[2] / "docs" / "migration.md"
DOC_ROOT = "/tmp/shop"
MARK = re.compile(r"<!-- walk: (?P<step>exit (?P<code>\d)|poetry add|poetry install) -->")


@dataclass(frozen=True)
class Step:
    kind: str
    """`exit`, `poetry add` or `poetry install`."""
    line: int
    command: str = ""
    code: int = 0
    expected: tuple[str, ...] = ()
    added: str = ""
    """For `poetry add`: the lines the diff block after it adds."""


def _block(lines: list[str], start: int) -> tuple[list[str], int]:
    """The body of the fenced block opening at `start`, and the index of its closing fence."""
    assert lines[start].startswith("```"), f"line {start + 1}: no fenced block"
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("```"))
    return lines[start + 1 : end], end


def parse_walk(text: str) -> list[Step]:
    lines = text.splitlines()
    steps: list[Step] = []
    for index, line in enumerate(lines):
        mark = MARK.fullmatch(line.strip())
        if mark is None:
            continue
        body, end = _block(lines, index + 1)
        if mark["code"] is not None:
            assert body[0].startswith("$ poetry poly "), f"line {index + 1}: no poly command"
            assert not any(b.startswith("$ ") for b in body[1:]), f"line {index + 1}: two"
            steps.append(Step("exit", index + 1, body[0][2:], int(mark["code"]), tuple(body[1:])))
        elif mark["step"] == "poetry add":
            diff_start = next(i for i in range(end + 1, len(lines)) if lines[i].startswith("```"))
            diff, _ = _block(lines, diff_start)
            added = "".join(d[1:] + "\n" for d in diff if d.startswith("+"))
            steps.append(Step("poetry add", index + 1, added=added))
        else:
            steps.append(Step("poetry install", index + 1))
    return steps


def normal(line: str, root: Path | None = None) -> str:
    if root is not None:
        line = line.replace(str(root), DOC_ROOT)
    line = re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", line)
    line = re.sub(r"\b\d+\.\d+ ?s\b", "<time>", line)  # "in 0.44 s", "in 0.74s"
    line = re.sub(r"(KiB|B)\s+\d+\.\d+\b", r"\1 <time>", line)  # the table's seconds column
    return re.sub(r"\s+", " ", line).strip()


def test_the_walk_has_the_steps_it_promises() -> None:
    steps = parse_walk(DOC.read_text(encoding="utf-8"))
    kinds = [s.kind for s in steps]
    assert kinds.count("poetry add") == 1 and kinds.count("poetry install") == 1
    commands = [s.command for s in steps if s.kind == "exit"]
    assert "poetry poly check --strict" in commands
    last_check = [s for s in steps if s.command == "poetry poly check --strict"][-1]
    assert last_check.code == 0  # it ends green
    assert any(s.command.startswith("poetry poly test") and s.code == 2 for s in steps)
    assert (
        'include = "shop/cart", from = "../../components"'
        in FILES["projects/shop_checkout/pyproject.toml"]
    )


def test_the_walk_replays_as_documented(poly: PolyRunner, tmp_path: Path) -> None:
    root = write_incumbent_shop(tmp_path / "shop")
    repo = GitRepo.init(root)
    repo.commit("shop workspace")
    for step in parse_walk(DOC.read_text(encoding="utf-8")):
        if step.kind == "poetry add":
            pyproject = root / "pyproject.toml"
            pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n" + step.added)
            make_venv(root)
            continue
        if step.kind == "poetry install":
            poetry_install_root(root)
            continue
        name, args = split_command(step.command)
        result = poly(name, args, cwd=root)
        where = f"docs/migration.md:{step.line}: {step.command}"
        printed = result.stdout + result.stderr
        assert result.exit_code == step.code, f"{where}\n{printed}"
        shown = {normal(line, root) for line in printed.splitlines()}
        missing = [e for e in step.expected if normal(e) and normal(e) not in shown]
        assert not missing, f"{where}: not printed: {missing}\n{printed}"
