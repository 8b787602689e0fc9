from __future__ import annotations

from pathlib import Path

from test.components.brickwork.changes.conftest import GitWorkspace, build
from test.conftest import MakeWorkspace
from test.gitrepo import GitRepo


def test_nothing_changed_since_the_stable_tag_affects_nothing(git_workspace: GitWorkspace) -> None:
    found = git_workspace.affected()
    assert found.changes.files == ()
    assert found.changed_bricks == {}
    assert found.projects == {}
    assert found.changes.since.tag == "stable-1"


def test_a_changed_component_affects_its_dependents_transitively_with_reasons(
    git_workspace: GitWorkspace,
) -> None:
    git_workspace.repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    found = git_workspace.affected()
    assert dict(found.changed_bricks) == {"log": ("components/acme/log/core.py",)}
    assert dict(found.bricks) == {
        "api": ("components/acme/log/core.py", "log", "user", "api"),
        "log": ("components/acme/log/core.py", "log"),
        "user": ("components/acme/log/core.py", "log", "user"),
    }
    assert dict(found.projects) == {"svc": ("components/acme/log/core.py", "log", "svc")}


def test_a_change_to_a_bricks_tests_affects_only_that_bricks_tests(
    git_workspace: GitWorkspace,
) -> None:
    git_workspace.repo.commit("t", {"test/components/acme/log/test_more.py": "X = 1\n"})
    found = git_workspace.affected()
    assert found.changed_bricks == {}
    assert dict(found.test_bricks) == {"log": ("test/components/acme/log/test_more.py",)}
    assert found.projects == {}
    assert list(found.tested_bricks) == ["log"]


def test_uncommitted_and_untracked_files_count_unless_the_working_tree_is_left_out(
    git_workspace: GitWorkspace,
) -> None:
    git_workspace.repo.write("components/acme/other/new.py", "Y = 2\n")
    (git_workspace.root / "components/acme/log/__init__.py").write_text("# edited\n")
    found = git_workspace.affected()
    assert set(found.changed_bricks) == {"log", "other"}
    assert {f.status for f in found.changes.files} == {"modified", "untracked"}
    assert set(found.projects) == {"svc", "tool"}
    assert git_workspace.affected(working_tree=False).changed_bricks == {}


def test_ignored_files_do_not_count(git_workspace: GitWorkspace) -> None:
    git_workspace.repo.write("components/acme/log/__pycache__/x.pyc", "")
    assert git_workspace.affected().changes.files == ()


def test_a_changed_project_folder_affects_that_project_only(git_workspace: GitWorkspace) -> None:
    git_workspace.repo.commit("p", {"projects/tool/Dockerfile": "FROM python\n"})
    found = git_workspace.affected()
    assert dict(found.changed_projects) == {"tool": ("projects/tool/Dockerfile",)}
    assert dict(found.projects) == {"tool": ("projects/tool/Dockerfile", "tool")}


def test_a_folder_without_a_pyproject_under_projects_is_no_project(
    git_workspace: GitWorkspace,
) -> None:
    git_workspace.repo.commit("k8s", {"projects/k8s/deploy.yaml": "kind: Pod\n"})
    found = git_workspace.affected()
    assert found.changed_projects == {}
    assert found.projects == {}
    assert found.other_files == ("projects/k8s/deploy.yaml",)


def test_the_root_pyproject_changes_the_development_project_only(
    git_workspace: GitWorkspace,
) -> None:
    text = (git_workspace.root / "pyproject.toml").read_text() + "\n# comment\n"
    git_workspace.repo.commit("dev", {"pyproject.toml": text})
    found = git_workspace.affected()
    assert dict(found.changed_projects) == {"development": ("pyproject.toml",)}
    assert found.projects == {}


def test_the_newest_stable_tag_is_the_default_stable_point(git_workspace: GitWorkspace) -> None:
    repo = git_workspace.repo
    repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    repo.tag("stable-2")
    repo.commit("other", {"components/acme/other/core.py": "X = 1\n"})
    found = git_workspace.affected()
    assert found.changes.since.tag == "stable-2"
    assert list(found.changed_bricks) == ["other"]
    assert set(git_workspace.affected("stable-1").changed_bricks) == {"log", "other"}


def test_since_takes_a_release_key_a_literal_tag_or_a_sha(git_workspace: GitWorkspace) -> None:
    repo = git_workspace.repo
    first = repo.head()
    repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    repo.tag("v1.2.0")
    repo.commit("other", {"components/acme/other/core.py": "X = 1\n"})
    assert list(git_workspace.affected("release").changed_bricks) == ["other"]
    assert list(git_workspace.affected("v1.2.0").changed_bricks) == ["other"]
    assert set(git_workspace.affected(first).changed_bricks) == {"log", "other"}
    assert set(git_workspace.affected(first[:10]).changed_bricks) == {"log", "other"}


def test_a_branch_is_compared_from_its_merge_base_with_the_stable_point(
    git_workspace: GitWorkspace,
) -> None:
    repo = git_workspace.repo
    repo.branch("feature")
    repo.commit("feature", {"components/acme/other/core.py": "X = 1\n"})
    repo.checkout("main")
    repo.commit("main moves on", {"components/acme/log/core.py": "X = 1\n"})
    repo.tag("stable-2")
    repo.checkout("feature")
    found = git_workspace.affected()
    # merge-base(stable-2, feature) is the first commit: main's own change is not ours
    assert list(found.changed_bricks) == ["other"]


def test_a_merge_brings_the_merged_branch_changes(git_workspace: GitWorkspace) -> None:
    repo = git_workspace.repo
    repo.branch("feature")
    repo.commit("feature", {"components/acme/other/core.py": "X = 1\n"})
    repo.checkout("main")
    repo.commit("main", {"bases/acme/api/extra.py": "X = 1\n"})
    repo.merge("feature")
    found = git_workspace.affected()
    assert set(found.changed_bricks) == {"api", "other"}
    assert set(found.projects) == {"svc", "tool"}


def test_a_detached_head_works_like_a_branch(git_workspace: GitWorkspace) -> None:
    repo = git_workspace.repo
    repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    repo.detach()
    assert list(git_workspace.affected().changed_bricks) == ["log"]


def test_a_renamed_brick_counts_on_both_sides(git_workspace: GitWorkspace) -> None:
    repo = git_workspace.repo
    repo.rename("components/acme/other", "components/acme/renamed")
    text = (git_workspace.root / "projects/tool/pyproject.toml").read_text()
    repo.commit("rename", {"projects/tool/pyproject.toml": text.replace("other", "renamed")})
    found = git_workspace.affected()
    assert list(found.changed_bricks) == ["renamed"]
    assert list(found.removed_bricks) == ["other"]
    renamed = [f for f in found.changes.files if f.status == "renamed"]
    assert renamed[0].old_path == "components/acme/other/__init__.py"
    assert set(found.projects) == {"tool"}


def test_a_deleted_brick_affects_the_projects_that_still_include_it(
    git_workspace: GitWorkspace,
) -> None:
    git_workspace.repo.delete("components/acme/other")
    git_workspace.repo.commit("delete other")
    found = git_workspace.affected()
    assert dict(found.removed_bricks) == {"other": ("components/acme/other/__init__.py",)}
    assert dict(found.projects) == {"tool": ("components/acme/other/__init__.py", "other", "tool")}


def test_paths_with_spaces_and_unicode_are_read_exactly(git_workspace: GitWorkspace) -> None:
    git_workspace.repo.commit(
        "odd", {"components/acme/log/data files/ünï cöde.txt": "x\n", "docs/a b.md": "x\n"}
    )
    found = git_workspace.affected()
    assert dict(found.changed_bricks) == {"log": ("components/acme/log/data files/ünï cöde.txt",)}
    assert found.other_files == ("docs/a b.md",)


def test_a_workspace_in_a_sub_folder_of_the_repository(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = make_workspace()
    build(factory)
    repo = GitRepo.init(tmp_path)
    repo.write("README.md", "repo\n")
    repo.commit("initial")
    repo.tag("stable-1")
    repo.commit("both", {"ws/components/acme/log/core.py": "X = 1\n", "README.md": "y\n"})
    found = GitWorkspace(factory, repo).affected()
    assert [f.path for f in found.changes.files] == ["components/acme/log/core.py"]
    assert set(found.projects) == {"svc"}


def test_the_tdd_theme_maps_src_and_test_folders_to_the_brick(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace(theme="tdd")
    build(factory)
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    repo.commit(
        "tdd",
        {
            "components/user/src/acme/user/core.py": "X = 1\n",
            "components/log/test/test_more.py": "X = 1\n",
        },
    )
    found = GitWorkspace(factory, repo).affected()
    assert list(found.changed_bricks) == ["user"]
    assert list(found.test_bricks) == ["log"]
    assert set(found.bricks) == {"user", "api"}
    assert set(found.tested_bricks) == {"user", "api", "log"}


def test_annotated_tags_are_ordered_by_their_commit_date_like_lightweight_ones(
    git_workspace: GitWorkspace,
) -> None:
    repo = git_workspace.repo
    repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    repo.tag("stable-2", annotated=True)
    repo.commit("other", {"components/acme/other/core.py": "X = 1\n"})
    found = git_workspace.affected()
    assert found.changes.since.tag == "stable-2"
    assert list(found.changed_bricks) == ["other"]


def test_of_two_tags_on_one_commit_the_higher_number_is_the_stable_point(
    git_workspace: GitWorkspace,
) -> None:
    git_workspace.repo.tag("stable-10")
    git_workspace.repo.tag("stable-9")
    assert git_workspace.affected().changes.since.tag == "stable-10"


def test_unstaged_deletions_and_staged_renames_in_the_working_tree_count(
    git_workspace: GitWorkspace,
) -> None:
    (git_workspace.root / "components/acme/other/__init__.py").unlink()
    git_workspace.repo.rename(
        "test/components/acme/log/test_log.py", "test/components/acme/log/t.py"
    )
    found = git_workspace.affected()
    statuses = {(f.path, f.status) for f in found.changes.files}
    assert ("components/acme/other/__init__.py", "deleted") in statuses
    assert ("test/components/acme/log/t.py", "renamed") in statuses
    assert list(found.removed_bricks) == ["other"]
    assert list(found.test_bricks) == ["log"]


def test_a_file_moved_out_of_a_workspace_in_a_sub_folder_is_a_deletion(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = make_workspace()
    build(factory)
    repo = GitRepo.init(tmp_path)
    repo.commit("initial")
    repo.tag("stable-1")
    repo.rename("ws/components/acme/log/__init__.py", "elsewhere/log.py")
    found = GitWorkspace(factory, repo).affected()
    assert [(f.path, f.status) for f in found.changes.files] == [
        ("components/acme/log/__init__.py", "deleted")
    ]
