"""The one reader of settings tables (`[tool.polylith.*]`, `[tool.brickwork.*]`).

Every getter checks the type of what it reads; every problem is a `PolyError` (exit 2) in one
style that names the file, the table and the key:

    workspace.toml: [tool.brickwork.check] severity.BW999 is not a finding code (known: ...);
    fix it and run again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from brickwork.workspace.errors import PolyError
from brickwork.workspace.model import Workspace

_TYPES = {str: "a string", bool: "a boolean", int: "an integer", dict: "a table", list: "an array"}


class Settings:
    """One settings table of one file, read with types; nested tables keep the section and
    name their keys with dots (`severity.BW106`)."""

    __slots__ = ("_values", "file", "prefix", "section")

    def __init__(
        self, file: str, section: str, values: Mapping[str, Any], prefix: str = ""
    ) -> None:
        self.file = file
        """The file as shown in messages (relative to the workspace root)."""
        self.section = section
        """The table's name without brackets: `tool.brickwork.check`."""
        self.prefix = prefix
        self._values = values

    def key(self, name: str) -> str:
        """`name` as a message shows it: dotted below the section."""
        return f"{self.prefix}{name}"

    def fail(self, name: str, problem: str, fix: str = "fix it") -> PolyError:
        """The error for key `name` (`""`: the table itself), in the one message style."""
        key = self.key(name).rstrip(".")
        where = f"[{self.section}] {key}" if key else f"[{self.section}]"
        return PolyError(f"{self.file}: {where} {problem}; {fix} and run again.")

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        return (str(k) for k in self._values)

    def items(self) -> Iterator[tuple[str, Any]]:
        return ((str(k), v) for k, v in self._values.items())

    def only(self, known: Iterable[str]) -> None:
        """A key that is not in `known` is an error (listing the known ones)."""
        names = sorted(known)
        unknown = sorted(set(self) - set(names))
        if unknown:
            raise self.fail(unknown[0], f"is not a setting (known: {', '.join(names)})")

    def value(self, name: str, kind: type, default: Any) -> Any:
        """The value of `name` (`default` when absent), which must be of `kind`."""
        value = self._values.get(name, default)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.fail(name, f"must be {_TYPES.get(kind, kind.__name__)}, not {value!r}")
        return value

    def string(self, name: str, default: str) -> str:
        return str(self.value(name, str, default))

    def boolean(self, name: str, default: bool) -> bool:
        return bool(self.value(name, bool, default))

    def strings(
        self, name: str, default: Iterable[str] = (), *, single: bool = False
    ) -> tuple[str, ...]:
        """An array of strings (also one string when `single`)."""
        value = self._values.get(name, list(default))
        items = [value] if single and isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            kind = "a string or an array of strings" if single else "an array of strings"
            raise self.fail(name, f"must be {kind}, not {value!r}")
        return tuple(str(i) for i in items)

    def table(self, name: str) -> Settings:
        """The nested table `name` (empty when absent)."""
        values = self.value(name, dict, {})
        return Settings(self.file, self.section, values, f"{self.key(name)}.")

    def string_table(self, name: str) -> dict[str, str]:
        """A table of strings (`name = "value"` lines)."""
        table = self.table(name)
        return {key: table.string(key, "") for key in table}


def _section(file: str, parent: Mapping[str, Any], tool: str, name: str) -> Settings:
    section = f"tool.{tool}.{name}" if name else f"tool.{tool}"
    values = parent.get(name, {}) if name else parent
    if not isinstance(values, dict):
        raise Settings(file, section, {}).fail("", f"must be a table, not {values!r}")
    return Settings(file, section, values)


def brickwork_settings(ws: Workspace, name: str = "") -> Settings:
    """`[tool.brickwork.<name>]` (`[tool.brickwork]` itself when `name` is empty)."""
    return _section(ws.relative(ws.config.source), ws.config.brickwork, "brickwork", name)


def polylith_settings(ws: Workspace, name: str = "") -> Settings:
    """`[tool.polylith.<name>]` (`[tool.polylith]` itself when `name` is empty)."""
    return _section(ws.relative(ws.config.source), ws.config.raw, "polylith", name)
