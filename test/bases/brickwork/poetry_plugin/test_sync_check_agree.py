"""`sync` and `check` agree on workspaces built like real ones: after `sync`, `check` reports no
missing brick (BW101) and no new unneeded one (BW108); after `sync --prune`, neither; `sync
--check` exits 0 exactly when `check` has nothing sync would fix. Each fixture keeps a true
finding next to what sync fixes, and names the bricks sync must never write into a project.

Every fixture runs in both themes and both project styles (PEP 621 `[project]`, legacy
`[tool.poetry]`), through the real plugin."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Finding = tuple[str, str, str]
"""(code, project named in the message or "", subject)."""

#: What `sync` adds (BW101: to a deployable, BW109: to the development project).
ADDS = frozenset({"BW101", "BW109"})
PROJECT = re.compile(r"project '([^']+)'")


def findings(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> set[Finding]:
    result = poly("poly check", f"--output json {args}", cwd=ws.root)
    assert result.exit_code in (0, 1), result.stderr
    found: set[Finding] = set()
    for item in json.loads(result.stdout)["result"]["findings"]:
        named = PROJECT.search(item["message"])
        found.add((item["code"], named.group(1) if named else "", item["subject"]))
    return found


def codes(found: set[Finding], *wanted: str) -> set[Finding]:
    return {f for f in found if f[0] in wanted}


Build = Callable[[WorkspaceFactory, str], None]


@dataclass(frozen=True)
class Fixture:
    build: Build
    """Lays out the bricks and projects (project files in the given style)."""
    fixed: frozenset[Finding]
    """What `check` finds first that `sync` (or `sync --prune`) fixes."""
    kept: frozenset[Finding] = frozenset()
    """True findings that stay through every sync."""
    never: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Project folder -> bricks no sync may list in it."""


def write_project(
    ws: WorkspaceFactory,
    folder: str,
    name: str,
    bricks: list[str],
    style: str,
    dependencies: tuple[str, ...] = (),
    local: tuple[str, ...] = (),
) -> None:
    """A project file listing `bricks` and its own packages `local` (`from = "."`)."""
    kinds = dict((n, k) for k, n in ws.dev_bricks)
    includes = [ws.include(kinds.get(b, "component"), b) for b in bricks]
    includes += [(package, ".") for package in local]
    text = ws.project_text(name, includes, style, dependencies)
    ws.write(f"projects/{folder}/pyproject.toml", text)


def siblings(storage_name: str, dependency: str, *, listed_too: bool = False) -> Build:
    """A library family published per brick: project `storage_name` ships storage (and util,
    which storage imports); svc depends on it as `dependency` and lacks log. With
    `listed_too`, svc lists storage as well (shipped twice)."""

    def build(ws: WorkspaceFactory, style: str) -> None:
        ws.component("util")
        ws.component("log", files={"core.py": "def write() -> None: ...\n"})
        ws.component("storage", "from acme import util\n")
        ws.base("api", "from acme import storage\nfrom acme.log.core import write\n")
        write_project(ws, "acme_storage", storage_name, ["storage", "util"], style)
        svc = ["api", "storage"] if listed_too else ["api"]
        write_project(ws, "svc", "svc", svc, style, (dependency,))

    return build


HYBRID = """\
[project]
name = "svc"
version = "0.1.0"
dynamic = ["dependencies"]

[tool.poetry]
packages = [
    {{ include = "{api}", from = "{origin}" }},
]

[tool.poetry.dependencies]
python = "^3.10"
"Acme.Storage" = {{ path = "../acme_storage", develop = true }}
"""


def hybrid(ws: WorkspaceFactory, style: str) -> None:
    """svc's file has `[project]` with dynamic dependencies, declared in
    `[tool.poetry.dependencies]`: a path dependency on the sibling, spelled `Acme.Storage`."""
    siblings("acme_storage", "unused")(ws, style)
    include, origin = ws.include("base", "api")
    ws.write("projects/svc/pyproject.toml", HYBRID.format(api=include, origin=origin))


def unneeded(ws: WorkspaceFactory, style: str) -> None:
    """api -> greeting -> log; svc lacks log and carries spare, which alone imports cache."""
    ws.component("log")
    ws.component("cache")
    ws.component("greeting", "import acme.log\n")
    ws.component("spare", "from acme import cache\n")
    ws.base("api", "from acme.greeting import hello\n")
    write_project(ws, "svc", "svc", ["api", "greeting", "spare"], style)


def chain(ws: WorkspaceFactory, style: str) -> None:
    """svc -> acme-client -> acme_storage -> acme-log, each a project shipping one brick; svc's
    base needs all three bricks, and metrics, which no distribution ships."""
    ws.component("log")
    ws.component("metrics")
    ws.component("storage", "from acme import log\n")
    ws.component("client", "from acme import storage\n")
    ws.base("api", "from acme import client, log, metrics\n")
    write_project(ws, "acme_log", "acme-log", ["log"], style)
    write_project(ws, "acme_storage", "acme_storage", ["storage"], style, ("acme_log",))
    write_project(ws, "acme_client", "acme.client", ["client"], style, ("acme-storage",))
    write_project(ws, "svc", "svc", ["api"], style, ("ACME-Client",))


API = """\
from typing import TYPE_CHECKING

try:
    from acme import fast  # poly: ignore[BW101]
except ImportError:
    fast = None
if TYPE_CHECKING:
    from acme import typed


def run() -> None:
    from acme import log
"""


def own_and_optional(ws: WorkspaceFactory, style: str) -> None:
    """A lazy import (needed), an optional one (`# poly: ignore[BW101]`: not needed, kept when
    listed), a type-only one (never needed), an allowed plugin whose import is needed, and the
    project's own package `helpers`, whose import is needed."""
    for name in ("log", "cache", "fast", "typed", "audit"):
        ws.component(name)
    ws.component("plugin", "from acme import audit\n")
    ws.base("api", API)
    ws.write("projects/svc/helpers/__init__.py", "from acme import cache\n")
    ws.write("projects/full/helpers/__init__.py", "from acme import cache\n")
    allow = '\n[tool.brickwork.check.allow]\nsvc = ["plugin"]\n'
    ws.write("workspace.toml", (ws.root / "workspace.toml").read_text("utf-8") + allow)
    write_project(ws, "svc", "svc", ["api", "plugin"], style, local=("helpers",))
    bricks = ["api", "cache", "fast", "log", "typed"]
    write_project(ws, "full", "full", bricks, style, local=("helpers",))


FIXTURES = {
    "sibling acme_storage as acme-storage": Fixture(
        siblings("acme_storage", "acme-storage"),
        fixed=frozenset({("BW101", "svc", "log")}),
        kept=frozenset({("BW107", "", "acme.log.core")}),
        never={"svc": ("storage", "util")},
    ),
    "sibling acme-storage as acme_storage": Fixture(
        siblings("acme-storage", "acme_storage"),
        fixed=frozenset({("BW101", "svc", "log")}),
        kept=frozenset({("BW107", "", "acme.log.core")}),
        never={"svc": ("storage", "util")},
    ),
    "sibling as a path dependency of a hybrid project file": Fixture(
        hybrid,
        fixed=frozenset({("BW101", "svc", "log")}),
        kept=frozenset({("BW107", "", "acme.log.core")}),
        never={"svc": ("storage", "util")},
    ),
    "sibling listed again": Fixture(
        siblings("Acme.Storage", "acme-storage", listed_too=True),
        fixed=frozenset({("BW101", "svc", "log"), ("BW108", "svc", "storage")}),
        kept=frozenset({("BW107", "", "acme.log.core")}),
        never={"svc": ("util",)},
    ),
    "unneeded brick": Fixture(
        unneeded,
        fixed=frozenset({("BW101", "svc", "log"), ("BW108", "svc", "spare")}),
        never={"svc": ("cache",)},
    ),
    "chain of project dependencies": Fixture(
        chain,
        fixed=frozenset({("BW101", "svc", "metrics")}),
        never={"svc": ("client", "storage", "log"), "acme_storage": ("log",)},
    ),
    "own package, optional and type-only imports": Fixture(
        own_and_optional,
        fixed=frozenset(
            {
                ("BW101", "svc", "log"),
                ("BW101", "svc", "cache"),
                ("BW101", "svc", "audit"),
                ("BW108", "full", "typed"),
            }
        ),
        never={"svc": ("fast", "typed"), "full": ("plugin", "audit")},
    ),
}

THEMES_AND_STYLES = list(itertools.product(("loose", "tdd"), ("pep621", "poetry")))


def listed(ws: WorkspaceFactory, folder: str, brick: str) -> bool:
    text = (ws.root / f"projects/{folder}/pyproject.toml").read_text("utf-8")
    return f'"{ws.namespace}/{brick}"' in text


def exit_code(poly: PolyRunner, ws: WorkspaceFactory, args: str) -> int:
    result = poly("poly sync", args, cwd=ws.root)
    assert "Traceback" not in result.stderr
    return result.exit_code


@pytest.mark.parametrize(("theme", "style"), THEMES_AND_STYLES)
@pytest.mark.parametrize("name", list(FIXTURES))
def test_sync_then_check_and_check_then_sync_check_agree_on_every_fixture(
    make_workspace: MakeWorkspace, poly: PolyRunner, name: str, theme: str, style: str
) -> None:
    fixture = FIXTURES[name]
    ws = make_workspace(theme=theme, dev_style=style)
    fixture.build(ws, style)

    before = findings(poly, ws)
    assert codes(before, "BW101", "BW108") == fixture.fixed
    assert fixture.kept <= before
    # check then sync --check: sync has something to do exactly when check says it lacks
    assert exit_code(poly, ws, "--check") == (1 if codes(before, *ADDS) else 0)

    assert exit_code(poly, ws, "") == 0
    synced = findings(poly, ws)
    assert codes(synced, *ADDS) == set()
    assert codes(synced, "BW108") <= codes(before, "BW108")  # sync added nothing unneeded
    assert fixture.kept <= synced
    assert exit_code(poly, ws, "--check") == 0
    assert exit_code(poly, ws, "--prune --check") == (1 if codes(synced, "BW108") else 0)

    assert exit_code(poly, ws, "--prune") == 0
    pruned = findings(poly, ws)
    assert codes(pruned, *ADDS, "BW108") == set()
    assert fixture.kept <= pruned
    assert exit_code(poly, ws, "--prune --check") == 0
    for folder, bricks in fixture.never.items():
        assert [b for b in bricks if listed(ws, folder, b)] == []


@pytest.mark.parametrize("name", ["sibling listed again", "unneeded brick"])
def test_sync_and_check_of_one_selected_project_agree(
    make_workspace: MakeWorkspace, poly: PolyRunner, name: str
) -> None:
    ws = make_workspace()
    FIXTURES[name].build(ws, "pep621")

    assert exit_code(poly, ws, "--projects svc --check") == 1
    assert exit_code(poly, ws, "--projects svc") == 0
    assert codes(findings(poly, ws, "--projects svc"), "BW101") == set()
    assert exit_code(poly, ws, "--projects svc --prune") == 0

    assert codes(findings(poly, ws, "--projects svc"), "BW101", "BW108") == set()
    assert exit_code(poly, ws, "--projects svc --prune --check") == 0


@pytest.mark.parametrize("name", list(FIXTURES))
def test_deps_shows_the_missing_bricks_check_reports(
    make_workspace: MakeWorkspace, poly: PolyRunner, name: str
) -> None:
    ws = make_workspace()
    FIXTURES[name].build(ws, "pep621")
    folders = sorted(p.parent.name for p in (ws.root / "projects").glob("*/pyproject.toml"))

    result = poly("poly deps", f"--output json --projects {','.join(folders)}", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    shown = {
        ("BW101", m["project"], m["brick"]) for m in json.loads(result.stdout)["result"]["missing"]
    }
    assert shown == codes(findings(poly, ws), "BW101")
