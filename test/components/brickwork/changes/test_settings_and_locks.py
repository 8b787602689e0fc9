from __future__ import annotations

from test.components.brickwork.changes.conftest import GitWorkspace, build
from test.conftest import MakeWorkspace
from test.gitrepo import GitRepo


def test_a_workspace_toml_change_to_tag_settings_affects_nothing(
    git_workspace: GitWorkspace,
) -> None:
    text = (git_workspace.root / "workspace.toml").read_text()
    git_workspace.repo.commit(
        "tags", {"workspace.toml": text + '\n[tool.polylith.tag]\nsorting = "-refname"\n'}
    )
    found = git_workspace.affected()
    assert found.changes.settings == ("tag",)
    assert found.changed_bricks == {}
    assert found.projects == {}
    assert found.other_files == ("workspace.toml",)


def test_a_workspace_toml_change_to_the_structure_affects_every_brick(
    git_workspace: GitWorkspace,
) -> None:
    text = (git_workspace.root / "workspace.toml").read_text()
    text = text.replace('theme = "loose"', 'theme = "loose"\nbases = "bases"')
    (git_workspace.root / "workspace.toml").write_text(text)
    found = git_workspace.affected()
    assert found.changes.settings == ("structure",)
    assert set(found.changed_bricks) == {"api", "log", "other", "user"}
    assert found.projects["tool"] == ("workspace.toml (structure)", "other", "tool")
    assert git_workspace.affected(working_tree=False).changes.settings == ()


LOCK = """\
[[package]]
name = "{name}"
version = "{version}"
description = ""
optional = false
python-versions = "*"
files = []

[[package]]
name = "six"
version = "1.16.0"
description = ""
optional = false
python-versions = "*"
files = []

[metadata]
lock-version = "2.0"
python-versions = "^3.10"
content-hash = "x"
"""


def test_a_lock_change_marks_only_the_bricks_importing_the_changed_library(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace()
    build(factory)
    factory.component("http", "import requests\n")
    factory.component("compat", "import six\n")
    factory.project("web", ["http"], dependencies=["requests"])
    factory.write("poetry.lock", LOCK.format(name="requests", version="2.31.0"))
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    repo.commit("bump", {"poetry.lock": LOCK.format(name="requests", version="2.32.0")})
    found = GitWorkspace(factory, repo).affected()
    assert found.changes.locks == {"poetry.lock": ("requests",)}
    assert dict(found.changed_bricks) == {"http": ("poetry.lock (requests)",)}
    assert dict(found.projects) == {"web": ("poetry.lock (requests)", "http", "web")}
    assert dict(found.changed_projects) == {"development": ("poetry.lock",)}


def test_an_unreadable_lock_marks_every_brick_that_imports_a_library(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace()
    build(factory)
    factory.component("http", "import requests\n")
    factory.write("poetry.lock", LOCK.format(name="requests", version="2.31.0"))
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    repo.write("poetry.lock", "[[package]\nbroken")
    found = GitWorkspace(factory, repo).affected()
    assert found.changes.locks == {"poetry.lock": ("*",)}
    assert list(found.changed_bricks) == ["http"]
