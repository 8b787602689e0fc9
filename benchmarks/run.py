"""Benchmark `poetry poly` on generated workspaces, against Poetry alone and the incumbent.

    .venv/bin/python benchmarks/run.py             # 2,000 components / 100 bases / 100 projects
    .venv/bin/python benchmarks/run.py --quick     # a small workspace: a smoke run
    .venv/bin/python benchmarks/run.py --large     # also `check` on 20,000 components
    .venv/bin/python benchmarks/run.py --markdown  # the tables of docs/performance.md

Every figure is the median wall time of k runs (after one untimed warm-up run) of the real
`.venv/bin/poetry -C <workspace> ...` as a child process, and the child's peak RSS read from
`wait4`. The floor F is `poetry --version`: Poetry starting with its plugins and doing nothing.
Each case is marked pass/FAIL against its target (a ratio to F, a peak RSS, or "no slower than
`tach check`", which runs on the same workspace in the same run: see `tach_peer.py`). The
generated workspaces carry realistic warnings (see `generate.py`; `--clean` for none).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import cases, generate, incumbent, measure, startup
from benchmarks.timing import Result, short
from benchmarks.workspaces import DEFAULT, LARGE, QUICK, import_edit, workspace_for

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
TIMEOUT = 1800.0
"""Default: a run still going after this many seconds is killed and reported as a time-out."""

# -- rendering --------------------------------------------------------------------------------


def _fmt(result: Result) -> tuple[str, str, str, str, str]:
    if not result.timed:
        return result.status, "", "", "", ""
    ratio = f"{result.ratio:.2f}" if result.ratio is not None else ""
    return (
        measure.secs(result.wall),
        measure.secs(result.cpu),
        str(result.runs),
        ratio,
        f"{result.rss_mb:.0f} MB",
    )


def rows(results: Sequence[Result]) -> list[list[str]]:
    out = []
    for r in results:
        wall, cpu, runs, ratio, rss = _fmt(r)
        note = r.note
        target = r.target.text() if r.target else ""
        status = "" if r.status == "ok" else r.status
        out.append([r.label, wall, cpu, runs, ratio, rss, target, r.verdict(), status, note])
    return out


HEADERS = ["case", "median", "CPU", "runs", "x F", "peak RSS", "target", "", "status", "note"]
PHASE_HEADERS = ["case", "F", "reuse", "workspace load", "scan", "graph", "rules", "rest above F"]


def phase_rows(results: Sequence[Result]) -> list[list[str]]:
    """Where each command's time goes: its own phase timings (medians, in-process) and what
    is left above F (Python start-up, Poetry, importing Brickwork, phases not timed)."""
    out = []
    for r in results:
        if not r.phases or not r.floor:
            continue
        cells = [measure.ms(r.phases[n]) if n in r.phases else "" for n in PHASE_HEADERS[2:-1]]
        rest = r.wall - r.floor - sum(r.phases.values())
        out.append([r.label, measure.ms(r.floor), *cells, measure.ms(rest)])
    return out


def speedups(ours_: Sequence[Result], theirs_: Sequence[Result]) -> list[list[str]]:
    by_key = {r.key: r for r in [*ours_, *theirs_]}
    out = []
    for mine, other in (
        ("info", "inc-info"),
        ("check-cold", "inc-check"),
        ("check-warm", "inc-check"),
    ):
        a, b = by_key.get(mine), by_key.get(other)
        if a and b and a.timed and b.timed:
            out.append([a.label, b.label, f"{b.wall / a.wall:.2f}", f"{b.cpu / a.cpu:.2f}"])
        elif a and b:
            out.append([a.label, b.label, "n/a", "n/a"])
    return out


def text_table(headers: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [headers, *body]) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(row) for row in body)]


def md_table(headers: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return out + ["| " + " | ".join(cell(c) for c in row) + " |" for row in body]


@dataclass
class Report:
    title: str
    sections: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self, markdown: bool) -> str:
        table = md_table if markdown else text_table
        # Heading levels fit the "Results" section of docs/performance.md.
        out = [f"### {self.title}" if markdown else self.title, ""]
        for heading, headers, body in self.sections:
            out += [f"#### {heading}" if markdown else heading, ""]
            out += [*table(headers, body), ""]
        out += [f"- {n}" if markdown else n for n in self.notes]
        return "\n".join(out).rstrip() + "\n"


def machine() -> str:
    cpus = os.cpu_count() or 0
    return (
        f"{cpus} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark `poetry poly` commands.")
    size_group = parser.add_mutually_exclusive_group()
    size_group.add_argument("--quick", action="store_true", help="a small workspace (smoke run)")
    parser.add_argument("--large", action="store_true", help="also `check` on 20,000 components")
    parser.add_argument("-k", "--repeats", type=int, default=None, help="runs per case (5)")
    parser.add_argument("--theme", choices=generate.THEMES, default="loose")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--clean", action="store_true", help="workspaces without warnings (generate.py --clean)"
    )
    parser.add_argument("--workdir", type=Path, default=CACHE, help="where workspaces go")
    parser.add_argument("--incumbent-venv", type=Path, default=incumbent.DEFAULT_VENV)
    parser.add_argument("--no-incumbent", action="store_true")
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--no-build", action="store_true", help="skip the build-project table")
    parser.add_argument("--startup-runs", type=int, default=None, help="(15; 5 with --quick)")
    parser.add_argument(
        "--timeout", type=float, default=TIMEOUT, help="seconds before a run is killed (1800)"
    )
    parser.add_argument("--markdown", action="store_true", help="print markdown tables")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else DEFAULT
    k = args.repeats or (2 if args.quick else 5)

    def progress(step: str) -> None:
        sys.stderr.write(f"[bench] {step}\n")
        sys.stderr.flush()

    args.workdir.mkdir(parents=True, exist_ok=True)
    measure.compile_sources()
    ws, files = workspace_for(size, args.theme, args.seed, args.workdir, args.clean)
    edit = import_edit(ws, size, args.theme, args.seed)
    mine = cases.ours(ws, edit, size, args.theme, args.seed, k, args.timeout, progress)
    report = Report(
        f"Benchmarks, {datetime.date.today().isoformat()} ({machine()})",
    )
    what = (
        f"{size.components:,} components / {size.bases} bases / {size.projects} projects, "
        f"theme {args.theme}, {files:,} .py files"
        + (", no warnings (--clean)" if args.clean else "")
    )
    report.sections.append((f"Brickwork: {what}", HEADERS, rows(mine)))
    report.sections.append(("Phases (in-process, medians)", PHASE_HEADERS, phase_rows(mine)))
    if args.large:
        big_ws, big_files = workspace_for(LARGE, args.theme, args.seed, args.workdir, args.clean)
        big_edit = import_edit(big_ws, LARGE, args.theme, args.seed)
        big = cases.large(big_ws, big_edit, k, args.timeout, progress)
        big_what = f"{LARGE.components:,} components, {big_files:,} .py files"
        report.sections.append((f"Brickwork: {big_what}", HEADERS, rows(big)))
        heading = f"Phases, {LARGE.components:,} components (in-process, medians)"
        report.sections.append((heading, PHASE_HEADERS, phase_rows(big)))
    if not args.no_incumbent:
        other, version = cases.theirs(ws, k, args.incumbent_venv, args.timeout, progress)
        heading = f"poetry-polylith-plugin {version}, same workspace"
        report.sections.append((heading, HEADERS, rows(other)))
        headers = ["Brickwork", "incumbent", "speed-up (wall)", "speed-up (CPU)"]
        report.sections.append(("Speed-up: incumbent / Brickwork", headers, speedups(mine, other)))
    if not args.no_startup:
        progress("start-up: poetry --version with and without the plugin")
        runs = args.startup_runs or (5 if args.quick else 15)
        started = startup.measure_startup(runs=runs)
        body = [list(row) for row in startup.rows(started)]
        report.sections.append((f"Start-up (medians of {runs})", list(startup.HEADERS), body))
    if not args.no_build:
        from benchmarks import build as build_bench

        projects = 10 if args.quick else 100
        progress(f"build-project: one project of 25 bricks, and --all on {projects} projects")
        try:
            body = build_bench.measure_build(k=k, all_projects=projects)
        except (Exception, SystemExit) as err:  # the table says why; the report still prints
            body = [["build-project", f"error: {type(err).__name__}: {short(str(err))}"]]
            body[0] += [""] * (len(build_bench.HEADERS) - 2)
        heading = "build-project (x F: `poetry --version` timed in the same run)"
        report.sections.append((heading, list(build_bench.HEADERS), body))
    report.notes += [
        "median: wall time of the child process, median of `runs` runs after one warm-up; "
        "CPU: its user + system time (median).",
        "x F: median / F, where F is the median of `poetry --version` runs made next to that "
        "case's runs (so both saw the same load on this shared machine).",
        "peak RSS: the largest ru_maxrss of the child over the runs.",
        "phases: each command's own timings (`-v` prints them), medians over the timed runs; "
        "`rest above F` is the median minus F minus the phases: importing Brickwork's modules, "
        "parsing options, rendering (medians of different runs: it can be off by the noise).",
        "one file edited: before each run one brick module gets a new line (size, mtime and "
        "content change, its imports do not), so each run re-reads and re-scans it and reuses "
        "the last result (ADR 0016).",
        "one import changed: before each run one brick module gets a new import of a "
        "component it reaches (through its interface) or of a library its projects declare, a "
        "different statement or line each time (the one before is taken out), so the analysis "
        "changes and no earlier result can be replayed; the findings stay the same.",
        "tach: `tach check` on the same workspace, taking turns with `poly check` after the same "
        "edit; its tach.toml holds one module per brick with the dependencies the generator "
        "planned and one interface (run_*, *Record) for every brick, so its interface errors "
        "are the import sites Brickwork reports as BW107 (tach exits 1 for them).",
        "views: one import changes, then `check`, `check --output json`, `check --strict`, "
        "`deps`, `libs`, `info` run in turn, each right after the one before (a round per "
        "timed run); `check --strict` exits 1 by design (the warnings become errors).",
        "warnings: the generated workspaces carry realistic findings by default (imports past an "
        "interface, BW107, and unused declared libraries, BW203; warnings only): "
        f"{generate.bypass_count(size.components):,} BW107 at {size.components:,} components"
        + (
            f", {generate.bypass_count(LARGE.components):,} at {LARGE.components:,}"
            if args.large
            else ""
        )
        + "; `--clean` generates none.",
    ]
    sys.stdout.write(report.render(args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
