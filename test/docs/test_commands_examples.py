"""The examples of docs/commands.md, run: the docs cannot drift from the program.

An example opts in with an HTML comment right before its fenced block:

    <!-- example: greet -->
    ```
    $ poetry poly deps --brick greeting
    ...the exact output (stdout, then stderr)...
    ```

Every `$ poetry poly ...` line of the block runs, in order, in one fresh copy of the named
fixture workspace (built below); the lines up to the next `$` line are its expected output.
A block that shows only output (a ```json block) names its command in the comment:
`<!-- example: greet: poetry poly deps --output json --brick log -->`. The workspace root
appears as /tmp/docws in the docs. Pipes and Poetry's global options are not supported:
leave such examples unmarked."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from brickwork.poetry_plugin import COMMANDS
from test.conftest import PolyRunner, workspace_toml

DOCS = Path(__file__).resolve().parents[2] / "docs" / "commands.md"
DOC_ROOT = "/tmp/docws"
MARK = re.compile(r"<!-- example: (?P<fixture>[\w-]+)(?::\s*(?P<command>poetry poly .*?))?\s*-->")


@dataclass(frozen=True)
class Run:
    command: str
    """`poetry poly ...` as typed."""
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    fixture: str
    line: int
    """1-based line of the marker in docs/commands.md."""
    runs: tuple[Run, ...]


def parse_examples(text: str) -> list[Example]:
    lines = text.splitlines()
    examples = []
    for index, line in enumerate(lines):
        mark = MARK.fullmatch(line.strip())
        if mark is None:
            continue
        assert lines[index + 1].startswith("```"), f"line {index + 1}: no fenced block follows"
        end = next(i for i in range(index + 2, len(lines)) if lines[i].startswith("```"))
        body = lines[index + 2 : end]
        runs: list[Run] = []
        if mark["command"]:
            runs.append(Run(mark["command"], tuple(body)))
        else:
            assert body and body[0].startswith("$ poetry poly"), f"line {index + 1}: no command"
            for item in body:
                if item.startswith("$ "):
                    runs.append(Run(item[2:], ()))
                else:
                    last = runs[-1]
                    runs[-1] = Run(last.command, (*last.expected, item))
        examples.append(Example(mark["fixture"], index + 1, tuple(runs)))
    return examples


def split_command(typed: str) -> tuple[str, str]:
    """`poetry poly create base --name x` -> ("poly create base", "--name x")."""
    words = typed.split()
    assert words[0] == "poetry" and "|" not in words, f"not runnable: {typed}"
    for size in range(len(words) - 1, 1, -1):
        name = " ".join(words[1 : size + 1])
        if name in COMMANDS:
            return name, typed.split(maxsplit=size + 1)[size + 1] if len(words) > size + 1 else ""
    return "poly", " ".join(words[2:])


# -- fixture workspaces ----------------------------------------------------------------------


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def project(name: str, includes: list[tuple[str, str]], dependencies: bool = True) -> str:
    packages = "".join(f'    {{ include = "acme/{i}", from = "{f}" }},\n' for i, f in includes)
    return (
        f'[project]\nname = "{name}"\nversion = "0.1.0"\nrequires-python = ">=3.10"\n'
        + ("dependencies = []\n" if dependencies else "")
        + f"\n[tool.poetry]\npackages = [\n{packages}]\n"
    )


def empty(root: Path) -> None:
    """A folder with nothing in it: `create workspace` starts here."""


def greet(root: Path) -> None:
    """Four components and a base; greet_service lacks log and carries store, which alone
    imports cache (so cache is not missing: store is not needed)."""
    write(
        root,
        {
            "workspace.toml": workspace_toml("acme", "loose"),
            "components/acme/greeting/__init__.py": '"""Greets people."""\n',
            "components/acme/greeting/core.py": "from acme import log\n",
            "components/acme/log/__init__.py": '"""Logs."""\n',
            "components/acme/cache/__init__.py": '"""Caches."""\n',
            "components/acme/cache/core.py": '"""A cache."""\nfrom acme import store\n',
            "components/acme/store/__init__.py": '"""Stores."""\n',
            "components/acme/store/core.py": (
                "from acme import cache\nfrom acme.greeting.core import hello\n"
            ),
            "bases/acme/greet_api/__init__.py": '"""The API."""\n',
            "bases/acme/greet_api/core.py": "from acme import greeting\n",
            "pyproject.toml": project(
                "acme-development",
                [
                    ("greeting", "components"),
                    ("log", "components"),
                    ("store", "components"),
                    ("greet_api", "bases"),
                ],
            ),
            "projects/greet_service/pyproject.toml": project(
                "greet_service",
                [
                    ("greet_api", "../../bases"),
                    ("greeting", "../../components"),
                    ("store", "../../components"),
                ],
            ),
        },
    )


def info(root: Path) -> None:
    """Two components and a base; greet-service (in projects/greet_service) includes a brick
    that does not exist."""
    write(
        root,
        {
            "workspace.toml": workspace_toml("acme", "loose"),
            "components/acme/greeting/__init__.py": '"""Greets people."""\n',
            "components/acme/log/__init__.py": '"""Logs."""\n',
            "bases/acme/greet_api/__init__.py": "from acme import greeting\n",
            "pyproject.toml": project(
                "acme-dev",
                [("greeting", "components"), ("log", "components"), ("greet_api", "bases")],
            ),
            "projects/greet_service/pyproject.toml": project(
                "greet-service",
                [
                    ("gone", "../../components"),
                    ("greet_api", "../../bases"),
                    ("greeting", "../../components"),
                ],
                dependencies=False,
            ),
        },
    )


FIXTURES: dict[str, Callable[[Path], None]] = {"empty": empty, "greet": greet, "info": info}

EXAMPLES = parse_examples(DOCS.read_text(encoding="utf-8"))


def test_the_docs_mark_examples_and_every_marked_example_names_a_fixture() -> None:
    assert len(EXAMPLES) >= 8
    assert {e.fixture for e in EXAMPLES} <= set(FIXTURES)


def test_an_example_block_is_parsed_into_commands_and_their_output() -> None:
    text = (
        "<!-- example: greet -->\n```\n$ poetry poly deps\nout 1\n\n$ poetry poly crate\nerr\n```\n"
        "<!-- example: info: poetry poly info --output json -->\n```json\n{}\n```\n"
    )

    found = parse_examples(text)

    assert found == [
        Example(
            "greet",
            1,
            (Run("poetry poly deps", ("out 1", "")), Run("poetry poly crate", ("err",))),
        ),
        Example("info", 9, (Run("poetry poly info --output json", ("{}",)),)),
    ]
    assert split_command('poetry poly create component --name g --description "A b"') == (
        "poly create component",
        '--name g --description "A b"',
    )
    assert split_command("poetry poly crate") == ("poly", "crate")


@pytest.mark.parametrize(
    "example", EXAMPLES, ids=[f"commands.md:{e.line}-{e.fixture}" for e in EXAMPLES]
)
def test_the_example_prints_what_the_docs_show(
    example: Example, tmp_path: Path, poly: PolyRunner
) -> None:
    root = tmp_path / "docws"
    root.mkdir()
    FIXTURES[example.fixture](root)
    for run in example.runs:
        command, args = split_command(run.command)
        result = poly(command, args, cwd=root)
        shown = (result.stdout + result.stderr).replace(str(root), DOC_ROOT)
        actual = [line.rstrip() for line in shown.rstrip("\n").splitlines()]
        expected = [line.rstrip() for line in run.expected]
        while expected and not expected[-1]:
            expected.pop()
        assert actual == expected, f"$ {run.command}"
