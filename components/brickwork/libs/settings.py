"""Library settings of a workspace: import-name aliases, runtime-only allow-lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from brickwork import workspace
from brickwork.workspace import canonical_name as canonicalize_name

#: Servers that load the application: needed at runtime, never imported by it.
SERVERS: frozenset[str] = frozenset(
    {"daphne", "granian", "gunicorn", "hypercorn", "uvicorn", "waitress"}
)
#: Database drivers that a URL chooses (`postgresql+asyncpg://`), often one read from the
#: environment, so that no import or string of the code names them.
DRIVERS: frozenset[str] = frozenset(
    {
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
#: The built-in list: distributions assumed runtime-only. Assumed, not proven: a project that
#: declares one and shows no use of it gets a BW203 warning that says so. `[tool.brickwork.libs]
#: runtime-only` adds proven ones and removes built-in ones (`"-gunicorn"`).
RUNTIME_ONLY: frozenset[str] = SERVERS | DRIVERS

_DISTRIBUTION = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")


def assumed_kind(name: str) -> str:
    """What a built-in runtime-only distribution is, in words (`a server`)."""
    return "a server" if name in SERVERS else "a database driver"


@dataclass(frozen=True)
class RuntimeOnly:
    """The distributions one project may declare without importing them."""

    declared: frozenset[str] = frozenset()
    """Needed at runtime because the settings say so: never reported."""
    assumed: frozenset[str] = frozenset()
    """The built-in servers and drivers the settings keep: needed only if something shows it."""


@dataclass(frozen=True)
class LibsSettings:
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Import name -> the distributions that provide it (canonical names)."""
    runtime_only: frozenset[str] = frozenset()
    """Distributions never reported as unused (servers, database drivers)."""
    allow: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Project name, folder or alias -> more runtime-only distributions for that project."""
    not_runtime_only: frozenset[str] = frozenset()
    """Built-in runtime-only distributions removed from the list (`"-gunicorn"`)."""
    disallow: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Project name, folder or alias -> built-in ones removed for that project only."""

    def runtime_for(self, ws: workspace.Workspace, project: workspace.Project) -> RuntimeOnly:
        """The runtime-only distributions of `project`: those the settings name and the
        built-in ones they do not remove. The project's own list wins over the workspace's:
        it adds back what `runtime-only` removes, and removes what it adds."""
        added: set[str] = set()
        removed: set[str] = set()
        for key in {*self.allow, *self.disallow}:
            if ws.project(key) == project:
                added |= self.allow.get(key, frozenset())
                removed |= self.disallow.get(key, frozenset())
        declared = (self.runtime_only - removed) | added
        assumed = RUNTIME_ONLY - self.not_runtime_only - removed - declared
        return RuntimeOnly(frozenset(declared), assumed)

    def allowed(self, ws: workspace.Workspace, project: workspace.Project) -> frozenset[str]:
        """The distributions the settings declare runtime-only for `project`."""
        return self.runtime_for(ws, project).declared


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
    runtime_only, not_runtime_only = _runtime_names(brickwork_libs, "runtime-only")
    allow_table = brickwork_libs.table("allow")
    allow: dict[str, frozenset[str]] = {}
    disallow: dict[str, frozenset[str]] = {}
    for project in allow_table:
        allow[project], disallow[project] = _runtime_names(allow_table, project, runtime_only)
    return LibsSettings(
        aliases={module: tuple(names) for module, names in aliases.items()},
        runtime_only=runtime_only,
        allow=allow,
        not_runtime_only=not_runtime_only,
        disallow=disallow,
    )


def _runtime_names(
    table: workspace.Settings, key: str, workspace_list: frozenset[str] | None = None
) -> tuple[frozenset[str], frozenset[str]]:
    """(added, removed) distributions of a runtime-only list: `"sentry-sdk"` adds one,
    `"-gunicorn"` removes a built-in one, or for a project's list one that the workspace's
    `runtime-only` (`workspace_list`) adds."""
    removable = RUNTIME_ONLY | (workspace_list or frozenset())
    added: set[str] = set()
    removed: set[str] = set()
    for entry in table.strings(key, single=True):
        text = entry.strip()
        name = text[1:].strip() if text.startswith("-") else text
        if not is_distribution_name(name):
            raise table.fail(
                key,
                f"lists {entry!r}, which is not a distribution name",
                'write a distribution such as "sentry-sdk" '
                '(or "-gunicorn" to remove a built-in one)',
            )
        canonical = canonicalize_name(name)
        if text.startswith("-") and canonical not in removable:
            more = "" if workspace_list is None else " nor in [tool.brickwork.libs] runtime-only"
            raise table.fail(
                key,
                f"removes {name!r}, which is not in the built-in runtime-only list "
                f"({', '.join(sorted(RUNTIME_ONLY))}){more}",
                "remove the entry",
            )
        (removed if text.startswith("-") else added).add(canonical)
    both = sorted(added & removed)
    if both:
        raise table.fail(key, f"both adds and removes {both[0]!r}", "keep one of them")
    return frozenset(added), frozenset(removed)
