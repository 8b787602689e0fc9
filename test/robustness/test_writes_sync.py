"""What `sync` (and `create`) write, tried on the project files real teams keep: a write changes
exactly what its plan names, in the file's own shape (through its symbolic link, its line
endings, owner and mode), where Poetry reads it, or nothing at all with one clear line.

Each case is data: a setup on a fresh workspace, a command, the exit code, a pattern the
output must match, and a check of the tree afterwards (poetry-core reads project files back).
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from poetry.core.factory import Factory

from test.conftest import MakeWorkspace, PolyRunner, Result, WorkspaceFactory
from test.robustness.test_bad_input import tree

Setup = Callable[[WorkspaceFactory], None]
Expect = Callable[[Path, dict[str, str]], None]
"""Checks the tree at the root after the command, given the tree before it."""

SVC = "projects/svc/pyproject.toml"
PACKAGES = """\
packages = [
    { include = "acme/api", from = "../../bases" },
    { include = "acme/greeting", from = "../../components" },
    { include = "acme/log", from = "../../components" },
]
"""
HYBRID = f"""\
[project]
name = "svc"
dynamic = ["version"]

[tool.poetry]
version = "1.0.0"
{PACKAGES}
[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
attrs = ">=23"
"""
DYNAMIC = f"""\
[project]
name = "svc"
version = "1.0.0"
dynamic = ["dependencies"]

[tool.poetry]
{PACKAGES}"""
BOTH = f"""\
[project]
name = "svc"
version = "1.0.0"
dependencies = ["click>=8.1"]

[tool.poetry]
{PACKAGES}
[tool.poetry.dependencies]
requests = "^2.31"
"""
NEEDS_BRICKS = """\
[project]
name = "svc"
version = "1.0.0"

[tool.poetry]
packages = [
    { include = "acme/api", from = "../../bases" },
]
"""


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    command: str
    args: str = ""
    exit_code: int = 0
    pattern: str = ""
    """A regular expression stdout + stderr must match."""
    expect: Expect | None = None
    root_only: bool = False


def service(ws: WorkspaceFactory, dev: str = 'requests = "^2.31"\nclick = "^8.1"\n') -> None:
    """log imports requests, greeting imports click and log, the base api greeting; the
    development project declares `dev` (lines of its `[tool.poetry.dependencies]`)."""
    ws.component("log", "import requests\n")
    ws.component("greeting", "import click\n\nimport acme.log\n")
    ws.base("api", "from acme.greeting import hello\n")
    file = ws.root / "pyproject.toml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('python = "^3.10"\n', f'python = "^3.10"\n{dev}'))


def project_file(text: str, dev: str = 'requests = "^2.31"\nclick = "^8.1"\n') -> Setup:
    def setup(ws: WorkspaceFactory) -> None:
        service(ws, dev)
        ws.write(SVC, text)

    return setup


def linked(text: str, mode: int = 0o644) -> Setup:
    """The project file is a relative symbolic link to a file shared outside projects/."""

    def setup(ws: WorkspaceFactory) -> None:
        service(ws)
        ws.write("shared/svc.toml", text).chmod(mode)
        (ws.root / "projects/svc").mkdir(parents=True)
        (ws.root / SVC).symlink_to("../../shared/svc.toml")

    return setup


def crlf(ws: WorkspaceFactory) -> None:
    service(ws)
    (ws.root / "projects/svc").mkdir(parents=True)
    (ws.root / SVC).write_bytes(NEEDS_BRICKS.replace("\n", "\r\n").encode())


def owned(ws: WorkspaceFactory) -> None:
    service(ws)
    file = ws.write(SVC, NEEDS_BRICKS)
    os.chown(file, 4321, 8765)
    file.chmod(0o640)


def dangling(link: str, target: str) -> Setup:
    def setup(ws: WorkspaceFactory) -> None:
        path = ws.root / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)

    return setup


# -- checks ------------------------------------------------------------------------------------


def requires(folder: Path) -> set[str]:
    return {str(d.to_pep_508()) for d in Factory().create_poetry(folder).package.requires}


def poetry_reads(*wanted: str) -> Expect:
    def expect(root: Path, before: dict[str, str]) -> None:
        assert requires(root / "projects/svc") == set(wanted)

    return expect


def only_changed(*paths: str, also: Expect | None = None) -> Expect:
    """Every file but `paths` is byte-identical (and every path is still there)."""

    def expect(root: Path, before: dict[str, str]) -> None:
        after = tree(root)
        assert set(after) == set(before)
        assert {k for k in after if after[k] != before[k]} == set(paths)
        if also is not None:
            also(root, before)

    return expect


def unchanged(root: Path, before: dict[str, str]) -> None:
    """Byte-identical, but for the analysis cache a read command may write."""
    after = {k: v for k, v in tree(root).items() if not k.startswith(".brickwork_cache")}
    assert after == before


def all_of(*checks: Expect) -> Expect:
    def expect(root: Path, before: dict[str, str]) -> None:
        for check in checks:
            check(root, before)

    return expect


def text_is(path: str, text: str) -> Expect:
    def expect(root: Path, before: dict[str, str]) -> None:
        assert (root / path).read_bytes() == text.encode()

    return expect


def link_kept(root: Path, before: dict[str, str]) -> None:
    assert os.readlink(root / SVC) == "../../shared/svc.toml"
    assert "acme/log" in (root / "shared/svc.toml").read_text(encoding="utf-8")


def every_line_crlf(root: Path, before: dict[str, str]) -> None:
    data = (root / SVC).read_bytes()
    assert b"acme/log" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def owner_and_mode_kept(root: Path, before: dict[str, str]) -> None:
    info = (root / SVC).stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (4321, 8765, 0o640)
    assert "acme/log" in (root / SVC).read_text(encoding="utf-8")


WITH_CLICK = HYBRID.replace('attrs = ">=23"\n', 'attrs = ">=23"\nclick = "^8.1"\n')
CASES = [
    Case(
        "sync-libs-hybrid-project-keeps-its-poetry-table",
        project_file(HYBRID),
        "poly sync",
        "--libs",
        pattern=r"^updated projects/svc/pyproject\.toml\n$",
        expect=only_changed(
            SVC,
            also=all_of(
                text_is(SVC, WITH_CLICK),
                poetry_reads("requests (>=2.31,<3.0)", "attrs (>=23)", "click (>=8.1,<9.0)"),
            ),
        ),
    ),
    Case(
        "sync-libs-dynamic-dependencies-never-gets-a-project-array",
        project_file(DYNAMIC),
        "poly sync",
        "--libs",
        expect=only_changed(
            SVC,
            also=all_of(
                text_is(
                    SVC,
                    DYNAMIC + '\n[tool.poetry.dependencies]\nclick = "^8.1"\nrequests = "^2.31"\n',
                ),
                poetry_reads("click (>=8.1,<9.0)", "requests (>=2.31,<3.0)"),
            ),
        ),
    ),
    Case(
        "sync-libs-two-tables-notes-the-one-poetry-ignores",
        project_file(BOTH),
        "poly sync",
        "--libs",
        pattern=r"note: projects/svc/pyproject\.toml: Poetry ignores requests in "
        r"\[tool\.poetry\.dependencies\]",
        expect=only_changed(SVC, also=poetry_reads("click (>=8.1)", "requests (>=2.31,<3.0)")),
    ),
    Case(
        "check-two-tables-counts-only-the-one-poetry-reads",
        project_file(BOTH),
        "poly check",
        exit_code=1,
        pattern=r"projects/svc/pyproject\.toml: BW008 warning Poetry ignores requests(.|\n)*"
        r"BW201 error project svc imports requests but does not declare requests",
        expect=unchanged,
    ),
    Case(
        "sync-libs-star-constraint-is-any-version",
        project_file(
            NEEDS_BRICKS.replace("[tool.poetry]", "dependencies = []\n\n[tool.poetry]"),
            'requests = "*"\nclick = "*"\n',
        ),
        "poly sync",
        "--libs",
        expect=only_changed(SVC, also=poetry_reads("click", "requests")),
    ),
    Case(
        "sync-libs-dev-group-duplicate-takes-the-main-constraint",
        project_file(
            NEEDS_BRICKS,
            'requests = "^2.31"\nclick = "^8.1"\n\n'
            '[tool.poetry.group.dev.dependencies]\nrequests = ">=1"\nclick = ">=1"\n',
        ),
        "poly sync",
        "--libs",
        expect=only_changed(SVC, also=poetry_reads("click (>=8.1,<9.0)", "requests (>=2.31,<3.0)")),
    ),
    Case(
        "sync-check-libs-names-the-command-with-its-options",
        project_file(NEEDS_BRICKS),
        "poly sync",
        "--check --libs --prune --projects svc",
        exit_code=1,
        pattern=r"1 project file out of sync: run `poetry poly sync --libs --prune --projects svc`",
        expect=unchanged,
    ),
    Case(
        "sync-symlinked-project-file-updates-the-target-and-keeps-the-link",
        linked(NEEDS_BRICKS),
        "poly sync",
        expect=only_changed("shared/svc.toml", also=link_kept),
    ),
    Case(
        "sync-read-only-target-of-a-symlinked-project-file",
        linked(NEEDS_BRICKS, mode=0o444),
        "poly sync",
        exit_code=2,
        pattern=r"projects/svc/pyproject\.toml is read-only; nothing was written",
        expect=unchanged,
    ),
    Case(
        "sync-crlf-project-file-keeps-crlf-on-every-line",
        crlf,
        "poly sync",
        expect=only_changed(SVC, also=every_line_crlf),
    ),
    Case(
        "sync-keeps-owner-group-and-mode-of-a-file-of-another-user",
        owned,
        "poly sync",
        expect=only_changed(SVC, also=owner_and_mode_kept),
        root_only=True,
    ),
    Case(
        "create-component-where-a-symlink-to-nothing-sits",
        dangling("components/acme/x", "/nonexistent/x"),
        "poly create component",
        "--name x",
        exit_code=2,
        pattern=r"^components/acme/x is a symbolic link to /nonexistent/x, which does not exist, "
        r"where a new file goes; nothing was written\.",
        expect=unchanged,
    ),
    Case(
        "create-base-test-file-where-a-symlink-to-nothing-sits",
        dangling("test/bases/acme/y/test_core.py", "../../../../gone.py"),
        "poly create base",
        "--name y",
        exit_code=2,
        pattern=r"^test/bases/acme/y/test_core\.py is a symbolic link to .*/gone\.py, which",
        expect=unchanged,
    ),
]


# -- a library is copied with what its declaration means (extras, markers, source) ----------

GIT = "https://github.com/psf/requests.git"
TARBALL = "https://example.com/click-8.1.7.tar.gz"


def development_pep621(*requirements: str) -> Setup:
    """The development project reads `requirements` from a `[project]` array (its Poetry
    table keeps only `python`)."""

    def setup(ws: WorkspaceFactory) -> None:
        service(ws, "")
        file = ws.root / "pyproject.toml"
        listed = "".join(f"    {json.dumps(r)},\n" for r in requirements)
        head = (
            f'[project]\nname = "development"\nversion = "0.1.0"\ndependencies = [\n{listed}]\n\n'
        )
        file.write_text(head + file.read_text(encoding="utf-8"), encoding="utf-8")
        ws.write(SVC, DYNAMIC)

    return setup


def with_local_library(setup: Setup) -> Setup:
    def both(ws: WorkspaceFactory) -> None:
        ws.write("libs/requests/pyproject.toml", '[project]\nname = "requests"\nversion = "2.31"\n')
        setup(ws)

    return both


def bom(ws: WorkspaceFactory) -> None:
    service(ws)
    ws.root.joinpath("projects/svc").mkdir(parents=True)
    (ws.root / SVC).write_bytes(b"\xef\xbb\xbf" + NEEDS_BRICKS.encode())


def reads_like_development(*names: str) -> Expect:
    """poetry-core reads each of `names` in the project as in the development project (the
    same requirement, source and develop flag)."""

    def expect(root: Path, before: dict[str, str]) -> None:
        for name in names:
            got = [
                {
                    (d.to_pep_508(), getattr(d, "develop", False))
                    for d in p.requires
                    if d.name == name
                }
                for p in (Factory().create_poetry(f).package for f in (root / "projects/svc", root))
            ]
            assert got[0] == got[1], name

    return expect


SOCKS = 'requests = { version = "^2.31", extras = ["socks"] }\nclick = "^8.1"\n'
DEVELOP = 'requests = { path = "libs/requests", develop = true }\nclick = "^8.1"\n'
CASES += [
    Case(
        "sync-libs-keeps-extras-in-a-project-array",
        project_file(NEEDS_BRICKS, SOCKS),
        "poly sync",
        "--libs",
        expect=only_changed(
            SVC, also=poetry_reads("click (>=8.1,<9.0)", "requests[socks] (>=2.31,<3.0)")
        ),
    ),
    Case(
        "sync-libs-dev-group-duplicate-keeps-the-main-extras",
        project_file(
            NEEDS_BRICKS, SOCKS + '\n[tool.poetry.group.dev.dependencies]\nrequests = ">=1"\n'
        ),
        "poly sync",
        "--libs",
        expect=only_changed(
            SVC, also=poetry_reads("click (>=8.1,<9.0)", "requests[socks] (>=2.31,<3.0)")
        ),
    ),
    Case(
        "sync-libs-keeps-markers-in-a-poetry-table",
        project_file(
            HYBRID,
            'requests = "^2.31"\n'
            'click = { version = "^8.1", markers = "sys_platform != \'win32\'" }\n',
        ),
        "poly sync",
        "--libs",
        expect=only_changed(
            SVC,
            also=all_of(
                text_is(
                    SVC,
                    HYBRID.replace(
                        'attrs = ">=23"\n',
                        'attrs = ">=23"\n'
                        'click = {version = "^8.1", markers = "sys_platform != \'win32\'"}\n',
                    ),
                ),
                reads_like_development("click"),
            ),
        ),
    ),
    Case(
        "sync-libs-keeps-a-git-source-in-a-project-array",
        project_file(
            NEEDS_BRICKS, f'requests = {{ git = "{GIT}", tag = "v2.31.0" }}\nclick = "^8.1"\n'
        ),
        "poly sync",
        "--libs",
        expect=only_changed(
            SVC,
            also=poetry_reads("click (>=8.1,<9.0)", f"requests @ git+{GIT}@v2.31.0"),
        ),
    ),
    Case(
        "sync-libs-path-source-is-made-relative-to-the-project-folder",
        with_local_library(project_file(HYBRID.replace('requests = "^2.31"\n', ""), DEVELOP)),
        "poly sync",
        "--libs",
        expect=only_changed(
            SVC,
            also=all_of(
                text_is(
                    SVC,
                    HYBRID.replace(
                        'requests = "^2.31"\nattrs = ">=23"\n',
                        'attrs = ">=23"\nclick = "^8.1"\n'
                        'requests = {path = "../../libs/requests", develop = true}\n',
                    ),
                ),
                reads_like_development("requests", "click"),
            ),
        ),
    ),
    Case(
        "sync-libs-refuses-a-develop-path-in-a-project-array-and-writes-the-rest",
        with_local_library(project_file(NEEDS_BRICKS, DEVELOP)),
        "poly sync",
        "--libs",
        exit_code=1,
        pattern=r"^projects/svc/pyproject\.toml: requests is not added: the development project "
        r"declares it as \{ path = \"\.\./\.\./libs/requests\", develop = true \}, and "
        r"\[project\] dependencies cannot say develop; add \"requests\" to \[project\] "
        r"dependencies and requests = \{ path = .*\} to \[tool\.poetry\.dependencies\]",
        expect=only_changed(SVC, also=poetry_reads("click (>=8.1,<9.0)")),
    ),
    Case(
        "sync-libs-url-source-from-a-project-array-to-a-poetry-table",
        development_pep621(f"click @ {TARBALL}", "requests[socks]>=2.31; python_version >= '3.10'"),
        "poly sync",
        "--libs",
        expect=only_changed(SVC, also=reads_like_development("click", "requests")),
    ),
    Case(
        "sync-libs-project-file-with-a-bom-is-refused-in-one-line",
        bom,
        "poly sync",
        "--libs",
        exit_code=2,
        pattern=r"projects/svc/pyproject\.toml: starts with a UTF-8 byte order mark \(BOM\), "
        r"which Poetry cannot read",
        expect=unchanged,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_write_changes_what_its_plan_names_in_the_files_shape_or_nothing(
    make_workspace: MakeWorkspace, poly: PolyRunner, case: Case
) -> None:
    if case.root_only and os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    ws = make_workspace(dev_style="poetry")
    case.setup(ws)
    before = tree(ws.root)

    result: Result = poly(case.command, case.args, cwd=ws.root)

    output = result.stdout + result.stderr
    assert result.exit_code == case.exit_code, output
    assert "Traceback" not in output
    assert re.search(case.pattern, output, re.MULTILINE), output
    if result.exit_code == 2:
        assert len(result.stderr.splitlines()) == 1, result.stderr
    if case.expect is not None:
        case.expect(ws.root, before)


def test_the_hint_of_sync_check_then_finds_nothing_to_do(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace(dev_style="poetry")
    project_file(HYBRID)(ws)
    ws.project("other", ["api"])
    other = (ws.root / "projects/other/pyproject.toml").read_bytes()

    check = poly("poly sync", "--check --libs --projects svc", cwd=ws.root)
    hint = shlex.split(check.stderr.split("`")[1])
    ran = poly(" ".join(hint[1:3]), shlex.join(hint[3:]), cwd=ws.root)
    again = poly("poly sync", "--check --libs --projects svc", cwd=ws.root)

    assert (check.exit_code, ran.exit_code, again.exit_code) == (1, 0, 0)
    assert (ws.root / SVC).read_text(encoding="utf-8") == WITH_CLICK
    assert (ws.root / "projects/other/pyproject.toml").read_bytes() == other
