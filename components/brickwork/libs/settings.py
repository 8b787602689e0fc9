"""Library settings of a workspace: import-name aliases, runtime-only allow-lists."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from packaging.utils import canonicalize_name

from brickwork import workspace

_DISTRIBUTION = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")


@dataclass(frozen=True)
class LibsSettings:
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Import name -> the distributions that provide it (canonical names)."""
    runtime_only: frozenset[str] = frozenset()
    """Distributions never reported as unused (servers, database drivers)."""
    allow: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Project name, folder or alias -> more runtime-only distributions for that project."""

    def allowed(self, ws: workspace.Workspace, project: workspace.Project) -> frozenset[str]:
        """The runtime-only distributions of `project`."""
        allowed = set(self.runtime_only)
        for key, names in self.allow.items():
            if ws.project(key) == project:
                allowed |= names
        return frozenset(allowed)


def is_import_name(name: str) -> bool:
    return bool(name) and all(part.isidentifier() for part in name.split("."))


def is_distribution_name(name: str) -> bool:
    return bool(_DISTRIBUTION.match(name))


def parse_alias_option(values: Iterable[str]) -> dict[str, str]:
    """`--alias opencv-python=cv2,pyyaml=yaml` (repeatable) -> {distribution: import names}.

    Several import names of one distribution are kept space-separated.
    """
    aliases: dict[str, str] = {}
    for value in values:
        for item in value.split(","):
            if not item.strip():
                continue
            distribution, sep, module = (part.strip() for part in item.partition("="))
            if not sep or not is_distribution_name(distribution) or not is_import_name(module):
                raise workspace.PolyError(
                    f"--alias {item.strip()!r} is not DISTRIBUTION=IMPORT_NAME; "
                    "write e.g. --alias opencv-python=cv2,pyyaml=yaml."
                )
            previous = aliases.get(distribution)
            aliases[distribution] = f"{previous} {module}" if previous else module
    return aliases


def _string_list(value: Any, where: str, source: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise workspace.PolyError(
            f"{source}: {where} must be a string or an array of strings, not {value!r}; "
            "fix the value and run again."
        )
    return tuple(items)


def _table(parent: Mapping[str, Any], key: str, where: str, source: str) -> Mapping[str, Any]:
    value = parent.get(key, {})
    if not isinstance(value, dict):
        raise workspace.PolyError(
            f"{source}: {where} must be a table, not {value!r}; fix it and run again."
        )
    return value


def _add_alias(
    aliases: dict[str, list[str]], distribution: str, modules: Iterable[str], where: str
) -> None:
    if not is_distribution_name(distribution):
        raise workspace.PolyError(
            f"{where}: {distribution!r} is not a distribution name; "
            'write e.g. opencv-python = "cv2".'
        )
    for module in modules:
        if not is_import_name(module):
            raise workspace.PolyError(
                f"{where}: {module!r} (alias of {distribution}) is not an import name; "
                'write e.g. opencv-python = "cv2".'
            )
        providers = aliases.setdefault(module, [])
        name = canonicalize_name(distribution)
        if name not in providers:
            providers.append(name)


def read_settings(ws: workspace.Workspace, cli_aliases: Mapping[str, str] = {}) -> LibsSettings:
    """`[tool.polylith.libs.aliases]`, `[tool.brickwork.libs]` and `--alias` values."""
    source = ws.relative(ws.config.source)
    aliases: dict[str, list[str]] = {}
    polylith_libs = _table(ws.config.raw, "libs", "[tool.polylith.libs]", source)
    table = _table(polylith_libs, "aliases", "[tool.polylith.libs.aliases]", source)
    for distribution, value in table.items():
        where = f"[tool.polylith.libs.aliases] {distribution}"
        modules = _string_list(value, where, source)
        _add_alias(aliases, str(distribution), modules, f"{source}: {where}")
    for distribution, value in cli_aliases.items():
        _add_alias(aliases, distribution, value.split(), "--alias")

    brickwork_libs = _table(ws.config.brickwork, "libs", "[tool.brickwork.libs]", source)
    runtime_only = _string_list(
        brickwork_libs.get("runtime-only", []), "[tool.brickwork.libs] runtime-only", source
    )
    allow_table = _table(brickwork_libs, "allow", "[tool.brickwork.libs.allow]", source)
    allow = {
        str(project): frozenset(
            canonicalize_name(n)
            for n in _string_list(names, f"[tool.brickwork.libs.allow] {project}", source)
        )
        for project, names in allow_table.items()
    }
    return LibsSettings(
        aliases={module: tuple(names) for module, names in aliases.items()},
        runtime_only=frozenset(canonicalize_name(n) for n in runtime_only),
        allow=allow,
    )
