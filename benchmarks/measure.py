"""Timing helpers shared by the benchmark scripts: run a child, time it, read its peak RSS."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = REPO / ".venv" / "bin"
POETRY = VENV_BIN / "poetry"
PYTHON = VENV_BIN / "python"


@dataclass(frozen=True)
class Sample:
    """One run of a child process."""

    wall: float
    """Wall-clock seconds from spawn to exit."""
    cpu: float
    """User + system CPU seconds of the child."""
    max_rss_mb: float
    """Peak resident set size of the child, in MiB (from `wait4`'s rusage)."""
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    """Killed after the `timeout` given to `run_once`."""


def run_once(
    command: Sequence[str | Path],
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Sample:
    """Run `command` to completion (or kill it after `timeout` seconds); its output is kept
    in temp files, not pipes, so that a chatty child can never block and the timing covers
    only the child."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(c) for c in command],
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        killer = threading.Timer(timeout, proc.kill) if timeout else None
        if killer:
            killer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if killer:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux (bytes on macOS).
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        return Sample(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            max_rss_mb=usage.ru_maxrss / scale,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=timeout is not None and wall >= timeout and proc.returncode < 0,
        )


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def poetry_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for timed Poetry runs: no colours, a wide terminal, no keyring
    prompts, nothing interactive."""
    env = dict(os.environ)
    env.update(
        {
            "NO_COLOR": "1",
            "COLUMNS": "200",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "POETRY_NO_INTERACTION": "1",
        }
    )
    # PYTHONDONTWRITEBYTECODE: an installed plugin has its bytecode compiled by the installer;
    # without .pyc files every run would compile Brickwork's sources again (~70 ms here)
    dropped = ["VIRTUAL_ENV", "BRICKWORK_CACHE_DIR", "BRICKWORK_NO_CACHE"]
    dropped.append("PYTHONDONTWRITEBYTECODE")
    for name in dropped:
        env.pop(name, None)
    env.update(extra or {})
    return env


def compile_sources() -> None:
    """Write the bytecode of the repository's bricks, as installing the plugin's wheel does."""
    folders = [str(REPO / "components"), str(REPO / "bases")]
    subprocess.run(
        [str(PYTHON), "-m", "compileall", "-q", *folders],
        env=poetry_env(),
        check=False,
        stdout=subprocess.DEVNULL,
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"
