"""Fuzzing the readers of files a user (or a crash) can leave in any state: the TOML reader,
the whole workspace load, the lock reader and the import cache. Each either gives a correct
result or a one-line error of its own type, never another exception."""

from __future__ import annotations

import marshal
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brickwork import imports, runs, workspace
from brickwork.libs.lock import LockError, parse_lock
from test.conftest import MakeWorkspace

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

VALID_PROJECT = (
    '[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["requests>=2"]\n\n'
    '[tool.poetry]\npackages = [{ include = "acme/log", from = "../../components" }]\n'
)
WORKSPACE = '[tool.polylith]\nnamespace = "acme"\n[tool.polylith.structure]\ntheme = "loose"\n'
LOCK = (
    '[[package]]\nname = "requests"\nversion = "2.31.0"\n\n[package.dependencies]\n'
    'urllib3 = ">=1.21"\ncertifi = { version = "*", optional = true }\n\n'
    '[package.extras]\nsocks = ["PySocks (>=1.5.6)"]\n\n'
    '[[package]]\nname = "urllib3"\nversion = "2.0.0"\nfiles = [\n    {file = "x.whl"},\n]\n'
)

TOML_FRAGMENTS = st.sampled_from(
    [
        "[", "]", "{", "}", "=", '"', "'", "\n", "[[", "]]", ",", ".", "tool", "poetry",
        "packages", "include", "from", "polylith", "bricks", "project", "name", "5", "true",
        '"acme/log"', "[tool.poetry]", "[project]", "[tool.polylith.bricks]", "\x00", "\udcff",
        "é", "\r", "#", "[" * 50,
    ]
)  # fmt: skip
TOML_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(TOML_FRAGMENTS, max_size=40).map("".join),
)


def damaged(base: str) -> st.SearchStrategy[bytes]:
    """`base` cut short, with bytes flipped, or with a fragment spliced in."""
    data = base.encode()
    cut = st.integers(0, len(data)).map(lambda n: data[:n])
    flipped = st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)).map(
        lambda p: data[: p[0]] + bytes([p[1]]) + data[p[0] + 1 :]
    )
    spliced = st.tuples(st.integers(0, len(data)), TOML_FRAGMENTS).map(
        lambda p: data[: p[0]] + p[1].encode("utf-8", "surrogatepass") + data[p[0] :]
    )
    return st.one_of(cut, flipped, spliced, st.binary(max_size=200))


@FUZZ
@given(data=st.one_of(TOML_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")), damaged(LOCK)))
@example(data=b"x = " + b"[" * 3000 + b"]" * 3000)
@example(data=b'name = "\xff"')
def test_read_toml_returns_data_or_a_poly_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(data)
    try:
        result = workspace.read_toml(path)
    except workspace.PolyError as err:
        assert str(path) in str(err)
        assert "\n" not in str(err).strip()
    else:
        assert isinstance(result, dict)


@FUZZ
@given(data=damaged(VALID_PROJECT))
@example(data=b"[project]\nname = 5\n")
@example(data=b'[tool.poetry]\npackages = "x"\n')
@example(data=b'[tool.polylith.bricks]\n"a" = 1\n')
def test_loading_a_workspace_with_a_damaged_project_file_is_data_or_a_poly_error(
    make_workspace: MakeWorkspace, data: bytes
) -> None:
    factory = make_workspace()
    factory.component("log")
    (factory.root / "projects" / "svc").mkdir(parents=True, exist_ok=True)
    (factory.root / "projects" / "svc" / "pyproject.toml").write_bytes(data)
    try:
        ws = workspace.load(factory.root)
    except workspace.PolyError as err:
        assert "projects/svc/pyproject.toml" in str(err)
    else:
        assert all(isinstance(p.name, str) for p in ws.projects)
        assert all(isinstance(b, str) for p in ws.projects for b in p.bricks)


@FUZZ
@given(data=damaged(LOCK))
@example(data=("x = " + "[" * 5000 + "]" * 5000).encode())
def test_parse_lock_returns_a_lock_or_a_lock_error(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    try:
        lock = parse_lock(text, Path("poetry.lock"))
    except LockError as err:
        assert "poetry.lock" in str(err)
    else:
        for name, entries in lock.packages.items():
            assert isinstance(name, str)
            assert all(isinstance(e.version, str) for e in entries)


def test_parse_lock_reads_the_lock_it_is_given() -> None:
    lock = parse_lock(LOCK, Path("poetry.lock"))
    assert lock.version("requests") == "2.31.0"
    assert lock.closure([lock.packages["requests"][0].requires[0]]) == {"urllib3"}


VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**40), 2**40),
        st.text(string.printable + "\x1e\x1f", max_size=20),
        st.binary(max_size=20),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(tuple), st.dictionaries(st.text(max_size=8), children)
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def cached_workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A workspace scanned once, and the bytes of its cache file."""
    root = tmp_path_factory.mktemp("fuzz") / "ws"
    (root / "components" / "acme" / "log").mkdir(parents=True)
    (root / "workspace.toml").write_text(WORKSPACE)
    (root / "components" / "acme" / "log" / "__init__.py").write_text("import os\n")
    (root / "components" / "acme" / "log" / "core.py").write_text("from acme import log\n")
    imports.scan_workspace(workspace.load(root))
    cache = imports.cache_location(workspace.load(root))
    assert cache is not None
    return root, (cache / "imports.marshal").read_bytes()


@FUZZ
@given(
    damage=st.one_of(
        st.binary(max_size=300).map(lambda b: ("bytes", b)),
        VALUES.map(lambda v: ("entry", v)),
        st.integers(0, 10_000).map(lambda n: ("cut", n)),
    )
)
def test_a_damaged_cache_gives_the_same_scan_as_no_cache(
    cached_workspace: tuple[Path, bytes],
    damage: tuple[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BRICKWORK_NO_CACHE", raising=False)
    monkeypatch.delenv("BRICKWORK_CACHE_DIR", raising=False)
    root, good = cached_workspace
    ws = workspace.load(root)
    cache = imports.cache_location(ws)
    assert cache is not None
    kind, value = damage
    if kind == "bytes":
        assert isinstance(value, bytes)
        payload = value
    elif kind == "cut":
        assert isinstance(value, int)
        payload = good[: value % (len(good) + 1)]
    else:
        header, _, body = marshal.loads(good)
        entries = dict(marshal.loads(body))
        entries["components/acme/log/core.py"] = value
        payload = runs.dump_cache(header, entries)
    (cache / "imports.marshal").write_bytes(payload)
    assert imports.scan_workspace(ws) == imports.scan_workspace(ws, use_cache=False)
