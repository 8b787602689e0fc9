"""Where an imported name comes from: the standard library, the workspace, the development
project's own packages, or a third-party distribution."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from brickwork import workspace
from brickwork.imports import WorkspaceImports, is_stdlib


class ImportKind(str, enum.Enum):
    STDLIB = "stdlib"
    WORKSPACE = "workspace"
    """Under the workspace namespace: a brick (or a name `check` reports as BW102)."""
    LOCAL = "local"
    """A package of the workspace that is not a brick (`development`, test helpers)."""
    THIRD_PARTY = "third-party"


def top_level(module: str) -> str:
    return module.split(".", 1)[0]


def in_namespace(module: str, namespace: str) -> bool:
    return module == namespace or module.startswith(namespace + ".")


def classify(module: str, namespace: str, local: Iterable[str] = ()) -> ImportKind:
    """The kind of an absolute import; `local` holds top-level names of non-brick packages."""
    if in_namespace(module, namespace):
        return ImportKind.WORKSPACE
    if is_stdlib(module):
        return ImportKind.STDLIB
    if top_level(module) in local:
        return ImportKind.LOCAL
    return ImportKind.THIRD_PARTY


def _include_top(raw: str) -> str | None:
    first = raw.replace("\\", "/").strip("/").split("/", 1)[0]
    if first.endswith(".py"):
        first = first[: -len(".py")]
    return first if first.isidentifier() else None


def local_packages(ws: workspace.Workspace, ws_imports: WorkspaceImports) -> frozenset[str]:
    """Top-level names of the workspace's own packages that are not bricks.

    These are the non-brick includes of every project (for the development project:
    `development`, helper packages), and the top-level modules of scanned files that are not
    in a brick (development files, brick tests: `test.conftest` -> `test`).
    """
    names: set[str] = set()
    for project in ws.projects:
        for include in project.includes:
            if include.bricks:
                continue
            top = _include_top(include.raw)
            if top is not None:
                names.add(top)
    scanned = list(ws_imports.development)
    for brick in ws_imports.bricks.values():
        scanned.extend(brick.tests)
    modules = [f.module for f in scanned] + list(ws_imports.unread_tests)
    for module in modules:
        if module and not in_namespace(module, ws.namespace):
            names.add(top_level(module))
    names.discard(ws.namespace.split(".", 1)[0])
    return frozenset(n for n in names if not is_stdlib(n))
