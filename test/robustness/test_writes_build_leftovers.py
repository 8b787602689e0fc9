"""`build-project` (both spellings) that fails, or is interrupted, leaves the workspace exactly
as it was: no empty `dist/`, and with `--clean` the previous good artifacts untouched.

Each case is data: a setup of the svc workspace (a base `api` with a console script and a
component `greeting`, project `svc`), the extra arguments, the exit code and a pattern for the
one stderr line that says why. Each runs with `poetry poly build-project --projects svc` and with
`poetry build-project` in the project folder, without and with `--clean` beside old artifacts;
the tree (folders included) must be byte-identical afterwards.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.components.brickwork.packaging.conftest import commit_all, project_file, service_factory
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

OLD = ("svc-1.1.0-py3-none-any.whl", "svc-1.2.0-py3-none-any.whl", "svc-1.2.0.tar.gz")


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every folder and file under `root` (but .git and the workspace cache) with its bytes."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", ".brickwork_cache")]
        for name in dirnames:
            found[Path(dirpath, name).relative_to(root).as_posix() + "/"] = "folder"
        for name in filenames:
            path = Path(dirpath, name)
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def untracked_brick(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    factory.component("fresh", '"""New."""\n', {"core.py": "X = 1\n"})
    fresh = '    { include = "acme/fresh", from = "../../components" },\n'
    text = project_file("pep621", factory).replace("packages = [\n", "packages = [\n" + fresh)
    factory.write("projects/svc/pyproject.toml", text)


def git_missing(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = factory.root.parent / "no-git-bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))


def build_script(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    table = '\n[tool.poetry.build]\nscript = "build.py"\ngenerate-setup-file = false\n'
    factory.write("projects/svc/pyproject.toml", project_file("pep621", factory) + table)
    factory.write("projects/svc/build.py", "print('hi')\n")
    commit_all(factory.root)


def interrupting_script(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """An allowed build script that sends SIGINT to the build (as Ctrl-C would) while
    poetry-core runs it: the scratch folder exists then."""
    build_script(factory, monkeypatch)
    factory.write(
        "projects/svc/build.py",
        "import os, signal, time\n\nos.kill(os.getppid(), signal.SIGINT)\ntime.sleep(30)\n",
    )
    commit_all(factory.root)


def binary_module(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    (factory.root / "bases/acme/api/blob.py").write_bytes(b"\x00\xff acme \x80\n")
    commit_all(factory.root)


def missing_script_file(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    script = '\n[tool.poetry.scripts]\nx = { reference = "gone.sh", type = "file" }\n'
    factory.write("projects/svc/pyproject.toml", project_file("pep621", factory) + script)
    commit_all(factory.root)


@dataclass(frozen=True)
class Case:
    id: str
    setup: Callable[[WorkspaceFactory, pytest.MonkeyPatch], None]
    exit_code: int
    pattern: str
    """A regular expression the one line of stderr must match."""
    args: str = ""


CASES = [
    Case(
        "an-untracked-brick",
        untracked_brick,
        1,
        r"^\[1/1\] svc: projects/svc/pyproject.toml: git does not track components/acme/fresh "
        r"yet, .* run `git add components/acme/fresh` and build again\.$",
    ),
    Case(
        "git-missing",
        git_missing,
        2,
        r"^\[1/1\] svc: git cannot list the files to ship in .*, a git work tree "
        r"\(git is not on PATH\); .*install git, put it on PATH or repair the repository\.$",
    ),
    Case(
        "a-build-script-not-allowed",
        build_script,
        1,
        r"^\[1/1\] svc: projects/svc/pyproject.toml: the build script 'build.py' .* pass "
        r"--allow-build-script to run it",
    ),
    Case(
        "interrupted-while-poetry-core-runs",
        interrupting_script,
        130,
        r"^interrupted; nothing was left behind$",
        "--allow-build-script",
    ),
    Case(
        "a-module-the-rewrite-refuses",
        binary_module,
        1,
        r"^\[1/1\] svc: cannot rewrite bases/acme/api/blob\.py for --with-top-namespace: it is "
        r"not Python source text \(byte 2 is not utf-8\)\.$",
        "--with-top-namespace shop",
    ),
    Case(
        "poetry-core-failing",
        missing_script_file,
        1,
        r"^\[1/1\] svc: build failed: .*gone\.sh",
    ),
]
COMMANDS = {
    "poly": ("poly build-project", "--projects svc", ""),
    "incumbent": ("build-project", "", "projects/svc"),
}


@pytest.mark.parametrize("clean", [False, True], ids=["plain", "clean"])
@pytest.mark.parametrize("spelling", COMMANDS, ids=COMMANDS.keys())
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_failed_build_says_why_in_one_line_and_leaves_the_tree_as_it_was(
    case: Case,
    spelling: str,
    clean: bool,
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    factory = service_factory(make_workspace)()
    case.setup(factory, monkeypatch)
    if clean:
        for name in OLD:
            factory.write(f"projects/svc/dist/{name}", f"old {name}\n")
    before = snapshot(factory.root)
    command, args, cwd = COMMANDS[spelling]

    result = poly(
        command, f"{args} {case.args}{' --clean' if clean else ''}", cwd=factory.root / cwd
    )

    assert result.exit_code == case.exit_code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.search(case.pattern, lines[0]), result.stderr
    assert snapshot(factory.root) == before
    assert (factory.root / "projects/svc/dist").exists() is clean
