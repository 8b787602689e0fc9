"""Find the workspace root and read `[tool.polylith]` into a `Config`."""

from __future__ import annotations

import keyword
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brickwork.workspace.errors import PolyError
from brickwork.workspace.model import Config, Theme

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

WORKSPACE_FILE = "workspace.toml"
PROJECT_FILE = "pyproject.toml"


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error is a `PolyError` naming the file and line."""
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except tomllib.TOMLDecodeError as err:
        raise PolyError(f"{path}: invalid TOML ({err}); fix the syntax and run again.") from err
    except UnicodeDecodeError as err:
        raise PolyError(
            f"{path}: not UTF-8 text (byte {err.start}); TOML files must be UTF-8: "
            "save it as UTF-8 and run again."
        ) from err
    except RecursionError as err:
        raise PolyError(
            f"{path}: arrays or tables nested too deeply to read; flatten them and run again."
        ) from err
    except OSError as err:
        raise PolyError(f"{path}: cannot read ({err.strerror}).") from err


def _tool_table(path: Path, name: str) -> Mapping[str, Any] | None:
    data = read_toml(path)
    tool = data.get("tool")
    table = tool.get(name) if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _polylith_table(path: Path) -> Mapping[str, Any] | None:
    return _tool_table(path, "polylith")


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds a Polylith workspace.

    A `workspace.toml` with `[tool.polylith]` wins; else a `pyproject.toml` with it.
    """
    start = start.resolve()
    candidates = [start, *start.parents]
    for name in (WORKSPACE_FILE, PROJECT_FILE):
        for folder in candidates:
            file = folder / name
            if file.is_file() and _polylith_table(file) is not None:
                return folder
    raise PolyError(
        f"No Polylith workspace at or above {start}: no workspace.toml with a "
        "[tool.polylith] table. Run `poetry poly create workspace --name <namespace>` "
        "to make one, or run from inside a workspace."
    )


def _expect(value: Any, kind: type | tuple[type, ...], key: str, source: Path) -> Any:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise PolyError(
            f"{source}: [tool.polylith] {key} must be a {_toml_type(names)}, "
            f"not {value!r}; fix the value and run again."
        )
    return value


def _toml_type(name: str) -> str:
    return {"str": "string", "dict": "table", "list": "array", "bool": "boolean"}.get(name, name)


def _table(parent: Mapping[str, Any], key: str, path: str, source: Path) -> Mapping[str, Any]:
    value = parent.get(key, {})
    return dict(_expect(value, dict, path, source))


def _str_table(table: Mapping[str, Any], path: str, source: Path) -> dict[str, str]:
    return {str(k): _expect(v, str, f"{path}.{k}", source) for k, v in table.items()}


def is_valid_namespace(name: str) -> bool:
    """A namespace is one or more dotted Python identifiers, none a keyword."""
    parts = name.split(".")
    return all(p.isidentifier() and not keyword.iskeyword(p) for p in parts)


def load_config(root: Path) -> Config:
    """Read `[tool.polylith]` from the workspace at `root` into a typed `Config`."""
    source = root / WORKSPACE_FILE
    if not source.is_file():
        source = root / PROJECT_FILE
    table = _polylith_table(source)
    if table is None:
        raise PolyError(f"{source}: no [tool.polylith] table.")

    if "namespace" not in table:
        raise PolyError(f'{source}: [tool.polylith] has no namespace; add `namespace = "<name>"`.')
    namespace = _expect(table["namespace"], str, "namespace", source)
    if not is_valid_namespace(namespace):
        raise PolyError(
            f"{source}: namespace {namespace!r} is not a Python package name; "
            "use lowercase letters, digits and underscores."
        )

    structure = _table(table, "structure", "structure", source)
    theme_value = _expect(structure.get("theme", "tdd"), str, "structure.theme", source)
    try:
        theme = Theme(theme_value)
    except ValueError:
        raise PolyError(
            f'{source}: [tool.polylith] structure.theme is {theme_value!r}; use "loose" or "tdd".'
        ) from None

    git_tag_pattern = _expect(
        table.get("git_tag_pattern", "stable-*"), str, "git_tag_pattern", source
    )
    tag = _table(table, "tag", "tag", source)
    patterns = _str_table(_table(tag, "patterns", "tag.patterns", source), "tag.patterns", source)
    sorting_value = tag.get("sorting", ["-committerdate"])
    if isinstance(sorting_value, str):
        sorting_value = [sorting_value]
    sorting = tuple(
        _expect(s, str, "tag.sorting", source)
        for s in _expect(sorting_value, list, "tag.sorting", source)
    )
    test = _table(table, "test", "test", source)
    resources = _table(table, "resources", "resources", source)
    projects = _table(table, "projects", "projects", source)
    aliases = _str_table(
        _table(projects, "alias", "projects.alias", source), "projects.alias", source
    )
    groups_table = _table(projects, "groups", "projects.groups", source)
    groups = {
        str(name): tuple(
            _expect(member, str, f"projects.groups.{name}", source)
            for member in _expect(members, list, f"projects.groups.{name}", source)
        )
        for name, members in groups_table.items()
    }
    return Config(
        namespace=namespace,
        theme=theme,
        git_tag_pattern=git_tag_pattern,
        tag_patterns=patterns,
        tag_sorting=sorting,
        test_enabled=_expect(test.get("enabled", True), bool, "test.enabled", source),
        brick_docs_enabled=_expect(
            resources.get("brick_docs_enabled", False), bool, "resources.brick_docs_enabled", source
        ),
        project_aliases=aliases,
        project_groups=groups,
        source=source,
        raw=table,
        brickwork=_tool_table(source, "brickwork") or {},
    )
