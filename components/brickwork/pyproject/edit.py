"""tomlkit edits of project files that keep everything else byte-identical.

Each edit takes the text of a pyproject.toml and returns the new text (the same text when
there is nothing to do). The result is re-read and compared with the original data changed the
way the edit intends: an edit that would change anything else is refused (`PolyError`).

Bricks are listed in `[tool.poetry] packages` (`{ include = "acme/x", from = "../../components"
}`, legacy and PEP 621 Poetry projects) or `[tool.polylith.bricks]` (`"../../components/acme/x"
= "acme/x"`); each brick edit keeps the file's own style.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Callable, Sequence
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, InlineTable, Item, Table

from brickwork.workspace import PolyError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_INDENT = "    "


def parse(text: str, source: str) -> tomlkit.TOMLDocument:
    if text.startswith("\ufeff"):
        raise PolyError(
            f"{source}: starts with a UTF-8 byte order mark (BOM), which Poetry cannot read "
            "(`poetry check`: Invalid TOML file); save it as UTF-8 without a BOM and run again."
        )
    try:
        return tomlkit.parse(text)
    except TOMLKitError as err:
        raise PolyError(f"{source}: invalid TOML ({err}); fix the syntax and run again.") from err


def normal(path: str) -> str:
    """`./components/` and `components` are the same include origin."""
    return posixpath.normpath(path.replace("\\", "/")) if path else ""


def quoted(value: str, literal: bool = False) -> str:
    return tomlkit.string(value, literal=literal).as_string()


def parsed_item(value: str) -> Item:
    item = tomlkit.parse(f"x = {value}\n")["x"]
    assert isinstance(item, Item)
    return item


def multiline_array(items: Sequence[Item]) -> Array:
    lines = "".join(f"{DEFAULT_INDENT}{item.as_string()},\n" for item in items)
    array = parsed_item(f"[\n{lines}]")
    assert isinstance(array, Array)
    return array


def indent_of(array: Array) -> str:
    """The indent of the array's existing lines (`DEFAULT_INDENT` when it has none)."""
    text = array.as_string()
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("]"):
            return line[: len(line) - len(stripped)]
    return DEFAULT_INDENT


def spaced(array: Array) -> bool:
    """Whether the existing inline tables are written `{ a = 1 }` (the default) or `{a = 1}`."""
    for value in array:
        if isinstance(value, InlineTable):
            return value.as_string().startswith("{ ")
    return True


def insert_into_array(array: Array, index: int, item: Item) -> Array | None:
    """Put `item` at `index` in the array's own layout; a new array when `array` must be
    replaced (an empty one-line `[]` becomes a multi-line array)."""
    multiline = "\n" in array.as_string()
    if len(array) == 0 and not multiline:
        return multiline_array([item])
    if index >= len(array) and multiline:
        array.add_line(item, indent=indent_of(array))
    else:
        array.insert(index, item)
    return None


def group(path: str) -> str:
    """The folder a brick path starts in (`../../components/x` -> `components`)."""
    parts = [p for p in normal(path).split("/") if p not in ("..", ".", "")]
    return parts[0] if parts else ""


def sorted_index(keys: Sequence[str | None], new: str, *, grouped: bool = False) -> int:
    """Where `new` goes among `keys` (with `grouped`, among the keys of its own folder):
    before the first greater key when they are sorted, else after the last of them; at the
    end when there is none."""
    members = [
        i
        for i, key in enumerate(keys)
        if key is not None and (not grouped or group(key) == group(new))
    ]
    listed = [str(keys[i]) for i in members]
    if listed == sorted(listed):
        for i in members:
            key = keys[i]
            assert key is not None
            if key > new:
                return i
    return members[-1] + 1 if members else len(keys)


def insert_key(table: Table, index: int, key: str, value: Any) -> None:
    """Add `key = value` to `table` before its `index`-th key (at the end when past them)."""
    keys = list(table.keys())
    if index >= len(keys):
        table[key] = value
        return
    container = table.value
    body_index = next(
        i for i, (k, _) in enumerate(container.body) if k is not None and k.key == keys[index]
    )
    container._insert_at(body_index, key, value)


def checked(
    old: str, new: str, expect: Callable[[dict[str, Any]], None], source: str, what: str
) -> str:
    """`new` when its data is the data of `old` changed by `expect`, else a `PolyError`."""
    try:
        wanted = tomllib.loads(old)
    except tomllib.TOMLDecodeError as err:
        raise PolyError(f"{source}: invalid TOML ({err}); fix the syntax and run again.") from err
    expect(wanted)
    try:
        got = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        got = None
    if got != wanted:
        raise PolyError(f"{source}: cannot {what} without changing other settings; do it by hand.")
    return new


def append_block(text: str, block: str) -> str:
    """`block` (a new table) after `text`, separated by one blank line."""
    if not text.strip():
        return text + block
    if text.endswith("\n\n"):
        return text + block
    return text + ("\n" if text.endswith("\n") else "\n\n") + block


def sub_table(doc: Any, *keys: str) -> Any:
    """`doc[k1][k2]...`, None when a level is missing or not a table."""
    value = doc
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def require_table(value: Any, name: str, source: str) -> None:
    if value is not None and not isinstance(value, dict):
        raise PolyError(f"{source}: {name} is not a table; fix it and run again.")


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
