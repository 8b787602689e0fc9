"""Brickwork demo: build the acme example workspace with the real `poetry` and show it.

Run with `make demo` (`.venv/bin/python development/demo.py`). Every step is a real command
run in a temporary folder, printed before it runs; the first step that fails stops the demo
with its exit code. The folder is removed at the end, whatever happens (`--keep` keeps it).
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

POETRY = Path(sys.executable).parent / "poetry"


@dataclass(frozen=True)
class Step:
    """One command of the demo, run in the workspace folder (or a file it writes)."""

    title: str
    args: tuple[str, ...]
    text: str | None = None
    """With `args == ("write", path)`: the content written to that file."""

    def command(self) -> list[str]:
        if self.args[0] == "poetry":
            return [str(POETRY), *self.args[1:]]
        if self.args[0] == "python":
            return [sys.executable, *self.args[1:]]
        return list(self.args)


def poetry(title: str, *args: str) -> Step:
    return Step(title, ("poetry", *args))


def write(title: str, path: str, text: str) -> Step:
    return Step(title, ("write", path), text)


def append(title: str, path: str, text: str) -> Step:
    return Step(title, ("append", path), text)


def python(title: str, *args: str) -> Step:
    return Step(title, ("python", *args))


BASE_CORE = '''from acme.greeting import hello as greet


def hello() -> str:
    """The greet_api entry point: what the greeting component says, shouted."""
    return greet().upper()


def main() -> None:
    """The console script `greet`."""
    import sys

    sys.stdout.write(hello() + "\\n")
'''

SCRIPTS = """
[project.scripts]
greet = "acme.greet_api.core:main"
"""

WHEEL = "projects/greet_service/dist/greet_service-0.1.0-py3-none-any.whl"


# The story, in order: create, analyse, then ship (build, install the wheel, run the service).
CREATE = (
    poetry(
        "Create a workspace with the namespace acme",
        "poly",
        "create",
        "workspace",
        "--name",
        "acme",
    ),
    poetry(
        "Add a component",
        "poly",
        "create",
        "component",
        "--name",
        "greeting",
        "--description",
        "Greets people",
    ),
    poetry("Add a base", "poly", "create", "base", "--name", "greet_api"),
    poetry(
        "Add a project that deploys the base",
        "poly",
        "create",
        "project",
        "--name",
        "greet_service",
        "--base",
        "greet_api",
    ),
    write("Let the base use the component", "bases/acme/greet_api/core.py", BASE_CORE),
    poetry(
        "The project now lacks the component: what sync would add (--check fails CI on it)",
        "poly",
        "sync",
        "--dry-run",
    ),
    poetry("Sync: add every brick the project's bricks need", "poly", "sync"),
    append(
        "Give the service a console script",
        "projects/greet_service/pyproject.toml",
        SCRIPTS,
    ),
    poetry("Show the workspace", "poly", "info"),
)

ANALYSE = (
    poetry("Which brick uses which", "poly", "deps"),
    poetry(
        "Check bricks and libraries (fails on any finding with --strict)",
        "poly",
        "check",
        "--strict",
    ),
    poetry("Third-party libraries per project", "poly", "libs"),
)

SHIP = (
    poetry(
        "Build the service: check, stage, wheel + sdist, then import every module in a fresh venv",
        "poly",
        "build-project",
        "--projects",
        "greet_service",
        "--verify",
    ),
    python("Make a fresh virtual environment", "-m", "venv", "--without-pip", "venv"),
    python(
        "Install the wheel into it (offline: the wheel has no dependencies)",
        "-m",
        "pip",
        "--python",
        "venv/bin/python",
        "install",
        "--quiet",
        "--no-index",
        WHEEL,
    ),
    Step("Run the service's console script", ("venv/bin/greet",)),
)

STEPS: tuple[Step, ...] = CREATE + ANALYSE + SHIP


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run_step(step: Step, cwd: Path) -> int:
    shown = " ".join(shlex.quote(a) for a in step.args)
    say(f"\n# {step.title}\n$ {shown}")
    if step.args[0] == "write" and step.text is not None:
        (cwd / step.args[1]).write_text(step.text, encoding="utf-8")
        say(step.text.rstrip("\n"))
        return 0
    if step.args[0] == "append" and step.text is not None:
        with (cwd / step.args[1]).open("a", encoding="utf-8") as handle:
            handle.write(step.text)
        say(step.text.rstrip("\n"))
        return 0
    result = subprocess.run(step.command(), cwd=cwd, check=False)
    if result.returncode != 0:
        sys.stderr.write(f"demo: step failed with exit code {result.returncode}: {shown}\n")
    return result.returncode


def run_demo(steps: Sequence[Step], root: Path) -> int:
    say(f"Workspace folder: {root}")
    for step in steps:
        code = run_step(step, root)
        if code != 0:
            return code
    say("\nDemo finished: every step succeeded.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keep", action="store_true", help="keep the workspace folder")
    args = parser.parse_args(argv)
    if not POETRY.is_file():
        sys.stderr.write(f"demo: no poetry at {POETRY}; run `make install` first\n")
        return 2
    if args.keep:
        return run_demo(STEPS, Path(tempfile.mkdtemp(prefix="brickwork-demo-")))
    with tempfile.TemporaryDirectory(prefix="brickwork-demo-") as folder:
        return run_demo(STEPS, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
