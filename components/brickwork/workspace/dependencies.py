"""Declared dependencies of a project file: PEP 621 tables, dependency groups, Poetry tables.

What counts is what Poetry reads (poetry-core's `Factory`): `[tool.poetry.dependencies]` holds
a project's runtime dependencies only while `[project]` declares none; once `[project]
dependencies` (or `optional-dependencies`) lists any, Poetry reads those and ignores the other
table, except `python` and, with `dependencies` in `[project] dynamic`, the entries the
`[project]` lists leave out (optional ones next to `dependencies`, required ones next to
`optional-dependencies` only). A `[dependency-groups]` group with requirements hides the
`[tool.poetry.group.<name>]` table of the same name the same way. An entry Poetry ignores is not
declared, and is a finding that says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brickwork.workspace.codes import IGNORED_DEPENDENCIES, INVALID_DEPENDENCY
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


def _strings(items: Any) -> list[str]:
    return [i for i in items if isinstance(i, str)] if isinstance(items, list) else []


def _table(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _name_of(requirement: str) -> str:
    match = _REQUIREMENT_NAME.match(requirement)
    return canonical_name(match.group(1)) if match else ""


def _poetry_entries(table: Any) -> dict[str, Any]:
    """A Poetry dependency table without its `python` key."""
    return {str(k): v for k, v in _table(table).items() if str(k).lower() != "python"}


def _poetry_groups(poetry: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """(group, table name, table) of every Poetry dependency group, `dev-dependencies` too."""
    groups = [
        (str(g), f"[tool.poetry.group.{g}.dependencies]", _table(t).get("dependencies"))
        for g, t in _table(poetry.get("group")).items()
    ]
    groups.append(("dev", "[tool.poetry.dev-dependencies]", poetry.get("dev-dependencies")))
    return groups


@dataclass(frozen=True)
class _Main:
    """Which runtime declarations Poetry reads."""

    project: bool
    """`[project] dependencies` and `optional-dependencies`."""
    poetry_required: bool
    """The entries of `[tool.poetry.dependencies]` that are not `optional = true`."""
    poetry_optional: bool
    """Its `optional = true` entries."""

    def reads(self, spec: Any) -> bool:
        """Whether Poetry reads the `[tool.poetry.dependencies]` entry `spec`."""
        return self.poetry_optional if _poetry_constraint(spec)[2] else self.poetry_required


def _main(project: Mapping[str, Any]) -> _Main:
    required = _strings(project.get("dependencies"))
    extras = _table(project.get("optional-dependencies")).values()
    optional = [r for items in extras for r in _strings(items)]
    if not required and not optional:
        return _Main(project=False, poetry_required=True, poetry_optional=True)
    dynamic = project.get("dynamic")
    dynamic = dynamic if isinstance(dynamic, list) else []
    mixed = "dependencies" in dynamic or "optional-dependencies" in dynamic
    return _Main(
        project=True,
        poetry_required=mixed and not required,
        poetry_optional=mixed and not optional,
    )


def runtime_dependencies_in_project(data: Mapping[str, Any]) -> bool:
    """Whether a new runtime dependency of this project file belongs in `[project]
    dependencies` (else in `[tool.poetry.dependencies]`): where Poetry reads them.

    Never when `[project] dynamic` names `dependencies`, nor when `[project]` declares none
    and `[tool.poetry.dependencies]` does (Poetry would then ignore that table once the new
    array exists); a file with no `[project]` table is a Poetry one."""
    project = data.get("project")
    if not isinstance(project, dict):
        return False
    dynamic = project.get("dynamic")
    if isinstance(dynamic, list) and "dependencies" in dynamic:
        return False
    poetry = _table(_table(data.get("tool")).get("poetry"))
    return _main(project).project or not _poetry_entries(poetry.get("dependencies"))


def ignored_dependencies(data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """(table, message) for each Poetry table with entries Poetry does not read because
    `[project]` or `[dependency-groups]` declares that group (see the module docstring).
    A name declared in both tables is not ignored: Poetry locks it with both."""
    out: list[tuple[str, str]] = []
    project = _table(data.get("project"))
    poetry = _table(_table(data.get("tool")).get("poetry"))
    main = _main(project)
    extras = _table(project.get("optional-dependencies")).values()
    listed = {_name_of(r) for r in _strings(project.get("dependencies"))}
    listed |= {_name_of(r) for items in extras for r in _strings(items)}
    entries = _poetry_entries(poetry.get("dependencies")).items()
    dropped = [n for n, spec in entries if not main.reads(spec) and canonical_name(n) not in listed]
    if dropped:
        table = "[tool.poetry.dependencies]"
        out.append(
            (
                table,
                f"Poetry ignores {', '.join(dropped)} in {table}: it reads [project] "
                "dependencies once [project] declares any; declare them there (or move every "
                f'runtime dependency to {table} and add "dependencies" to [project] dynamic)',
            )
        )
    pep735 = {
        canonical_name(str(g)): _strings(items)
        for g, items in _table(data.get("dependency-groups")).items()
    }
    for group, table, value in _poetry_groups(poetry):
        requirements = pep735.get(canonical_name(group))
        if not requirements:
            continue
        names = {_name_of(r) for r in requirements}
        dropped = [n for n in _poetry_entries(value) if canonical_name(n) not in names]
        if dropped:
            where = f"[dependency-groups] {group}"
            out.append(
                (
                    table,
                    f"Poetry ignores {', '.join(dropped)} in {table}: it reads {where} "
                    f"instead; declare them there",
                )
            )
    return tuple(out)


def _requirements(
    deps: list[Dependency], file: Path, problems: list[Finding]
) -> Callable[[Any, str, str | None], None]:
    def add(items: Any, group: str, extra: str | None) -> None:
        for item in _strings(items):
            dep = _dependency(item, group, extra, file, problems)
            if dep is not None:
                deps.append(dep)

    return add


def _poetry_dependency(name: str, spec: Any, group: str) -> Dependency:
    constraint, markers, optional = _poetry_constraint(spec)
    return Dependency(
        name=canonical_name(name),
        constraint=constraint,
        group=group,
        extra="optional" if optional else None,
        markers=markers,
        source="poetry",
    )


def read_dependencies(
    data: Mapping[str, Any], file: Path
) -> tuple[list[Dependency], list[Finding]]:
    """Every dependency Poetry reads, runtime and grouped; invalid PEP 508 strings and the
    entries Poetry ignores (`ignored_dependencies`) are findings.

    Imports `packaging` for PEP 508 strings (only when a project file is parsed: a warm run
    takes the result from the snapshot)."""
    deps: list[Dependency] = []
    problems: list[Finding] = []
    add = _requirements(deps, file, problems)
    project = _table(data.get("project"))
    main = _main(project)
    add(project.get("dependencies"), "main", None)
    for extra, items in _table(project.get("optional-dependencies")).items():
        add(items, "main", str(extra))
    pep735 = _table(data.get("dependency-groups"))
    for group, items in pep735.items():
        add(items, str(group), None)

    poetry = _table(_table(data.get("tool")).get("poetry"))
    for name, spec in _poetry_entries(poetry.get("dependencies")).items():
        if main.reads(spec):
            deps.append(_poetry_dependency(name, spec, "main"))
    hidden = {canonical_name(str(g)) for g, items in pep735.items() if _strings(items)}
    for group, _, table in _poetry_groups(poetry):
        if canonical_name(group) not in hidden:
            deps.extend(_poetry_dependency(n, s, group) for n, s in _poetry_entries(table).items())
    for table, message in ignored_dependencies(data):
        problems.append(Finding(IGNORED_DEPENDENCIES, message, file, subject=table))
    return deps, problems
