"""What a build refuses or keeps to itself: a build script nobody allowed, a wheel holding one
path twice, a temp folder left in the workspace, another project's artifacts under `--clean`,
and poetry-core's own temp files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from brickwork import packaging, workspace
from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import (
    MakeService,
    commit_all,
    load,
    project_file,
    tree,
)

BUILD_SCRIPT = """from pathlib import Path

# what a careless build script does: write into files it finds next to it
for path in Path("components").rglob("words.txt"):
    with path.open("w", encoding="utf-8") as handle:  # in place: through a hard link
        handle.write("changed by the build script\\n")
Path("components/acme/greeting/generated.txt").write_text("made\\n", encoding="utf-8")
"""


def _with_build_script(make_service: MakeService) -> workspace.Workspace:
    factory = make_service()
    build_table = '\n[tool.poetry.build]\nscript = "build.py"\ngenerate-setup-file = false\n'
    text = project_file("pep621", factory) + build_table
    factory.write("projects/svc/pyproject.toml", text)
    factory.write("projects/svc/build.py", BUILD_SCRIPT)
    commit_all(factory.root)
    return load(factory)


def test_a_build_script_is_refused_unless_allowed_and_nothing_is_written(
    make_service: MakeService, tmp_path: Path
) -> None:
    ws = _with_build_script(make_service)
    project = ws.project("svc")
    assert project is not None
    before = tree(ws.root)

    with pytest.raises(workspace.PolyFailure) as raised:
        packaging.build_project(ws, project, packaging.BuildOptions(out_dir=tmp_path / "out"))

    assert raised.value.exit_code == 1
    assert str(raised.value) == (
        "projects/svc/pyproject.toml: the build script 'build.py' ([tool.poetry.build] script) "
        "would run workspace code; pass --allow-build-script to run it (on a private copy of "
        "the stage), or remove it."
    )
    assert tree(ws.root) == before
    assert not (tmp_path / "out").exists()  # not even an empty output folder


def test_an_allowed_build_script_runs_on_a_private_copy_and_the_source_tree_is_untouched(
    make_service: MakeService, tmp_path: Path
) -> None:
    ws = _with_build_script(make_service)
    project = ws.project("svc")
    assert project is not None
    before = tree(ws.root)
    options = packaging.BuildOptions(out_dir=tmp_path / "out", allow_build_script=True)

    result = packaging.build_project(ws, project, options)

    assert tree(ws.root) == before  # byte for byte, and no new file
    assert result.wheel is not None
    wheel = Wheel(result.wheel.path)
    # what the script wrote into its copy is what ships
    assert wheel.text("acme/greeting/words.txt") == "changed by the build script\n"


def test_two_bricks_that_map_to_one_path_are_refused_and_no_wheel_is_written(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.base("greeting", '"""A base with the name of a component."""\n')
    includes = [factory.include("component", "greeting"), factory.include("base", "greeting")]
    packages = "".join(f'    {{ include = "{i}", from = "{f}" }},\n' for i, f in includes)
    factory.write(
        "projects/twice/pyproject.toml",
        f'[project]\nname = "twice"\nversion = "1.0"\n\n[tool.poetry]\npackages = [\n{packages}]\n',
    )
    commit_all(factory.root)
    ws = load(factory)
    project = ws.project("twice")
    assert project is not None
    out = tmp_path / "out"

    with pytest.raises(workspace.PolyFailure) as raised:
        packaging.build_project(ws, project, packaging.BuildOptions(out_dir=out))

    assert str(raised.value) == (
        "build failed: the wheel would hold acme/greeting/__init__.py twice (from "
        "bases/acme/greeting/__init__.py and components/acme/greeting/__init__.py): two bricks "
        "or includes map to the same path; rename one of them or leave one out of the project."
    )
    assert not out.exists()  # no wheel, no sdist, no scratch, no empty output folder


def test_a_custom_temp_path_that_does_not_exist_is_made_for_the_build_and_removed(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    before = tree(factory.root)
    inside = factory.root / "tmp" / "stages"  # in the workspace, two folders deep
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(out_dir=tmp_path / "out", temp_dir=inside)

    packaging.build_project(ws, project, options)
    packaging.build_many(ws, [project, project], options, workers=2)

    assert not (factory.root / "tmp").exists()
    assert tree(factory.root) == before


def test_a_custom_temp_path_that_exists_is_kept_and_left_empty(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    stages = tmp_path / "stages"
    stages.mkdir()
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None

    packaging.build_project(
        ws, project, packaging.BuildOptions(out_dir=tmp_path / "o", temp_dir=stages)
    )

    assert list(stages.iterdir()) == []


def test_a_custom_temp_path_that_cannot_be_made_is_one_line_and_exit_2(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(out_dir=tmp_path / "out", temp_dir=blocker / "stages")

    with pytest.raises(workspace.PolyError) as raised:
        packaging.build_project(ws, project, options)

    assert raised.value.exit_code == 2
    assert str(raised.value) == (
        f"--custom-temp-path {blocker / 'stages'}: cannot create the folder (Not a directory); "
        "name a folder that exists or can be made."
    )


def test_clean_keeps_the_artifacts_of_projects_whose_names_start_alike(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    others = [
        "svc_admin-1.0.0-py3-none-any.whl",
        "svc_admin-1.0.0.tar.gz",
        "svc-admin-0.9.0.tar.gz",  # an sdist named the old way, with the project's dash
        "svcx-2.0-py3-none-any.whl",
        "svcx-2.0.tar.gz",
        "svc.txt",
        "svc-notes.md",
    ]
    mine = ["svc-0.9.0-py3-none-any.whl", "svc-0.9.0.tar.gz", "SVC-0.8-py3-none-any.whl"]
    for name in others + mine:
        (out / name).write_text("old", encoding="utf-8")

    removed = packaging.clean_artifacts(out, "svc")
    admin = packaging.clean_artifacts(out, "svc-admin")

    assert sorted(p.name for p in removed) == sorted(mine)
    assert sorted(p.name for p in admin) == [
        "svc-admin-0.9.0.tar.gz",
        "svc_admin-1.0.0-py3-none-any.whl",
        "svc_admin-1.0.0.tar.gz",
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "svc-notes.md",
        "svc.txt",
        "svcx-2.0-py3-none-any.whl",
        "svcx-2.0.tar.gz",
    ]


def test_a_failed_wheel_build_leaves_no_temp_file_of_poetry_core_behind(
    make_service: MakeService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_service()
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    # a script entry point whose file is missing: poetry-core fails while writing the wheel
    script = '\n[tool.poetry.scripts]\nx = { reference = "gone.sh", type = "file" }\n'
    text = project_file("pep621", factory) + script
    factory.write("projects/svc/pyproject.toml", text)
    commit_all(factory.root)
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(out_dir=tmp_path / "out", formats=(packaging.Format.WHEEL,))

    outcome = packaging.build_one(ws, project, options)

    assert outcome.exit_code == 1, outcome
    assert list(system_temp.iterdir()) == []
    assert not (tmp_path / "out").exists()  # made for the build, then removed


def test_what_an_allowed_build_script_prints_goes_to_stderr_not_to_the_results(
    make_service: MakeService, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    factory = make_service()
    build_table = '\n[tool.poetry.build]\nscript = "build.py"\ngenerate-setup-file = false\n'
    factory.write("projects/svc/pyproject.toml", project_file("pep621", factory) + build_table)
    factory.write("projects/svc/build.py", 'print("generating")\n')
    commit_all(factory.root)
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(out_dir=tmp_path / "out", allow_build_script=True)
    capfd.readouterr()

    packaging.build_project(ws, project, options)

    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "generating\n")
