"""`poly diff --graph` tried as a hostile user would: options it cannot combine, no repository,
a shallow clone, a stable point that is broken, older than the workspace or holding links, a
workspace below the repository's top, a string import. Each case: the exit code, one clear
line (or the exact finding next to it), and the work tree left as it was."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from brickwork.changes import gittree
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo
from test.robustness.test_bad_input import tree


def build(factory: WorkspaceFactory) -> None:
    factory.component("log", "def info(text):\n    return text\n")
    factory.component("user", "from acme import log\n")
    factory.base("api", "from acme import user\n")
    factory.project("svc", ["api", "user", "log"])
    factory.write(".gitignore", ".brickwork_cache/\n__pycache__/\n")


def tagged(factory: WorkspaceFactory) -> GitRepo:
    build(factory)
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    return repo


def kept(root: Path) -> dict[str, str]:
    """`tree` without the analysis cache (git-ignored; every read command keeps it)."""
    return {k: v for k, v in tree(root).items() if ".brickwork_cache" not in k}


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("--graph --short", "--graph shows the whole graph diff: leave out --short"),
        ("--graph --bricks", "leave out --short, --bricks, --projects"),
        ("--graph --output github-matrix", "--graph prints one of: text, json, markdown"),
    ],
)
def test_options_the_graph_diff_cannot_combine_are_one_line_and_exit_2(
    args: str, says: str, make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    tagged(factory)
    before = kept(factory.root)

    result = poly("poly diff", args, cwd=factory.root)

    assert result.exit_code == 2
    assert says in one_line(result.stderr)
    assert result.stdout == ""
    assert kept(factory.root) == before


def test_a_workspace_outside_any_repository_cannot_be_compared(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    build(factory)

    result = poly("poly diff", "--graph --output json", cwd=factory.root)

    assert result.exit_code == 2
    assert "is not inside a git repository" in one_line(result.stderr)
    document = json.loads(result.stdout)  # the error document: a script reads the reason
    assert document["command"] == "diff" and document["exit_code"] == 2


def test_a_shallow_clone_without_tags_says_to_fetch_them(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    factory = make_workspace()
    repo = tagged(factory)
    repo.commit("more", {"README.md": "x\n"})
    clone = repo.shallow_clone(tmp_path / "clone")

    result = poly("poly diff", "--graph", cwd=clone.root)

    assert result.exit_code == 2
    assert "fetch-depth: 0" in one_line(result.stderr)


def test_a_stable_point_with_a_broken_workspace_file_is_named(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    build(factory)
    repo = GitRepo.init(factory.root)
    good = (factory.root / "workspace.toml").read_text(encoding="utf-8")
    repo.commit("broken", {"workspace.toml": "[tool.polylith\nnamespace = 'acme'\n"})
    repo.tag("stable-1")
    repo.commit("fixed", {"workspace.toml": good})

    result = poly("poly diff", "--graph", cwd=factory.root)

    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert line.startswith("the workspace at stable-1 cannot be read:")
    assert "workspace.toml" in line


def test_a_stable_point_older_than_the_workspace_shows_every_brick_added(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    repo = GitRepo.init(factory.root)
    repo.write("README.md", "soon\n")
    repo.git("add", "README.md")
    repo.git("commit", "--quiet", "-m", "readme only")  # workspace.toml not committed yet
    repo.tag("stable-1")
    build(factory)
    repo.commit("the workspace")

    result = poly("poly diff", "--graph --output json", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)["result"]
    assert [b["name"] for b in found["bricks"]["added"]] == ["api", "log", "user"]
    assert [(e["source"], e["target"]) for e in found["edges"]["added"]] == [
        ("api", "user"),
        ("user", "log"),
    ]
    assert [(p["name"], p["status"]) for p in found["projects"]] == [
        ("development", "added"),
        ("svc", "added"),
    ]


def test_links_and_a_workspace_below_the_top_of_the_repository(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    factory = make_workspace()  # tmp_path/ws: the repository is tmp_path
    build(factory)
    (factory.root / "components/acme/log/link.py").symlink_to("/etc/hostname")
    repo = GitRepo.init(tmp_path)
    repo.commit("initial")
    repo.tag("stable-1")
    api = "bases/acme/api/__init__.py"
    factory.write(api, "from acme import user\nfrom acme import log\n")
    before = kept(tmp_path)

    result = poly("poly diff", "--graph", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert f"  + api -> log  {api}:2" in result.stdout.splitlines()
    assert "Projects:" not in result.stdout  # svc includes log already: nothing new
    assert kept(tmp_path) == before


def test_a_string_import_makes_an_edge_like_any_import(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace(theme="tdd", dev_style="poetry")
    repo = tagged(factory)
    api = f"{factory.brick_dir('base', 'api')}/__init__.py"
    repo.commit(
        "plugin",
        {api: 'import importlib\nfrom acme import user\nimportlib.import_module("acme.log")\n'},
    )

    result = poly("poly diff", "--graph", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert f"  + api -> log  {api}:3" in result.stdout.splitlines()


def test_no_temporary_folder_is_left_behind(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_workspace()
    repo = tagged(factory)
    repo.commit("log uses user", {"components/acme/log/__init__.py": "from acme import user\n"})
    private = tmp_path / "private"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    monkeypatch.setattr(gittree, "MEMORY_FOLDERS", ())  # the system's temporary folder

    result = poly("poly diff", "--graph", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert "  + log -> user -> log" in result.stdout.splitlines()
    assert os.listdir(private) == []


def test_odd_file_names_at_both_points_are_read_and_printed_as_they_are(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    build(factory)
    folder = factory.root / "components/acme/log"
    (folder / os.fsdecode(b"caf\xe9.py")).write_text("from acme import user\n", encoding="utf-8")
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    (folder / os.fsdecode(b"caf\xe9.py")).unlink()
    (folder / "a<b>|c.py").write_text("import os\nfrom acme import api\n", encoding="utf-8")
    repo.commit("odd names")

    text = poly("poly diff", "--graph", cwd=factory.root)
    markdown = poly("poly diff", "--graph --output markdown", cwd=factory.root)

    assert text.exit_code == markdown.exit_code == 0, text.stderr + markdown.stderr
    lines = text.stdout.splitlines()
    assert "  + log -> api  components/acme/log/a<b>|c.py:2" in lines
    removed = "  - log -> user  (was components/acme/log/" + os.fsdecode(b"caf\xe9.py") + ":1)"
    assert removed in lines
    assert "| added | `log` → `api` | `components/acme/log/a<b>\\|c.py:2` |" in markdown.stdout
