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
import hashlib
import os
import platform
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import generate, incumbent, measure, startup, tach_peer

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SLOW = 30.0
"""A warm-up run slower than this many seconds cuts the repeats to 3."""
VERY_SLOW = 120.0
"""A warm-up run slower than this is the only run: it is reported as the figure."""
TIMEOUT = 1800.0
"""Default: a run still going after this many seconds is killed and reported as a time-out."""
MISSING_COMMAND = ("does not exist", "ModuleNotFoundError", "No module named", "has no attribute")


@dataclass(frozen=True)
class Size:
    label: str
    components: int
    bases: int
    projects: int


DEFAULT = Size("default", 2000, 100, 100)
QUICK = Size("quick", 100, 10, 10)
LARGE = Size("large", 20000, 100, 100)


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
        if self.status == "timeout":
            return "FAIL"
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


def _short(text: str, limit: int = 120) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    return last if len(last) <= limit else last[: limit - 3] + "..."


def _classify(first: measure.Sample, result: Result) -> bool:
    """Mark `result` n/a or error from a first run; True if the command can be timed."""
    if first.timed_out:
        result.status, result.note = "timeout", f"killed after {first.wall:.0f} s"
        return False
    if first.returncode != 0 and any(m in first.stderr for m in MISSING_COMMAND):
        result.status, result.note = "n/a", _short(first.stderr)
        return False
    if first.returncode not in (0, 1) or "Traceback" in first.stderr:
        result.status = "error"
        result.note = f"exit {first.returncode}: {_short(first.stderr or first.stdout)}"
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
    if not _classify(first, result):
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
        result.note = _short(samples[-1].stdout or samples[-1].stderr)
    if describe is not None and result.status in ("ok", "exit 1"):
        result.note = describe(samples[-1])
    return result


_SUMMARY = re.compile(r"(\d+) errors?, (\d+) warnings?")
_COUNTS = re.compile(r'"errors": (\d+),\s*"warnings": (\d+)')


def findings(sample: measure.Sample) -> str:
    """What a `check` run reported, from its summary line (text) or its counts (json)."""
    found = _SUMMARY.search(sample.stdout) or _COUNTS.search(sample.stdout)
    if not found:
        return ""
    return f"{int(found[1]):,} errors, {int(found[2]):,} warnings shown"


# -- workspaces -------------------------------------------------------------------------------


def workspace_for(
    size: Size, theme: str, seed: int, workdir: Path, clean: bool = False
) -> tuple[Path, int]:
    """A generated workspace, reused while the generator and its arguments are unchanged."""
    stamp_text = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()
    stamp_text += f" {size.components} {size.bases} {size.projects} {theme} {seed} {clean}"
    suffix = "-clean" if clean else ""
    name = f"ws-{theme}-{size.components}c-{size.bases}b-{size.projects}p-s{seed}{suffix}"
    folder = workdir / name
    stamp = folder / ".generated"
    if stamp.exists() and stamp.read_text().split("\n")[0] == stamp_text:
        return folder, int(stamp.read_text().split("\n")[1])
    if folder.exists():
        shutil.rmtree(folder)
    sys.stderr.write(f"generating {folder.name} ...\n")
    files = generate.generate(
        folder, size.components, size.bases, size.projects, theme, seed, clean=clean
    )
    stamp.write_text(f"{stamp_text}\n{files}\n")
    return folder, files


def drop_cache(ws: Path) -> Callable[[], None]:
    def drop() -> None:
        shutil.rmtree(ws / ".brickwork_cache", ignore_errors=True)

    return drop


# -- runs -------------------------------------------------------------------------------------


def edit_one(ws: Path) -> Callable[[], None]:
    """Before each run: change one brick module (a new line, so its size and content change
    too, but not its imports), the way a developer edits a function body between two `check`
    runs."""
    target = sorted((ws / "components").rglob("core.py"))[0]  # both themes
    original = target.read_text().split("\nEDITED = ", 1)[0]  # without an earlier run's edit
    count = [0]

    def edit() -> None:
        count[0] += 1
        target.write_text(f"{original}\nEDITED = {count[0]}\n")

    return edit


EDITS = ".bench-edits"
"""A counter in the workspace: how many import edits the benchmarks made there, ever."""
EDIT_MARK = "\n# bench: one import changed\n"


@dataclass(frozen=True)
class ImportEdit:
    """Where the "one import changed" edits go, and what they may add."""

    module: Path
    brick: str
    reached: tuple[str, ...]
    """The components the edited brick reaches (tach.toml lets it import them)."""
    statements: tuple[str, ...]


def import_edit(ws: Path, size: Size, theme: str, seed: int) -> ImportEdit:
    """The generator's edit candidates for this workspace (see `generate.edit_candidates`)."""
    plan = generate.plan(size.components, size.bases, size.projects, theme, seed)
    spec, reached, statements = generate.edit_candidates(plan)
    module = generate.brick_dir(ws, plan, spec) / "core.py"
    return ImportEdit(module, spec.name, tuple(reached), tuple(statements) or ("import json",))


def edit_import(edit: ImportEdit, ws: Path) -> Callable[[], None]:
    """Before each run: give one brick module a new import that changes the analysis (a
    component it reaches, through its interface, or a library its projects declare), a
    different statement or line each time, so that no earlier result can be reused, in this run
    or an earlier one (a counter kept in the workspace numbers every edit ever made). The
    import before it is taken out again: one module changes, and no new finding appears."""
    original = edit.module.read_text(encoding="utf-8").split(EDIT_MARK, 1)[0]
    counter = ws / EDITS
    statements = edit.statements

    def change() -> None:
        try:
            count = int(counter.read_text(encoding="utf-8").strip() or 0) + 1
        except (OSError, ValueError):
            count = 1
        counter.write_text(f"{count}\n", encoding="utf-8")
        statement = statements[count % len(statements)]
        blank = "\n" * ((count // len(statements)) % 40)
        edit.module.write_text(f"{original}{EDIT_MARK}{blank}{statement}\n", encoding="utf-8")

    return change


def check_case(
    key: str,
    label: str,
    poetry: Sequence[str | Path],
    args: Sequence[str],
    repeats: int,
    timeout: float,
    before: Callable[[], None] | None = None,
    target: Target | None = None,
    describe: Callable[[measure.Sample], str] | None = findings,
) -> Result:
    floor_command = [*poetry, "--version"]
    return timed(
        key,
        label,
        [*poetry, *args],
        repeats,
        floor_command=floor_command,
        timeout=timeout,
        before=before,
        target=target,
        describe=describe,
    )


TACH_LABEL = "`tach check`"


def tach_findings(sample: measure.Sample) -> str:
    output = sample.stdout + sample.stderr
    interface = output.count("is not part of the public interface")
    other = output.count("[FAIL]") - interface
    return f"{interface:,} interface errors (the BW107 sites), {other:,} other"


def versus_tach(
    ws: Path,
    edit: ImportEdit,
    size: Size,
    theme: str,
    seed: int,
    k: int,
    timeout: float,
    target: Target,
    progress: Callable[[str], None],
) -> list[Result]:
    """`poly check` after one import changed, and `tach check` on the same workspace, the two
    taking turns with a floor run at each end of a round, so that both see the same load. tach
    gets the same edit before each of its runs (it keeps no cache: it reads every file)."""
    ours_ = Result("check-import", "`poly check`, one import changed", target=target)
    tach = Result("tach", TACH_LABEL + ", same workspace, same edit")
    ours_.peer = tach
    progress("tach: installing or found")
    try:
        tool = tach_peer.ensure()
    except (OSError, RuntimeError) as err:  # includes CalledProcessError
        tool = None
        tach.status, tach.note = "n/a", f"tach could not be installed: {_short(str(err))}"
    if tool is not None:
        tach.label = f"`tach check` {tool.version}, same workspace, same edit"
        text = tach_peer.config_text(
            generate.plan(size.components, size.bases, size.projects, theme, seed),
            edit.brick,
            edit.reached,
        )
        config = ws / "tach.toml"
        if not config.exists() or config.read_text(encoding="utf-8") != text:
            config.write_text(text, encoding="utf-8")
    poetry: list[str | Path] = [measure.POETRY, "-C", ws]
    floor_command = [*poetry, "--version"]
    check = [*poetry, "poly", "check", "-v"]
    change = edit_import(edit, ws)
    env = measure.poetry_env()
    ours_samples: list[measure.Sample] = []
    tach_samples: list[measure.Sample] = []
    floors: list[float] = []
    for round_ in range(k + 1):  # round 0 is the warm-up
        progress(f"check-import vs tach, round {round_}")
        if round_:
            floors.append(measure.run_once(floor_command, env=env).wall)
        if ours_.status == "ok":
            change()
            sample = measure.run_once(check, env=env, timeout=timeout)
            if round_ == 0:
                _classify(sample, ours_)
            else:
                ours_samples.append(sample)
        if tool is not None and tach.status == "ok":
            change()
            sample = measure.run_once([tool.executable, "check"], cwd=ws, env=env, timeout=timeout)
            if round_ == 0:
                _classify(sample, tach)
            else:
                tach_samples.append(sample)
        if round_:
            floors.append(measure.run_once(floor_command, env=env).wall)
    floor = measure.median(floors) if floors else None
    _fill(ours_, ours_samples, floor, findings)
    _fill(tach, tach_samples, floor, tach_findings)
    return [ours_, tach]


def _fill(
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
        result.note = describe(samples[-1])


VIEWS: tuple[tuple[str, str, tuple[str, ...], Target], ...] = (
    ("views-check", "`poly check` (one import changed)", ("check",), Target(1.3)),
    ("views-json", "then `poly check --output json`", ("check", "--output", "json"), Target(1.2)),
    ("views-strict", "then `poly check --strict`", ("check", "--strict"), Target(1.2)),
    ("views-deps", "then `poly deps`", ("deps",), Target(1.2)),
    ("views-libs", "then `poly libs`", ("libs",), Target(1.2)),
    ("views-info", "then `poly info`", ("info",), Target(1.2)),
)


def views(
    ws: Path, edit: ImportEdit, k: int, timeout: float, progress: Callable[[str], None]
) -> list[Result]:
    """The view switch sequence on a warm workspace: one import changes, `check` analyses it
    (and stores the analysis), then each other view runs right after the one before it. One
    round per timed run (and an untimed first round); a floor run at each end of a round."""
    poetry: list[str | Path] = [measure.POETRY, "-C", ws]
    floor_command = [*poetry, "--version"]
    env = measure.poetry_env()
    change = edit_import(edit, ws)
    results = [Result(key, label, target=target) for key, label, _, target in VIEWS]
    samples: list[list[measure.Sample]] = [[] for _ in VIEWS]
    floors: list[float] = []
    for round_ in range(k + 1):
        progress(f"views, round {round_}")
        if round_:
            floors.append(measure.run_once(floor_command, env=env).wall)
        change()
        for index, (_key, _label, args, _target) in enumerate(VIEWS):
            if results[index].status != "ok":
                continue
            sample = measure.run_once([*poetry, "poly", *args, "-v"], env=env, timeout=timeout)
            if round_ == 0:
                _classify(sample, results[index])
            else:
                samples[index].append(sample)
        if round_:
            floors.append(measure.run_once(floor_command, env=env).wall)
    floor = measure.median(floors) if floors else None
    for result, timed_samples, (key, *_rest) in zip(results, samples, VIEWS, strict=True):
        describe = findings if key in ("views-check", "views-json", "views-strict") else None
        _fill(result, timed_samples, floor, describe)
    return results


def ours(
    ws: Path,
    edit: ImportEdit,
    size: Size,
    theme: str,
    seed: int,
    k: int,
    timeout: float,
    progress: Callable[[str], None],
) -> list[Result]:
    poetry: list[str | Path] = [measure.POETRY, "-C", ws]
    progress("floor: poetry --version")
    floor_command = [*poetry, "--version"]
    floor = timed("floor", "`poetry --version` (F)", floor_command, max(k, 5))
    floor.floor = floor.wall
    results = [floor]
    # -v: each command prints its in-process phase timings (`time: scan 12 ms`) to stderr
    plan: list[tuple[str, str, list[str], Callable[[], None] | None, Target | None]] = [
        ("info", "`poly info`", ["poly", "info", "-v"], None, Target(1.3)),
        (
            "check-cold",
            "`poly check`, cold cache",
            ["poly", "check", "-v"],
            drop_cache(ws),
            Target(2.0),
        ),
        ("check-warm", "`poly check`, warm", ["poly", "check", "-v"], None, Target(1.2)),
        (
            "check-warm-json",
            "`poly check --output json`, warm",
            ["poly", "check", "--output", "json", "-v"],
            None,
            Target(1.2),
        ),
        (
            "check-edit",
            "`poly check`, one file edited",
            ["poly", "check", "-v"],
            edit_one(ws),
            None,
        ),
    ]
    for key, label, args, before, target in plan:
        progress(key)
        repeats = k if key != "check-cold" else max(1, min(k, 3))
        results.append(check_case(key, label, poetry, args, repeats, timeout, before, target))
    results += versus_tach(
        ws, edit, size, theme, seed, k, timeout, Target(1.3, peer="tach"), progress
    )
    results += views(ws, edit, k, timeout, progress)
    progress("deps")
    args = ["poly", "deps", "-v"]
    results.append(
        check_case("deps", "`poly deps`", poetry, args, k, timeout, None, Target(1.5, 150), None)
    )
    return results


def large(
    ws: Path, edit: ImportEdit, k: int, timeout: float, progress: Callable[[str], None]
) -> list[Result]:
    poetry: list[str | Path] = [measure.POETRY, "-C", ws]
    floor_command = [*poetry, "--version"]
    check = [*poetry, "poly", "check", "-v"]
    progress("large: check, cold cache (one run)")
    drop_cache(ws)()
    cold = Result("large-check-cold", "`poly check`, cold cache (1 run)", target=Target(10))
    env = measure.poetry_env()
    sample = measure.run_once(check, env=env, timeout=timeout)
    if _classify(sample, cold):
        floor = measure.run_once(floor_command, env=measure.poetry_env()).wall
        _fill(cold, [sample], floor, findings)
    results = [cold]
    for key, label, args, before, target in (
        ("large-check-warm", "`poly check`, warm", [], None, Target(1.5)),
        (
            "large-check-warm-json",
            "`poly check --output json`, warm",
            ["--output", "json"],
            None,
            Target(1.5),
        ),
        ("large-check-edit", "`poly check`, one file edited", [], edit_one(ws), None),
        (
            "large-check-import",
            "`poly check`, one import changed",
            [],
            edit_import(edit, ws),
            Target(2, 400),
        ),
    ):
        progress(f"large: {key}")
        results.append(
            timed(
                key,
                label,
                [*check, *args],
                k,
                floor_command=floor_command,
                timeout=timeout,
                before=before,
                target=target,
                describe=findings,
            )
        )
    return results


def theirs(
    ws: Path, k: int, venv: Path, timeout: float, progress: Callable[[str], None]
) -> tuple[list[Result], str]:
    """The incumbent on the same workspace; run from inside it (its `poly check` takes
    `-C` as "check only the project in that folder")."""
    progress("incumbent: installing or found")
    try:
        tool = incumbent.ensure(venv)
    except (OSError, RuntimeError) as err:  # includes CalledProcessError
        return [Result("incumbent", "poetry-polylith-plugin", "error", note=str(err))], "?"
    env = tool.env()
    floor_command: list[str | Path] = [tool.poetry, "--version"]
    progress("incumbent: floor")
    label = "`poetry --version` (its F)"
    floor = timed("inc-floor", label, floor_command, max(k, 5), cwd=ws, env=env)
    floor.floor = floor.wall
    results = [floor]
    for key, label, args in (
        ("inc-info", "`poly info`", ["poly", "info"]),
        ("inc-check", "`poly check`", ["poly", "check"]),
    ):
        progress(f"incumbent: {key}")
        repeats = k if key != "inc-check" else max(1, min(k, 3))
        command: list[str | Path] = [tool.poetry, *args]
        results.append(
            timed(
                key,
                label,
                command,
                repeats,
                floor_command=floor_command,
                timeout=timeout,
                cwd=ws,
                env=env,
            )
        )
    visible = tool.visible_projects(ws)
    if visible is not None and visible[0] < visible[1]:
        note = f"sees the bricks of {visible[0]} of {visible[1]} projects"
        for result in results[1:]:
            result.note = "; ".join(n for n in (note, result.note) if n)
    return results, tool.version


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
    mine = ours(ws, edit, size, args.theme, args.seed, k, args.timeout, progress)
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
        big = large(big_ws, big_edit, k, args.timeout, progress)
        big_what = f"{LARGE.components:,} components, {big_files:,} .py files"
        report.sections.append((f"Brickwork: {big_what}", HEADERS, rows(big)))
        heading = f"Phases, {LARGE.components:,} components (in-process, medians)"
        report.sections.append((heading, PHASE_HEADERS, phase_rows(big)))
    if not args.no_incumbent:
        other, version = theirs(ws, k, args.incumbent_venv, args.timeout, progress)
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
            body = [["build-project", f"error: {type(err).__name__}: {_short(str(err))}"]]
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
