"""`sync` writes the bricks `check` says a project needs, and nothing else: tried on the
workspaces where the two used to disagree (sibling-project distributions, unneeded bricks,
libraries of other projects, bad settings).

Each case is data: a setup, a `poly sync` run, the exit code, a pattern its output must match,
the bricks each project file lists afterwards, and the files that must stay byte-identical."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Setup = Callable[[WorkspaceFactory], None]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    args: str
    exit_code: int
    pattern: str
    """A regular expression the output (stdout, then stderr) must match."""
    listed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Project folder -> the bricks its file lists afterwards, sorted."""
    unchanged: tuple[str, ...] = ()
    """Files that keep their bytes."""


def project(
    ws: WorkspaceFactory,
    folder: str,
    name: str,
    bricks: list[str],
    dependencies: tuple[str, ...] = (),
    style: str = "pep621",
) -> None:
    kinds = dict((n, k) for k, n in ws.dev_bricks)
    includes = [ws.include(kinds.get(b, "component"), b) for b in bricks]
    if folder == "svc":
        includes.append(("helpers", "."))
    text = ws.project_text(name, includes, style, dependencies)
    ws.write(f"projects/{folder}/pyproject.toml", text)


def family(ws: WorkspaceFactory, *, svc: list[str], style: str = "pep621") -> None:
    """storage -> util; api -> storage, log; the project acme_storage ships storage and util
    and svc depends on it as acme-storage; svc's own package `helpers` imports cache."""
    for name in ("util", "log", "cache"):
        ws.component(name)
    ws.component("storage", "from acme import util\n")
    ws.base("api", "from acme import log, storage\n")
    ws.write("projects/svc/helpers/__init__.py", "from acme import cache\n")
    project(ws, "acme_storage", "acme_storage", ["storage", "util"], style=style)
    project(ws, "svc", "svc", svc, ("acme-storage",), style)


def sibling(ws: WorkspaceFactory) -> None:
    family(ws, svc=["api"])


def sibling_legacy(ws: WorkspaceFactory) -> None:
    family(ws, svc=["api"], style="poetry")


def listed_twice(ws: WorkspaceFactory) -> None:
    family(ws, svc=["api", "cache", "log", "storage"])


def unneeded(ws: WorkspaceFactory) -> None:
    ws.component("log")
    ws.component("cache")
    ws.component("spare", "from acme import cache\n")
    ws.base("api", "from acme import log\n")
    project(ws, "app", "app", ["api", "spare"])


def library(ws: WorkspaceFactory) -> None:
    """A project with a base that another project depends on: its library."""
    ws.component("log")
    ws.component("extra")
    ws.base("api", "from acme import log\n")
    project(ws, "core", "acme-core", ["api", "extra", "log"])
    project(ws, "app", "app", [], ("acme_core",))


def bad_allow(ws: WorkspaceFactory) -> None:
    unneeded(ws)
    table = '\n[tool.brickwork.check.allow]\napp = ["ghost"]\n'
    ws.write("workspace.toml", (ws.root / "workspace.toml").read_text("utf-8") + table)


def allowed(ws: WorkspaceFactory) -> None:
    unneeded(ws)
    table = '\n[tool.brickwork.check.allow]\napp = ["spare"]\n'
    ws.write("workspace.toml", (ws.root / "workspace.toml").read_text("utf-8") + table)


def tools_library(ws: WorkspaceFactory) -> None:
    """A library without a base that lists a brick its dependency ships too."""
    family(ws, svc=["api"])
    ws.component("tools", "from acme import storage\n")
    project(ws, "acme_tools", "acme_tools", ["storage", "tools"], ("acme-storage",))


def development_without_cache(ws: WorkspaceFactory) -> None:
    """The development project leaves out cache on purpose, and BW109 is off."""
    ws.component("cache")
    ws.component("log")
    ws.base("api", "from acme import log\n")
    project(ws, "app", "app", ["api", "log"])
    root = ws.root / "pyproject.toml"
    lines = root.read_text("utf-8").splitlines(keepends=True)
    root.write_text("".join(line for line in lines if "acme/cache" not in line), "utf-8")
    table = '\n[tool.brickwork.check]\nseverity = { BW109 = "off" }\n'
    ws.write("workspace.toml", (ws.root / "workspace.toml").read_text("utf-8") + table)


STORAGE = "projects/acme_storage/pyproject.toml"
SVC = "projects/svc/pyproject.toml"
APP = "projects/app/pyproject.toml"

CASES = [
    Case(
        "sibling-distribution-brick-not-added",
        sibling,
        "",
        0,
        r"^updated projects/svc/pyproject\.toml\n$",
        {"svc": ("api", "cache", "log"), "acme_storage": ("storage", "util")},
        (STORAGE,),
    ),
    Case(
        "sibling-distribution-legacy-project-file",
        sibling_legacy,
        "",
        0,
        r"^updated projects/svc/pyproject\.toml\n$",
        {"svc": ("api", "cache", "log")},
        (STORAGE,),
    ),
    Case(
        "sibling-distribution-check-diff-names-only-what-is-needed",
        sibling,
        "--check",
        1,
        r'\+    \{ include = "acme/cache".*\n\+    \{ include = "acme/log".*\n(?!\+).*'
        r"1 project file out of sync",
        {"svc": ("api",)},
        (STORAGE, SVC),
    ),
    Case(
        "brick-listed-and-shipped-by-a-dependency-is-pruned",
        listed_twice,
        "--prune",
        0,
        r"^updated projects/svc/pyproject\.toml\n"
        r"note: acme_storage is a library of svc: --prune keeps its bricks\n$",
        {"svc": ("api", "cache", "log"), "acme_storage": ("storage", "util")},
        (STORAGE,),
    ),
    Case(
        "brick-listed-and-shipped-by-a-dependency-is-kept-without-prune",
        listed_twice,
        "",
        0,
        r"^nothing to sync",
        {"svc": ("api", "cache", "log", "storage")},
        (STORAGE, SVC),
    ),
    Case(
        "brick-only-an-unneeded-brick-imports-not-added",
        unneeded,
        "",
        0,
        r"^updated projects/app/pyproject\.toml\n$",
        {"app": ("api", "log", "spare")},
    ),
    Case(
        "unneeded-brick-pruned-with-what-it-alone-imports-never-added",
        unneeded,
        "--prune",
        0,
        r"^updated projects/app/pyproject\.toml\n$",
        {"app": ("api", "log")},
    ),
    Case(
        "allowed-brick-kept-and-its-imports-added",
        allowed,
        "--prune",
        0,
        r"^updated projects/app/pyproject\.toml\n$",
        {"app": ("api", "cache", "log", "spare")},
    ),
    Case(
        "library-of-another-project-keeps-its-bricks-on-prune",
        library,
        "--prune",
        0,
        r"^nothing to sync.*\nnote: acme-core is a library of app: --prune keeps its bricks\n$",
        {"core": ("api", "extra", "log")},
        ("projects/core/pyproject.toml", APP),
    ),
    Case(
        "library-without-a-base-loses-only-what-its-dependency-ships",
        tools_library,
        "--prune --projects acme_tools",
        0,
        r"^updated projects/acme_tools/pyproject\.toml\nnote: acme_tools includes no base: "
        r"--prune removes only the bricks its dependencies ship too\n$",
        {"acme_tools": ("tools",), "acme_storage": ("storage", "util")},
        (STORAGE, SVC),
    ),
    Case(
        "a-finding-turned-off-is-not-synced-either",
        development_without_cache,
        "--check",
        0,
        r"^nothing to sync.*\nnote: BW109 is off in workspace\.toml: sync adds no brick to "
        r"development\n$",
        {"app": ("api", "log")},
        ("pyproject.toml", APP),
    ),
    Case(
        "malformed-allow-setting-is-one-line-and-exit-2",
        bad_allow,
        "",
        2,
        r"^workspace\.toml: \[tool\.brickwork\.check\] allow\.app names no brick 'ghost'[^\n]*\n$",
        {"app": ("api", "spare")},
        (APP,),
    ),
]


def bricks_of(root: Path, folder: str) -> tuple[str, ...]:
    text = (root / "projects" / folder / "pyproject.toml").read_text("utf-8")
    return tuple(sorted(set(re.findall(r'"acme/(\w+)"', text))))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sync_writes_exactly_the_bricks_check_says_are_needed(
    case: Case, make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    case.setup(ws)
    kept = {name: digest(ws.root / name) for name in case.unchanged}

    result = poly("poly sync", case.args, cwd=ws.root)

    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exit_code == case.exit_code, output
    assert re.search(case.pattern, output, re.DOTALL), output
    assert {f: bricks_of(ws.root, f) for f in case.listed} == dict(case.listed)
    assert {name: digest(ws.root / name) for name in case.unchanged} == kept
    if case.exit_code == 0:  # what sync leaves, check does not report
        chosen = re.search(r"--projects \S+", case.args)
        args = "--output json" + (f" {chosen.group(0)}" if chosen else "")
        found = json.loads(poly("poly check", args, cwd=ws.root).stdout)["result"]
        codes = ("BW101", "BW109", "BW108") if "--prune" in case.args else ("BW101", "BW109")
        assert [f for f in found["findings"] if f["code"] in codes] == []


def test_after_sync_prune_each_package_ships_in_one_wheel_only(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    ws = make_workspace()
    listed_twice(ws)
    out = tmp_path / "dist"

    synced = poly("poly sync", "--prune", cwd=ws.root)
    built = poly(
        "poly build-project", f"--projects svc,acme_storage --output-dir {out}", cwd=ws.root
    )

    assert synced.exit_code == 0, synced.stderr
    assert built.exit_code == 0, built.stdout + built.stderr
    shipped: dict[str, set[str]] = {}
    for wheel in sorted(out.glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            packages = {n.rsplit("/", 1)[0] for n in archive.namelist() if n.startswith("acme/")}
        shipped[wheel.name.split("-")[0]] = packages
    assert shipped == {
        "acme_storage": {"acme/storage", "acme/util"},
        "svc": {"acme/api", "acme/cache", "acme/log"},
    }
