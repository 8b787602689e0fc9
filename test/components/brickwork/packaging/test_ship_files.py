"""What git tracks is what ships, whatever the path: symlinks inside bricks, a git that cannot
answer, bricks not yet added. Real repositories, real wheels."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from brickwork import packaging, workspace
from test.artifacts import Sdist, Wheel
from test.components.brickwork.packaging.conftest import MakeService, commit_all, git, tree

WHEEL_FILES = [
    "acme/api/__init__.py",
    "acme/api/core.py",
    "acme/greeting/__init__.py",
    "acme/greeting/core.py",
    "acme/greeting/words.txt",
]


def _build(root: Path, out: Path, **options: object) -> packaging.BuildResult:
    ws = workspace.load(root)
    project = ws.project("svc")
    assert project is not None
    return packaging.build_project(ws, project, packaging.BuildOptions(out_dir=out, **options))  # type: ignore[arg-type]


def _with_config_folder(make_service: MakeService) -> Path:
    """A workspace folder `config/` with a tracked file, an ignored secret and an untracked
    draft, reached from the greeting brick through a tracked folder symlink `conf`."""
    factory = make_service()
    root = factory.root
    factory.write("config/settings.toml", "debug = false\n")
    factory.write(".gitignore", "dist/\n__pycache__/\n.env\n*.key\n")
    commit_all(root)
    factory.write("config/.env", "PASSWORD=hunter2\n")
    factory.write("config/signing.key", "secret\n")
    (root / "components/acme/greeting/conf").symlink_to("../../../config")
    commit_all(root)
    factory.write("config/draft.txt", "not yet\n")
    return root


def test_a_folder_symlink_in_a_brick_ships_only_what_git_tracks_where_it_points(
    make_service: MakeService, tmp_path: Path
) -> None:
    root = _with_config_folder(make_service)

    result = _build(root, tmp_path / "out")

    assert result.wheel is not None
    wheel = Wheel(result.wheel.path)
    assert wheel.files() == sorted([*WHEEL_FILES, "acme/greeting/conf/settings.toml"])
    assert wheel.text("acme/greeting/conf/settings.toml") == "debug = false\n"
    sdist = Sdist(next(a.path for a in result.artifacts if a.format is packaging.Format.SDIST))
    assert not [n for n in sdist.files() if n.endswith((".env", ".key", "draft.txt"))]
    assert result.notes == (
        "left out 1 untracked file(s): components/acme/greeting/conf/draft.txt "
        "(git add them to ship them)",
    )


def test_a_file_symlink_to_an_ignored_file_is_skipped_with_a_note(
    make_service: MakeService, tmp_path: Path
) -> None:
    root = _with_config_folder(make_service)
    (root / "components/acme/greeting/token.txt").symlink_to("../../../config/.env")
    (root / "components/acme/greeting/settings.toml").symlink_to("../../../config/settings.toml")
    git(root, "add", "components/acme/greeting")
    commit_all(root)

    result = _build(root, tmp_path / "out")

    assert result.wheel is not None
    files = Wheel(result.wheel.path).files()
    assert "acme/greeting/token.txt" not in files
    assert "acme/greeting/settings.toml" in files  # its target is tracked
    assert (
        "skipped components/acme/greeting/token.txt: it points to config/.env, which git does "
        "not track"
    ) in result.notes


def test_a_symlink_loop_in_a_brick_is_skipped_with_a_note(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    (factory.root / "components/acme/greeting/again").symlink_to(".")
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == WHEEL_FILES
    assert result.notes == (
        "skipped components/acme/greeting/again: a symlink loop (it points to "
        "components/acme/greeting)",
    )


def test_a_brick_folder_reached_through_a_symlinked_parent_ships_its_tracked_files(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    root = factory.root
    factory.write("shared/acme/extra/__init__.py", "EXTRA = 1\n")
    factory.write("shared/acme/extra/.env", "PASSWORD=x\n")
    factory.write(".gitignore", "dist/\n__pycache__/\n.env\n")
    (root / "linked").symlink_to("shared")
    text = (root / "projects/svc/pyproject.toml").read_text()
    text = text.replace(
        "packages = [\n", 'packages = [\n    { include = "acme/extra", from = "../../linked" },\n'
    )
    (root / "projects/svc/pyproject.toml").write_text(text)
    commit_all(root)

    result = _build(root, tmp_path / "out")

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == sorted([*WHEEL_FILES, "acme/extra/__init__.py"])


def test_a_workspace_listing_follows_symlinks_like_one_git_call_per_build(
    make_service: MakeService,
) -> None:
    root = _with_config_folder(make_service)
    known = packaging.workspace_listing(root)
    assert known is not None
    folders = [root / "components/acme/greeting", root / "bases/acme/api"]

    assert packaging.list_files(folders, root, known) == packaging.list_files(folders, root)


def _no_git_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-git-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_git_missing_in_a_git_work_tree_stops_the_build_in_one_line(
    make_service: MakeService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_service()
    factory.write("components/acme/greeting/.env", "PASSWORD=x\n")
    before = tree(factory.root)
    _no_git_on_path(tmp_path, monkeypatch)

    with pytest.raises(workspace.PolyError) as raised:
        _build(factory.root, tmp_path / "out", temp_dir=tmp_path / "stages")

    assert raised.value.exit_code == workspace.EXIT_CANNOT_RUN
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(
        f"git cannot list the files to ship in {factory.root}, a git work tree "
        "(git is not on PATH); "
    )
    assert message.endswith("install git, put it on PATH or repair the repository.")
    assert tree(factory.root) == before
    assert not list((tmp_path / "out").glob("*.*"))
    assert not (tmp_path / "stages").exists() or not list((tmp_path / "stages").iterdir())


def test_a_git_that_fails_in_a_work_tree_stops_the_build_and_quotes_it(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    (factory.root / ".git" / "index").write_bytes(b"not an index")

    with pytest.raises(workspace.PolyError) as raised:
        _build(factory.root, tmp_path / "out")

    assert raised.value.exit_code == workspace.EXIT_CANNOT_RUN
    assert "git ls-files: " in str(raised.value)
    assert "index" in str(raised.value)


def test_a_broken_repository_pointer_is_not_taken_for_no_repository(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service(use_git=False)
    (factory.root / ".git").write_text("gitdir: /nowhere/at/all\n", encoding="utf-8")

    with pytest.raises(workspace.PolyError) as raised:
        _build(factory.root, tmp_path / "out")

    assert "not a git repository" in str(raised.value)


def test_without_any_repository_a_missing_git_still_walks_the_folders(
    make_service: MakeService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_service(use_git=False)
    _no_git_on_path(tmp_path, monkeypatch)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == WHEEL_FILES


def test_a_brick_not_yet_added_is_named_with_the_git_add_to_run(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.component("fresh", '"""New."""\n', {"core.py": "X = 1\n"})
    text = (factory.root / "projects/svc/pyproject.toml").read_text()
    text = text.replace(
        "packages = [\n",
        'packages = [\n    { include = "acme/fresh", from = "../../components" },\n',
    )
    (factory.root / "projects/svc/pyproject.toml").write_text(text)
    before = tree(factory.root)

    with pytest.raises(workspace.PolyFailure) as raised:
        _build(factory.root, tmp_path / "out", temp_dir=tmp_path / "stages")

    assert raised.value.exit_code == workspace.EXIT_FAILURE
    assert str(raised.value) == (
        "projects/svc/pyproject.toml: git does not track components/acme/fresh yet, and a "
        "build ships only what git tracks; run `git add components/acme/fresh` and build again."
    )
    assert tree(factory.root) == before
    assert not list((tmp_path / "out").glob("*.*"))


def test_in_a_repository_with_nothing_added_every_untracked_brick_is_named(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service(use_git=False)
    git(factory.root, "init", "-q")

    with pytest.raises(workspace.PolyFailure) as raised:
        _build(factory.root, tmp_path / "out")

    listed = "bases/acme/api components/acme/greeting README.md"  # the readme it names too
    assert f"run `git add {listed}` and build again." in str(raised.value)


def test_a_tracked_brick_with_an_untracked_new_module_builds_and_names_the_module(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("components/acme/greeting/later.py", "X = 1\n")

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == WHEEL_FILES
    assert result.notes == (
        "left out 1 untracked file(s): components/acme/greeting/later.py "
        "(git add them to ship them)",
    )


def test_an_executable_staged_through_a_link_keeps_its_mode_in_the_wheel(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    script = factory.write("config/run.sh", "#!/bin/sh\necho hi\n")
    script.chmod(0o755)
    (factory.root / "components/acme/greeting/bin").symlink_to("../../../config")
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    import zipfile

    with zipfile.ZipFile(result.wheel.path) as archive:
        info = archive.getinfo("acme/greeting/bin/run.sh")
    assert (info.external_attr >> 16) & stat.S_IXUSR
    assert os.path.islink(factory.root / "components/acme/greeting/bin")


def test_a_git_that_cannot_be_executed_stops_the_build_and_says_why(
    make_service: MakeService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_service()
    folder = tmp_path / "broken-bin"
    folder.mkdir()
    (folder / "git").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")  # no exec bit
    monkeypatch.setenv("PATH", str(folder))

    with pytest.raises(workspace.PolyError) as raised:
        _build(factory.root, tmp_path / "out")

    assert raised.value.exit_code == workspace.EXIT_CANNOT_RUN
    assert "Permission denied" in str(raised.value)


def test_git_dir_in_the_environment_counts_as_a_work_tree(
    make_service: MakeService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_service(use_git=False)
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "nowhere.git"))

    with pytest.raises(workspace.PolyError, match="a git work tree"):
        _build(factory.root, tmp_path / "out")


def test_a_dangling_tracked_symlink_is_skipped_with_a_note(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    (factory.root / "components/acme/greeting/gone.txt").symlink_to("../../../not-there.txt")
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == WHEEL_FILES
    assert result.notes == ("skipped components/acme/greeting/gone.txt: a symlink to nothing",)


def test_two_folders_linking_to_each_other_stop_at_a_loop_note(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("assets/a/one.txt", "1\n")
    factory.write("assets/b/two.txt", "2\n")
    (factory.root / "assets/a/to_b").symlink_to("../b")
    (factory.root / "assets/b/to_a").symlink_to("../a")
    (factory.root / "components/acme/greeting/assets").symlink_to("../../../assets/a")
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    files = Wheel(result.wheel.path).files()
    assert "acme/greeting/assets/one.txt" in files
    assert "acme/greeting/assets/to_b/two.txt" in files
    assert [f for f in files if "assets" in f] == [
        "acme/greeting/assets/one.txt",
        "acme/greeting/assets/to_b/two.txt",
    ]
    assert result.notes == (
        "skipped components/acme/greeting/assets/to_b/to_a: a symlink loop (it points to assets/a)",
    )


def test_an_untracked_readme_the_project_names_is_named_with_the_git_add_to_run(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    file = factory.root / "projects/svc/pyproject.toml"
    file.write_text(file.read_text().replace('readme = "../../README.md"', 'readme = "NOTES.md"'))
    commit_all(factory.root)
    factory.write("projects/svc/NOTES.md", "# svc\n")

    with pytest.raises(workspace.PolyFailure) as raised:
        _build(factory.root, tmp_path / "out")

    assert str(raised.value) == (
        "projects/svc/pyproject.toml: git does not track projects/svc/NOTES.md yet, and a "
        "build ships only what git tracks; run `git add projects/svc/NOTES.md` and build again."
    )
