"""Brick edits of project files: add, remove, re-point includes; everything else byte-identical.

Two ways to list bricks: `[tool.poetry] packages` (`{ include = "acme/x", from =
"../../components" }`, legacy and PEP 621 Poetry projects) and `[tool.polylith.bricks]`
(`"../../components/acme/x" = "acme/x"`). Each edit keeps the file's own style and refuses
(`PolyError`) to touch anything but the entry it names.
"""

from __future__ import annotations

import posixpath
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, Item

from brickwork.pyproject.toml import (
    DEFAULT_INDENT,
    append_block,
    checked,
    insert_into_array,
    insert_key,
    normal,
    parse,
    parsed_item,
    quoted,
    require_table,
    sorted_index,
    spaced,
    sub_table,
)
from brickwork.workspace import PolyError


def _inline(include: str, from_: str, is_spaced: bool) -> Item:
    entry = f"include = {quoted(include)}, from = {quoted(from_)}"
    return parsed_item(f"{{ {entry} }}" if is_spaced else f"{{{entry}}}")


def _matches(entry: Any, include: str, from_: str) -> bool:
    return (
        isinstance(entry, dict)
        and normal(str(entry.get("include", ""))) == normal(include)
        and normal(str(entry.get("from", ""))) == normal(from_)
    )


def _entry_key(entry: Any) -> str | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("include"), str):
        return None
    return normal(posixpath.join(str(entry.get("from", "")), entry["include"]))


def _packages(doc: Any, source: str, example: str) -> tuple[Any, Any]:
    poetry = sub_table(doc, "tool", "poetry")
    require_table(poetry, "tool.poetry", source)
    packages = poetry.get("packages") if poetry is not None else None
    if packages is not None and not isinstance(packages, list):
        raise PolyError(
            f"{source}: [tool.poetry] packages is not an array; write it as packages = [{example}]."
        )
    return poetry, packages


def add_brick_include(
    text: str, include: str, from_: str, *, source: str = "pyproject.toml", sort: bool = False
) -> str:
    """Add `{ include = ..., from = ... }` to `[tool.poetry] packages`, in the file's style.

    A multi-line array gets one more line with the same indent; a one-line array one more
    item on its line; an empty `[]` becomes a multi-line array. A missing `packages` key or
    `[tool.poetry]` table is created. The entry goes last, or with `sort` before the first
    entry of its folder (`components`, `bases`) that sorts after it. The text is returned
    unchanged when the include is already there.
    """
    doc = parse(text, source)
    poetry, packages = _packages(doc, source, f'{{ include = "{include}", from = "{from_}" }}')
    if packages is not None and any(_matches(e, include, from_) for e in packages):
        return text
    index = len(packages) if packages is not None else 0
    if sort and packages is not None:
        keys = [_entry_key(e) for e in packages]
        index = sorted_index(keys, normal(posixpath.join(from_, include)), grouped=True)

    if poetry is None:
        entry = _inline(include, from_, is_spaced=True).as_string()
        new = append_block(text, f"[tool.poetry]\npackages = [\n{DEFAULT_INDENT}{entry},\n]\n")
    elif packages is None:
        poetry["packages"] = insert_into_array(tomlkit.array(), 0, _inline(include, from_, True))
        new = tomlkit.dumps(doc)
    elif isinstance(packages, AoT):
        table = tomlkit.table()
        table.update({"include": include, "from": from_})
        packages.append(table)
        index = len(packages) - 1
        new = tomlkit.dumps(doc)
    else:
        assert isinstance(packages, Array)
        replaced = insert_into_array(packages, index, _inline(include, from_, spaced(packages)))
        if replaced is not None:
            poetry["packages"] = replaced
        new = tomlkit.dumps(doc)

    def expect(data: dict[str, Any]) -> None:
        table = data.setdefault("tool", {}).setdefault("poetry", {})
        table.setdefault("packages", []).insert(index, {"include": include, "from": from_})

    entry = f'{{ include = "{include}", from = "{from_}" }}'
    return checked(text, new, expect, source, f"add {entry} to [tool.poetry] packages")


def remove_brick_include(
    text: str, include: str, from_: str, *, source: str = "pyproject.toml"
) -> str:
    """Remove every `{ include = ..., from = ... }` entry naming this brick from
    `[tool.poetry] packages` (comments and other entries kept); unchanged when there is none."""
    doc = parse(text, source)
    _, packages = _packages(doc, source, f'{{ include = "{include}", from = "{from_}" }}')
    if packages is None or not any(_matches(e, include, from_) for e in packages):
        return text
    for index in reversed(range(len(packages))):
        if _matches(packages[index], include, from_):
            del packages[index]
    new = tomlkit.dumps(doc)

    def expect(data: dict[str, Any]) -> None:
        table = data["tool"]["poetry"]
        table["packages"] = [e for e in table["packages"] if not _matches(e, include, from_)]

    entry = f'{{ include = "{include}", from = "{from_}" }}'
    return checked(text, new, expect, source, f"remove {entry} from [tool.poetry] packages")


def set_include_from(
    text: str, include: str, old_from: str, new_from: str, *, source: str = "pyproject.toml"
) -> str:
    """Point the include of a brick at another folder: `from = old_from` becomes `new_from`
    in `[tool.poetry] packages`, and the key `old_from/include` becomes `new_from/include` in
    `[tool.polylith.bricks]` (same place, same value); unchanged when neither lists it."""
    doc = parse(text, source)
    _, packages = _packages(doc, source, f'{{ include = "{include}", from = "{new_from}" }}')
    bricks = _polylith_bricks(doc, source)
    old_key = normal(posixpath.join(old_from, include))
    new_key = posixpath.join(new_from, include)
    hits = [i for i, e in enumerate(packages or []) if _matches(e, include, old_from)]
    keys = [k for k in (bricks or {}) if normal(str(k)) == old_key]
    if not hits and not keys:
        return text
    for index in hits:
        packages[index]["from"] = new_from
    for key in keys:
        bricks.value._replace(key, new_key, bricks[key])
    new = tomlkit.dumps(doc)

    def expect(data: dict[str, Any]) -> None:
        for index in hits:
            data["tool"]["poetry"]["packages"][index]["from"] = new_from
        table = data["tool"]["polylith"]["bricks"] if keys else {}
        for key in keys:
            table[new_key] = table.pop(str(key))

    return checked(text, new, expect, source, f"point {include} at {new_from}")


def _polylith_bricks(doc: Any, source: str) -> Any:
    bricks = sub_table(doc, "tool", "polylith", "bricks")
    if bricks is not None and not isinstance(bricks, dict):
        raise PolyError(f"{source}: tool.polylith.bricks is not a table; fix it and run again.")
    return bricks


def has_polylith_bricks(text: str, *, source: str = "pyproject.toml") -> bool:
    """Whether the project lists its bricks in a `[tool.polylith.bricks]` table."""
    return isinstance(sub_table(parse(text, source), "tool", "polylith", "bricks"), dict)


def add_polylith_brick(
    text: str,
    brick_path: str,
    package: str,
    *,
    source: str = "pyproject.toml",
    sort: bool = False,
) -> str:
    """Add `"<brick_path>" = "<package>"` to `[tool.polylith.bricks]` (created if missing);
    last, or with `sort` before the first key of its folder that sorts after it."""
    doc = parse(text, source)
    bricks = _polylith_bricks(doc, source)
    if bricks is not None:
        keys = [normal(str(key)) for key in bricks]
        if normal(brick_path) in keys:
            return text
        index = sorted_index(keys, normal(brick_path), grouped=True) if sort else len(keys)
        insert_key(bricks, index, brick_path, package)
        new = tomlkit.dumps(doc)
    else:
        line = f"{quoted(brick_path)} = {quoted(package)}\n"
        new = append_block(text, f"[tool.polylith.bricks]\n{line}")

    def expect(data: dict[str, Any]) -> None:
        table = data.setdefault("tool", {}).setdefault("polylith", {}).setdefault("bricks", {})
        table[brick_path] = package

    entry = f'"{brick_path}" = "{package}"'
    return checked(text, new, expect, source, f"add {entry} to [tool.polylith.bricks]")


def remove_polylith_brick(text: str, brick_path: str, *, source: str = "pyproject.toml") -> str:
    """Remove the key `brick_path` from `[tool.polylith.bricks]`; unchanged when it is not
    there."""
    doc = parse(text, source)
    bricks = _polylith_bricks(doc, source)
    keys = [k for k in (bricks or {}) if normal(str(k)) == normal(brick_path)]
    if not keys:
        return text
    for key in keys:
        del bricks[key]
    new = tomlkit.dumps(doc)

    def expect(data: dict[str, Any]) -> None:
        for key in keys:
            del data["tool"]["polylith"]["bricks"][str(key)]

    return checked(text, new, expect, source, f'remove "{brick_path}" from [tool.polylith.bricks]')


def add_brick(
    text: str, include: str, from_: str, *, source: str = "pyproject.toml", sort: bool = False
) -> str:
    """Add a brick to a project the way the project already lists its bricks.

    `[tool.polylith.bricks]` when the file has that table (`"<from>/<include>" = "<include>"`),
    else `[tool.poetry] packages` (`{ include = "<include>", from = "<from>" }`).
    """
    if has_polylith_bricks(text, source=source):
        path = posixpath.join(from_, include)
        return add_polylith_brick(text, path, include, source=source, sort=sort)
    return add_brick_include(text, include, from_, source=source, sort=sort)


def remove_brick(text: str, include: str, from_: str, *, source: str = "pyproject.toml") -> str:
    """Remove a brick from a project, wherever the file lists it (both tables)."""
    text = remove_brick_include(text, include, from_, source=source)
    return remove_polylith_brick(text, posixpath.join(from_, include), source=source)
