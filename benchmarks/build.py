"""Benchmark `poetry poly build-project`: one project of ~25 bricks, wheel + sdist, against
F = `poetry --version` in the same run.

    .venv/bin/python benchmarks/build.py            # 7 runs per case
    .venv/bin/python benchmarks/build.py -k 15

The workspace (24 components, 1 base, one project that includes every brick) is generated
with `generate.py`, committed to a git repository (staging takes what git tracks), and timed
with the real `.venv/bin/poetry -C <workspace> ...` as a child process: the median wall time of
k runs after one untimed warm-up, the cases taking turns. Both `build-project` with its `check`
step and with `--no-check` are timed, and, for reference, plain `poetry build` of the same
project already staged (what Poetry itself costs to build those files). `--all-projects N`
also times `build-project --all` (with its `check` step, as a user runs it) on a generated
workspace of N projects (`make bench` runs it with 100; `benchmarks/run.py --no-build` skips
this table). The generated workspaces carry their usual warnings (imports past an interface):
the `check` step reports them and goes on.

A command that fails is reported as such in its row (`error: ...`); the others are still timed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import generate, measure
from benchmarks.timing import short

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]


def make_workspace(root: Path, components: int = 24) -> str:
    """A generated workspace whose first project includes every brick; returns its name."""
    plan = generate.plan(components, 1, 1, "loose", seed=0)
    generate.write(root, plan)
    project = plan.projects[0]
    includes = [generate._include(plan, "base", plan.bases[0].name, "../../")]
    includes += [generate._include(plan, "component", c.name, "../../") for c in plan.components]
    libs = sorted({i for c in plan.components + plan.bases for i in c.all_libs()})
    name = project.folder.replace("_", "-")
    text = generate.project_text(name, includes, libs, "pep621", "Every brick")
    (root / "projects" / project.folder / "pyproject.toml").write_text(text, encoding="utf-8")
    (root / ".gitignore").write_text("dist/\n.brickwork_cache/\n", encoding="utf-8")
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "bench"], cwd=root, check=True)
    return name


def staged_copy(root: Path, target: Path) -> Path:
    """The first project, staged by Brickwork and copied out: a folder plain `poetry build`
    can build (the reference: what Poetry itself costs for the same files)."""
    from brickwork import packaging, workspace

    ws = workspace.load(root)
    with packaging.staged(ws, ws.deployables[0]) as stage:
        shutil.copytree(stage.root, target)
    return target


def timed(commands: Sequence[Sequence[str | Path]], k: int) -> list[float | str]:
    """Median wall time of each command; the commands take turns, so that a machine whose load
    changes during the run weighs on every case alike. A command whose untimed first run fails
    gets the reason instead (`error: exit 1: <its last line>`), and is not run again."""
    env = measure.poetry_env()
    failed: dict[int, str] = {}
    for index, command in enumerate(commands):
        first = measure.run_once(command, env=env, timeout=600)
        if first.returncode != 0:
            last = short(first.stderr or first.stdout)
            failed[index] = f"error: exit {first.returncode}: {last}"
    walls: list[list[float]] = [[] for _ in commands]
    for _ in range(k):
        for index, command in enumerate(commands):
            if index not in failed:
                walls[index].append(measure.run_once(command, env=env).wall)
    return [failed.get(i, measure.median(w)) for i, w in enumerate(walls)]


HEADERS = ("case", "median", "x F", "target", "")
ONE_TARGET = 1.2
"""`build-project` of one project: <= 1.2 F."""
ALL_TARGET = 8.0
"""`build-project --all` on 100 projects: <= 8 F."""

#: The incumbent, poetry-multiproject-plugin, in a virtualenv of its own (pip, not Poetry's
#: resolver), for `--incumbent`.
INCUMBENT_VENV = Path(__file__).resolve().parent / ".cache" / "multiproject"
INCUMBENT_PACKAGES = ("poetry", "poetry-multiproject-plugin")


def incumbent_poetry(venv: Path = INCUMBENT_VENV) -> Path:
    """The incumbent's `poetry`, installed into `venv` with pip the first time."""
    poetry = venv / "bin" / "poetry"
    if not poetry.exists():
        sys.stderr.write(f"installing {' '.join(INCUMBENT_PACKAGES)} into {venv} (pip) ...\n")
        venv.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, *INCUMBENT_PACKAGES], check=True)
    return poetry


def measure_build(
    k: int = 7, components: int = 24, all_projects: int = 0, incumbent: bool = False
) -> list[list[str]]:
    """The rows of the build-project table: case, median wall time, ratio to F (`poetry
    --version` timed in the same run), target, pass/FAIL. `all_projects`: also `--all` (with
    its `check` step) on that many projects; `incumbent`: also poetry-multiproject-plugin's
    `build-project` of the same project."""
    folder = Path(tempfile.mkdtemp(prefix="brickwork-bench-build-"))
    try:
        root = folder / "ws"
        name = make_workspace(root, components)
        poetry: list[str | Path] = [measure.POETRY, "-C", root]
        build: list[str | Path] = [*poetry, "poly", "build-project", "--projects", name, "--clean"]
        cases: list[tuple[str, list[str | Path], float | None]] = [
            ("poetry --version (F)", [measure.POETRY, "--version"], None),
            (f"build-project, {components + 1} bricks, wheel + sdist", build, ONE_TARGET),
            (f"build-project --no-check, {components + 1} bricks", [*build, "--no-check"], None),
        ]
        try:
            plain = staged_copy(root, folder / "staged")
        except Exception as err:  # the reference row only: the others still run
            sys.stderr.write(f"build: no pre-staged reference ({type(err).__name__}: {err})\n")
        else:
            label = "poetry build of the same project, pre-staged"
            cases.append((label, [measure.POETRY, "-C", plain, "build", "--quiet"], None))
        if incumbent:
            theirs = incumbent_poetry()
            project = next(p for p in (root / "projects").iterdir() if p.is_dir())
            cases.append(
                (
                    "poetry-multiproject-plugin build-project, same project",
                    [theirs, "-C", project, "build-project"],
                    None,
                )
            )
        if all_projects:
            many = folder / "many"
            generate.generate(many, 200, 20, all_projects, "loose", seed=0)
            (many / ".gitignore").write_text("dist/\n.brickwork_cache/\n", encoding="utf-8")
            subprocess.run([*GIT, "init", "-q"], cwd=many, check=True)
            subprocess.run([*GIT, "add", "-A"], cwd=many, check=True)
            subprocess.run([*GIT, "commit", "-q", "-m", "bench"], cwd=many, check=True)
            every: list[str | Path] = [measure.POETRY, "-C", many, "poly", "build-project", "--all"]
            label = f"build-project --all, {all_projects} projects (with its check step)"
            target = ALL_TARGET if all_projects == 100 else None
            cases.append((label, [*every, "--clean"], target))
        times = timed([command for _, command, _ in cases], k)
        floor = times[0]
        rows = []
        for (label, _, target), seconds in zip(cases, times, strict=True):
            if isinstance(seconds, str) or isinstance(floor, str):
                rows.append([label, str(seconds), "", _target_text(target), "n/a"])
                continue
            ratio = seconds / floor
            verdict = "" if target is None else "pass" if ratio <= target else "FAIL"
            rows.append([label, measure.ms(seconds), f"{ratio:.2f}", _target_text(target), verdict])
        return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _target_text(target: float | None) -> str:
    return "" if target is None else f"<= {target:g} F"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-k", type=int, default=7, help="timed runs per case")
    parser.add_argument("--components", type=int, default=24)
    parser.add_argument(
        "--all-projects",
        type=int,
        default=0,
        metavar="N",
        help="also time `build-project --all` on a generated workspace of N projects",
    )
    parser.add_argument(
        "--incumbent",
        action="store_true",
        help="also time poetry-multiproject-plugin's build-project (installed with pip)",
    )
    args = parser.parse_args(argv)
    rows = measure_build(args.k, args.components, args.all_projects, args.incumbent)
    widths = [max(len(row[i]) for row in [list(HEADERS), *rows]) for i in range(len(HEADERS))]
    out = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [list(HEADERS), *rows]
    ]
    sys.stdout.write("\n".join(out) + f"\n(k = {args.k})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
