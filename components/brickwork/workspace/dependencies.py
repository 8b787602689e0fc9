"""Declared dependencies of a project file: PEP 621 tables, dependency groups, Poetry tables."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brickwork.workspace.codes import INVALID_DEPENDENCY
from brickwork.workspace.model import Dependency, Finding

_SEPARATORS = re.compile(r"[-_.]+")


def canonical_name(name: str) -> str:
    """A distribution name normalised as PEP 503 says (`Foo_Bar.baz` -> `foo-bar-baz`): what
    `packaging.utils.canonicalize_name` gives, without importing `packaging`."""
    return _SEPARATORS.sub("-", name).lower()


def _dependency(
    requirement: str, group: str, extra: str | None, file: Path, problems: list[Finding]
) -> Dependency | None:
    from packaging.requirements import InvalidRequirement, Requirement  # heavy: cold path only
    from packaging.utils import canonicalize_name

    try:
        parsed = Requirement(requirement)
    except InvalidRequirement as err:
        problems.append(
            Finding(
                INVALID_DEPENDENCY,
                f"dependency {requirement!r} is not a valid requirement: {err}",
                file,
                subject=requirement,
            )
        )
        return None
    return Dependency(
        name=canonicalize_name(parsed.name),
        constraint=_as_written(requirement, str(parsed.specifier)),
        group=group,
        extra=extra,
        markers=str(parsed.marker) if parsed.marker else None,
        source="project",
    )


_NAME = re.compile(r"\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*")


def _as_written(requirement: str, specifier: str) -> str:
    """The version constraint of a PEP 508 requirement as the user wrote it
    (`>=4.23.0,<5.0.0`, not packaging's re-ordered `<5.0.0,>=4.23.0`)."""
    if not specifier:
        return ""
    text = requirement.split(";", 1)[0]
    match = _NAME.match(text)
    written = text[match.end() :].strip() if match else ""
    if written.startswith("(") and written.endswith(")"):
        written = written[1:-1].strip()
    return written if written and written[0] in "<>=!~" else specifier


def _poetry_constraint(spec: Any) -> tuple[str, str | None, bool]:
    """(constraint, markers, optional) of a `[tool.poetry.dependencies]` value."""
    if isinstance(spec, str):
        return spec, None, False
    if isinstance(spec, dict):
        markers = spec.get("markers")
        return (
            str(spec.get("version", "")),
            markers if isinstance(markers, str) else None,
            bool(spec.get("optional", False)),
        )
    if isinstance(spec, list):  # multiple constraints: keep them all, joined
        parts = [_poetry_constraint(s)[0] for s in spec]
        return " || ".join(p for p in parts if p), None, False
    return "", None, False


def read_dependencies(
    data: Mapping[str, Any], file: Path
) -> tuple[list[Dependency], list[Finding]]:
    """Every declared dependency, runtime and grouped; invalid PEP 508 strings are findings.

    Imports `packaging` for PEP 508 strings (only when a project file is parsed: a warm run
    takes the result from the snapshot)."""
    deps: list[Dependency] = []
    problems: list[Finding] = []
    project = data.get("project", {})
    project = project if isinstance(project, dict) else {}

    def add_requirements(items: Any, group: str, extra: str | None) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, str):
                dep = _dependency(item, group, extra, file, problems)
                if dep is not None:
                    deps.append(dep)

    add_requirements(project.get("dependencies", []), "main", None)
    optional = project.get("optional-dependencies", {})
    for extra, items in (optional if isinstance(optional, dict) else {}).items():
        add_requirements(items, "main", str(extra))
    groups = data.get("dependency-groups", {})
    for group, items in (groups if isinstance(groups, dict) else {}).items():
        add_requirements(items, str(group), None)

    tool = data.get("tool", {})
    poetry = tool.get("poetry", {}) if isinstance(tool, dict) else {}
    poetry = poetry if isinstance(poetry, dict) else {}
    tables: list[tuple[str, Any]] = [("main", poetry.get("dependencies", {}))]
    poetry_groups = poetry.get("group", {})
    for group, table in (poetry_groups if isinstance(poetry_groups, dict) else {}).items():
        if isinstance(table, dict):
            tables.append((str(group), table.get("dependencies", {})))
    tables.append(("dev", poetry.get("dev-dependencies", {})))
    for group, table in tables:
        for name, spec in (table if isinstance(table, dict) else {}).items():
            if name.lower() == "python":
                continue
            constraint, markers, optional = _poetry_constraint(spec)
            deps.append(
                Dependency(
                    name=canonical_name(str(name)),
                    constraint=constraint,
                    group=group,
                    extra="optional" if optional else None,
                    markers=markers,
                    source="poetry",
                )
            )
    return deps, problems
