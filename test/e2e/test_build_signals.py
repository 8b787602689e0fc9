"""A real signal to the real `poetry` executable in the middle of `build-project` (what Ctrl-C,
`timeout`, `docker stop` and a cancelled CI job send): one line, exit 128 + the signal's
number, and nothing left behind: no stage, no hidden folder in the output folder, no temp file,
no build process still running, the source tree as it was.

A build script (allowed with `--allow-build-script`) holds the build where the signal must land:
it says it runs (a file with its process id), then waits."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from test.components.brickwork.packaging.conftest import commit_all, project_file, service_factory
from test.conftest import MakeWorkspace
from test.e2e.conftest import POETRY
from test.robustness.test_bad_input import tree

HOLD = """import os, sys, time
from pathlib import Path

Path(os.environ["BUILD_READY"], "{name}").write_text(str(os.getpid()), encoding="utf-8")
try:
    time.sleep(120)
except KeyboardInterrupt:  # Ctrl-C reaches the whole process group, this script too
    sys.exit(1)
"""
BUILD_TABLE = '\n[tool.poetry.build]\nscript = "hold.py"\ngenerate-setup-file = false\n'


def _written(path: Path) -> bool:
    """Whether a build script has written its process id (the file may exist, still empty)."""
    try:
        return path.read_text(encoding="utf-8").strip() != ""
    except FileNotFoundError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a child of the killed build that is not reaped yet counts as gone
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.mark.parametrize(
    ("number", "names", "group"),
    [
        (signal.SIGTERM, ("svc",), False),
        (signal.SIGINT, ("svc",), False),
        # two builds at once, in forked workers: the signal sent to poetry only (`timeout`,
        # `docker stop`), or to every process of the group (Ctrl-C in a terminal)
        (signal.SIGTERM, ("svc", "two"), False),
        (signal.SIGINT, ("svc", "two"), True),
    ],
    ids=["sigterm", "sigint", "sigterm-parallel", "ctrl-c-parallel"],
)
def test_a_signal_during_a_build_leaves_nothing_behind_and_exits_128_plus_its_number(
    make_workspace: MakeWorkspace,
    tmp_path: Path,
    number: signal.Signals,
    names: tuple[str, ...],
    group: bool,
) -> None:
    factory = service_factory(make_workspace)()
    for name in names:
        text = project_file("pep621", factory).replace('name = "svc"', f'name = "{name}"')
        factory.write(f"projects/{name}/pyproject.toml", text + BUILD_TABLE)
        factory.write(f"projects/{name}/hold.py", HOLD.replace("{name}", name))
    commit_all(factory.root)
    before = tree(factory.root)
    ready, stages, system_temp, out = (tmp_path / n for n in ("ready", "stages", "tmp", "out"))
    for folder in (ready, stages, system_temp):
        folder.mkdir()
    env = {
        **os.environ,
        "BUILD_READY": str(ready),
        "TMPDIR": str(system_temp),
        "BRICKWORK_NO_CACHE": "1",
        "NO_COLOR": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    command = [
        str(POETRY),
        "--no-ansi",
        "poly",
        "build-project",
        "--projects",
        ",".join(names),
        "--no-check",
        "--allow-build-script",
        "--output-dir",
        str(out),
        "--custom-temp-path",
        str(stages),
    ]
    child = subprocess.Popen(
        command,
        cwd=factory.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not all(_written(ready / name) for name in names):
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the build scripts did not start"
            time.sleep(0.05)
        scripts = [int((ready / name).read_text(encoding="utf-8")) for name in names]
        assert list(stages.iterdir()) != []  # the signal lands while a stage exists

        if group:
            os.killpg(child.pid, number)
        else:
            child.send_signal(number)
        stdout, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()

    assert child.returncode == 128 + number, stderr
    assert stderr.splitlines()[-1:] == ["interrupted; nothing was left behind"], stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    assert list(stages.iterdir()) == []
    assert list(system_temp.iterdir()) == []
    assert list(out.iterdir()) == [] if out.exists() else True  # no hidden scratch folder
    assert tree(factory.root) == before
    time.sleep(0.2)
    assert [pid for pid in scripts if _alive(pid)] == []
