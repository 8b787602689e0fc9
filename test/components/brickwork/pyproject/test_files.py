from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from brickwork import pyproject
from brickwork.workspace import PolyError


def test_write_atomic_creates_parent_folders_and_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.txt"

    assert pyproject.write_atomic(target, "hello\n") is True

    assert target.read_text(encoding="utf-8") == "hello\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]


def test_write_atomic_leaves_an_identical_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("same\n", encoding="utf-8")
    os.utime(target, (1_000_000, 1_000_000))

    assert pyproject.write_atomic(target, "same\n") is False

    assert target.stat().st_mtime == 1_000_000


def test_write_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "run.sh"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o755)

    pyproject.write_atomic(target, "new\n")

    assert target.stat().st_mode & 0o777 == 0o755
    assert target.read_text(encoding="utf-8") == "new\n"


def test_write_atomic_reports_an_unwritable_target_as_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("", encoding="utf-8")

    with pytest.raises(PolyError, match=r"cannot write .* nothing was changed"):
        pyproject.write_atomic(blocker / "file.txt", "x")

    assert blocker.read_text(encoding="utf-8") == ""


def test_write_atomic_replaces_the_file_so_an_open_reader_keeps_the_old_text(
    tmp_path: Path,
) -> None:
    target = tmp_path / "pyproject.toml"
    target.write_text("old = 1\n", encoding="utf-8")
    before = target.stat().st_ino

    with target.open(encoding="utf-8") as reader:
        assert pyproject.write_atomic(target, "new = 2\n") is True
        assert reader.read() == "old = 1\n"

    assert target.read_text(encoding="utf-8") == "new = 2\n"
    assert target.stat().st_ino != before
    assert [p.name for p in tmp_path.iterdir()] == ["pyproject.toml"]


def test_write_atomic_writes_through_a_symbolic_link_and_keeps_the_link(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "pyproject.toml"
    shared.parent.mkdir()
    shared.write_text("old = 1\n", encoding="utf-8")
    link = tmp_path / "project" / "pyproject.toml"
    link.parent.mkdir()
    link.symlink_to("../shared/pyproject.toml")

    assert pyproject.write_atomic(link, "new = 2\n") is True

    assert link.is_symlink()
    assert os.readlink(link) == "../shared/pyproject.toml"
    assert shared.read_text(encoding="utf-8") == "new = 2\n"
    assert sorted(p.name for p in link.parent.iterdir()) == ["pyproject.toml"]
    assert sorted(p.name for p in shared.parent.iterdir()) == ["pyproject.toml"]


def test_write_atomic_refuses_a_symbolic_link_to_nothing_and_creates_nothing(
    tmp_path: Path,
) -> None:
    link = tmp_path / "pyproject.toml"
    link.symlink_to(tmp_path / "gone" / "pyproject.toml")

    with pytest.raises(PolyError, match=r"a symbolic link to .*gone/pyproject.toml, which does"):
        pyproject.write_atomic(link, "x = 1\n")

    assert link.is_symlink()
    assert not (tmp_path / "gone").exists()


def test_write_atomic_keeps_crlf_on_every_line_of_a_crlf_file(tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    target.write_bytes(b'[project]\r\nname = "svc"\r\n')

    pyproject.write_atomic(target, '[project]\nname = "svc"\nversion = "1"\n')

    assert target.read_bytes() == b'[project]\r\nname = "svc"\r\nversion = "1"\r\n'


def test_write_atomic_leaves_a_crlf_file_untouched_when_only_its_line_endings_differ(
    tmp_path: Path,
) -> None:
    target = tmp_path / "pyproject.toml"
    target.write_bytes(b"a = 1\r\nb = 2\r\n")

    assert pyproject.write_atomic(target, "a = 1\nb = 2\n") is False

    assert target.read_bytes() == b"a = 1\r\nb = 2\r\n"


def test_write_atomic_writes_lf_files_and_new_files_with_lf(tmp_path: Path) -> None:
    old = tmp_path / "old.toml"
    old.write_bytes(b"a = 1\n")

    pyproject.write_atomic(old, "a = 1\nb = 2\n")
    pyproject.write_atomic(tmp_path / "new.toml", "a = 1\n")

    assert old.read_bytes() == b"a = 1\nb = 2\n"
    assert (tmp_path / "new.toml").read_bytes() == b"a = 1\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_write_atomic_keeps_the_owner_and_group_of_a_file_of_another_user(
    tmp_path: Path,
) -> None:
    target = tmp_path / "pyproject.toml"
    target.write_text("old = 1\n", encoding="utf-8")
    os.chown(target, 4321, 8765)
    target.chmod(0o640)

    pyproject.write_atomic(target, "new = 2\n")

    info = target.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (4321, 8765, 0o640)
    assert target.read_text(encoding="utf-8") == "new = 2\n"


def write_as(uid: int, path: Path, text: str) -> str:
    """What `write_atomic(path, text)` says when a forked copy of this process running as
    `uid` (group `uid`, no other groups) calls it: "" or the `PolyError`."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        message = ""
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            pyproject.write_atomic(path, text)
        except PolyError as err:
            message = str(err)
        except BaseException as err:
            message = f"unexpected {err!r}"
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as said:
        message = said.read().decode()
    os.waitpid(pid, 0)
    return message


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to write as another user")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_write_atomic_refuses_to_give_another_users_file_to_the_writer() -> None:
    folder = Path(tempfile.mkdtemp(prefix="brickwork-owner-"))
    try:
        folder.chmod(0o777)
        target = folder / "pyproject.toml"
        target.write_text("old = 1\n", encoding="utf-8")
        os.chown(target, 4321, 4321)
        target.chmod(0o666)

        message = write_as(4322, target, "new = 2\n")

        assert message == (
            f"{target}: belongs to uid 4321 (group 4321), and writing it would make it yours; "
            "nothing was changed. Run as its owner."
        )
        assert target.read_text(encoding="utf-8") == "old = 1\n"
        assert target.stat().st_uid == 4321
        assert sorted(p.name for p in folder.iterdir()) == ["pyproject.toml"]
    finally:
        shutil.rmtree(folder)
