"""Bad input, tried as a hostile user would: every case is one clear line, the documented exit
code, no traceback, and a tree that is byte-identical afterwards.

Each case is data: a setup that breaks a fresh workspace, a command with its arguments, the
exit code and a pattern the one error line must match. Commands that report findings (exit 1)
print them on stdout; the rest say one line on stderr.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.conftest import MakeWorkspace, PolyRunner, Result, WorkspaceFactory

Setup = Callable[[WorkspaceFactory], None]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    command: str
    args: str = ""
    exit_code: int = 2
    pattern: str = ""
    """A regular expression the error line (stderr) must match; for exit 1 with findings,
    matched against stdout instead."""
    cwd: str = ""
    """Relative to the workspace root."""
    on_stdout: bool = False


def tree(root: Path) -> dict[str, str]:
    """Every file (and symlink target) under `root` -> a digest of its bytes and mode."""
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[key] = f"{digest} {path.stat().st_mode & 0o777:o}"
    return found


# -- setups ------------------------------------------------------------------------------------


def nothing(ws: WorkspaceFactory) -> None:
    ws.component("log")


def write(path: str, text: str, *, mode: int | None = None) -> Setup:
    def setup(ws: WorkspaceFactory) -> None:
        ws.component("log")
        ws.base("api", files={"core.py": "from acme import log\n"})
        ws.project("svc", ["api", "log"])
        target = ws.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if mode is not None:
            target.chmod(mode)

    return setup


def write_bytes(path: str, data: bytes) -> Setup:
    def setup(ws: WorkspaceFactory) -> None:
        ws.component("log")
        ws.project("svc", ["log"])
        (ws.root / path).parent.mkdir(parents=True, exist_ok=True)
        (ws.root / path).write_bytes(data)

    return setup


def symlink(link: str, target: str) -> Setup:
    def setup(ws: WorkspaceFactory) -> None:
        ws.component("log")
        ws.project("svc", ["log"])
        path = ws.root / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)

    return setup


def project_text(text: str, folder: str = "svc") -> Setup:
    return write(f"projects/{folder}/pyproject.toml", text)


def deep_toml(depth: int) -> str:
    return "x = " + "[" * depth + "]" * depth + "\n"


def deep_table(depth: int) -> str:
    return "x = " + "{a = " * depth + "1" + "}" * depth + "\n"


PEP621 = '[project]\nname = "svc"\nversion = "0.1.0"\n'
WS = '[tool.polylith]\nnamespace = "acme"\n[tool.polylith.structure]\ntheme = "loose"\n'


def workspace_text(text: str) -> Setup:
    return write("workspace.toml", text)


def lock_text(text: str) -> Setup:
    return write("poetry.lock", text)


def brick_file(text: str) -> Setup:
    return write("components/acme/log/core.py", text)


def cache_bytes(data: bytes) -> Setup:
    def setup(ws: WorkspaceFactory) -> None:
        ws.component("log")
        ws.project("svc", ["log"])
        cache = ws.root / ".brickwork_cache"
        cache.mkdir(exist_ok=True)
        (cache / "imports.marshal").write_bytes(data)

    return setup


def existing_brick(ws: WorkspaceFactory) -> None:
    ws.component("log")


def file_in_the_way(ws: WorkspaceFactory) -> None:
    ws.component("log")
    ws.write("components/acme/other", "not a folder")


# -- the cases ---------------------------------------------------------------------------------

READ_COMMANDS = ("poly info", "poly check", "poly deps", "poly libs")

CASES: list[Case] = []

for command in READ_COMMANDS:
    CASES += [
        Case(
            f"{command}-workspace-not-utf8",
            write_bytes("workspace.toml", b'[tool.polylith]\nnamespace = "acme\xff"\n'),
            command,
            pattern=r"workspace\.toml.*(UTF-8|utf-8)",
        ),
        Case(
            f"{command}-workspace-deeply-nested",
            workspace_text(WS + deep_toml(5000)),
            command,
            pattern=r"workspace\.toml.*nested",
        ),
        Case(
            f"{command}-project-not-utf8",
            write_bytes("projects/svc/pyproject.toml", b'[project]\nname = "sv\xe9"\n'),
            command,
            pattern=r"projects/svc/pyproject\.toml.*(UTF-8|utf-8)",
        ),
        Case(
            f"{command}-project-invalid-toml",
            project_text("[project\nname = 1\n"),
            command,
            pattern=r"projects/svc/pyproject\.toml: invalid TOML",
        ),
        Case(
            f"{command}-root-deeply-nested-table",
            write("pyproject.toml", deep_table(3000)),
            command,
            pattern=r"pyproject\.toml.*nested",
        ),
        Case(
            f"{command}-no-namespace",
            workspace_text("[tool.polylith]\n"),
            command,
            pattern=r"workspace\.toml: \[tool\.polylith\] namespace is missing",
        ),
        Case(
            f"{command}-namespace-not-a-string",
            workspace_text("[tool.polylith]\nnamespace = 5\n"),
            command,
            pattern=r"namespace must be a string",
        ),
        Case(
            f"{command}-symlink-loop-in-components",
            symlink("components/acme/loop/inner", ".."),
            command,
            exit_code=0,
        ),
    ]

CASES += [
    Case(
        "info-namespace-with-dash",
        workspace_text('[tool.polylith]\nnamespace = "my-app"\n'),
        "poly info",
        pattern=r"namespace 'my-app' is not a Python package name",
    ),
    Case(
        "info-theme-unknown",
        workspace_text(
            '[tool.polylith]\nnamespace = "acme"\n[tool.polylith.structure]\ntheme = "flat"\n'
        ),
        "poly info",
        pattern=r'structure\.theme is .flat.; use "loose" or "tdd"',
    ),
    Case(
        "info-tag-patterns-not-a-table",
        workspace_text(WS + '[tool.polylith.tag]\npatterns = "stable-*"\n'),
        "poly info",
        pattern=r"tag\.patterns must be a table",
    ),
    Case(
        "info-self-linked-folder-in-components",
        symlink("components/acme/self", "self"),
        "poly info",
        exit_code=0,
    ),
    Case(
        "check-self-linked-folder-in-projects",
        symlink("projects/self", "self"),
        "poly check",
        exit_code=0,
    ),
    Case(
        "deps-self-linked-file-in-a-brick",
        symlink("components/acme/log/loopy.py", "loopy.py"),
        "poly deps",
        exit_code=0,
    ),
    Case(
        "check-self-linked-folder-in-bases",
        symlink("bases/acme/self", "self"),
        "poly check",
        exit_code=0,
    ),
    Case(
        "info-symlink-loop-in-projects",
        symlink("projects/loop/self", "."),
        "poly info",
        exit_code=0,
    ),
    Case(
        "info-symlink-loop-in-bases",
        symlink("bases/acme/x/y", "../x"),
        "poly info",
        exit_code=0,
    ),
    Case(
        "check-polylith-bricks-value-not-string",
        project_text(PEP621 + '[tool.polylith.bricks]\n"../../components/acme/log" = 5\n'),
        "poly check",
        pattern=r"projects/svc/pyproject\.toml.*\[tool\.polylith\.bricks\].*string",
    ),
    Case(
        "check-packages-a-string",
        project_text(PEP621 + '[tool.poetry]\npackages = "acme/log"\n'),
        "poly check",
        pattern=r"projects/svc/pyproject\.toml.*packages must be an array",
    ),
    Case(
        "check-packages-a-table",
        project_text(PEP621 + '[tool.poetry.packages]\ninclude = "acme/log"\n'),
        "poly check",
        pattern=r"projects/svc/pyproject\.toml.*packages must be an array",
    ),
    Case(
        "check-include-a-number",
        project_text(PEP621 + "[tool.poetry]\npackages = [{ include = 5 }]\n"),
        "poly check",
        pattern=r"projects/svc/pyproject\.toml.*include must be a string",
    ),
    Case(
        "check-from-a-number",
        project_text(PEP621 + '[tool.poetry]\npackages = [{ include = "acme/log", from = 1 }]\n'),
        "poly check",
        pattern=r"projects/svc/pyproject\.toml.*from must be a string",
    ),
    Case(
        "check-package-entry-a-string",
        project_text(PEP621 + '[tool.poetry]\npackages = ["acme/log"]\n'),
        "poly check",
        pattern=r"projects/svc/pyproject\.toml.*packages.*table",
    ),
    Case(
        "check-project-name-a-number",
        project_text("[project]\nname = 5\n"),
        "poly check",
        pattern=r"projects/svc/pyproject\.toml.*name must be a string",
    ),
    Case(
        "check-duplicate-project-names",
        write("projects/svc2/pyproject.toml", PEP621),
        "poly check",
        exit_code=1,
        pattern=r"BW007.*svc",
        on_stdout=True,
    ),
    Case(
        "check-settings-unknown-code",
        workspace_text(WS + '[tool.brickwork.check.severity]\nBW999 = "off"\n'),
        "poly check",
        pattern=r"BW999 is not a finding code",
    ),
    Case(
        "check-settings-bad-level",
        workspace_text(WS + '[tool.brickwork.check.severity]\nBW101 = "loud"\n'),
        "poly check",
        pattern=r"severity\.BW101 must be one of",
    ),
    Case(
        "check-unknown-project",
        nothing,
        "poly check",
        "--projects nope",
        pattern=r"nope",
    ),
    Case(
        "check-unknown-output-format",
        nothing,
        "poly check",
        "--output yaml",
        pattern=r"--output 'yaml' is not one of",
    ),
    Case(
        "check-brick-with-syntax-error",
        brick_file("def broken(:\n    import acme.nothing\n"),
        "poly check",
        exit_code=1,
        pattern=r"core\.py:1: BW105",
        on_stdout=True,
    ),
    Case(
        "check-brick-with-null-bytes",
        write("components/acme/log/core.py", "import os\x00\n"),
        "poly check",
        exit_code=0,
    ),
    Case(
        "check-brick-lone-carriage-return-before-non-ascii",
        brick_file("x = 1\r\u00e9 = 2\nimport json\n"),
        "poly check",
        exit_code=0,
    ),
    Case("check-cache-random-bytes", cache_bytes(os.urandom(64)), "poly check", exit_code=0),
    Case("check-cache-empty", cache_bytes(b""), "poly check", exit_code=0),
    Case(
        "libs-lock-invalid-toml",
        lock_text("[[package]\nname = 1\n"),
        "poly libs",
        exit_code=0,
    ),
    Case(
        "libs-lock-deeply-nested",
        lock_text(deep_toml(5000)),
        "poly libs",
        exit_code=0,
    ),
    Case(
        "libs-lock-not-utf8",
        write_bytes("poetry.lock", b'[[package]]\nname = "\xff"\n'),
        "poly libs",
        exit_code=0,
    ),
    Case(
        "libs-bad-alias",
        nothing,
        "poly libs",
        "--alias nothing-here",
        pattern=r"alias",
    ),
    Case(
        "deps-unknown-brick",
        nothing,
        "poly deps",
        "--brick nope",
        pattern=r"unknown brick 'nope'",
    ),
    Case(
        "deps-unknown-output",
        nothing,
        "poly deps",
        "--output svg",
        pattern=r"--output 'svg' is not one of",
    ),
    Case(
        "create-component-not-identifier",
        nothing,
        "poly create component",
        "--name 9lives",
        pattern=r"'9lives'",
    ),
    Case(
        "create-component-keyword",
        nothing,
        "poly create component",
        "--name class",
        pattern=r"'class'",
    ),
    Case(
        "create-component-with-dash",
        nothing,
        "poly create component",
        "--name my-brick",
        pattern=r"'my-brick'",
    ),
    Case(
        "create-component-uppercase",
        nothing,
        "poly create component",
        "--name Log",
        pattern=r"'Log'",
    ),
    Case(
        "create-component-no-name",
        nothing,
        "poly create component",
        pattern=r"missing --name",
    ),
    Case(
        "create-component-empty-name",
        nothing,
        "poly create component",
        '--name ""',
        pattern=r"missing --name",
    ),
    Case(
        "create-component-exists",
        existing_brick,
        "poly create component",
        "--name log",
        exit_code=1,
        pattern=r"log",
    ),
    Case(
        "create-component-file-in-the-way",
        file_in_the_way,
        "poly create component",
        "--name other",
        exit_code=1,
        pattern=r"components/acme/other",
    ),
    Case(
        "create-base-named-like-a-component",
        existing_brick,
        "poly create base",
        "--name log",
        exit_code=1,
        pattern=r"log",
    ),
    Case(
        "create-component-dev-project-invalid-toml",
        write("pyproject.toml", "[project\n"),
        "poly create component",
        "--name other",
        pattern=r"pyproject\.toml: invalid TOML",
    ),
    Case(
        "create-component-dev-packages-a-string",
        write("pyproject.toml", '[project]\nname = "dev"\n[tool.poetry]\npackages = "x"\n'),
        "poly create component",
        "--name other",
        pattern=r"packages (is not|must be) an array",
    ),
    Case(
        "create-project-bad-name",
        nothing,
        "poly create project",
        "--name 'my svc'",
        pattern=r"'my svc'",
    ),
    Case(
        "create-project-unknown-base",
        nothing,
        "poly create project",
        "--name svc2 --base nope",
        pattern=r"unknown base 'nope'",
    ),
    Case(
        "create-project-component-as-base",
        nothing,
        "poly create project",
        "--name svc2 --base log",
        pattern=r"it is a component",
    ),
    Case(
        "create-project-exists",
        write("projects/svc2/pyproject.toml", PEP621),
        "poly create project",
        "--name svc2",
        exit_code=1,
        pattern=r"svc2",
    ),
    Case(
        "create-workspace-bad-theme",
        nothing,
        "poly create workspace",
        "--name acme --theme flat",
        pattern=r"--theme 'flat' is not a theme",
    ),
    Case(
        "create-workspace-other-namespace",
        nothing,
        "poly create workspace",
        "--name other",
        exit_code=1,
        pattern=r"acme",
    ),
    Case(
        "create-workspace-bad-namespace",
        nothing,
        "poly create workspace",
        "--name 1acme",
        pattern=r"'1acme'",
    ),
    Case(
        "info-in-a-folder-below-no-workspace",
        nothing,
        "poly info",
        cwd="..",
        pattern=r"No Polylith workspace",
    ),
    Case(
        "check-include-outside-workspace",
        project_text(
            PEP621 + '[tool.poetry]\npackages = [{ include = "acme/log", from = "../../../ws2" }]\n'
        ),
        "poly check",
        exit_code=1,
        pattern=r"BW001",
        on_stdout=True,
    ),
    Case(
        "check-include-missing",
        project_text(
            PEP621
            + '[tool.poetry]\npackages = [{ include = "acme/gone", from = "../../components" }]\n'
        ),
        "poly check",
        exit_code=1,
        pattern=r"BW002",
        on_stdout=True,
    ),
    Case(
        "check-brick-folder-not-identifier",
        write("components/acme/my-brick/__init__.py", ""),
        "poly check",
        exit_code=1,
        pattern=r"BW005",
        on_stdout=True,
    ),
    Case(
        "check-invalid-dependency",
        project_text('[project]\nname = "svc"\ndependencies = ["requests >>> 2"]\n'),
        "poly check",
        exit_code=1,
        pattern=r"BW004",
        on_stdout=True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gives_one_clear_line_and_changes_nothing(
    case: Case, make_workspace: MakeWorkspace, poly: PolyRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1") if "cache" not in case.id else None
    ws = make_workspace()
    case.setup(ws)
    before = tree(ws.root)

    result: Result = poly(case.command, case.args, cwd=(ws.root / case.cwd).resolve())

    assert "Traceback" not in result.stderr + result.stdout
    assert result.exit_code == case.exit_code, (result.stdout, result.stderr)
    if case.exit_code == 2 or (case.exit_code == 1 and not case.on_stdout):
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert re.search(case.pattern, lines[0]), lines[0]
    elif case.pattern:
        assert re.search(case.pattern, result.stdout), result.stdout
    after = tree(ws.root)
    if "cache" not in case.id:
        assert after == before


def test_the_suite_has_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60


def test_a_symlink_loop_beside_a_file_does_not_hide_the_file(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log", files={"core.py": "import acme.nothing\n"})
    (ws.root / "components/acme/log/aaa_loop").symlink_to("aaa_loop")
    (ws.root / "components/acme/log/loop.py").symlink_to("loop.py")

    result = poly("poly check", "", cwd=ws.root)

    assert result.exit_code == 1, result.stderr
    assert "components/acme/log/core.py:1: BW102" in result.stdout
