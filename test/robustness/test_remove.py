"""`poly remove`, tried as a hostile user and a messy repository would: bad names, project files
in odd shapes (CRLF, symbolic links, modes, several-brick includes, `[tool.polylith.bricks]`),
read-only files, a brick that is a symbolic link, and a git index another process holds. Each
case ends in the documented exit code with one clear line, and either the whole plan done or a
tree byte-identical to before."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo
from test.robustness.test_bad_input import tree


def small(make_workspace: MakeWorkspace, theme: str = "loose") -> WorkspaceFactory:
    """`greeting` (unused, listed by `svc`) and the base `api`, in a committed repository."""
    factory = make_workspace(theme=theme)
    factory.component("greeting", files={"core.py": "HELLO = 1\n"})
    factory.base("api")
    factory.project("svc", ["api", "greeting"])
    GitRepo.init(factory.root).commit("initial")
    return factory


SVC = "projects/svc/pyproject.toml"


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("", "unknown brick ''"),
        ("../../etc", "unknown brick '../../etc'"),
        ("greting", "did you mean greeting?"),
        ("acme/greeting/core", "unknown brick"),
    ],
    ids=["empty", "path-escape", "typo", "module-path"],
)
def test_a_bad_name_exits_2_with_one_line_and_changes_nothing(
    poly: PolyRunner, make_workspace: MakeWorkspace, name: str, pattern: str
) -> None:
    factory = small(make_workspace)
    before = tree(factory.root)

    result = poly("poly remove", f"'{name}'", cwd=factory.root)

    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert pattern in line and "nothing was removed" in line
    assert tree(factory.root) == before


def test_the_namespace_path_and_a_trailing_slash_name_the_brick(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = small(make_workspace)

    result = poly("poly remove", "acme/greeting/ --dry-run", cwd=factory.root)

    assert result.exit_code == 0
    assert result.stdout.startswith("remove component greeting (dry run):")


def test_a_crlf_project_file_keeps_its_line_endings_and_mode(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = small(make_workspace)
    svc = factory.root / SVC
    svc.write_bytes(svc.read_bytes().replace(b"\n", b"\r\n"))
    svc.chmod(0o600)
    GitRepo(factory.root).commit("crlf")
    before = svc.read_bytes()

    result = poly("poly remove", "greeting", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    kept = b"\r\n".join(line for line in before.split(b"\r\n") if b"acme/greeting" not in line)
    assert svc.read_bytes() == kept
    assert stat.S_IMODE(svc.stat().st_mode) == 0o600


def test_a_symlinked_project_file_stays_a_link_and_its_target_is_updated(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = small(make_workspace)
    svc = factory.root / SVC
    shared = factory.root / "shared/svc.toml"
    shared.parent.mkdir()
    svc.rename(shared)
    svc.symlink_to(os.path.relpath(shared, svc.parent))
    GitRepo(factory.root).commit("link")

    result = poly("poly remove", "greeting", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert svc.is_symlink()
    assert "acme/greeting" not in shared.read_text(encoding="utf-8")


def test_polylith_bricks_tables_and_several_brick_includes_are_handled(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = make_workspace()
    factory.component("greeting")
    factory.base("api")
    factory.write(
        SVC,
        '[project]\nname = "svc"\nversion = "0.1.0"\n\n'
        "[tool.polylith.bricks]\n"
        '"../../bases/acme/api" = "acme/api"\n'
        '# the greeting component\n"../../components/acme/greeting" = "acme/greeting"\n',
    )
    factory.write(
        "projects/all/pyproject.toml",
        '[project]\nname = "all"\nversion = "0.1.0"\n\n[tool.poetry]\n'
        'packages = [{ include = "acme", from = "../../components" }]\n',
    )
    GitRepo.init(factory.root).commit("initial")
    all_before = (factory.root / "projects/all/pyproject.toml").read_bytes()

    result = poly("poly remove", "greeting", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    text = (factory.root / SVC).read_text(encoding="utf-8")
    assert '"../../bases/acme/api" = "acme/api"' in text and 'greeting"' not in text
    assert (factory.root / "projects/all/pyproject.toml").read_bytes() == all_before
    assert "note: projects/all/pyproject.toml lists greeting through an include" in result.stderr


def test_a_read_only_project_file_refuses_before_anything_is_removed(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = small(make_workspace)
    svc = factory.root / SVC
    svc.chmod(0o444)
    before = tree(factory.root)

    result = poly("poly remove", "greeting", cwd=factory.root)

    assert result.exit_code == 2
    assert "read-only; nothing was written" in result.stderr
    assert tree(factory.root) == before


def test_a_git_index_held_by_another_process_undoes_every_step(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = small(make_workspace, theme="tdd")
    lock = factory.root / ".git/index.lock"
    lock.write_text("", encoding="utf-8")
    before = tree(factory.root)

    result = poly("poly remove", "greeting", cwd=factory.root)

    assert result.exit_code == 2
    assert "index.lock" in result.stderr and "Traceback" not in result.stderr
    lock.unlink()
    after = tree(factory.root)
    assert after == {k: v for k, v in before.items() if k != ".git/index.lock"}
    assert not list(factory.root.rglob(".*removing-*"))
    assert GitRepo(factory.root).is_clean()


def test_a_brick_that_is_a_symbolic_link_loses_the_link_never_its_target(
    poly: PolyRunner, make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = small(make_workspace)
    elsewhere = tmp_path / "elsewhere/ext"
    elsewhere.mkdir(parents=True)
    (elsewhere / "__init__.py").write_text("VALUE = 1\n", encoding="utf-8")
    link = factory.root / "components/acme/ext"
    link.symlink_to(elsewhere)
    factory.dev_bricks.append(("component", "ext"))
    factory.write_development()
    GitRepo(factory.root).commit("ext")

    result = poly("poly remove", "ext", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert not os.path.lexists(link)
    assert (elsewhere / "__init__.py").read_text(encoding="utf-8") == "VALUE = 1\n"


def test_removing_twice_says_the_brick_is_gone(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = small(make_workspace)
    assert poly("poly remove", "greeting", cwd=factory.root).exit_code == 0

    again = poly("poly remove", "greeting", cwd=factory.root)

    assert again.exit_code == 2
    assert again.stderr.startswith("unknown brick 'greeting': nothing was removed")


def test_a_brick_never_committed_is_uncommitted_work(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = small(make_workspace)
    factory.component("draft", files={"core.py": "IDEA = 1\n"})
    before = tree(factory.root)

    result = poly("poly remove", "draft", cwd=factory.root)

    assert result.exit_code == 1
    assert "draft holds 2 uncommitted changes (?? components/acme/draft/__init__.py" in (
        result.stderr
    )
    assert tree(factory.root) == before


def test_a_workspace_in_a_subfolder_of_the_repository_drops_the_right_index_entries(
    poly: PolyRunner, make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = make_workspace(theme="tdd", dev_style="poetry")  # tmp_path/ws
    factory.component("greeting")
    factory.base("api")
    (tmp_path / "README.md").write_text("outside the workspace\n", encoding="utf-8")
    repo = GitRepo.init(tmp_path)
    repo.commit("initial")

    result = poly("poly remove", "greeting", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert repo.git("ls-files", "--", "ws/components/greeting") == ""
    assert "D  ws/components/greeting/src/acme/greeting/__init__.py" in repo.git(
        "status", "--porcelain"
    )


def test_a_check_allow_setting_naming_the_brick_counts(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = small(make_workspace)
    toml = factory.root / "workspace.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[tool.brickwork.check.allow]\nsvc = ["greeting"]\n',
        encoding="utf-8",
    )
    GitRepo(factory.root).commit("allow")
    line = toml.read_text(encoding="utf-8").splitlines().index('svc = ["greeting"]') + 1
    before = tree(factory.root)

    result = poly("poly remove", "greeting", cwd=factory.root)

    assert result.exit_code == 1
    assert (
        f"workspace.toml:{line}: settings names [tool.brickwork.check.allow] svc (a setting)"
        in result.stderr
    )
    assert tree(factory.root) == before
