from __future__ import annotations

from brickwork import workspace
from test.conftest import MakeWorkspace


def test_brick_at_maps_loose_packages_and_tests_to_their_brick(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace()
    factory.component("log")
    factory.base("api")
    ws = workspace.load(factory.root)
    log = ws.brick("log")
    assert ws.brick_at("components/acme/log/__init__.py") == log
    assert ws.brick_at("components/acme/log/sub/deep/x.py") == log
    assert ws.brick_at("test/components/acme/log/test_x.py") == log
    assert ws.brick_at(factory.root / "bases/acme/api/core.py") == ws.brick("api")
    assert ws.brick_at("bases/acme/api") == ws.brick("api")


def test_brick_at_maps_tdd_src_test_and_brick_folder_files(make_workspace: MakeWorkspace) -> None:
    factory = make_workspace(theme="tdd")
    factory.component("log")
    ws = workspace.load(factory.root)
    log = ws.brick("log")
    assert ws.brick_at("components/log/src/acme/log/core.py") == log
    assert ws.brick_at("components/log/test/test_core.py") == log
    assert ws.brick_at("components/log/README.md") == log


def test_brick_at_is_none_outside_every_brick(make_workspace: MakeWorkspace) -> None:
    factory = make_workspace()
    factory.component("log")
    ws = workspace.load(factory.root)
    assert ws.brick_at("pyproject.toml") is None
    assert ws.brick_at("components/acme/logger/x.py") is None
    assert ws.brick_at("test/components/acme/x.py") is None
    assert ws.brick_at(factory.root.parent / "elsewhere/components/acme/log/x.py") is None
    assert ws.brick_at(".") is None
