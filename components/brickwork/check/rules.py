"""The brick rules: pure functions from the model to findings, one stable code each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from brickwork import graph
from brickwork.check.needs import ProjectNeeds, conditional_findings, project_needs
from brickwork.imports import FileImports, Import, ImportSite, WorkspaceImports, brick_of
from brickwork.workspace import (
    Brick,
    BrickKind,
    Finding,
    Project,
    Workspace,
    codes,
    default_severity,
)


@dataclass(frozen=True)
class Scope:
    """What one run checks: the selected projects and the bricks they include."""

    projects: tuple[Project, ...]
    bricks: frozenset[str]
    development: bool
    """Whether the development project (and its own non-brick files) is checked."""


def workspace_problems(ws: Workspace, scope: Scope, *, everything: bool) -> list[Finding]:
    """BW001-BW008, found while reading the workspace; those of the scope when restricted."""
    if everything:
        return list(ws.problems)
    files = {p.file for p in scope.projects}
    folders = [b.root for b in ws.bricks if b.name in scope.bricks]
    return [
        p
        for p in ws.problems
        if p.path in files or any(p.path == f or f in p.path.parents for f in folders)
    ]


def _scanned_files(
    ws_imports: WorkspaceImports, scope: Scope
) -> Iterator[tuple[str | None, FileImports]]:
    """(owning brick or None for tests and development files, file) of every file in scope."""
    for name in sorted(scope.bricks):
        scanned = ws_imports.bricks.get(name)
        if scanned is None:
            continue
        for file in scanned.files:
            yield name, file
        for file in scanned.tests:
            yield None, file
    if scope.development:
        for file in ws_imports.development:
            yield None, file
    for project in scope.projects:
        for file in ws_imports.projects.get(project.name, ()):
            yield None, file


def _development_packages(ws: Workspace, ws_imports: WorkspaceImports) -> set[str]:
    """Names under the namespace that the development project's own packages provide."""
    return {
        name
        for f in ws_imports.development
        if (name := brick_of(f.module, ws.namespace, ws.nested)) is not None
    }


def _unless_ignored(
    code: str, message: str, file: FileImports, imp: Import, target: graph.Target
) -> list[Finding]:
    if imp.suppresses(code):
        return []
    severity = default_severity(code)
    return [Finding(code, message, file.path, imp.line, target.dotted, severity)]


def _target_findings(
    ws: Workspace,
    known: Mapping[str, Brick],
    owner: str | None,
    file: FileImports,
    imp: Import,
    target: graph.Target,
    development: set[str],
) -> list[Finding]:
    brick = known.get(target.name)
    if brick is None:
        if target.name in development or target.name in ws.nested:
            return []  # a package of the development project; a grouping folder (ADR 0025)
        message = (
            f"{target.dotted} is not a brick: there is no component or base "
            f"{target.name!r}; fix the import or create the brick"
        )
        return _unless_ignored(codes.NOT_A_BRICK, message, file, imp, target)
    source = known.get(owner) if owner is not None else None
    if source is None or target.name == owner:
        return []  # tests and development files may import anything; a brick itself too
    found: list[Finding] = []
    if source.kind is BrickKind.COMPONENT and brick.kind is BrickKind.BASE:
        message = (
            f"component {owner!r} imports base {target.name!r} ({target.dotted}); components "
            "must not depend on bases: move the shared code into a component"
        )
        found += _unless_ignored(codes.COMPONENT_IMPORTS_BASE, message, file, imp, target)
    if target.submodule and not (brick.group and "." not in target.submodule):
        interface = ws.interface(target.name)
        if brick.group:  # nested bricks: each sub-package is an interface
            interface += "." + target.submodule.split(".", 1)[0]
        message = (
            f"{target.dotted} is inside brick {target.name!r}; import from its interface "
            f"{interface} instead (export the name from its __init__.py)"
        )
        found += _unless_ignored(codes.NON_INTERFACE_IMPORT, message, file, imp, target)
    return found


def import_findings(ws: Workspace, ws_imports: WorkspaceImports, scope: Scope) -> list[Finding]:
    """BW102, BW103, BW105 and BW107: what each file's imports say about the bricks."""
    findings: list[Finding] = []
    development = _development_packages(ws, ws_imports)
    known = {b.name: b for b in ws.bricks}
    namespace = ws.namespace
    prefix = namespace + "."
    groups = {f"{prefix}{g}" for g in ws.nested}  # `from acme.aws import s3`
    targets: dict[object, tuple[graph.Target, ...]] = {}  # imports repeat a lot
    for owner, file in _scanned_files(ws_imports, scope):
        source = known.get(owner) if owner is not None else None
        # a finding needs an unknown name, or a brick that imports another brick's inside
        # or (a component) a base: most imports of a brick's interface need no more look
        component = source is not None and source.kind is BrickKind.COMPONENT
        if file.error is not None:
            findings.append(
                Finding(
                    codes.UNREADABLE_FILE,
                    f"imports cannot be recovered, so no rule can check this file: {file.error}",
                    file.path,
                    file.error_line,
                    subject=file.module,
                )
            )
        for imp in file.imports:
            module = imp.module
            if module != namespace and not module.startswith(prefix):
                continue  # third-party or standard library: no brick
            decides = module == namespace or module in groups  # the names decide too
            key = (module, imp.names) if decides else module
            found = targets.get(key)
            if found is None:
                found = targets[key] = graph.namespace_targets(namespace, imp, ws.nested)
            for target in found:
                brick = known.get(target.name)
                if brick is not None and (
                    source is None
                    or target.name == owner
                    or not (target.submodule or (component and brick.kind is BrickKind.BASE))
                ):
                    continue  # what `_target_findings` finds nothing in
                findings += _target_findings(ws, known, owner, file, imp, target, development)
    return findings


def _site(ws: Workspace, site: ImportSite) -> str:
    return f"{ws.relative(site.path)}:{site.line}"


def cycle_findings(ws: Workspace, bricks: graph.BrickGraph, scope: Scope) -> list[Finding]:
    """BW106: every brick cycle (runtime imports) touching the scope, as a full chain."""
    findings: list[Finding] = []
    noted: set[tuple[str, ...]] = set()
    cycles = sorted(
        graph.cycles_of(bricks.without(codes.BRICK_CYCLE), scope.bricks),
        key=lambda c: (ws.relative(c.sites[0].path), c.sites[0].line, c.chain),
    )
    for cycle in cycles:
        steps = ", ".join(
            f"{_site(ws, site)} imports {cycle.bricks[(i + 1) % len(cycle.bricks)]}"
            for i, site in enumerate(cycle.sites)
        )
        more = ""
        if not cycle.complete and cycle.group not in noted:  # said once, on the group's first
            noted.add(cycle.group)
            names = ", ".join(cycle.group[:6]) + (", ..." if len(cycle.group) > 6 else "")
            more = f"; the {len(cycle.group)} bricks {names} form more cycles than are listed"
        findings.append(
            Finding(
                codes.BRICK_CYCLE,
                f"brick cycle {cycle.chain} ({steps}); break it by moving what they share "
                f"into another component{more}",
                cycle.sites[0].path,
                cycle.sites[0].line,
                subject=cycle.chain,
                severity=default_severity(codes.BRICK_CYCLE),
            )
        )
    return findings


def _include_line(project: Project, brick: str) -> int | None:
    return next((i.line for i in project.includes if brick in i.bricks), None)


def _missing_findings(ws: Workspace, needs: ProjectNeeds) -> list[Finding]:
    project = needs.project
    where = ws.relative(project.file)
    findings = [
        Finding(
            codes.MISSING_BRICK,
            f"project {project.name!r} does not include brick {use.brick!r}, needed by its "
            f"own package {use.file.module}; add it to {where}",
            use.file.path,
            use.imp.line,
            subject=use.brick,
        )
        for use in needs.local
    ]
    findings += [
        Finding(
            codes.MISSING_BRICK,
            f"project {project.name!r} does not include brick {missing.brick!r}, "
            f"needed by {' -> '.join(missing.chain)}; add it to {where}",
            missing.site.path,
            missing.site.line,
            subject=missing.brick,
        )
        for missing in needs.missing
    ]
    return findings


def _unneeded_findings(ws: Workspace, needs: ProjectNeeds) -> list[Finding]:
    project = needs.project
    where = ws.relative(project.file)
    severity = default_severity(codes.UNNEEDED_BRICK)
    findings = [
        Finding(
            codes.UNNEEDED_BRICK,
            f"project {project.name!r} includes brick {brick!r} but none of its bricks "
            f"needs it; remove it from {where}, or list it under "
            f"[tool.brickwork.check.allow] {project.name} if it is loaded another way",
            project.file,
            _include_line(project, brick),
            subject=brick,
            severity=severity,
        )
        for brick in needs.unneeded
    ]
    for brick in needs.shipped_twice:
        provider = needs.provided[brick]
        dependency = " -> ".join(provider.through)
        findings.append(
            Finding(
                codes.UNNEEDED_BRICK,
                f"project {project.name!r} includes brick {brick!r}, which it also gets with "
                f"its dependency {dependency} (project {provider.project.name!r}): both wheels "
                f"would ship {ws.interface(brick)}; remove it from {where}",
                project.file,
                _include_line(project, brick),
                subject=brick,
                severity=severity,
            )
        )
    return findings


def project_findings(
    ws: Workspace,
    bricks: graph.BrickGraph,
    projects: Iterable[Project],
    allow: Mapping[str, tuple[str, ...]],
    ws_imports: WorkspaceImports | None = None,
    known: Sequence[ProjectNeeds] | None = None,
) -> list[Finding]:
    """BW101 (a project lacks a brick it needs) and BW108 (it carries one it does not need,
    or one a dependency ships too), as `project_needs` answers for each deployable (`known`:
    its answers for these projects and more, when already asked)."""
    deployables = [p for p in projects if not p.is_development]
    if known is None:
        answers = project_needs(ws, ws_imports, bricks, deployables, allow=allow)
    else:
        wanted = {id(p) for p in deployables}
        answers = tuple(n for n in known if id(n.project) in wanted)
    findings: list[Finding] = []
    for needs in answers:
        findings += _missing_findings(ws, needs)
        findings += conditional_findings(ws, needs)  # optional imports: warnings
        findings += _unneeded_findings(ws, needs)
    return findings


def _include_hint(ws: Workspace, brick: Brick) -> str:
    package = brick.path
    depth = len(ws.namespace.split(".")) + brick.name.count("/")  # `aws/s3`: one more
    origin = ws.relative(package.parents[depth])
    include = package.relative_to(package.parents[depth]).as_posix()
    return f'{{ include = "{include}", from = "{origin}" }}'


def development_findings(
    ws: Workspace, bricks: graph.BrickGraph, known: Sequence[ProjectNeeds] | None = None
) -> list[Finding]:
    """BW109: bricks that the development project (the root pyproject.toml) leaves out
    (`known`: `project_needs` of it and more, when already asked)."""
    development = ws.development
    if development is None:
        return []
    asked = [n for n in known or () if n.project is development]
    (needs,) = asked or project_needs(ws, None, bricks, [development], allow={})
    return [
        Finding(
            codes.NOT_IN_DEVELOPMENT,
            f"brick {name!r} is not included in the development project; add "
            f"{_include_hint(ws, brick)} to packages in {ws.relative(development.file)}",
            development.file,
            subject=name,
            severity=default_severity(codes.NOT_IN_DEVELOPMENT),
        )
        for name in needs.omitted
        if (brick := ws.brick(name)) is not None
    ]
