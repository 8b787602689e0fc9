"""Build real projects with poetry-core from a stage: exact wheels and sdists."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from brickwork import packaging, workspace
from test.artifacts import Sdist, Wheel
from test.components.brickwork.packaging.conftest import MakeService, commit_all, load, tree

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


@pytest.mark.parametrize("theme", ["loose", "tdd"])
@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_the_wheel_holds_exactly_the_projects_bricks_with_package_data(
    make_service: MakeService, tmp_path: Path, theme: str, style: str
) -> None:
    factory = make_service(theme=theme, style=style)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    wheel = Wheel(result.wheel.path)
    assert wheel.files() == WHEEL_FILES
    wheel.verify_record()
    meta = wheel.metadata()
    assert (meta["Name"], meta["Version"]) == ("svc", "1.2.0")
    assert "The service." in (meta.get_payload() or "")
    assert wheel.entry_points() == {"console_scripts": {"svc": "acme.api.core:main"}}


def test_the_sdist_has_local_paths_and_the_readme(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()

    result = _build(factory.root, tmp_path / "out")

    sdist = Sdist(next(a.path for a in result.artifacts if a.format is packaging.Format.SDIST))
    assert sdist.files() == [
        "PKG-INFO",
        "README.md",
        "bases/acme/api/__init__.py",
        "bases/acme/api/core.py",
        "components/acme/greeting/__init__.py",
        "components/acme/greeting/core.py",
        "components/acme/greeting/words.txt",
        "pyproject.toml",
    ]
    staged = sdist.text("pyproject.toml")
    assert '{ include = "acme/api", from = "bases" }' in staged
    assert 'readme = "README.md"' in staged
    assert "../" not in staged


def test_pip_wheel_on_the_sdist_alone_gives_the_same_wheel(
    make_service: MakeService, tmp_path: Path
) -> None:
    import subprocess
    import sys

    factory = make_service()
    result = _build(factory.root, tmp_path / "out")
    sdist = next(a.path for a in result.artifacts if a.format is packaging.Format.SDIST)
    alone = tmp_path / "alone"
    alone.mkdir()
    copy = alone / sdist.name
    copy.write_bytes(sdist.read_bytes())
    epoch = packaging.source_date_epoch(load(factory))

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path / "again"),
            str(copy),
        ],
        check=True,
        cwd=alone,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)},
    )

    assert result.wheel is not None
    again = tmp_path / "again" / result.wheel.path.name
    assert again.read_bytes() == result.wheel.path.read_bytes()


def test_two_builds_are_byte_identical_even_after_touching_every_file(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    first = _build(factory.root, tmp_path / "one")
    for path in factory.root.rglob("*.py"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
        path.chmod(0o600)
    second = _build(factory.root, tmp_path / "two")

    assert [a.sha256 for a in first.artifacts] == [a.sha256 for a in second.artifacts]
    assert [a.path.name for a in first.artifacts] == [a.path.name for a in second.artifacts]


def test_artifacts_carry_the_last_commit_time(make_service: MakeService, tmp_path: Path) -> None:
    import zipfile

    factory = make_service()

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    with zipfile.ZipFile(result.wheel.path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2024, 5, 1, 12, 0, 0)}
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_untracked_and_ignored_files_stay_out_and_are_named(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("components/acme/greeting/scratch_local.py", "x = 1\n")
    factory.write("components/acme/greeting/.pytest_cache/v/cache", "junk\n")
    factory.write("components/acme/greeting/__pycache__/core.cpython-311.pyc", "junk\n")

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == WHEEL_FILES
    assert result.notes == (
        "left out 1 untracked file(s): components/acme/greeting/scratch_local.py "
        "(git add them to ship them)",
    )


def test_without_git_every_file_ships_but_caches(make_service: MakeService, tmp_path: Path) -> None:
    factory = make_service(use_git=False)
    factory.write("components/acme/greeting/extra.py", "x = 1\n")
    factory.write("components/acme/greeting/.pytest_cache/v/cache", "junk\n")
    factory.write("components/acme/greeting/__pycache__/core.cpython-311.pyc", "junk\n")

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == sorted([*WHEEL_FILES, "acme/greeting/extra.py"])


def test_a_symlink_out_of_the_workspace_is_skipped_with_a_note(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    secret = tmp_path / "secret.txt"
    secret.write_text("password\n", encoding="utf-8")
    link = factory.root / "components/acme/greeting/secret.txt"
    link.symlink_to(secret)
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == WHEEL_FILES
    assert result.notes == (
        f"skipped components/acme/greeting/secret.txt: a symlink to {secret}, "
        "outside the workspace",
    )


def test_the_stage_is_made_in_the_system_temp_and_removed_leaving_the_tree_untouched(
    make_service: MakeService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_service()
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    before = tree(factory.root)
    seen: list[Path] = []
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None

    with packaging.staged(ws, project) as stage:
        seen.append(stage.root)
    packaging.build_project(ws, project, packaging.BuildOptions(out_dir=tmp_path / "out"))

    assert seen[0].is_relative_to(system_temp)
    assert tree(factory.root) == before
    assert list(system_temp.iterdir()) == []


def test_the_stage_is_removed_when_the_build_fails(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    file = factory.root / "projects/svc/pyproject.toml"
    file.write_text(file.read_text().replace('version = "1.2.0"', 'version = "not a version"'))
    before = tree(factory.root)

    with pytest.raises(workspace.PolyFailure, match="build failed"):
        _build(factory.root, tmp_path / "out", temp_dir=tmp_path / "stages")

    assert tree(factory.root) == before
    assert not (tmp_path / "stages").exists()  # made for the build, then removed


def test_the_stage_is_removed_on_ctrl_c(make_service: MakeService, tmp_path: Path) -> None:
    factory = make_service()
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(temp_dir=tmp_path / "stages")

    with pytest.raises(KeyboardInterrupt), packaging.staged(ws, project, options) as stage:
        assert (stage.root / "pyproject.toml").is_file()
        raise KeyboardInterrupt

    assert not (tmp_path / "stages").exists()  # made for the build, then removed


def test_clean_removes_only_this_projects_old_artifacts(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    out = tmp_path / "out"
    out.mkdir()
    for name in ("svc-0.9.0-py3-none-any.whl", "svc-0.9.0.tar.gz", "other-1.0.tar.gz", "notes.txt"):
        (out / name).write_text("old", encoding="utf-8")

    result = _build(factory.root, out, clean=True)

    assert [p.name for p in result.removed] == ["svc-0.9.0-py3-none-any.whl", "svc-0.9.0.tar.gz"]
    assert sorted(p.name for p in out.iterdir()) == [
        "notes.txt",
        "other-1.0.tar.gz",
        "svc-1.2.0-py3-none-any.whl",
        "svc-1.2.0.tar.gz",
    ]


def test_a_pep621_project_without_a_tool_poetry_table_builds(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write(
        "projects/tiny/pyproject.toml",
        '[project]\nname = "tiny"\nversion = "0.1.0"\n\n'
        '[build-system]\nrequires = ["poetry-core>=2.0"]\n'
        'build-backend = "poetry.core.masonry.api"\n',
    )
    factory.write("projects/tiny/tiny/__init__.py", "VALUE = 1\n")
    commit_all(factory.root)
    ws = load(factory)
    project = ws.project("tiny")
    assert project is not None

    result = packaging.build_project(ws, project, packaging.BuildOptions(out_dir=tmp_path / "out"))

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == ["tiny/__init__.py"]


def test_an_include_without_from_that_points_up_is_staged_once(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("projects/shared/__init__.py", "SHARED = 1\n")
    factory.write(
        "projects/up/pyproject.toml",
        '[project]\nname = "up"\nversion = "0.1.0"\n\n'
        '[tool.poetry]\npackages = [{ include = "../shared" }]\n'
        'include = [{ path = "../../LICENSE", format = "sdist" }]\n',
    )
    factory.write("LICENSE", "MIT\n")
    commit_all(factory.root)
    ws = load(factory)
    project = ws.project("up")
    assert project is not None

    result = packaging.build_project(ws, project, packaging.BuildOptions(out_dir=tmp_path / "out"))

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == ["shared/__init__.py"]
    sdist = Sdist(next(a.path for a in result.artifacts if a.format is packaging.Format.SDIST))
    assert "LICENSE" in sdist.files()


def test_exclude_patterns_are_honoured(make_service: MakeService, tmp_path: Path) -> None:
    factory = make_service()
    file = factory.root / "projects/svc/pyproject.toml"
    text = file.read_text().replace(
        "[tool.poetry]\n", '[tool.poetry]\nexclude = ["../../components/acme/greeting/words.txt"]\n'
    )
    file.write_text(text)
    commit_all(factory.root)

    result = _build(factory.root, tmp_path / "out")

    assert result.wheel is not None
    assert "acme/greeting/words.txt" not in Wheel(result.wheel.path).files()


def test_only_the_format_asked_for_is_built(make_service: MakeService, tmp_path: Path) -> None:
    factory = make_service()

    result = _build(factory.root, tmp_path / "out", formats=(packaging.Format.SDIST,))

    assert [a.path.name for a in result.artifacts] == ["svc-1.2.0.tar.gz"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["svc-1.2.0.tar.gz"]


def test_a_project_listing_bricks_in_tool_polylith_bricks_builds_them(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service(theme="tdd")
    factory.write(
        "projects/hatchy/pyproject.toml",
        '[project]\nname = "hatchy"\nversion = "0.1.0"\n\n'
        "[tool.polylith.bricks]\n"
        '"../../bases/api/src/acme/api" = "acme/api"\n'
        '"../../components/greeting/src/acme/greeting" = "acme/greeting"\n',
    )
    commit_all(factory.root)
    ws = load(factory)
    project = ws.project("hatchy")
    assert project is not None

    result = packaging.build_project(ws, project, packaging.BuildOptions(out_dir=tmp_path / "out"))

    assert result.wheel is not None
    assert Wheel(result.wheel.path).files() == WHEEL_FILES


STAGE_AND_WAIT = """
import sys, time
from pathlib import Path
from brickwork import packaging, workspace
ws = workspace.load(Path(sys.argv[1]))
options = packaging.BuildOptions(temp_dir=Path(sys.argv[2]))
with packaging.staged(ws, ws.project("svc"), options) as stage:
    sys.stdout.write(str(stage.root) + "\\n")
    sys.stdout.flush()
    time.sleep(60)
"""


def test_a_real_sigint_during_a_build_removes_the_stage(
    make_service: MakeService, tmp_path: Path
) -> None:
    import signal
    import subprocess
    import sys

    factory = make_service()
    stages = tmp_path / "stages"
    child = subprocess.Popen(
        [sys.executable, "-c", STAGE_AND_WAIT, str(factory.root), str(stages)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.stdout is not None
    stage = Path(child.stdout.readline().strip())
    assert (stage / "pyproject.toml").is_file()

    child.send_signal(signal.SIGINT)
    child.wait(timeout=30)

    assert child.returncode != 0
    assert not stages.exists()  # made for the build, then removed


def test_an_include_outside_the_workspace_is_refused_in_one_line(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    outside = factory.root.parent / "outside" / "lib"
    outside.mkdir(parents=True)
    (outside / "__init__.py").write_text("", encoding="utf-8")
    factory.write(
        "projects/leaky/pyproject.toml",
        '[project]\nname = "leaky"\nversion = "0.1.0"\n\n'
        '[tool.poetry]\npackages = [{ include = "lib", from = "../../../outside" }]\n',
    )
    commit_all(factory.root)
    ws = load(factory)
    project = ws.project("leaky")
    assert project is not None

    with pytest.raises(workspace.PolyError) as raised:
        packaging.build_project(ws, project, packaging.BuildOptions(out_dir=tmp_path / "out"))

    assert raised.value.exit_code == workspace.EXIT_CANNOT_RUN
    assert str(raised.value) == (
        f"{project.file}: include '../../../outside' points outside the workspace "
        f"({factory.root.parent / 'outside'}); only files inside {factory.root} can be built in."
    )
