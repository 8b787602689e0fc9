"""What every edit of a project file shares: parsing, the file's own style, the safety check.

Each edit takes the text of a pyproject.toml and returns the new text (the same text when
there is nothing to do). The result is re-read and compared with the original data changed
the way the edit intends: an edit that would change anything else is refused.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Callable, Sequence
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Array, InlineTable, Item, Table

from brickwork.workspace import PolyError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_INDENT = "    "


def parse(text: str, source: str) -> tomlkit.TOMLDocument:
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
