"""A batch says each step as it happens: a build and a verification start and end, each
verification a task of its own that starts when its build ends, and a project's time is its
build and its verification."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import packaging
from test.components.brickwork.packaging.conftest import MakeService, commit_all, load, project_file
from test.conftest import WorkspaceFactory


def two_projects(make_service: MakeService, extra: str = "") -> WorkspaceFactory:
    """The svc workspace and a project `two` like svc (`extra` appended to its file)."""
    factory = make_service()
    text = project_file("pep621", factory).replace('name = "svc"', 'name = "two"')
    factory.write("projects/two/pyproject.toml", text + extra)
    commit_all(factory.root)
    return factory


@pytest.mark.parametrize("workers", [1, 2])
def test_each_build_and_verification_is_said_as_it_starts_and_ends(
    make_service: MakeService, tmp_path: Path, workers: int
) -> None:
    factory = two_projects(make_service)
    ws = load(factory)
    options = packaging.BuildOptions(formats=(packaging.Format.WHEEL,), out_dir=tmp_path / "out")
    steps: list[packaging.Step] = []
    finished: list[tuple[str, int]] = []

    outcomes = packaging.build_many(
        ws,
        ws.deployables,
        options,
        verify=True,
        workers=workers,
        step=steps.append,
        done=lambda o, n, total: finished.append((o.project.name, n)),
    )

    said = [(s.kind, s.project.name) for s in steps]
    for name in ("svc", "two"):
        mine = [kind for kind, who in said if who == name]
        assert mine == ["building", "built", "verifying", "verified"]
    if workers == 1:  # one after the other, each verified before the next is built
        assert said == [
            (kind, name)
            for name in ("svc", "two")
            for kind in ("building", "built", "verifying", "verified")
        ]
    # a project is done when its verification ends; `done` is told then, once
    assert [s.done for s in steps if s.kind == "verified"] == [1, 2]
    assert sorted(n for _, n in finished) == [1, 2]
    assert {s.total for s in steps} == {2}
    for outcome in outcomes:
        assert outcome.result is not None and outcome.verification is not None
        assert outcome.exit_code == 0, outcome.verification
        assert outcome.verify_seconds > 0
        assert outcome.seconds == outcome.result.seconds + outcome.verify_seconds


def test_without_verify_a_project_is_done_when_its_build_ends(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = two_projects(make_service)
    ws = load(factory)
    steps: list[packaging.Step] = []

    outcomes = packaging.build_many(
        ws, ws.deployables, packaging.BuildOptions(out_dir=tmp_path / "out"), step=steps.append
    )

    assert sorted(s.kind for s in steps) == ["building", "building", "built", "built"]
    assert [s.done for s in steps if s.kind == "built"] == [1, 2]
    assert [o.seconds for o in outcomes] == [o.result.seconds for o in outcomes if o.result]
    assert all(o.verify_seconds == 0 for o in outcomes)


def test_a_failed_build_is_not_verified_and_the_others_are(
    make_service: MakeService, tmp_path: Path
) -> None:
    # a build script that is not allowed refuses two alone
    factory = two_projects(make_service, '\n[tool.poetry.build]\nscript = "build.py"\n')
    ws = load(factory)
    steps: list[packaging.Step] = []
    options = packaging.BuildOptions(formats=(packaging.Format.WHEEL,), out_dir=tmp_path / "out")

    outcomes = packaging.build_many(ws, ws.deployables, options, verify=True, step=steps.append)

    said = [(s.kind, s.project.name) for s in steps]
    assert [k for k, who in said if who == "two"] == ["building", "built"]
    assert [k for k, who in said if who == "svc"] == [
        "building",
        "built",
        "verifying",
        "verified",
    ]
    assert [o.exit_code != 0 for o in outcomes] == [False, True]
