"""The cases of `make bench`: Brickwork's commands on a generated workspace, `tach check` and
the incumbent on the same one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks import generate, incumbent, measure, tach_peer
from benchmarks.timing import Result, Target, classify, fill, findings, short, timed
from benchmarks.workspaces import ImportEdit, Size, drop_cache, edit_import, edit_one


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
        tach.status, tach.note = "n/a", f"tach could not be installed: {short(str(err))}"
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
                classify(sample, ours_)
            else:
                ours_samples.append(sample)
        if tool is not None and tach.status == "ok":
            change()
            sample = measure.run_once([tool.executable, "check"], cwd=ws, env=env, timeout=timeout)
            if round_ == 0:
                classify(sample, tach)
            else:
                tach_samples.append(sample)
        if round_:
            floors.append(measure.run_once(floor_command, env=env).wall)
    floor = measure.median(floors) if floors else None
    fill(ours_, ours_samples, floor, findings)
    fill(tach, tach_samples, floor, tach_findings)
    return [ours_, tach]


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
                classify(sample, results[index])
            else:
                samples[index].append(sample)
        if round_:
            floors.append(measure.run_once(floor_command, env=env).wall)
    floor = measure.median(floors) if floors else None
    for result, timed_samples, (key, *_rest) in zip(results, samples, VIEWS, strict=True):
        describe = findings if key in ("views-check", "views-json", "views-strict") else None
        fill(result, timed_samples, floor, describe)
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
    if classify(sample, cold):
        floor = measure.run_once(floor_command, env=measure.poetry_env()).wall
        fill(cold, [sample], floor, findings)
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
