"""`poly rename`, tried as a hostile user would: bad names, a name that is taken, a rename onto
itself, a dirty tree, a brick used by a string import, files in odd shapes, a write that fails
half-way. Each refusal is one line with the documented exit code (2: bad input, 1: a conflict),
no traceback, and a tree (and git index) byte-identical afterwards; each rename keeps every
file's shape."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from brickwork.scaffold import moves
from test.bases.brickwork.poetry_plugin.rename_support import commit_all, git, greeting_workspace
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.robustness.test_bad_input import tree as full_tree


def tree(root: Path) -> dict[str, str]:
    """The work tree's files (git's own folder aside: `git status` refreshes its index)."""
    return {k: v for k, v in full_tree(root).items() if not k.startswith(".git/")}


REFUSALS = [
    pytest.param("greeting greeting", 2, r"'greeting' would be renamed onto itself", id="itself"),
    pytest.param(
        "greting greet",
        2,
        r"unknown brick 'greting': nothing was renamed; did you mean greeting or greetings\?",
        id="typo",
    ),
    pytest.param("nothing_like_it greet", 2, r"poetry poly info` lists the bricks", id="unknown"),
    pytest.param("greeting Greet", 2, r"'Greet' is not a valid brick name", id="uppercase"),
    pytest.param("greeting 1st", 2, r"'1st' is not a valid brick name", id="digit"),
    pytest.param("greeting class", 2, r"'class' is not a valid brick name", id="keyword"),
    pytest.param("greeting a-b", 2, r"'a-b' is not a valid brick name", id="dash"),
    pytest.param("greeting greetings", 1, r"a component greetings exists", id="taken-component"),
    pytest.param("greeting cli", 1, r"a base cli exists", id="taken-base"),
    pytest.param("greeting json", 1, r"module of the standard library \(json\)", id="stdlib"),
    pytest.param("greeting yaml", 1, r"a library this workspace imports \(yaml\)", id="library"),
]


@pytest.mark.parametrize(("args", "code", "pattern"), REFUSALS)
@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_rename_refuses_bad_input_and_conflicts_with_one_line_and_no_change(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, args: str, code: int, pattern: str
) -> None:
    ws = greeting_workspace(make_workspace, theme, "pep621")
    ws.write(f"{ws.brick_dir('component', 'greetings')}/store.py", "import yaml\n")
    commit_all(ws.root)
    before, index = tree(ws.root), git(ws.root, "ls-files", "-s")

    done = poly("poly rename", args, cwd=ws.root)

    assert done.exit_code == code
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert re.search(pattern, lines[0]), lines[0]
    assert tree(ws.root) == before
    assert git(ws.root, "ls-files", "-s") == index


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_rename_refuses_a_tree_with_uncommitted_changes_where_it_would_write(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = greeting_workspace(make_workspace, theme, "poetry")
    cli = ws.root / ws.brick_dir("base", "cli") / "helpers.py"
    cli.write_text('STEP = "helpers"  # work in progress\nimport acme.greeting\n')
    before = tree(ws.root)

    done = poly("poly rename", "greeting greet", cwd=ws.root)

    assert done.exit_code == 1
    assert done.stderr.strip() == (
        f"{ws.brick_dir('base', 'cli')}/helpers.py has uncommitted changes that the rename "
        "would touch; commit or stash them first. Nothing was written."
    )
    assert tree(ws.root) == before


def test_rename_ignores_uncommitted_work_it_does_not_touch_and_moves_untracked_files_along(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = greeting_workspace(make_workspace, "loose", "pep621")
    (ws.root / "notes.txt").write_text("unsaved\n")
    (ws.root / ws.brick_dir("component", "greeting") / "scratch.txt").write_text("mine\n")

    done = poly("poly rename", "greeting greet", cwd=ws.root)

    assert done.exit_code == 0, done.stderr
    assert (ws.root / ws.brick_dir("component", "greet") / "scratch.txt").read_text() == "mine\n"
    assert (ws.root / "notes.txt").read_text() == "unsaved\n"


def test_a_brick_used_only_by_a_string_import_is_renamed_in_that_string(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws: WorkspaceFactory = make_workspace()
    ws.component("plugins", "", {"core.py": "def load(): ...\n"})
    ws.base(
        "app",
        "",
        {
            "core.py": "import importlib\n\n"
            'PLUGIN = importlib.import_module("acme.plugins.core")\n'
            'ENTRY = "acme.plugins.core:load"  # by name\n'
            'MISSING = "acme.plugins.core:nothing"\n'
            'GLUED = "acme." "plugins"\n'
        },
    )
    git(ws.root, "init", "-q")
    commit_all(ws.root)

    done = poly("poly rename", "plugins extensions", cwd=ws.root)

    assert done.exit_code == 0, done.stderr
    assert (ws.root / "bases/acme/app/core.py").read_text() == (
        "import importlib\n\n"
        'PLUGIN = importlib.import_module("acme.extensions.core")\n'
        'ENTRY = "acme.extensions.core:load"  # by name\n'
        'MISSING = "acme.plugins.core:nothing"\n'
        'GLUED = "acme." "plugins"\n'
    )


def test_rename_keeps_each_files_shape_bom_cookie_crlf_mode_and_symlink(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws: WorkspaceFactory = make_workspace()
    ws.component("greeting", "", {"core.py": "def hello(): ...\n"})
    base = ws.root / "bases/acme/api"
    ws.base("api")
    (base / "bom.py").write_bytes(b"\xef\xbb\xbfimport acme.greeting\r\nX = 1\r\n")
    (base / "old.py").write_bytes(
        b"# -*- coding: latin-1 -*-\nfrom acme.greeting import core  # caf\xe9\n"
    )
    (base / "run.py").write_bytes(b"#!/usr/bin/env python\nfrom acme import greeting\n")
    (base / "run.py").chmod(0o755)
    (ws.root / "development/shared.py").write_bytes(b"import acme.greeting.core\n")
    (base / "linked.py").symlink_to("../../../development/shared.py")
    git(ws.root, "init", "-q")
    commit_all(ws.root)

    done = poly("poly rename", "greeting greet", cwd=ws.root)

    assert done.exit_code == 0, done.stderr
    assert (base / "bom.py").read_bytes() == b"\xef\xbb\xbfimport acme.greet\r\nX = 1\r\n"
    assert (base / "old.py").read_bytes() == (
        b"# -*- coding: latin-1 -*-\nfrom acme.greet import core  # caf\xe9\n"
    )
    assert (base / "run.py").read_bytes() == (
        b"#!/usr/bin/env python\nfrom acme import greet as greeting\n"
    )
    assert stat.S_IMODE((base / "run.py").stat().st_mode) == 0o755
    assert (base / "linked.py").is_symlink()
    assert (ws.root / "development/shared.py").read_bytes() == b"import acme.greet.core\n"


def test_a_write_that_fails_half_way_undoes_every_move_and_write(
    make_workspace: MakeWorkspace, poly: PolyRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = greeting_workspace(make_workspace, "loose", "pep621")
    before, index = tree(ws.root), git(ws.root, "ls-files", "-s")
    real_write = moves._write
    calls: list[Path] = []

    def failing_write(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:  # a disk that fills up after two files were written
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(moves, "_write", failing_write)

    done = poly("poly rename", "greeting greet", cwd=ws.root)

    assert done.exit_code == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "rename of greeting failed (No space left on device); every change was undone."
    )
    assert tree(ws.root) == before
    assert git(ws.root, "ls-files", "-s") == index


def test_a_read_only_file_is_refused_before_anything_moves(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = greeting_workspace(make_workspace, "tdd", "poetry")
    project = ws.root / "projects/greet_cli/pyproject.toml"
    project.chmod(0o444)
    before = tree(ws.root)

    done = poly("poly rename", "greeting greet", cwd=ws.root)

    assert done.exit_code == 2
    assert done.stderr.strip() == (
        "projects/greet_cli/pyproject.toml is read-only; nothing was written. Make it writable "
        "(chmod u+w) to let brickwork change it."
    )
    assert tree(ws.root) == before


def test_rename_in_a_workspace_without_git_moves_plain_folders(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    ws: WorkspaceFactory = make_workspace(theme="tdd")
    ws.component("greeting", "from acme.greeting.core import hello\n", {"core.py": "hello = 1\n"})

    done = poly("poly rename", "greeting greet --output json", cwd=ws.root)

    assert done.exit_code == 0, done.stderr
    assert '"git": false' in done.stdout
    assert (ws.root / "components/greet/src/acme/greet/__init__.py").read_text() == (
        "from acme.greet.core import hello\n"
    )


def test_a_module_that_names_the_brick_but_cannot_be_read_refuses_the_whole_rename(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = greeting_workspace(make_workspace, "tdd", "pep621")
    broken = f"{ws.brick_dir('base', 'cli')}/broken.py"
    ws.write(broken, "import acme.greeting\nvalue = (1,\n")
    commit_all(ws.root)
    before = tree(ws.root)

    done = poly("poly rename", "greeting greet", cwd=ws.root)

    assert done.exit_code == 1
    line = done.stderr.strip()
    assert line.startswith(f"cannot rename acme.greeting in {broken}: it cannot be tokenized (")
    assert "\n" not in line
    assert tree(ws.root) == before
