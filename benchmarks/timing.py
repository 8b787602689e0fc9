"""Timing a benchmark case: runs of a child process, their medians, and the case's target."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import measure

SLOW = 30.0
"""A warm-up run slower than this many seconds cuts the repeats to 3."""
VERY_SLOW = 120.0
"""A warm-up run slower than this is the only run: it is reported as the figure."""
MISSING_COMMAND = ("does not exist", "ModuleNotFoundError", "No module named", "has no attribute")


@dataclass(frozen=True)
class Target:
    ratio: float | None = None
    """Median wall time <= ratio * F."""
    rss_mb: float | None = None
    peer: str | None = None
    """The label of a peer this case must be no slower than (its median, in the same run)."""

    def text(self) -> str:
        parts = [f"<= {self.ratio:g} F"] if self.ratio else []
        parts += [f"<= {self.rss_mb:g} MB"] if self.rss_mb else []
        parts += [f"<= {self.peer}"] if self.peer else []
        return ", ".join(parts)


@dataclass
class Result:
    key: str
    label: str
    status: str = "ok"
    """ok | exit 1 | n/a | error"""
    wall: float = float("nan")
    cpu: float = float("nan")
    rss_mb: float = float("nan")
    runs: int = 0
    note: str = ""
    target: Target | None = None
    floor: float | None = None
    samples: list[float] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)
    """Median seconds of each phase the command timed itself (`-v`: `time: scan 12 ms`)."""
    peer: Result | None = None
    """The result `target.peer` names, once measured (n/a when it could not be)."""

    @property
    def timed(self) -> bool:
        return self.status in ("ok", "exit 1") and self.runs > 0

    @property
    def ratio(self) -> float | None:
        return self.wall / self.floor if self.timed and self.floor else None

    def verdict(self) -> str:
        if self.target is None:
            return ""
        if self.status in ("timeout", "error"):
            return "FAIL"  # a run that was killed or crashed meets no target
        if not self.timed:
            return "n/a"
        met = True
        if self.target.ratio is not None and self.ratio is not None:
            met = self.ratio <= self.target.ratio
        if self.target.rss_mb is not None:
            met = met and self.rss_mb <= self.target.rss_mb
        if self.target.peer is not None and self.peer is not None and self.peer.timed:
            met = met and self.wall <= self.peer.wall
        return "pass" if met else "FAIL"


_EXCEPTION = re.compile(r"^[\w.]*(Error|Exception|Exit)\b.*:")


_AT = re.compile(r"^at \S+:\d+ in \S+")


def short(text: str, limit: int = 120) -> str:
    """The line that says what went wrong: a traceback's exception line (Python's, or cleo's
    `<Exception>`, `<message>`, `at <file>:<line> in <function>`), else the last line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    at = [n for n, line in enumerate(lines) if _AT.match(line)]
    raised = [line for line in lines if _EXCEPTION.match(line)]
    if at and at[-1] >= 2:
        last = f"{lines[at[-1] - 2]}: {lines[at[-1] - 1]} ({lines[at[-1]]})"
    else:
        last = raised[-1] if raised else lines[-1] if lines else ""
    return last if len(last) <= limit else last[: limit - 3] + "..."


def classify(first: measure.Sample, result: Result) -> bool:
    """Mark `result` n/a or error from a first run; True if the command can be timed."""
    if first.timed_out:
        result.status, result.note = "timeout", f"killed after {first.wall:.0f} s"
        return False
    if first.returncode != 0 and any(m in first.stderr for m in MISSING_COMMAND):
        result.status, result.note = "n/a", short(first.stderr)
        return False
    crashed = "Traceback" in first.stderr or any(
        _AT.match(line.strip()) for line in first.stderr.splitlines()
    )
    if first.returncode not in (0, 1) or crashed:
        result.status = "error"
        result.note = f"exit {first.returncode}: {short(first.stderr or first.stdout)}"
        return False
    return True


_PHASE = re.compile(r"^time: (.+?) ([0-9.]+) (ms|s)$", re.MULTILINE)


def phases(samples: Sequence[measure.Sample]) -> dict[str, float]:
    """The median of each in-process phase timing the runs printed (`-v`), in seconds."""
    found: dict[str, list[float]] = {}
    for sample in samples:
        for name, value, unit in _PHASE.findall(sample.stderr):
            found.setdefault(name, []).append(float(value) / (1000 if unit == "ms" else 1))
    return {name: measure.median(values) for name, values in found.items()}


def timed(
    key: str,
    label: str,
    command: Sequence[str | Path],
    repeats: int,
    *,
    floor_command: Sequence[str | Path] | None = None,
    timeout: float | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
    target: Target | None = None,
    describe: Callable[[measure.Sample], str] | None = None,
) -> Result:
    """Warm up once, then time `repeats` runs (fewer when the warm-up was slow).

    With `floor_command`, a floor run goes next to every timed run (before it in even rounds,
    after it in odd ones) and the result's floor is the median of those: on a shared machine
    the ratio then compares runs made under the same load."""
    env = env if env is not None else measure.poetry_env()
    result = Result(key, label, target=target)

    def run() -> measure.Sample:
        if before:
            before()
        return measure.run_once(command, cwd=cwd, env=env, timeout=timeout)

    def run_floor() -> None:
        if floor_command is not None:
            floors.append(measure.run_once(floor_command, cwd=cwd, env=env).wall)

    floors: list[float] = []
    first = run()
    if not classify(first, result):
        return result
    samples = [first] if first.wall > VERY_SLOW else []
    if samples:
        run_floor()
    count = repeats if first.wall <= SLOW else 1 if samples else min(repeats, 3)
    while len(samples) < count:
        even = len(samples) % 2 == 0
        if even:
            run_floor()
        samples.append(run())
        if not even:
            run_floor()
    result.samples = [s.wall for s in samples]
    result.wall = measure.median(result.samples)
    result.cpu = measure.median([s.cpu for s in samples])
    result.rss_mb = max(s.max_rss_mb for s in samples)
    result.runs = len(samples)
    result.phases = phases(samples)
    result.floor = measure.median(floors) if floors else None
    codes = {s.returncode for s in samples}
    if any(s.timed_out for s in samples):
        result.status, result.note = "timeout", f"a run was killed after {timeout:.0f} s"
    elif codes != {0}:
        result.status = "exit 1" if codes == {1} else "error"
        result.note = short(samples[-1].stdout or samples[-1].stderr)
    if describe is not None and result.status in ("ok", "exit 1"):
        result.note = describe(samples[-1]) or result.note
    return result


_SUMMARY = re.compile(r"(\d+) errors?, (\d+) warnings?")
_COUNTS = re.compile(r'"errors": (\d+),\s*"warnings": (\d+)')


def findings(sample: measure.Sample) -> str:
    """What a `check` run reported, from its summary line (text) or its counts (json)."""
    found = _SUMMARY.search(sample.stdout) or _COUNTS.search(sample.stdout)
    if not found:
        return "no findings" if "no problems" in sample.stdout else ""
    return f"{int(found[1]):,} errors, {int(found[2]):,} warnings shown"


def fill(
    result: Result,
    samples: Sequence[measure.Sample],
    floor: float | None,
    describe: Callable[[measure.Sample], str] | None = None,
) -> None:
    """Set `result` from timed samples (nothing when there are none: it keeps its status)."""
    if not samples or result.status not in ("ok", "exit 1"):
        return
    result.samples = [s.wall for s in samples]
    result.wall = measure.median(result.samples)
    result.cpu = measure.median([s.cpu for s in samples])
    result.rss_mb = max(s.max_rss_mb for s in samples)
    result.runs = len(samples)
    result.phases = phases(samples)
    result.floor = floor
    codes = {s.returncode for s in samples}
    if any(s.timed_out for s in samples):
        result.status, result.note = "timeout", "a run was killed"
        return
    if codes != {0}:
        result.status = "exit 1" if codes == {1} else "error"
    if describe is not None:
        result.note = describe(samples[-1]) or result.note
