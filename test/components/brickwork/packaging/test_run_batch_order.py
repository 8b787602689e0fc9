"""The results of a batch come in the order the projects were given, whatever order they finish
in, on one worker and on two, with a failed project and two projects of one name among them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from brickwork import packaging, workspace
from test.components.brickwork.packaging.conftest import (
    MakeService,
    commit_all,
    load,
    project_file,
)
from test.conftest import WorkspaceFactory

WAIT_FOR_SIGN = """import os, sys, time
from pathlib import Path

# waits until the batch has recorded the other project's result (or a minute has passed)
sign = Path(os.environ["BATCH_SIGN"])
for _ in range(1200):
    if sign.exists():
        sys.exit(0)
    time.sleep(0.05)
sys.exit("no sign")
"""


def _project(factory: WorkspaceFactory, name: str, version: str = "1.0.0") -> str:
    text = project_file("pep621", factory).replace('name = "svc"', f'name = "{name}"')
    return text.replace('version = "1.2.0"', f'version = "{version}"')


def _workspace(make_service: MakeService) -> workspace.Workspace:
    """zeta, alpha (broken: a version poetry-core refuses), mid, and two projects named dup."""
    factory = make_service()
    factory.write("projects/zeta/pyproject.toml", _project(factory, "zeta"))
    factory.write("projects/alpha/pyproject.toml", _project(factory, "alpha", "not a version"))
    factory.write("projects/mid/pyproject.toml", _project(factory, "mid"))
    factory.write("projects/dup_one/pyproject.toml", _project(factory, "dup", "1.0.0"))
    factory.write("projects/dup_two/pyproject.toml", _project(factory, "dup", "2.0.0"))
    commit_all(factory.root)
    return load(factory)


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_the_given_order_on_one_worker_and_on_two(
    make_service: MakeService, tmp_path: Path, workers: int
) -> None:
    ws = _workspace(make_service)
    by_folder = {p.path.name: p for p in ws.deployables}
    order = ["zeta", "dup_two", "alpha", "mid", "dup_one"]
    projects = [by_folder[name] for name in order]
    options = packaging.BuildOptions(out_dir=tmp_path / "out", formats=(packaging.Format.WHEEL,))
    counts: list[int] = []

    outcomes = packaging.build_many(
        ws, projects, options, workers=workers, done=lambda o, n, t: counts.append(n)
    )

    assert [o.project.path.name for o in outcomes] == order
    assert [o.exit_code for o in outcomes] == [0, 0, 1, 0, 0]
    wheels = [o.result.wheel.path.name if o.result and o.result.wheel else "" for o in outcomes]
    assert wheels == [
        "zeta-1.0.0-py3-none-any.whl",
        "dup-2.0.0-py3-none-any.whl",
        "",
        "mid-1.0.0-py3-none-any.whl",
        "dup-1.0.0-py3-none-any.whl",
    ]
    assert "build failed" in outcomes[2].error
    assert counts == [1, 2, 3, 4, 5]


BATCH_IN_A_CHILD = """import json, sys
from pathlib import Path

from brickwork import packaging, workspace

root, sign, out = (Path(a) for a in sys.argv[1:])
ws = workspace.load(root)
by_name = {p.name: p for p in ws.deployables}
finished = []


def done(outcome, n, total):
    finished.append(outcome.project.name)
    sign.touch()


options = packaging.BuildOptions(
    out_dir=out, formats=(packaging.Format.WHEEL,), allow_build_script=True
)
given = [by_name["slow"], by_name["fast"]]
outcomes = packaging.build_many(ws, given, options, workers=2, done=done)
print(json.dumps({
    "finished": finished,
    "outcomes": [[o.project.name, o.exit_code, o.error] for o in outcomes],
}))
"""


def test_a_project_that_finishes_last_is_still_first_when_given_first(
    make_service: MakeService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = make_service()
    # `slow` builds only once the batch has recorded `fast`: it finishes last, for certain.
    # Builds in forked workers, as in a `poetry` process: threads take turns at the build
    # (it sets SOURCE_DATE_EPOCH for the process), and `slow` may take the first turn. The
    # batch runs in a child process of its own: this one runs threads, and only a process
    # that runs one thread forks its workers.
    build_table = '\n[tool.poetry.build]\nscript = "wait.py"\ngenerate-setup-file = false\n'
    slow = _project(factory, "slow") + build_table
    factory.write("projects/slow/pyproject.toml", slow)
    factory.write("projects/slow/wait.py", WAIT_FOR_SIGN)
    factory.write("projects/fast/pyproject.toml", _project(factory, "fast"))
    commit_all(factory.root)
    sign = tmp_path / "fast-recorded"
    monkeypatch.setenv("BATCH_SIGN", str(sign))
    args = [str(factory.root), str(sign), str(tmp_path / "out")]
    child = subprocess.run(
        [sys.executable, "-c", BATCH_IN_A_CHILD, *args], capture_output=True, text=True
    )
    assert child.returncode == 0, child.stderr
    found = json.loads(child.stdout.strip().splitlines()[-1])

    assert found["finished"] == ["fast", "slow"]
    assert [name for name, _, _ in found["outcomes"]] == ["slow", "fast"]
    assert [code for _, code, _ in found["outcomes"]] == [0, 0], found["outcomes"]
