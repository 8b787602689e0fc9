"""Mutation testing, one component at a time: how many realistic one-line bugs the tests catch.

`make mutation COMPONENT=report` (or `.venv/bin/python development/mutation.py report graph`)
clones the committed tree into a temporary folder, mutates the component's modules there with
mutmut (installed into its own `.venv-mutmut`, not into the project's environment) and runs the
component's tests against each mutant. The working tree is never touched. The score per
component is printed at the end: killed / all mutants.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / ".venv-mutmut"
MUTMUT_VERSION = "2.5.1"
#: The base's tests exercise every component: a component without tests of its own is
#: measured with them.
FALLBACK_TESTS = "test/bases"
#: Tests outside a component's own folder that exercise it through its command or its
#: robustness cases (glob patterns, relative to the repository root).
MORE_TESTS = {
    "sync": (
        "test/bases/brickwork/poetry_plugin/test_sync*.py",
        "test/robustness/test_writes_sync*.py",
    ),
    "build": (
        "test/bases/brickwork/poetry_plugin/test_build.py",
        "test/robustness/test_writes_build*.py",
        "test/robustness/test_writes_locked.py",
        "test/robustness/test_writes_rewrite.py",
        "test/robustness/test_writes_ship.py",
    ),
}


def ensure_mutmut() -> Path:
    mutmut = TOOL / "bin" / "mutmut"
    if not mutmut.exists():
        subprocess.run([sys.executable, "-m", "venv", str(TOOL)], check=True)
        subprocess.run(
            [str(TOOL / "bin" / "pip"), "install", "--quiet", f"mutmut=={MUTMUT_VERSION}"],
            check=True,
        )
    return mutmut


def component_dir(name: str) -> str:
    for top in ("components", "bases"):
        if (ROOT / top / "brickwork" / name).is_dir():
            return f"{top}/brickwork/{name}"
    raise SystemExit(f"no component or base called {name!r}")


def score(mutmut: Path, clone: Path) -> tuple[int, int]:
    """(killed, all) from mutmut's junit report."""
    report = subprocess.run(
        [str(mutmut), "junitxml"], cwd=clone, capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r'failures="(\d+)" tests="(\d+)"', report)
    if match is None:
        return 0, 0
    survived, total = int(match.group(1)), int(match.group(2))
    return total - survived, total


def sampled(
    clone: Path, source: str, modules: tuple[str, ...], runner: str, sample: int
) -> tuple[int, int]:
    """(killed, sampled) of a seeded random sample of the component's mutants; each survivor
    is printed as it is found."""
    folder = clone / source
    files = [folder / m for m in modules] if modules else sorted(folder.rglob("*.py"))
    command = [
        str(TOOL / "bin" / "python"),
        str(ROOT / "development" / "mutation_sample.py"),
        "--runner",
        runner,
        "--sample",
        str(sample),
        *(file.relative_to(clone).as_posix() for file in files),
    ]
    done = subprocess.run(command, cwd=clone, check=False, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(done.stdout)
    match = re.search(r"sample: (\d+) / (\d+) killed", done.stdout)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def run(name: str, mutmut: Path, modules: tuple[str, ...] = (), sample: int = 0) -> tuple[int, int]:
    source = component_dir(name)
    own = source.replace("components/", "test/components/").replace("bases/", "test/bases/")
    found = [own] if (ROOT / own).is_dir() else [FALLBACK_TESTS]
    for pattern in MORE_TESTS.get(name, ()):
        found.extend(sorted(path.relative_to(ROOT).as_posix() for path in ROOT.glob(pattern)))
    tests = " ".join(dict.fromkeys(found))
    with tempfile.TemporaryDirectory(prefix="brickwork-mutation-") as temp:
        clone = Path(temp) / "repo"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        path = os.pathsep.join(str(clone / top) for top in ("components", "bases"))
        pytest = ROOT / ".venv" / "bin" / "pytest"
        # no bytecode: a mutant of the same size written within a second would reuse the .pyc
        runner = (
            f"env PYTHONDONTWRITEBYTECODE=1 PYTHONPATH={path} {pytest} -x -q -p no:xdist "
            f"-p no:cacheprovider {tests}"
        )
        if sample:
            return sampled(clone, source, modules, runner, sample)
        if modules:
            source = ",".join(f"{source}/{module}" for module in modules)
        subprocess.run(
            [
                str(mutmut),
                "run",
                "--paths-to-mutate",
                source,
                "--tests-dir",
                own if (ROOT / own).is_dir() else FALLBACK_TESTS,
                "--runner",
                runner,
                "--no-progress",
            ],
            cwd=clone,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run([str(mutmut), "results"], cwd=clone, check=False)
        return score(mutmut, clone)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("components", nargs="+", help="component names (workspace, graph, ...)")
    parser.add_argument(
        "--modules",
        default="",
        help="only these modules of the component, comma-separated (core.py,plan.py)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=0,
        help="run a seeded random sample of this many mutants instead of all of them",
    )
    args = parser.parse_args(argv)
    modules = tuple(module for module in args.modules.split(",") if module)
    mutmut = ensure_mutmut()
    rows = [(name, *run(name, mutmut, modules, args.sample)) for name in args.components]
    sys.stdout.write("\ncomponent       killed / mutants   score\n")
    for name, killed, total in rows:
        percent = f"{100 * killed / total:5.1f} %" if total else "    -"
        sys.stdout.write(f"{name:<15} {killed:>6} / {total:<7}   {percent}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
