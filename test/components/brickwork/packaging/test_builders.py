"""The stage builders find exactly the files poetry-core's own builders find, and so write the
same bytes: on real stages of both themes and project styles, with format-limited includes and
excludes, under a top namespace, with a symlink in the stage, and in a stage inside git."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from poetry.core.masonry.builders.builder import Builder, BuildIncludeFile
from poetry.core.masonry.builders.sdist import SdistBuilder
from poetry.core.masonry.builders.wheel import WheelBuilder

from brickwork import packaging
from brickwork.packaging.builders import (
    StageSdistBuilder,
    StageWheelBuilder,
    _NotAStage,
    _StageFiles,
)
from brickwork.packaging.core import create_poetry
from test.components.brickwork.packaging.conftest import MakeService, commit_all, load

PAIRS: list[tuple[type[Builder], type[Builder]]] = [
    (SdistBuilder, StageSdistBuilder),
    (WheelBuilder, StageWheelBuilder),
]


def _fields(files: set[BuildIncludeFile]) -> list[tuple[str, ...]]:
    return sorted(
        (str(f.path), str(f.project_root), str(f.source_root), str(f.target_dir)) for f in files
    )


def _same_discovery(stage: packaging.Stage, fast: bool = True) -> int:
    """Assert both discoveries agree for both formats, and whether the stage's own walk
    (`fast`) or poetry-core's ran; return how many files were found."""
    poetry = create_poetry(stage)
    found = 0
    for theirs, ours in PAIRS:
        expected = theirs(poetry).find_files_to_add()
        assert _fields(ours(poetry).find_files_to_add()) == _fields(expected)
        builder = ours(poetry)
        assert isinstance(builder, _StageFiles)
        if fast:  # poetry-core's discovery of the packages and includes, before the sdist's
            base = Builder.find_files_to_add(theirs(poetry))
            assert _fields(builder._stage_files(stage.root)) == _fields(base)
        else:
            with pytest.raises(_NotAStage):
                builder._stage_files(stage.root)
        fmt = theirs.format
        assert ours(poetry).find_excluded_files(fmt) == theirs(poetry).find_excluded_files(fmt)
        found += len(expected)
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def epoch() -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1714564800"
    yield
    if old is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = old


@pytest.mark.parametrize("theme", ["loose", "tdd"])
@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_the_stage_builders_find_poetry_cores_files_and_write_its_bytes(
    make_service: MakeService, tmp_path: Path, theme: str, style: str, epoch: None
) -> None:
    factory = make_service(theme=theme, style=style)
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None

    with packaging.staged(ws, project) as stage:
        assert _same_discovery(stage) >= 10
        poetry = create_poetry(stage)
        (tmp_path / "theirs").mkdir()
        (tmp_path / "ours").mkdir()
        sdist = SdistBuilder(poetry).build(tmp_path / "theirs")
        wheel = tmp_path / "theirs" / WheelBuilder.make_in(poetry, tmp_path / "theirs")
        our_sdist = StageSdistBuilder(poetry).build(tmp_path / "ours")
        our_wheel = tmp_path / "ours" / StageWheelBuilder.make_in(poetry, tmp_path / "ours")

    assert _digest(our_sdist) == _digest(sdist)
    assert _digest(our_wheel) == _digest(wheel)


def test_format_limited_includes_and_excludes_are_found_alike(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("components/acme/greeting/data/big.bin", "x\n")
    factory.write("components/acme/greeting/notes.txt", "n\n")
    file = factory.root / "projects/svc/pyproject.toml"
    text = file.read_text().replace(
        "[tool.poetry]\n",
        "[tool.poetry]\n"
        'exclude = ["../../components/acme/greeting/data", "../../components/acme/**/*.txt"]\n'
        'include = [{ path = "../../components/acme/greeting/notes.txt", format = "sdist" }]\n',
    )
    file.write_text(text)
    commit_all(factory.root)
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None

    with packaging.staged(ws, project) as stage:
        assert _same_discovery(stage) > 0


def test_a_top_namespace_stage_is_found_alike(make_service: MakeService) -> None:
    factory = make_service()
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(top_namespace="shop")

    with packaging.staged(ws, project, options) as stage:
        assert _same_discovery(stage) >= 10


def test_a_symlink_in_the_stage_leaves_the_discovery_to_poetry_core(
    make_service: MakeService,
) -> None:
    factory = make_service()
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None

    with packaging.staged(ws, project) as stage:
        folder = next(p for p in stage.root.rglob("greeting") if p.is_dir())
        (folder / "linked.txt").symlink_to(folder / "words.txt")
        (folder / "linked").symlink_to(folder, target_is_directory=True)
        count = _same_discovery(stage, fast=False)

    assert count >= 10


def test_a_stage_inside_a_git_work_tree_asks_git_what_it_ignores(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    ws = load(factory)
    project = ws.project("svc")
    assert project is not None
    inside = factory.root / "scratch"
    factory.write(".gitignore", "dist/\nscratch/**/words.txt\n")
    options = packaging.BuildOptions(temp_dir=inside)

    with packaging.staged(ws, project, options) as stage:
        assert stage.root.is_relative_to(factory.root)
        assert _same_discovery(stage) > 0
