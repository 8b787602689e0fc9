"""What the plugin costs every Poetry call: `poetry --version` with and without it.

    .venv/bin/python benchmarks/startup.py [--runs 15] [--warmups 2] [--markdown]

Poetry activates every application plugin on every call, `poetry --version` included, so a
plugin's start-up cost is paid by commands that never use it. To measure only our share, both
figures run Poetry through the same launcher (benchmarks/poetry_launcher.py); in the "without"
runs the launcher hides our `poly` entry point from Poetry's plugin discovery, so every other
plugin of the environment still loads.

The variants run interleaved (A B C D, A B C D, ...), so that a busy moment of this shared
machine hits all of them alike, and the plugin's share is the median of the per-round
differences (with - without), in wall time and in CPU time (user + system of the child, which
other load on the machine disturbs less). A third figure times, inside one process, exactly what
Poetry does with our entry point: load it and call `activate()`.

Target: with plugin <= without + 15 ms.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measure

LAUNCHER = Path(__file__).resolve().parent / "poetry_launcher.py"
TARGET_MS = 15.0

IN_PROCESS = """
import sys, time
from importlib import metadata
from poetry.console.application import Application
app = Application()
eps = [ep for ep in metadata.entry_points(group="poetry.application.plugin") if ep.name == "poly"]
start = time.perf_counter()
plugin = eps[0].load()()
plugin.activate(app)
sys.stdout.write(repr(time.perf_counter() - start))
"""


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    command: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()


VARIANTS = (
    Variant("with", "launcher, with the plugin", (str(measure.PYTHON), str(LAUNCHER), "--version")),
    Variant(
        "without",
        "launcher, `poly` entry point hidden",
        (str(measure.PYTHON), str(LAUNCHER), "--version"),
        (("BRICKWORK_BENCH_WITHOUT_PLUGIN", "1"),),
    ),
    Variant("plain", "`.venv/bin/poetry --version`", (str(measure.POETRY), "--version")),
    Variant(
        "no-plugins",
        "`.venv/bin/poetry --no-plugins --version`",
        (str(measure.POETRY), "--no-plugins", "--version"),
    ),
)


@dataclass(frozen=True)
class StartupResult:
    runs: int
    wall: dict[str, float]
    """Variant key -> median wall seconds."""
    cpu: dict[str, float]
    """Variant key -> median CPU seconds."""
    delta_wall: float
    """Median over rounds of wall(with) - wall(without), seconds."""
    delta_wall_ci: tuple[float, float]
    """~95% confidence interval of that median (order statistics), seconds."""
    delta_cpu: float
    in_process: float
    """Seconds to load our entry point and activate the plugin, inside one process."""

    @property
    def verdict(self) -> str:
        """pass: the paired median is within the target. FAIL: even the low end of its
        confidence interval is above it. Otherwise the wall-clock runs cannot tell on this
        machine, and the in-process figure decides."""
        limit = TARGET_MS / 1000
        if self.delta_wall <= limit:
            return "pass"
        if self.delta_wall_ci[0] > limit or self.in_process > limit:
            return "FAIL"
        return "pass (within noise; in-process figure)"

    @property
    def met(self) -> bool:
        return self.verdict.startswith("pass")


def median_ci(values: Sequence[float]) -> tuple[float, float]:
    """A distribution-free ~95% confidence interval of the median of `values`."""
    ordered = sorted(values)
    n = len(ordered)
    k = max(0, int((n - 1.96 * n**0.5) / 2))
    return (ordered[k], ordered[n - 1 - k]) if n else (float("nan"), float("nan"))


def in_process_cost(runs: int = 5) -> float:
    values = []
    for _ in range(runs):
        sample = measure.run_once([measure.PYTHON, "-c", IN_PROCESS], env=measure.poetry_env())
        if sample.returncode != 0:
            raise RuntimeError(f"in-process probe failed: {sample.stderr.strip()[-500:]}")
        values.append(float(sample.stdout))
    return measure.median(values)


def measure_startup(runs: int = 15, warmups: int = 2) -> StartupResult:
    wall: dict[str, list[float]] = {v.key: [] for v in VARIANTS}
    cpu: dict[str, list[float]] = {v.key: [] for v in VARIANTS}
    for round_ in range(warmups + runs):
        # ABCD, DCBA, ...: no variant always runs right after the same neighbour.
        for variant in VARIANTS if round_ % 2 == 0 else VARIANTS[::-1]:
            sample = measure.run_once(variant.command, env=measure.poetry_env(dict(variant.env)))
            if sample.returncode != 0:
                raise RuntimeError(f"{variant.label} failed: {sample.stderr.strip()[-500:]}")
            if round_ >= warmups:
                wall[variant.key].append(sample.wall)
                cpu[variant.key].append(sample.cpu)

    def paired(values: dict[str, list[float]]) -> list[float]:
        return [a - b for a, b in zip(values["with"], values["without"], strict=True)]

    return StartupResult(
        runs=runs,
        wall={key: measure.median(v) for key, v in wall.items()},
        cpu={key: measure.median(v) for key, v in cpu.items()},
        delta_wall=measure.median(paired(wall)),
        delta_wall_ci=median_ci(paired(wall)),
        delta_cpu=measure.median(paired(cpu)),
        in_process=in_process_cost(),
    )


def rows(result: StartupResult) -> list[tuple[str, str, str]]:
    """(what, median wall, median CPU) rows; the last ones are the plugin's share."""
    out = [
        (v.label, measure.ms(result.wall[v.key]), measure.ms(result.cpu[v.key])) for v in VARIANTS
    ]
    low, high = (x * 1000 for x in result.delta_wall_ci)
    out.append(
        (
            "plugin's share: with - without, paired",
            f"{result.delta_wall * 1000:+.0f} ms (95% CI {low:+.0f} .. {high:+.0f})",
            f"{result.delta_cpu * 1000:+.0f} ms",
        )
    )
    out.append(("in one process: load entry point + activate()", "", measure.ms(result.in_process)))
    out.append((f"target <= +{TARGET_MS:.0f} ms", result.verdict, ""))
    return out


HEADERS = ("`poetry --version`", "median wall", "median CPU")


def table(result: StartupResult, markdown: bool = False) -> list[str]:
    body = rows(result)
    if markdown:
        lines = ["| " + " | ".join(HEADERS) + " |", "|---|---:|---:|"]
        return lines + ["| " + " | ".join(row) + " |" for row in body]
    widths = [max(len(row[i]) for row in [HEADERS, *body]) for i in range(3)]
    head = f"poetry start-up, medians of {result.runs} interleaved runs"
    lines = [head]
    for row in [HEADERS, *body]:
        lines.append(
            f"  {row[0].ljust(widths[0])}  {row[1].rjust(widths[1])}  {row[2].rjust(widths[2])}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Plugin start-up cost of `poetry --version`.")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    args = parser.parse_args(argv)
    result = measure_startup(args.runs, args.warmups)
    sys.stdout.write("\n".join(table(result, args.markdown)) + "\n")
    return 0 if result.met else 1


if __name__ == "__main__":
    sys.exit(main())
