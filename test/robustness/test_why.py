"""`deps --why X` on hostile input: bad names and option mixes get one line and exit 2, a tree
that is byte-identical afterwards; odd workspaces (a cycle, a file that does not parse, a brick
loaded by a string, a brick another project's distribution ships) still get true chains."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not p.relative_to(root).parts[0].startswith(".brickwork")
        and "__pycache__" not in p.parts
    }


def small(
    make_workspace: MakeWorkspace, theme: str = "loose", style: str = "pep621"
) -> WorkspaceFactory:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("db", "import sqlalchemy\n")
    ws.base("api", "from acme import db\n")
    ws.project("svc", ["api", "db"], style=style, dependencies=["sqlalchemy"])
    return ws


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("--why ''", "--why needs a brick or library name: --why orders, --why PyYAML."),
        ("--why db --brick db", "--why and --brick answer different questions: give one of them."),
        ("--why db --output mermaid", "--why shows text or json, not mermaid."),
        ("--all", "--all goes with --why X."),
        ("--why 'a b;c'", "--why a b;c: no brick or library of this workspace has that name; "),
        ("--why db --projects nosuch", "unknown project"),
        ("--why ../../etc/passwd", "--why ../../etc/passwd: no brick or library"),
    ],
)
@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_a_bad_why_is_one_line_exit_2_and_changes_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner, args: str, message: str, style: str
) -> None:
    ws = small(make_workspace, style=style)
    before = tree(ws.root)

    result = poly("poly deps", args, cwd=ws.root)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(ws.root) == before


def test_outside_a_workspace_why_is_one_line_exit_2(tmp_path: Path, poly: PolyRunner) -> None:
    result = poly("poly deps", "--why db", cwd=tmp_path)

    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_a_cycle_ends_every_chain_and_no_brick_repeats(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = make_workspace(theme=theme)
    ws.component("log", "from acme import db\nimport structlog\n")
    ws.component("db", "import acme.log\n")
    ws.base("api", "from acme import db\nfrom acme import log\n")
    ws.project("svc", ["api", "db", "log"], dependencies=["structlog"])

    result = poly("poly deps", "--why structlog --projects svc --all", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "svc needs library structlog (2 chains):"
    assert lines[1].startswith("  base api -> component log (")
    assert lines[2].startswith("  base api -> component db (")
    assert lines[2].count("component log") == 1 and lines[2].count("component db") == 1


def test_a_file_that_does_not_parse_still_gives_its_chains(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = small(make_workspace)
    ws.component("legacy", "", {"broken.py": "import structlog\ndef f(:\n"})
    ws.write("bases/acme/api/__init__.py", "from acme import db\nfrom acme import legacy\n")
    ws.project("svc", ["api", "db", "legacy"], dependencies=["sqlalchemy", "structlog"])

    result = poly("poly deps", "--why structlog --projects svc", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "svc needs library structlog (1 chain):",
        "  base api -> component legacy (bases/acme/api/__init__.py:2 imports acme.legacy) -> "
        "structlog (components/acme/legacy/broken.py:1 imports structlog)",
    ]


def test_a_brick_loaded_by_a_string_is_a_hop_with_its_line(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("orders", '"""orders."""\n')
    ws.base(
        "api", "", {"app.py": 'import importlib\n\nmod = importlib.import_module("acme.orders")\n'}
    )
    ws.project("svc", ["api", "orders"])

    result = poly("poly deps", "--why orders --projects svc", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "svc needs component orders (1 chain):",
        "  base api -> component orders (bases/acme/api/app.py:3 imports acme.orders)",
    ]


def test_a_brick_another_projects_distribution_ships_names_that_dependency(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("storage", '"""storage."""\n')
    ws.base("api", "from acme import storage\n")
    ws.project("acme_storage", ["storage"])
    ws.project("svc", ["api"], dependencies=["acme-storage"])

    result = poly("poly deps", "--why storage --projects svc", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "svc gets component storage with its dependency acme-storage (project acme_storage): "
        "that wheel ships it, not svc's",
        "svc needs component storage (1 chain):",
        "  base api -> component storage (bases/acme/api/__init__.py:1 imports acme.storage)",
    ]


def test_a_brick_named_like_a_library_is_the_brick(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("yaml", "import yaml\n")
    ws.base("api", "from acme import yaml\n")
    ws.project("svc", ["api", "yaml"], dependencies=["pyyaml"])

    brick = poly("poly deps", "--why yaml --projects svc", cwd=ws.root)
    library = poly("poly deps", "--why PyYAML --projects svc", cwd=ws.root)

    assert brick.stdout.splitlines()[0] == "svc needs component yaml (1 chain):"
    assert library.stdout.splitlines() == [
        "svc needs library pyyaml (1 chain):",
        "  base api -> component yaml (bases/acme/api/__init__.py:1 imports acme.yaml) -> pyyaml "
        "(components/acme/yaml/__init__.py:1 imports yaml)",
    ]
