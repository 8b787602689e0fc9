"""What a build refuses, or guards against, before an artifact leaves the stage: a wheel that
would hold one path twice, and a build script (workspace code) the user did not allow
(ADR 0022)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from brickwork.packaging.model import Stage
from brickwork.workspace import PolyFailure, Project, Workspace, parse_toml


def refuse_duplicate_entries(wheel: Path, stage: Stage) -> None:
    """A wheel holding one path twice (two bricks, or two includes, mapped to the same place)
    installs whichever comes last: a `PolyFailure` naming the path and the staged files."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    twice = sorted(n for n, times in Counter(names).items() if times > 1)
    if not twice:
        return
    first = twice[0]
    sources = [f for f in stage.files if f == first or f.endswith("/" + first)]
    origin = f" (from {' and '.join(sources)})" if len(sources) > 1 else ""
    more = f" and {len(twice) - 1} more" if len(twice) > 1 else ""
    raise PolyFailure(
        f"build failed: the wheel would hold {first}{more} twice{origin}: two bricks or "
        "includes map to the same path; rename one of them or leave one out of the project."
    )


def build_script(stage: Stage) -> str | None:
    """The staged project's `[tool.poetry.build] script` (or `build = "..."`), as poetry-core
    reads it, else None."""
    file = stage.root / "pyproject.toml"
    doc = parse_toml(file.read_text(encoding="utf-8"), file)
    tool = doc.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    setting = poetry.get("build") if isinstance(poetry, dict) else None
    script = setting.get("script") if isinstance(setting, dict) else setting
    return str(script) if script else None


def private_copy(stage: Stage) -> None:
    """Replace every staged file that is a hard link to a source file by a copy of it, so that
    what a build script writes into the stage never reaches the source tree."""
    for relative in stage.files:
        path = stage.root / relative
        try:
            if path.is_symlink() or path.stat().st_nlink < 2:
                continue
        except FileNotFoundError:
            continue
        copy = path.with_name(path.name + ".brickwork-copy")
        shutil.copy2(path, copy)
        os.replace(copy, path)


def allow_script(ws: Workspace, project: Project, stage: Stage, allowed: bool) -> bool:
    """Refuse a project whose build runs a script (workspace code) unless `allowed`; when
    allowed, make the stage private first (ADR 0022). True when a script will run."""
    script = build_script(stage)
    if script is None:
        return False
    if not allowed:
        raise PolyFailure(
            f"{ws.relative(project.file)}: the build script {script!r} "
            "([tool.poetry.build] script) would run workspace code; pass --allow-build-script "
            "to run it (on a private copy of the stage), or remove it."
        )
    private_copy(stage)
    return True


@contextlib.contextmanager
def output_to_stderr(redirect: bool) -> Iterator[None]:
    """With `redirect`, what child processes (a build script) print goes to stderr for the
    duration: stdout carries the command's results only (`--output json`)."""
    if not redirect:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
