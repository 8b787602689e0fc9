"""What `poly build-project` ships, tried as a hostile user would: symlinks out of a brick to
secrets, git missing, bricks not yet added, build outputs named by `include`, patterns written
for the incumbent's layout. Each case: setup -> command -> exit code, the line that says why,
and the artifact (or the untouched tree)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import commit_all, git, service_factory
from test.components.brickwork.packaging.test_ship_patterns import (
    INCUMBENT_PATTERNS,
    INCUMBENT_WHEEL,
    web_workspace,
)
from test.conftest import MakeWorkspace, PolyRunner
from test.robustness.test_bad_input import tree

#: (make_workspace, poly, tmp_path, monkeypatch) -> the workspace root.
Setup = Callable[[MakeWorkspace, PolyRunner, Path, pytest.MonkeyPatch], Path]
#: (the wheel's files, or None when nothing was built) -> None; asserts.
Check = Callable[[list[str] | None], None]


def secrets_behind_a_folder_link(
    make: MakeWorkspace, _poly: PolyRunner, _tmp: Path, _mp: pytest.MonkeyPatch
) -> Path:
    factory = service_factory(make)()
    factory.write("config/settings.toml", "debug = false\n")
    factory.write(".gitignore", "dist/\n__pycache__/\n.env\n")
    (factory.root / "components/acme/greeting/conf").symlink_to("../../../config")
    commit_all(factory.root)
    factory.write("config/.env", "PASSWORD=hunter2\n")
    return factory.root


def secret_behind_a_file_link(
    make: MakeWorkspace, _poly: PolyRunner, _tmp: Path, _mp: pytest.MonkeyPatch
) -> Path:
    factory = service_factory(make)()
    factory.write(".gitignore", "dist/\n__pycache__/\n.env\n")
    (factory.root / "components/acme/greeting/token.txt").symlink_to("../../../.env")
    commit_all(factory.root)
    factory.write(".env", "PASSWORD=hunter2\n")
    return factory.root


def git_not_on_path(
    make: MakeWorkspace, _poly: PolyRunner, tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    root = service_factory(make)().root
    empty = tmp / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return root


def just_created(make: MakeWorkspace, poly: PolyRunner, tmp: Path, _mp: pytest.MonkeyPatch) -> Path:
    """`poly create` in a fresh repository: nothing added yet."""
    poly("poly create workspace", "--name shop", cwd=tmp)
    root = tmp / "shop" if (tmp / "shop").is_dir() else tmp
    git(root, "init", "-q")
    assert poly("poly create base", "--name cli", cwd=root).exit_code == 0
    assert poly("poly create project", "--name svc --base cli", cwd=root).exit_code == 0
    return root


def build_output_included(
    make: MakeWorkspace, _poly: PolyRunner, _tmp: Path, _mp: pytest.MonkeyPatch
) -> Path:
    patterns = 'include = [{ path = "acme/web/static/dist", format = ["sdist", "wheel"] }]\n'
    return web_workspace(make, patterns).root


def incumbent_patterns(
    make: MakeWorkspace, _poly: PolyRunner, _tmp: Path, _mp: pytest.MonkeyPatch
) -> Path:
    return web_workspace(make, INCUMBENT_PATTERNS).root


def pattern_matching_nothing(
    make: MakeWorkspace, _poly: PolyRunner, _tmp: Path, _mp: pytest.MonkeyPatch
) -> Path:
    return web_workspace(make, 'exclude = ["acme/web/static/*.gif"]\n').root


def nothing_built(files: list[str] | None) -> None:
    assert files is None


def lacks(*names: str) -> Check:
    def check(files: list[str] | None) -> None:
        assert files is not None
        assert not set(names) & set(files), files

    return check


def holds(*names: str) -> Check:
    def check(files: list[str] | None) -> None:
        assert files is not None
        assert set(names) <= set(files), files

    return check


def exactly(names: list[str]) -> Check:
    def check(files: list[str] | None) -> None:
        assert files == names

    return check


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    exit_code: int
    pattern: str
    """A regular expression stderr must match."""
    check: Check


CASES = [
    Case(
        "folder-link-to-ignored-secret",
        secrets_behind_a_folder_link,
        0,
        r"built svc",
        lacks("acme/greeting/conf/.env"),
    ),
    Case(
        "file-link-to-ignored-secret",
        secret_behind_a_file_link,
        0,
        r"note: svc: skipped components/acme/greeting/token\.txt: it points to \.env, "
        r"which git does not track",
        lacks("acme/greeting/token.txt"),
    ),
    Case(
        "git-not-on-path",
        git_not_on_path,
        2,
        r"git cannot list the files to ship in .*, a git work tree \(git is not on PATH\); "
        r"a build ships only what git tracks: install git",
        nothing_built,
    ),
    Case(
        "brick-just-created-not-added",
        just_created,
        1,
        r"svc: projects/svc/pyproject\.toml: git does not track bases/shop/cli yet, and a build "
        r"ships only what git tracks; run `git add bases/shop/cli` and build again\.",
        nothing_built,
    ),
    Case(
        "ignored-build-output-named-by-include",
        build_output_included,
        0,
        r"note: svc: added 3 file\(s\) that git does not track, because include names them: "
        r"components/acme/web/static/dist/app\.js, ",
        holds("acme/web/static/dist/app.js", "acme/web/static/dist/vendor.css"),
    ),
    Case(
        "patterns-for-the-incumbents-layout",
        incumbent_patterns,
        0,
        r"built svc",
        exactly(INCUMBENT_WHEEL),
    ),
    Case(
        "pattern-matching-nothing",
        pattern_matching_nothing,
        0,
        r"note: svc: warning: exclude 'acme/web/static/\*\.gif' matches no file",
        holds("acme/web/static/css/site.css.map"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_build_project_ships_what_git_tracks_and_include_names_or_says_why_not(
    case: Case,
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    scratch = tmp_path / "case"
    scratch.mkdir()
    root = case.setup(make_workspace, poly, scratch, monkeypatch)
    out = tmp_path / "out"
    before = tree(root)

    result = poly(
        "poly build-project", f"--projects svc --format wheel --output-dir {out}", cwd=root
    )

    assert result.exit_code == case.exit_code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(case.pattern, result.stderr), result.stderr
    wheels = sorted(out.glob("*.whl")) if out.is_dir() else []
    case.check(Wheel(wheels[0]).files() if wheels else None)
    assert tree(root) == before
