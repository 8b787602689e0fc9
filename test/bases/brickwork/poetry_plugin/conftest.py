"""Fixtures shared by the command tests."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from test.components.brickwork.packaging.conftest import MakeService, service_factory
from test.conftest import MakeWorkspace


@pytest.fixture
def make_service(make_workspace: MakeWorkspace) -> MakeService:
    return service_factory(make_workspace)


@pytest.fixture
def sigterm_guard() -> Iterator[None]:
    """A SIGTERM the command fails to catch fails the test instead of ending the test run."""

    def caught(number: int, frame: object) -> None:
        raise AssertionError("SIGTERM reached the test process: the command did not handle it")

    previous = signal.signal(signal.SIGTERM, caught)
    yield
    signal.signal(signal.SIGTERM, previous)
