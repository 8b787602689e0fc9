"""tomlkit edits of project files that keep everything else byte-identical.

Each function takes the text of a pyproject.toml and returns the new text (the same text
when there is nothing to do). The result is re-read and compared with the original data: an
edit that would change anything but the one entry it adds is refused.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Callable
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, InlineTable, Item

from brickwork.workspace import PolyError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_INDENT = "    "


def _parse(text: str, source: str) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except TOMLKitError as err:
        raise PolyError(f"{source}: invalid TOML ({err}); fix the syntax and run again.") from err


def _normal(path: str) -> str:
    """`./components/` and `components` are the same include origin."""
    return posixpath.normpath(path.replace("\\", "/")) if path else ""


def _inline(include: str, from_: str, spaced: bool) -> Item:
    entry = f"{{ include = {_quoted(include)}, from = {_quoted(from_)} }}"
    if not spaced:
        entry = "{" + entry[2:-2] + "}"
    item = tomlkit.parse(f"x = {entry}\n")["x"]
    assert isinstance(item, Item)
    return item


def _quoted(value: str) -> str:
    return tomlkit.string(value).as_string()


def _multiline_array(items: list[Item]) -> Array:
    lines = "".join(f"{DEFAULT_INDENT}{item.as_string()},\n" for item in items)
    array = tomlkit.parse(f"x = [\n{lines}]\n")["x"]
    assert isinstance(array, Array)
    return array


def _indent_of(array: Array) -> str:
    """The indent of the array's existing lines (`DEFAULT_INDENT` when it has none)."""
    text = array.as_string()
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("]"):
            return line[: len(line) - len(stripped)]
    return DEFAULT_INDENT


def _spaced(array: Array) -> bool:
    """Whether the existing inline tables are written `{ a = 1 }` (the default) or `{a = 1}`."""
    for value in array:
        if isinstance(value, InlineTable):
            return value.as_string().startswith("{ ")
    return True


def _has_entry(packages: list[Any], include: str, from_: str) -> bool:
    for entry in packages:
        if (
            isinstance(entry, dict)
            and _normal(str(entry.get("include", ""))) == _normal(include)
            and _normal(str(entry.get("from", ""))) == _normal(from_)
        ):
            return True
    return False


def _checked(
    old: str, new: str, expect: Callable[[dict[str, Any]], None], source: str, entry: str
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
        raise PolyError(
            f"{source}: cannot add {entry} without changing other settings; add it by hand."
        )
    return new


def _append_block(text: str, block: str) -> str:
    """`block` (a new table) after `text`, separated by one blank line."""
    if not text.strip():
        return text + block
    if text.endswith("\n\n"):
        return text + block
    return text + ("\n" if text.endswith("\n") else "\n\n") + block


def _poetry_table(doc: tomlkit.TOMLDocument) -> Any:
    tool = doc.get("tool")
    return tool.get("poetry") if isinstance(tool, dict) else None


def add_brick_include(
    text: str, include: str, from_: str, *, source: str = "pyproject.toml"
) -> str:
    """Add `{ include = ..., from = ... }` to `[tool.poetry] packages`, in the file's style.

    A multi-line array gets one more line with the same indent; a one-line array one more
    item on its line; an empty `[]` becomes a multi-line array. A missing `packages` key or
    `[tool.poetry]` table is created. The text is returned unchanged when the include is
    already there.
    """
    doc = _parse(text, source)
    poetry = _poetry_table(doc)
    if poetry is not None and not isinstance(poetry, dict):
        raise PolyError(f"{source}: tool.poetry is not a table; fix it and run again.")
    packages = poetry.get("packages") if poetry is not None else None
    if packages is not None and not isinstance(packages, list):
        raise PolyError(
            f"{source}: [tool.poetry] packages is not an array; "
            f'write it as packages = [{{ include = "{include}", from = "{from_}" }}].'
        )
    if packages is not None and _has_entry(packages, include, from_):
        return text

    if poetry is None:
        entry = _inline(include, from_, spaced=True).as_string()
        new = _append_block(text, f"[tool.poetry]\npackages = [\n{DEFAULT_INDENT}{entry},\n]\n")
    elif packages is None:
        poetry["packages"] = _multiline_array([_inline(include, from_, spaced=True)])
        new = tomlkit.dumps(doc)
    elif isinstance(packages, AoT):
        table = tomlkit.table()
        table.update({"include": include, "from": from_})
        packages.append(table)
        new = tomlkit.dumps(doc)
    else:
        assert isinstance(packages, Array)
        item = _inline(include, from_, _spaced(packages))
        if "\n" in packages.as_string():
            packages.add_line(item, indent=_indent_of(packages))
        elif len(packages) == 0:
            poetry["packages"] = _multiline_array([item])
        else:
            packages.append(item)
        new = tomlkit.dumps(doc)

    def expect(data: dict[str, Any]) -> None:
        table = data.setdefault("tool", {}).setdefault("poetry", {})
        table.setdefault("packages", []).append({"include": include, "from": from_})

    entry = f'{{ include = "{include}", from = "{from_}" }} to [tool.poetry] packages'
    return _checked(text, new, expect, source, entry)


def has_polylith_bricks(text: str, *, source: str = "pyproject.toml") -> bool:
    """Whether the project lists its bricks in a `[tool.polylith.bricks]` table."""
    tool = _parse(text, source).get("tool")
    polylith = tool.get("polylith") if isinstance(tool, dict) else None
    return isinstance(polylith, dict) and isinstance(polylith.get("bricks"), dict)


def add_polylith_brick(
    text: str, brick_path: str, package: str, *, source: str = "pyproject.toml"
) -> str:
    """Add `"<brick_path>" = "<package>"` to `[tool.polylith.bricks]` (created if missing)."""
    doc = _parse(text, source)
    tool = doc.get("tool")
    polylith = tool.get("polylith") if isinstance(tool, dict) else None
    bricks = polylith.get("bricks") if isinstance(polylith, dict) else None
    if bricks is not None and not isinstance(bricks, dict):
        raise PolyError(f"{source}: tool.polylith.bricks is not a table; fix it and run again.")
    if bricks is not None:
        if any(_normal(str(key)) == _normal(brick_path) for key in bricks):
            return text
        bricks[brick_path] = package
        new = tomlkit.dumps(doc)
    else:
        line = f"{_quoted(brick_path)} = {_quoted(package)}\n"
        new = _append_block(text, f"[tool.polylith.bricks]\n{line}")

    def expect(data: dict[str, Any]) -> None:
        table = data.setdefault("tool", {}).setdefault("polylith", {}).setdefault("bricks", {})
        table[brick_path] = package

    entry = f'"{brick_path}" = "{package}" to [tool.polylith.bricks]'
    return _checked(text, new, expect, source, entry)


def add_brick(text: str, include: str, from_: str, *, source: str = "pyproject.toml") -> str:
    """Add a brick to a project the way the project already lists its bricks.

    `[tool.polylith.bricks]` when the file has that table (`"<from>/<include>" = "<include>"`),
    else `[tool.poetry] packages` (`{ include = "<include>", from = "<from>" }`).
    """
    if has_polylith_bricks(text, source=source):
        return add_polylith_brick(text, posixpath.join(from_, include), include, source=source)
    return add_brick_include(text, include, from_, source=source)
