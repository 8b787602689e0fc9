"""`poetry poly build-project --verify` with stderr on a terminal (a pseudo-terminal here):
what runs now is one status line, rewritten in place with carriage returns and cleared
before every other line; stdout (a pipe) holds the table and no carriage return."""

from __future__ import annotations

import os
import pty
import select
import subprocess

from test.components.brickwork.packaging.conftest import service_factory
from test.conftest import MakeWorkspace
from test.e2e.conftest import POETRY


def test_on_a_terminal_what_runs_now_is_one_line_rewritten_in_place(
    make_workspace: MakeWorkspace,
) -> None:
    factory = service_factory(make_workspace)()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "xterm"}
    env.pop("VIRTUAL_ENV", None)
    env.pop("POETRY_PROJECT_DIRECTORY", None)
    command = [str(POETRY), "--no-ansi", "poly", "build-project", "--projects", "svc"]
    command += ["-f", "wheel", "--verify", "--no-check"]
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        command, cwd=factory.root, env=env, stdout=subprocess.PIPE, stderr=follower, text=True
    )
    os.close(follower)
    said = b""
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 120)
            assert ready, "no output from the build for 120 s"
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the build ended
                break
            if not chunk:
                break
            said += chunk
        stdout, _ = child.communicate(timeout=60)
    finally:
        os.close(leader)
        if child.poll() is None:
            child.kill()

    assert child.returncode == 0, said
    text = said.decode("utf-8").replace("\r\n", "\n")  # the terminal ends lines with CR LF
    assert "\rbuilding svc… (0/1 done)" in text
    assert "\rverifying svc… (0/1 done)" in text
    assert "verifying svc…\n" not in text  # not a line of its own on a terminal
    lines = [line.split("\r")[-1] for line in text.split("\n")]
    assert lines[0].startswith("[1/1] built svc in ")
    assert lines[1].startswith("verified svc in ")
    assert lines[1].endswith(": ✔ every module imports")
    assert lines[2:] == [""]  # the status is cleared at the end: nothing is left after it
    assert text.endswith("\r")  # the last write is the clearing of the status line
    assert "\r" not in stdout
    assert stdout.splitlines()[0].split()[:2] == ["project", "artifact"]
