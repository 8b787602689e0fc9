"""Building many projects: one listing of the workspace, a process pool, validation once."""

from __future__ import annotations

from pathlib import Path

from brickwork import packaging
from test.components.brickwork.packaging.conftest import MakeService, commit_all, load, project_file


def test_a_workspace_listing_gives_each_folder_the_files_git_would(
    make_service: MakeService,
) -> None:
    factory = make_service()
    factory.write("components/acme/greeting/scratch_local.py", "x = 1\n")
    factory.write("components/acme/greeting_more/x.py", "x = 1\n")  # a name that starts alike
    root = factory.root
    known = packaging.workspace_listing(root)
    assert known is not None
    folders = [root / "components/acme/greeting", root / "bases/acme/api", root / "README.md"]
    assert packaging.list_files(folders, root, known) == packaging.list_files(folders, root)


def test_building_several_projects_in_parallel_gives_the_wheels_of_one_by_one_builds(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    for name in ("one", "two", "three"):
        text = project_file("pep621", factory).replace('name = "svc"', f'name = "{name}"')
        factory.write(f"projects/{name}/pyproject.toml", text)
    commit_all(factory.root)
    ws = load(factory)
    options = packaging.BuildOptions(out_dir=tmp_path / "many", temp_dir=tmp_path / "stages")
    seen: list[tuple[str, int, int]] = []
    outcomes = packaging.build_many(
        ws, ws.deployables, options, done=lambda o, n, t: seen.append((o.project.name, n, t))
    )
    assert [o.project.name for o in outcomes] == [p.name for p in ws.deployables]
    assert sorted(n for _, n, _ in seen) == [1, 2, 3, 4]
    assert not (tmp_path / "stages").exists()  # the batch made it and removed it
    for outcome in outcomes:
        assert outcome.result is not None, outcome.error
        alone = packaging.build_project(
            ws, outcome.project, packaging.BuildOptions(out_dir=tmp_path / outcome.project.name)
        )
        assert [a.sha256 for a in outcome.result.artifacts] == [a.sha256 for a in alone.artifacts]


def test_an_unchanged_project_file_is_validated_once_and_an_invalid_one_always_fails(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    marks = factory.root / ".brickwork_cache" / "build-validated"
    first = packaging.build_project(ws, project, packaging.BuildOptions(out_dir=tmp_path / "one"))
    [mark] = marks.iterdir()
    second = packaging.build_project(ws, project, packaging.BuildOptions(out_dir=tmp_path / "two"))
    assert list(marks.iterdir()) == [mark]
    assert [a.sha256 for a in first.artifacts] == [a.sha256 for a in second.artifacts]
    text = project_file("pep621", factory).replace(
        'version = "1.2.0"', 'version = "1.2.0"\nkeywords = "not a list"'
    )
    factory.write("projects/svc/pyproject.toml", text)
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    for _ in range(2):
        outcome = packaging.build_one(ws, project, packaging.BuildOptions(out_dir=tmp_path / "bad"))
        assert outcome.exit_code == 1
        assert "The Poetry configuration is invalid" in outcome.error
    assert list(marks.iterdir()) == [mark]


def test_a_reused_stage_keeps_its_folders_but_none_of_the_last_projects_files(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    reuse = tmp_path / "worker"
    options = packaging.BuildOptions(out_dir=tmp_path / "one")
    first = packaging.build_project(ws, project, options, reuse=reuse)
    assert [p for p in reuse.rglob("*") if not p.is_dir()] == []
    assert (reuse / "project" / "components" / "acme" / "greeting").is_dir()
    again = packaging.build_project(
        ws, project, packaging.BuildOptions(out_dir=tmp_path / "two"), reuse=reuse
    )
    assert [a.sha256 for a in first.artifacts] == [a.sha256 for a in again.artifacts]
