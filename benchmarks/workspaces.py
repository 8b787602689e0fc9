"""The generated workspaces the benchmarks run on, and the edits made to them between runs."""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import generate


@dataclass(frozen=True)
class Size:
    label: str
    components: int
    bases: int
    projects: int


DEFAULT = Size("default", 2000, 100, 100)
QUICK = Size("quick", 100, 10, 10)
LARGE = Size("large", 20000, 100, 100)

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
