from __future__ import annotations

import os
from pathlib import Path

import pytest

from brickwork import libs
from brickwork.libs.installed import modules_from_record, read_distribution, site_packages_dirs
from test.components.brickwork.libs.conftest import write_dist_info


def site(venv: Path, python: str = "python3.11") -> Path:
    path = venv / "lib" / python / "site-packages"
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_record_gives_regular_packages_modules_and_extensions() -> None:
    modules = modules_from_record(
        [
            "yaml/__init__.py",
            "yaml/composer.py",
            "_yaml/__init__.py",
            "six.py",
            "_cffi_backend.cpython-311-x86_64-linux-gnu.so",
            "google/cloud/storage/__init__.py",
            "google/cloud/storage/a/b/deep.py",
            "numpy.libs/libopenblas.so",
            "yaml-stubs/__init__.pyi",
            "PyYAML-6.0.1.dist-info/RECORD",
            "../../../bin/tool",
            "yaml/__pycache__/composer.cpython-311.pyc",
            "distutils-precedence.pth",
        ]
    )

    assert modules == {
        "yaml",
        "yaml.composer",
        "_yaml",
        "six",
        "_cffi_backend",
        "google.cloud.storage",
    }


def test_environment_indexes_each_module_by_its_distributions(tmp_path: Path) -> None:
    sp = site(tmp_path / ".venv")
    write_dist_info(
        sp, "PyYAML", "6.0.1", ["yaml/__init__.py", "_yaml/__init__.py"], ["_yaml", "yaml"]
    )
    write_dist_info(sp, "attrs", "23.2.0", ["attr/__init__.py", "attrs/__init__.py"])
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.7\n")

    env = libs.read_environment(tmp_path / ".venv")

    assert env is not None
    assert env.python == "3.11.7"
    assert env.names == {"pyyaml", "attrs"}
    assert env.providers["yaml"] == ("pyyaml",)
    assert env.providers["attr"] == ("attrs",)
    assert env.notes == ()


def test_top_level_txt_is_used_when_record_is_missing(tmp_path: Path) -> None:
    sp = site(tmp_path / ".venv")
    folder = write_dist_info(sp, "python-dateutil", "2.9.0", [], ["dateutil"])
    (folder / "RECORD").unlink()

    dist = read_distribution(folder)

    assert dist.name == "python-dateutil"
    assert dist.version == "2.9.0"
    assert dist.modules == {"dateutil"}


def test_top_level_txt_never_turns_a_namespace_folder_into_a_package(tmp_path: Path) -> None:
    folder = write_dist_info(
        site(tmp_path / ".venv"),
        "google-cloud-storage",
        "2.16.0",
        ["google/cloud/storage/__init__.py"],
        ["google"],
    )

    assert read_distribution(folder).modules == {"google.cloud.storage"}


def test_egg_info_and_missing_metadata_fall_back_to_the_folder_name(tmp_path: Path) -> None:
    sp = site(tmp_path / ".venv")
    egg = sp / "legacy_pkg-1.0-py3.11.egg-info"
    egg.mkdir()
    (egg / "top_level.txt").write_text("legacy\n")

    env = libs.read_environment(tmp_path / ".venv")

    assert env is not None
    assert env.providers["legacy"] == ("legacy-pkg",)
    assert env.distributions[0].version == "1.0"


def test_venv_of_another_python_version_is_read_the_same_way(tmp_path: Path) -> None:
    sp = site(tmp_path / ".venv", "python3.8")
    write_dist_info(sp, "pillow", "9.5.0", ["PIL/__init__.py", "PIL/Image.py"])

    env = libs.read_environment(tmp_path / ".venv")

    assert env is not None
    assert env.providers["PIL.Image"] == ("pillow",)


def test_windows_layout_is_found(tmp_path: Path) -> None:
    sp = tmp_path / ".venv" / "Lib" / "site-packages"
    sp.mkdir(parents=True)
    write_dist_info(sp, "pyjwt", "2.8.0", ["jwt/__init__.py"])

    assert site_packages_dirs(tmp_path / ".venv") == (sp,)


def test_venv_without_site_packages_is_none(tmp_path: Path) -> None:
    (tmp_path / ".venv" / "bin").mkdir(parents=True)

    assert libs.read_environment(tmp_path / ".venv") is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_dist_info_is_skipped_with_a_note(tmp_path: Path) -> None:
    sp = site(tmp_path / ".venv")
    write_dist_info(sp, "pyjwt", "2.8.0", ["jwt/__init__.py"])
    broken = write_dist_info(sp, "secret", "1.0", ["secret/__init__.py"])
    (broken / "RECORD").chmod(0)
    try:
        env = libs.read_environment(tmp_path / ".venv")
    finally:
        (broken / "RECORD").chmod(0o644)

    assert env is not None
    assert env.names == {"pyjwt"}
    assert "secret-1.0.dist-info: skipped" in env.notes[0]


def test_dist_info_that_is_not_a_folder_of_text_is_skipped_with_a_note(tmp_path: Path) -> None:
    sp = site(tmp_path / ".venv")
    write_dist_info(sp, "pyjwt", "2.8.0", ["jwt/__init__.py"])
    broken = sp / "broken-1.0.dist-info"
    broken.mkdir()
    (broken / "RECORD").mkdir()  # a folder where a file should be

    env = libs.read_environment(tmp_path / ".venv")

    assert env is not None
    assert env.names == {"pyjwt"}
    assert len(env.notes) == 1
    assert "broken-1.0.dist-info: skipped, cannot read its metadata" in env.notes[0]


def test_binary_garbage_in_record_does_not_crash(tmp_path: Path) -> None:
    sp = site(tmp_path / ".venv")
    folder = write_dist_info(sp, "weird", "1.0", [])
    (folder / "RECORD").write_bytes(b"\xff\xfe\x00weird/__init__.py,,\n\x00\x00")

    env = libs.read_environment(tmp_path / ".venv")

    assert env is not None
    assert "weird" in env.names
