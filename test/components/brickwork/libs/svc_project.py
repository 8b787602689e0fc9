"""`projects/svc/pyproject.toml` written by hand, for the cases the factory's project text
does not cover (dependency groups, extras, inline tables): the boilerplate here, the tables
a test is about in the test."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from test.components.brickwork.libs.conftest import LibsWorkspace


def svc_pyproject(
    lws: LibsWorkspace,
    brick: str,
    *,
    legacy: bool,
    dependencies: Sequence[str] = (),
    tables: str = "",
) -> Path:
    """Project `svc` shipping component `brick`. `legacy`: a `[tool.poetry]` project whose
    `[tool.poetry.dependencies]` holds `python = "^3.10"` and the `dependencies` lines
    (`name = "*"`), then `tables`; else a PEP 621 `[project]` whose `dependencies` are the
    requirement strings, with `tables` before `[tool.poetry]`."""
    include, origin = lws.factory.include("component", brick)
    packages = f'packages = [{{ include = "{include}", from = "{origin}" }}]\n'
    extra = textwrap.dedent(tables)
    if legacy:
        text = (
            f'[tool.poetry]\nname = "svc"\nversion = "0.1.0"\n{packages}\n'
            '[tool.poetry.dependencies]\npython = "^3.10"\n'
            + "".join(f"{line}\n" for line in dependencies)
            + (f"\n{extra}" if extra else "")
        )
    else:
        listed = ", ".join(f'"{d}"' for d in dependencies)
        text = (
            f'[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = [{listed}]\n\n'
            + (f"{extra}\n" if extra else "")
            + f"[tool.poetry]\n{packages}"
        )
    return lws.write("projects/svc/pyproject.toml", text)
