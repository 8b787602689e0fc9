"""Planners of `poetry poly create`: names checked, then the files to write (pure)."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import tomlkit
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import InvalidName, canonicalize_name
from tomlkit.exceptions import TOMLKitError

from brickwork import pyproject, workspace
from brickwork.pyproject import Change, ChangeKind, Disk, Plan
from brickwork.scaffold import templates

WORKSPACE_FILE = "workspace.toml"
PROJECT_FILE = "pyproject.toml"
WORKSPACE_DIRS = ("components", "bases", "projects", "development", "test")
DEFAULT_PYTHON = ">=3.10"
BRICK_NAME = re.compile(r"[a-z][a-z0-9_]*")
KEEP = ".keep"


# -- names ---------------------------------------------------------------------------------


def check_namespace(namespace: str) -> None:
    """A `PolyError` (exit 2) unless `namespace` is a dotted Python identifier."""
    if not namespace or not workspace.is_valid_namespace(namespace):
        raise workspace.PolyError(
            f"{namespace!r} is not a valid namespace: use a Python package name such as "
            "acme or acme.tools (letters, digits, underscores; not a keyword)."
        )


def check_brick_name(name: str) -> None:
    """A `PolyError` (exit 2) unless `name` is a lowercase Python identifier, or two of them
    joined by `/` (a nested brick `aws/s3` in a grouping folder `aws`, ADR 0025)."""
    parts = name.split("/")
    if len(parts) <= 2 and all(
        BRICK_NAME.fullmatch(part) and not keyword.iskeyword(part) for part in parts
    ):
        return
    hint = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "greeting"
    if not hint[0].isalpha():
        hint = f"my_{hint}"
    if keyword.iskeyword(hint):
        hint = f"{hint}_brick"
    raise workspace.PolyError(
        f"{name!r} is not a valid brick name: use lowercase letters, digits and "
        "underscores, starting with a letter, not a Python keyword; group/name for a nested "
        f"brick (e.g. {hint})."
    )


def _check_nested(ws: workspace.Workspace, name: str) -> None:
    """A nested brick `aws/s3` needs the loose theme and a grouping folder `aws` that is not
    a brick itself (a folder without code of its own)."""
    group = name.partition("/")[0]
    if ws.config.theme is not workspace.Theme.LOOSE:
        raise workspace.PolyError(
            f"{name!r}: nested bricks (group/name) are a layout of the loose theme, and this "
            f"workspace's theme is {ws.config.theme.value}; pick a name without '/'."
        )
    existing = ws.brick(group)
    if existing is not None:
        raise workspace.PolyFailure(
            f"{group!r} is a {existing.kind.value} ({ws.relative(existing.path)}), not a "
            f"grouping folder, so {name!r} cannot be created inside it; pick another group. "
            "Nothing was written."
        )


def check_project_name(name: str) -> None:
    """A `PolyError` (exit 2) unless `name` is a valid distribution name (and folder name)."""
    try:
        canonicalize_name(name, validate=True)
    except InvalidName:
        raise workspace.PolyError(
            f"{name!r} is not a valid project name: use letters, digits, '-', '_' and '.', "
            "starting and ending with a letter or digit (e.g. greet_service)."
        ) from None


# -- paths ---------------------------------------------------------------------------------


def _rel(path: Path) -> str:
    return path.as_posix()


def _ns_path(config: workspace.Config) -> str:
    return config.namespace.replace(".", "/")


def brick_include(
    config: workspace.Config, kind: workspace.BrickKind, name: str, prefix: str = ""
) -> tuple[str, str]:
    """(include, from) of a brick for a project at `prefix` from the root (`../../`)."""
    include = f"{_ns_path(config)}/{name}"
    if config.theme is workspace.Theme.LOOSE:
        return include, f"{prefix}{kind.directory}"
    return include, f"{prefix}{kind.directory}/{name}/src"


class _BrickLayout:
    """Where each file of a new brick goes, relative to the workspace root."""

    def __init__(self, config: workspace.Config, kind: workspace.BrickKind, name: str) -> None:
        here = Path()
        self.package = _rel(workspace.brick_package_path(here, config, kind, name))
        loose = config.theme is workspace.Theme.LOOSE
        self.root = self.package if loose else f"{kind.directory}/{name}"
        tests = workspace.brick_test_path(here, config, kind, name)
        self.tests = _rel(tests if loose else tests / _ns_path(config) / name)

    def files(self) -> Iterator[str]:
        yield from (f"{self.package}/__init__.py", f"{self.package}/core.py")
        yield from (f"{self.root}/README.md", f"{self.tests}/__init__.py")
        yield f"{self.tests}/test_core.py"


def workspace_paths() -> tuple[str, ...]:
    """What `plan_workspace` needs to know of the disk."""
    return (WORKSPACE_FILE, PROJECT_FILE, "README.md", ".gitignore", *WORKSPACE_DIRS)


def brick_paths(ws: workspace.Workspace, kind: workspace.BrickKind, name: str) -> tuple[str, ...]:
    """What `plan_brick` needs to know of the disk."""
    layout = _BrickLayout(ws.config, kind, name)
    return (PROJECT_FILE, layout.package, layout.root, *layout.files())


def project_paths(name: str) -> tuple[str, ...]:
    """What `plan_project` needs to know of the disk."""
    return (f"projects/{name}",)


# -- workspace -----------------------------------------------------------------------------


def _polylith(text: str, source: str) -> dict[str, Any] | None:
    try:
        data = tomlkit.parse(text).unwrap()
    except TOMLKitError as err:
        raise workspace.PolyFailure(
            f"{source} exists but is not valid TOML ({err}); fix or remove it. Nothing was written."
        ) from err
    tool = data.get("tool")
    table = tool.get("polylith") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _check_existing(table: dict[str, Any], source: str, namespace: str, theme: str | None) -> None:
    found = table.get("namespace")
    if found != namespace:
        what = f"namespace {found!r}" if isinstance(found, str) else "no namespace"
        raise workspace.PolyFailure(
            f"{source} already has {what}, not {namespace!r}: this folder is another workspace. "
            "Nothing was written; run in an empty folder or use the existing namespace."
        )
    structure = table.get("structure")
    current = structure.get("theme", "tdd") if isinstance(structure, dict) else "tdd"
    if theme is not None and current != theme:
        raise workspace.PolyFailure(
            f"{source} already sets theme {current!r}, not {theme!r}; nothing was written. "
            "Changing the theme means moving every brick: do it by hand."
        )


def _keep_files(disk: Disk) -> Iterator[Change]:
    for folder in WORKSPACE_DIRS:
        if not disk.exists(folder) or disk.is_empty_dir(folder):
            yield Change(f"{folder}/{KEEP}", "")


def plan_workspace(disk: Disk, namespace: str, theme: workspace.Theme | None = None) -> Plan:
    """Create what a workspace lacks; leave every existing file as it is.

    `theme` None means: keep the existing one, `loose` for a new workspace. An existing
    configuration with another namespace (or another explicit theme) is a `PolyFailure`.
    """
    check_namespace(namespace)
    theme_name = theme.value if theme is not None else None
    changes: list[Change] = []
    config_text = disk.text(WORKSPACE_FILE)
    dev_text = disk.text(PROJECT_FILE)
    if config_text is not None:
        table = _polylith(config_text, WORKSPACE_FILE)
        if table is None:
            raise workspace.PolyFailure(
                f"{WORKSPACE_FILE} exists without a [tool.polylith] table; add "
                f'[tool.polylith] namespace = "{namespace}" or remove it. Nothing was written.'
            )
        _check_existing(table, WORKSPACE_FILE, namespace, theme_name)
    elif dev_text is not None and (table := _polylith(dev_text, PROJECT_FILE)) is not None:
        _check_existing(table, PROJECT_FILE, namespace, theme_name)
    else:
        text = templates.workspace_toml(namespace, theme_name or workspace.Theme.LOOSE.value)
        changes.append(Change(WORKSPACE_FILE, text))
    changes.extend(_keep_files(disk))
    if dev_text is None:
        name = canonicalize_name(f"{namespace.replace('.', '-')}-development")
        changes.append(Change(PROJECT_FILE, templates.development_pyproject(name, namespace)))
    if not disk.exists("README.md"):
        changes.append(Change("README.md", templates.workspace_readme(namespace)))
    old_ignore = disk.text(".gitignore")
    new_ignore = templates.gitignore(old_ignore)
    if new_ignore is not None:
        kind = ChangeKind.CREATE if old_ignore is None else ChangeKind.UPDATE
        changes.append(Change(".gitignore", new_ignore, kind, old_ignore))
    return Plan(disk.root, tuple(changes))


# -- bricks --------------------------------------------------------------------------------


def _refuse_existing(disk: Disk, paths: Sequence[str], what: str) -> None:
    for path in paths:
        if disk.exists(path):
            raise workspace.PolyFailure(
                f"{path} already exists, so {what} cannot be created there; remove it or "
                "pick another name. Nothing was written."
            )


def _development_change(disk: Disk, include: str, origin: str, notes: list[str]) -> Change | None:
    text = disk.text(PROJECT_FILE)
    if text is None:
        notes.append(
            f"no development project ({PROJECT_FILE}) at the workspace root: add "
            f'{{ include = "{include}", from = "{origin}" }} to its packages when you make one'
        )
        return None

    def redo(current: str) -> str:
        return pyproject.add_brick(current, include, origin, source=PROJECT_FILE)

    return pyproject.change_to(disk, PROJECT_FILE, redo(text), redo)


def plan_brick(
    ws: workspace.Workspace,
    disk: Disk,
    kind: workspace.BrickKind,
    name: str,
    description: str = "",
) -> Plan:
    """A new component or base: interface, sample code, its test, the development include."""
    check_brick_name(name)
    if "/" in name:
        _check_nested(ws, name)
    existing = ws.brick(name)
    if existing is not None:
        raise workspace.PolyFailure(
            f"{name!r} is already a {existing.kind.value} ({ws.relative(existing.path)}); "
            "pick another name. Nothing was written."
        )
    config = ws.config
    layout = _BrickLayout(config, kind, name)
    _refuse_existing(disk, (layout.package, layout.root), f"the {kind.value} {name!r}")
    ns = config.namespace
    files = [
        (
            f"{layout.package}/__init__.py",
            templates.brick_interface(ns, name, kind.value, description),
        ),
        (f"{layout.package}/core.py", templates.brick_core(name, kind.value)),
    ]
    if config.brick_docs_enabled:
        readme = templates.brick_readme(ns, name, kind.value, description)
        files.append((f"{layout.root}/README.md", readme))
    if config.test_enabled:
        files.append((f"{layout.tests}/__init__.py", ""))
        files.append((f"{layout.tests}/test_core.py", templates.brick_test(ns, name)))
    _refuse_existing(disk, [path for path, _ in files], f"the {kind.value} {name!r}")
    changes = [Change(path, text) for path, text in files]
    notes: list[str] = []
    include, origin = brick_include(config, kind, name)
    dev = _development_change(disk, include, origin, notes)
    if dev is not None:
        changes.append(dev)
    return Plan(disk.root, tuple(changes), tuple(notes))


# -- projects ------------------------------------------------------------------------------


def _upper_bound(version: str, caret: bool) -> str:
    parts = [int(p) for p in version.split(".")]
    if caret:
        index = next((i for i, p in enumerate(parts) if p != 0), len(parts) - 1)
    else:
        index = 0 if len(parts) == 1 else 1
    bumped = [*parts[:index], parts[index] + 1]
    return ".".join(str(p) for p in (bumped if len(bumped) > 1 else [*bumped, 0]))


def python_requirement(constraint: str) -> str | None:
    """`constraint` (PEP 440, or Poetry's `^3.10` / `~3.10` / space-separated) as PEP 440.

    None when it says nothing (`*`, empty) or cannot be translated (`||`, bare versions).
    """
    text = constraint.strip()
    if not text or text == "*":
        return None
    try:
        SpecifierSet(text)
        return text
    except InvalidSpecifier:
        pass
    clauses: list[str] = []
    for clause in re.split(r"\s*,\s*|\s+(?=[<>=!~^])", text):
        match = re.fullmatch(r"([\^~])\s*(\d+(?:\.\d+){0,2})", clause)
        if match:
            sign, version = match.groups()
            clauses += [f">={version}", f"<{_upper_bound(version, sign == '^')}"]
            continue
        try:
            SpecifierSet(clause)
        except InvalidSpecifier:
            return None
        if not re.match(r"[<>=!~]", clause):
            return None
        clauses.append(clause)
    return ",".join(clauses)


def project_requires_python(ws: workspace.Workspace) -> tuple[str, str | None]:
    """(requires-python for a new project, a note when the root's could not be used)."""
    dev = ws.development
    found = dev.requires_python if dev is not None else ""
    translated = python_requirement(found) if found else None
    if translated is not None:
        return translated, None
    if found and found.strip() != "*":
        return DEFAULT_PYTHON, (
            f"requires-python: the development project's python constraint {found!r} is not "
            f"a PEP 440 specifier; wrote {DEFAULT_PYTHON!r}, adjust it if needed"
        )
    return DEFAULT_PYTHON, None


def plan_project(
    ws: workspace.Workspace,
    disk: Disk,
    name: str,
    bricks: Sequence[workspace.Brick] = (),
    description: str = "",
    scripts: Sequence[tuple[str, str]] = (),
    script_notes: Sequence[str] = (),
) -> Plan:
    """A new deployable `projects/<name>/pyproject.toml` including exactly `bricks`, with the
    console `scripts` (checked by `check_scripts`, whose notes are `script_notes`)."""
    check_project_name(name)
    folder = project_paths(name)[0]
    _refuse_existing(disk, [folder], f"the project {name!r}")
    wanted = canonicalize_name(name)
    for project in ws.projects:
        if wanted in (canonicalize_name(project.name), canonicalize_name(project.folder_name)):
            raise workspace.PolyFailure(
                f"a project named {project.name!r} already exists "
                f"({ws.relative(project.file)}); pick another name. Nothing was written."
            )
    requires, note = project_requires_python(ws)
    includes = [brick_include(ws.config, b.kind, b.name, prefix="../../") for b in bricks]
    text = templates.project_pyproject(name, description, requires, includes, scripts)
    notes = ((note,) if note else ()) + tuple(script_notes)
    return Plan(disk.root, (Change(f"{folder}/{PROJECT_FILE}", text),), notes)


def resolve_bases(ws: workspace.Workspace, names: Sequence[str]) -> tuple[workspace.Brick, ...]:
    """The bases named (`create project --base`), in order, each once; unknown names and
    components are a `PolyError` (exit 2) listing the bases there are."""
    available = ", ".join(b.name for b in ws.bases) or (
        "none yet (create one with `poetry poly create base --name <name>`)"
    )
    found: list[workspace.Brick] = []
    for name in names:
        brick = ws.brick(name)
        if brick is None or brick.kind is not workspace.BrickKind.BASE:
            what = " (it is a component)" if brick is not None else ""
            raise workspace.PolyError(f"unknown base {name!r}{what}; available bases: {available}.")
        if brick not in found:
            found.append(brick)
    return tuple(found)
