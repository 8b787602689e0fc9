from __future__ import annotations

from pathlib import Path

import pytest

from brickwork.libs.lock import LockError, Requirement, parse_lock, read_lock

LOCK = """\
[[package]]
name = "Uvicorn"
version = "0.29.0"
optional = false
python-versions = ">=3.8"
groups = ["main"]
files = [{file = "uvicorn-0.29.0-py3-none-any.whl", hash = "sha256:00"}]

[package.dependencies]
click = ">=7.0"
h11 = ">=0.8"
colorama = {version = ">=0.4", markers = "sys_platform == \\"win32\\""}
httptools = {version = ">=0.5.0", optional = true}
watchfiles = [
    {version = ">=0.13", optional = true, markers = "python_version < \\"3.9\\""},
    {version = ">=0.20", optional = true, markers = "python_version >= \\"3.9\\""},
]

[package.extras]
standard = [
    "colorama (>=0.4) ; sys_platform == \\"win32\\"",
    "httptools (>=0.5.0)",
    "watchfiles[fast] (>=0.13)",
]

[[package]]
name = "click"
version = "8.1.7"

[[package]]
name = "h11"
version = "0.14.0"

[[package]]
name = "watchfiles"
version = "0.21.0"

[package.dependencies]
anyio = ">=3.0.0"

[package.extras]
fast = ["orjson"]

[[package]]
name = "numpy"
version = "1.26.4"

[[package]]
name = "numpy"
version = "2.0.0"

[metadata]
lock-version = "2.1"
python-versions = ">=3.10"
content-hash = "x"
"""


def test_lock_reads_versions_by_canonical_name(tmp_path: Path) -> None:
    lock = parse_lock(LOCK, tmp_path / "poetry.lock")

    assert lock.version("uvicorn") == "0.29.0"
    assert lock.version("UVICORN") == "0.29.0"
    assert lock.version("numpy") == "1.26.4 | 2.0.0"
    assert lock.version("absent") is None


def test_closure_follows_required_dependencies_including_marked_ones(tmp_path: Path) -> None:
    lock = parse_lock(LOCK, tmp_path / "poetry.lock")

    assert lock.closure([Requirement("uvicorn")]) == {"uvicorn", "click", "h11", "colorama"}


def test_closure_follows_requested_extras_and_their_extras(tmp_path: Path) -> None:
    lock = parse_lock(LOCK, tmp_path / "poetry.lock")

    closure = lock.closure([Requirement("uvicorn", frozenset({"standard"}))])

    assert closure == {
        "uvicorn",
        "click",
        "h11",
        "colorama",
        "httptools",
        "watchfiles",
        "anyio",
        "orjson",
    }


def test_closure_of_unlocked_roots_is_the_roots(tmp_path: Path) -> None:
    lock = parse_lock("", tmp_path / "poetry.lock")

    assert lock.closure([Requirement("requests")]) == {"requests"}


def test_broken_lock_raises_lock_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "poetry.lock"
    path.write_text('[[package]]\nname = "a"\nversion = 1.0.0\n')

    with pytest.raises(LockError, match=r"poetry.lock: invalid TOML \(.*line 3"):
        read_lock(path)


def test_lock_that_is_not_text_raises_lock_error(tmp_path: Path) -> None:
    path = tmp_path / "poetry.lock"
    path.write_bytes(b"\xff\xfe\xfa")

    with pytest.raises(LockError, match="cannot read"):
        read_lock(path)


def test_odd_entries_are_skipped_not_fatal(tmp_path: Path) -> None:
    text = (
        '[[package]]\nversion = "1"\n\n[[package]]\nname = "ok"\nversion = "2"\ndependencies = 3\n'
    )

    lock = parse_lock(text, tmp_path / "poetry.lock")

    assert lock.names == {"ok"}
    assert lock.closure([Requirement("ok")]) == {"ok"}


def test_file_hash_arrays_are_skipped_without_changing_the_result(tmp_path: Path) -> None:
    files = (
        "files = [\n"
        '    {file = "pyyaml-6.0.1-cp311-none-any.whl", hash = "sha256:aa"},\n'
        '    {file = "pyyaml-6.0.1.tar.gz", hash = "sha256:bb"},\n'
        "]\n"
    )
    head = '[[package]]\nname = "pyyaml"\nversion = "6.0.1"\n'
    text = f'{head}{files}\n[package.dependencies]\nsix = "*"\n'

    lock = parse_lock(text, tmp_path / "poetry.lock")

    assert lock.version("pyyaml") == "6.0.1"
    assert lock.closure([Requirement("pyyaml")]) == {"pyyaml", "six"}


def test_an_error_is_reported_at_its_line_in_the_text_as_written(tmp_path: Path) -> None:
    text = '[[package]]\nname = "a"\nfiles = [\n    {file = "a.whl"},\n]\nversion = = 1\n'

    with pytest.raises(LockError, match="line 6"):
        parse_lock(text, tmp_path / "poetry.lock")


def test_the_wheels_a_lock_lists_are_read_with_their_hash_and_source(tmp_path: Path) -> None:
    text = """\
[[package]]
name = "Authzed"
version = "0.9.0"
optional = false
files = [
    {file = "authzed-0.9.0-py3-none-any.whl", hash = "sha256:aa"},
    {file = "authzed-0.9.0.tar.gz", hash = "sha256:bb"},
]

[package.dependencies]
grpcio = ">=1.0"

[package.source]
type = "legacy"
url = "https://pypi.example.org/simple"
reference = "private"

[[package]]
name = "grpcio"
version = "1.62.0"
files = [{file = "grpcio-1.62.0-cp311-cp311-manylinux_2_17_x86_64.whl", hash = "sha256:cc"}]
"""
    lock = parse_lock(text, tmp_path / "poetry.lock")

    (authzed,) = lock.wheels("authzed")
    assert (authzed.file, authzed.hash, authzed.version) == (
        "authzed-0.9.0-py3-none-any.whl",
        "sha256:aa",
        "0.9.0",
    )
    assert authzed.repository == "private"
    assert [w.repository for w in lock.wheels("GRPCIO")] == ["PyPI"]
    assert lock.wheels("missing") == ()
    assert lock.names == {"authzed", "grpcio"}  # the files arrays still skip the TOML parse


def test_the_wheels_of_an_old_lock_come_from_its_metadata_files_table(tmp_path: Path) -> None:
    text = """\
[[package]]
name = "six"
version = "1.16.0"

[metadata]
lock-version = "1.1"

[metadata.files]
empty = []
six = [
    {file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:8a"},
    {file = "six-1.16.0.tar.gz", hash = "sha256:1e"},
]
"zope.interface" = [{file = "zope.interface-6.0-cp311-cp311-win_amd64.whl", hash = "sha256:3"}]
"""
    lock = parse_lock(text, tmp_path / "poetry.lock")

    assert [(w.name, w.version, w.file) for w in lock.wheels("six")] == [
        ("six", "1.16.0", "six-1.16.0-py2.py3-none-any.whl")
    ]
    assert lock.wheels("empty") == ()
    assert [w.file for w in lock.wheels("zope-interface")] == [
        "zope.interface-6.0-cp311-cp311-win_amd64.whl"
    ]
