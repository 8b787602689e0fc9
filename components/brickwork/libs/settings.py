"""Library settings of a workspace: import-name aliases, runtime-only allow-lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from brickwork import workspace
from brickwork.workspace import canonical_name as canonicalize_name

#: Distributions a project needs at runtime without importing them: servers that load the
#: application, database drivers chosen by a URL. `[tool.brickwork.libs] runtime-only` adds
#: to these.
RUNTIME_ONLY: frozenset[str] = frozenset(
    {
        # ASGI / WSGI servers
        "daphne",
        "granian",
        "gunicorn",
        "hypercorn",
        "uvicorn",
        "waitress",
        # database drivers
        "aiomysql",
        "aiosqlite",
        "asyncmy",
        "asyncpg",
        "cx-oracle",
        "mysqlclient",
        "oracledb",
        "pg8000",
        "psycopg",
        "psycopg-binary",
        "psycopg2",
        "psycopg2-binary",
        "pymssql",
        "pymysql",
        "pyodbc",
    }
)
#: Distributions another one loads when it is there: needed at runtime, never imported.
RUNTIME_ONLY_WITH: Mapping[str, frozenset[str]] = {
    "pydantic": frozenset({"email-validator"}),
}

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
        """The runtime-only distributions of `project`: the built-in ones, those its
        declarations bring (email-validator with pydantic) and the configured ones."""
        allowed = set(self.runtime_only) | RUNTIME_ONLY
        for dependency in project.dependencies:
            allowed |= RUNTIME_ONLY_WITH.get(dependency.name, frozenset())
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


def _add_alias(
    aliases: dict[str, list[str]],
    distribution: str,
    modules: Iterable[str],
    fail: Callable[[str], workspace.PolyError],
) -> None:
    if not is_distribution_name(distribution):
        raise fail('is not a distribution name; write e.g. opencv-python = "cv2"')
    for module in modules:
        if not is_import_name(module):
            raise fail(f'lists {module!r}, which is not an import name; write e.g. "cv2"')
        providers = aliases.setdefault(module, [])
        name = canonicalize_name(distribution)
        if name not in providers:
            providers.append(name)


def _cli_fail(distribution: str) -> Callable[[str], workspace.PolyError]:
    def fail(problem: str) -> workspace.PolyError:
        return workspace.PolyError(f"--alias {distribution!r} {problem}.")

    return fail


def read_settings(ws: workspace.Workspace, cli_aliases: Mapping[str, str] = {}) -> LibsSettings:
    """`[tool.polylith.libs.aliases]`, `[tool.brickwork.libs]` and `--alias` values."""
    aliases: dict[str, list[str]] = {}
    table = workspace.polylith_settings(ws, "libs").table("aliases")
    for distribution in table:
        modules = table.strings(distribution, single=True)
        _add_alias(aliases, distribution, modules, partial(table.fail, distribution))
    for distribution, value in cli_aliases.items():
        _add_alias(aliases, distribution, value.split(), _cli_fail(distribution))

    brickwork_libs = workspace.brickwork_settings(ws, "libs")
    runtime_only = brickwork_libs.strings("runtime-only", single=True)
    allow_table = brickwork_libs.table("allow")
    allow = {
        project: frozenset(canonicalize_name(n) for n in allow_table.strings(project, single=True))
        for project in allow_table
    }
    return LibsSettings(
        aliases={module: tuple(names) for module, names in aliases.items()},
        runtime_only=frozenset(canonicalize_name(n) for n in runtime_only),
        allow=allow,
    )
