"""Dependency edits of project files: add or remove one runtime dependency in the file's style.

A dependency goes where Poetry reads the file's runtime dependencies: `[project] dependencies`
(PEP 508 strings, the file's quotes) when the file has a `[project]` table that declares them
there or nowhere yet, and whose `dynamic` does not name `dependencies`; else
`[tool.poetry.dependencies]` (`name = "constraint"`). A Poetry 2 file with `[project]` metadata
and its dependencies in `[tool.poetry.dependencies]` keeps them there: a new `[project]
dependencies` array would make Poetry ignore every one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from tomlkit.items import Array, String, StringType

from brickwork import workspace
from brickwork.pyproject.edit import (
    append_block,
    checked,
    insert_into_array,
    insert_key,
    parse,
    parsed_item,
    quoted,
    require_table,
    sub_table,
)
from brickwork.pyproject.requirements import Declaration, Unwritable, Written, rewritten
from brickwork.workspace import PolyError


def _name_of(requirement: Any) -> str | None:
    if not isinstance(requirement, str):
        return None
    try:
        return canonicalize_name(Requirement(requirement).name)
    except InvalidRequirement:
        return None


def uses_project_dependencies(doc: Any) -> bool:
    """Whether runtime dependencies belong in `[project] dependencies` (else in Poetry's):
    where Poetry reads them (`workspace.runtime_dependencies_in_project`), so that a new one
    never hides the ones the file already declares."""
    return workspace.runtime_dependencies_in_project(doc)


def _index(names: Sequence[str | None], name: str) -> int:
    """Sorted position in a list that is sorted; the end of any other list."""
    known = [n for n in names if n is not None]
    if known != sorted(known):
        return len(names)
    return next((i for i, n in enumerate(names) if n is not None and n > name), len(names))


def _literal(array: Array) -> bool:
    """Whether the file writes its requirements in single quotes."""
    return any(isinstance(v, String) and v.type is StringType.SLL for v in array)


def _add_to_project(
    doc: Any, text: str, name: str, requirements: Sequence[str], source: str
) -> str:
    project = doc["project"]
    deps = project.get("dependencies")
    if deps is not None and not isinstance(deps, Array):
        raise PolyError(f"{source}: [project] dependencies is not an array; fix it and run again.")
    current = list(deps) if deps is not None else []
    if name in {_name_of(d) for d in current}:
        return text
    index = _index([_name_of(d) for d in current], name)
    literal = deps is not None and _literal(deps)
    for offset, requirement in enumerate(requirements):
        item = parsed_item(quoted(requirement, literal=literal))
        replaced = insert_into_array(
            deps if deps is not None else tomlkit.array(), index + offset, item
        )
        if replaced is not None:
            project["dependencies"] = replaced
            deps = project["dependencies"]

    def expect(data: dict[str, Any]) -> None:
        listed = data["project"].setdefault("dependencies", [])
        listed[index:index] = list(requirements)

    new = tomlkit.dumps(doc)
    shown = ", ".join(repr(r) for r in requirements)
    return checked(text, new, expect, source, f"add {shown} to [project] dependencies")


def _poetry_item(value: Any) -> Any:
    """A Poetry entry value as tomlkit writes it: a string, an inline table or an array."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(_poetry_item(v) for v in value)
        return array
    table = tomlkit.inline_table()
    table.update(value)
    return table


def _add_to_poetry(doc: Any, text: str, name: str, value: Any, source: str) -> str:
    """Add `name = value` (a constraint string, or a table or list of tables as plain data)
    to `[tool.poetry.dependencies]`."""
    table = sub_table(doc, "tool", "poetry", "dependencies")
    require_table(table, "tool.poetry.dependencies", source)
    item = _poetry_item(value)
    if table is None:
        shown = quoted(item) if isinstance(item, str) else item.as_string()
        new = append_block(text, f"[tool.poetry.dependencies]\n{name} = {shown}\n")
    else:
        names = [None if k == "python" else canonicalize_name(str(k)) for k in table]
        if name in names:
            return text
        insert_key(table, _index(names, name), name, item)
        new = tomlkit.dumps(doc)

    def expect(data: dict[str, Any]) -> None:
        deps = data.setdefault("tool", {}).setdefault("poetry", {}).setdefault("dependencies", {})
        deps[name] = value

    return checked(text, new, expect, source, f"add {name} to [tool.poetry.dependencies]")


def add_dependency(
    text: str,
    name: str,
    constraint: str = "",
    *,
    markers: str | None = None,
    source: str = "pyproject.toml",
) -> str:
    """Declare the runtime dependency `name` (`constraint` in PEP 440 for a `[project]` file,
    Poetry's syntax or PEP 440 for a Poetry one; empty: any version).

    It goes in sorted position when the list is sorted, else last; the text is unchanged
    when the project already declares `name` there."""
    doc = parse(text, source)
    canonical = canonicalize_name(name)
    if uses_project_dependencies(doc):
        requirement = f"{canonical}{constraint}" + (f"; {markers}" if markers else "")
        try:
            Requirement(requirement)
        except InvalidRequirement as err:
            raise PolyError(
                f"{source}: cannot declare {requirement!r} in [project] dependencies ({err}); "
                "give the library a PEP 440 constraint."
            ) from err
        return _add_to_project(doc, text, canonical, [requirement], source)
    version = constraint or "*"
    value: Any = {"version": version, "markers": markers} if markers else version
    return _add_to_poetry(doc, text, canonical, value, source)


def declarable(
    data: Mapping[str, Any], declaration: Declaration, *, pep440: Callable[[str], str]
) -> Written:
    """What `declare` writes for `declaration` in the project file whose data is `data`;
    `Unwritable` (without the file's name) when it cannot be said there with the same
    meaning, or when the `[tool.poetry.dependencies]` entry that completes a `[project]`
    string would clash with one the file already has."""
    pep621 = uses_project_dependencies(data)
    written = rewritten(declaration, pep621=pep621, pep440=pep440)
    if pep621 and written.poetry is not None:
        table = sub_table(data, "tool", "poetry", "dependencies")
        have = [
            v for k, v in (table or {}).items() if canonicalize_name(str(k)) == declaration.name
        ]
        if have and _plain(have[0]) != _plain(written.poetry):
            raise Unwritable(
                "the development project completes it in [tool.poetry.dependencies], and this "
                "file's entry there differs; make them the same by hand"
            )
    return written


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def declare(
    text: str,
    declaration: Declaration,
    *,
    pep440: Callable[[str], str],
    source: str = "pyproject.toml",
) -> str:
    """Declare `declaration` (already `moved` to this file's folder) as a runtime dependency,
    where Poetry reads this file's dependencies and with the same meaning: extras, markers,
    git/url/path source, the Poetry entry that completes a `[project]` string (see
    `requirements.rewritten`; `pep440` translates a Poetry version). Unchanged when the file
    declares the name there already; `Unwritable` (naming the file) when it cannot be said
    there."""
    doc = parse(text, source)
    try:
        written = declarable(doc, declaration, pep440=pep440)
    except Unwritable as err:
        raise Unwritable(f"{source}: {declaration.name} is not added: {err}.") from None
    name = declaration.name
    if not uses_project_dependencies(doc):
        return _add_to_poetry(doc, text, name, written.poetry, source)
    new = _add_to_project(doc, text, name, written.strings, source)
    if new == text or written.poetry is None:
        return new
    return _add_to_poetry(parse(new, source), new, name, written.poetry, source)


def remove_dependency(text: str, name: str, *, source: str = "pyproject.toml") -> str:
    """Remove the runtime dependency `name` from `[project] dependencies` and
    `[tool.poetry.dependencies]` (groups and extras are left alone)."""
    doc = parse(text, source)
    canonical = canonicalize_name(name)
    project = doc.get("project")
    deps = project.get("dependencies") if isinstance(project, dict) else None
    hits = [i for i, d in enumerate(deps or []) if _name_of(d) == canonical]
    table = sub_table(doc, "tool", "poetry", "dependencies")
    keys = [k for k in (table or {}) if k != "python" and canonicalize_name(str(k)) == canonical]
    if not hits and not keys:
        return text
    for index in reversed(hits):
        assert deps is not None
        del deps[index]
    for key in keys:
        del table[key]
    new = tomlkit.dumps(doc)

    def expect(data: dict[str, Any]) -> None:
        if hits:
            listed = data["project"]["dependencies"]
            data["project"]["dependencies"] = [d for d in listed if _name_of(d) != canonical]
        for key in keys:
            del data["tool"]["poetry"]["dependencies"][str(key)]

    return checked(text, new, expect, source, f"remove {canonical} from the dependencies")
