"""`poetry poly build-project` (and `poetry build-project`, the incumbent's spelling): one
wheel and sdist per project, built from a hermetic stage."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import build, check, report, workspace
from brickwork.poetry_plugin.command import (
    PolyCommand,
    plural,
    projects_option,
    selected_project_names,
)

FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON)
SCHEMA = "brickwork.build/1"


@dataclass(frozen=True)
class BuildProjectOptions:
    projects: tuple[str, ...] = ()
    all: bool = False
    affected: bool = False
    formats: tuple[build.Format, ...] = build.ALL_FORMATS
    out_dir: Path | None = None
    clean: bool = False
    locked: bool = False
    requirements: bool = False
    verify: bool = False
    check: bool = True
    top_namespace: str | None = None
    temp_dir: Path | None = None
    output: report.OutputFormat = report.OutputFormat.TEXT

    def build_options(self) -> build.BuildOptions:
        return build.BuildOptions(
            formats=self.formats,
            out_dir=self.out_dir,
            clean=self.clean,
            top_namespace=self.top_namespace,
            locked=self.locked,
            requirements=self.requirements,
            temp_dir=self.temp_dir,
        )


@dataclass(frozen=True)
class Outcome:
    """One project's build: its result, or the one-line error that stopped it."""

    project: workspace.Project
    result: build.BuildResult | None = None
    error: str = ""
    exit_code: int = workspace.EXIT_OK
    verification: build.Verification | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def parse_formats(value: str | None) -> tuple[build.Format, ...]:
    if not value:
        return build.ALL_FORMATS
    try:
        return (build.Format(str(value).lower()),)
    except ValueError:
        raise workspace.PolyError(f"--format {value!r} is not wheel or sdist.") from None


def _path(value: Any) -> Path | None:
    return Path(str(value)).expanduser().resolve() if value else None


def choose_projects(
    ws: workspace.Workspace, opts: BuildProjectOptions
) -> tuple[workspace.Project, ...]:
    if opts.affected:
        # Hook: `--affected` selects the projects a change touches; it arrives with `poly diff`.
        raise workspace.PolyError("--affected is not available yet; name projects with --projects.")
    if opts.all:
        return ws.deployables
    if not opts.projects:
        raise workspace.PolyError(
            "which project? name it with --projects NAME, use --all, or run in a project folder "
            "(poetry -C projects/NAME poly build-project)."
        )
    chosen = check.select_projects(ws, opts.projects)
    for project in chosen:
        if project.is_development:
            raise workspace.PolyError(
                "the development project is not built with build-project; name a project "
                "under projects/."
            )
    return chosen


def build_one(
    ws: workspace.Workspace, project: workspace.Project, opts: BuildProjectOptions
) -> Outcome:
    """Build (and verify) one project; a `PolyError` becomes the outcome's error line."""
    try:
        result = build.build_project(ws, project, opts.build_options())
        verification = None
        if opts.verify and result.wheel is not None:
            verification = build.verify_wheel(result.wheel.path)
        code = workspace.EXIT_OK
        if verification is not None and not verification.ok:
            code = workspace.EXIT_FAILURE
        return Outcome(project, result, "", code, verification, result.notes)
    except workspace.PolyError as err:
        return Outcome(project, error=str(err), exit_code=err.exit_code)


def _size(size: int) -> str:
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"


def summary_lines(ws: workspace.Workspace, outcomes: list[Outcome]) -> list[str]:
    rows = []
    for outcome in outcomes:
        if outcome.result is None:
            rows.append([outcome.project.name, "<error>failed</error>", "-", "-", "-"])
            continue
        for item in outcome.result.artifacts:
            rows.append(
                [
                    outcome.project.name,
                    report.escape_tags(ws.relative(item.path)),
                    _size(item.size),
                    f"{outcome.result.seconds:.2f}",
                    item.sha256,
                ]
            )
    lines = report.render_table(["project", "artifact", "size", "seconds", "sha256"], rows)
    for outcome in outcomes:
        if outcome.verification is not None:
            lines += verification_lines(outcome.verification)
    return lines


def verification_lines(verification: build.Verification) -> list[str]:
    failed = [p for p in verification.probes if not p.ok]
    lines = [f"verify {verification.wheel.name}:"]
    for probe in verification.probes:
        mark = "<info>ok</info>  " if probe.ok else "<error>FAIL</error>"
        detail = f"  {report.escape_tags(probe.error)}" if probe.error else ""
        lines.append(f"  {mark} {probe.kind} {probe.name}{detail}")
    verdict = "✔ every module imports" if not failed else f"✘ {plural(len(failed), 'failure')}"
    return [*lines, f"  {verdict}"]


def build_data(ws: workspace.Workspace, outcomes: list[Outcome], code: int) -> dict[str, Any]:
    """The documented JSON shape of `poly build-project --output json`."""

    def project(outcome: Outcome) -> dict[str, Any]:
        result = outcome.result
        return {
            "name": outcome.project.name,
            "ok": outcome.exit_code == workspace.EXIT_OK,
            "error": outcome.error or None,
            "seconds": round(result.seconds, 3) if result else None,
            "artifacts": [
                {"format": a.format.value, "path": str(a.path), "size": a.size, "sha256": a.sha256}
                for a in (result.artifacts if result else ())
            ],
            "requirements": str(result.requirements) if result and result.requirements else None,
            "notes": list(outcome.notes),
            "verify": None
            if outcome.verification is None
            else [
                {"kind": p.kind, "name": p.name, "ok": p.ok, "error": p.error or None}
                for p in outcome.verification.probes
            ],
        }

    return {
        "schema": SCHEMA,
        "root": str(ws.root),
        "projects": [project(o) for o in outcomes],
        "exit_code": code,
    }


class BuildProjectCommand(PolyCommand):
    name = "poly build-project"
    description = "Build one wheel and sdist per project, from a hermetic stage."
    formats = FORMATS
    options: ClassVar[list[Option]] = [
        projects_option(),
        option("all", None, "Build every project under projects/."),
        option("affected", None, "Projects a change touches (not available yet)."),
        option("format", "f", "Only this format: wheel or sdist.", flag=False),
        option("output-dir", None, "Where the artifacts go (default: <project>/dist).", flag=False),
        option("clean", None, "Remove the project's old wheels and sdists there first."),
        option("locked", None, "Pin every runtime requirement to the version in poetry.lock."),
        option("requirements", None, "Also write requirements.txt (pinned, hashes) there."),
        option("verify", None, "Install the wheel in a fresh venv and import every module."),
        option("with-top-namespace", None, "Ship acme.x as NS.acme.x.", flag=False),
        option(
            "custom-temp-path", None, "Make the stage there, not in the system temp.", flag=False
        ),
        option("no-check", None, "Build without running check for the projects first."),
        option("output", None, "Output format: text|json.", flag=False, default=None),
    ]

    def options_from_input(self, ws: workspace.Workspace) -> BuildProjectOptions:
        return BuildProjectOptions(
            projects=selected_project_names(self, ws),
            all=bool(self.option("all")),
            affected=bool(self.option("affected")),
            formats=parse_formats(self.option("format")),
            out_dir=_path(self.option("output-dir")),
            clean=bool(self.option("clean")),
            locked=bool(self.option("locked")),
            requirements=bool(self.option("requirements")),
            verify=bool(self.option("verify")),
            check=not self.option("no-check"),
            top_namespace=self.option("with-top-namespace") or None,
            temp_dir=_path(self.option("custom-temp-path")),
            output=self.output_format(),
        )

    def refuse_on_findings(
        self, ws: workspace.Workspace, projects: tuple[workspace.Project, ...]
    ) -> bool:
        """Run check (bricks and libraries) for `projects`; print its findings and return True
        when it fails."""
        from brickwork import graph, imports
        from brickwork.poetry_plugin.cmd_check import CheckOptions, library_findings, text_lines

        names = tuple(p.name for p in projects)
        opts = CheckOptions(projects=names)
        scan = imports.scan_workspace(ws)
        findings = check.run_checks(
            ws,
            scan,
            graph.build_graph(ws, scan),
            projects=names,
            extra=library_findings(ws, scan, opts),
        )
        if check.exit_code(findings) == workspace.EXIT_OK:
            return False
        bricks = len({b for p in projects for b in p.bricks})
        self.io.write_error_line(text_lines(ws, findings, len(projects), bricks))
        self.line_error(
            "<error>not built: check failed; fix the findings, or build anyway with "
            "--no-check.</error>"
        )
        return True

    def run_command(self) -> int:
        ws = self.load_workspace()
        opts = self.options_from_input(ws)
        projects = choose_projects(ws, opts)
        if not projects:
            raise workspace.PolyError("no projects under projects/ to build.")
        if opts.check and self.refuse_on_findings(ws, projects):
            return workspace.EXIT_FAILURE
        outcomes = self.build_all(ws, projects, opts)
        code = max((o.exit_code for o in outcomes), default=workspace.EXIT_OK)
        if opts.output is report.OutputFormat.JSON:
            self.emit(report.to_json(build_data(ws, outcomes, code)))
        else:
            self.emit(summary_lines(ws, outcomes))
        return code

    def build_all(
        self,
        ws: workspace.Workspace,
        projects: tuple[workspace.Project, ...],
        opts: BuildProjectOptions,
    ) -> list[Outcome]:
        """Build in parallel (up to the core count); a progress line per project on stderr."""
        done: dict[str, Outcome] = {}
        workers = max(1, min(len(projects), os.cpu_count() or 1))
        if workers == 1:
            for project in projects:
                done[project.name] = build_one(ws, project, opts)
                self.progress(done[project.name], len(done), len(projects))
            return [done[p.name] for p in projects]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(build_one, ws, p, opts) for p in projects]
            for future in as_completed(futures):
                outcome = future.result()
                done[outcome.project.name] = outcome
                self.progress(outcome, len(done), len(projects))
        return [done[p.name] for p in projects]

    def progress(self, outcome: Outcome, index: int, total: int) -> None:
        name = outcome.project.name
        for note in outcome.notes:
            self.line_error(
                f"<comment>note: {report.escape_tags(name)}: {report.escape_tags(note)}</>"
            )
        if outcome.result is None:
            self.line_error(
                f"<error>[{index}/{total}] {name}: {report.escape_tags(outcome.error)}</>"
            )
            return
        files = ", ".join(a.path.name for a in outcome.result.artifacts)
        verdict = "" if outcome.exit_code == 0 else " (verify failed)"
        self.line_error(
            f"[{index}/{total}] built {name} in {outcome.result.seconds:.2f} s: {files}{verdict}"
        )


class BuildProjectCompatCommand(BuildProjectCommand):
    """`poetry build-project`: the incumbent's command and options, for existing CI scripts.
    Builds the project of the current folder (`poetry build-project -C projects/svc`)."""

    name = "build-project"
    description = "Build the project in this folder with its bricks (poetry-multiproject-plugin)."
    options: ClassVar[list[Option]] = [
        option("format", "f", "Only this format: wheel or sdist.", flag=False),
        option("output-dir", "o", "Where the artifacts go (default: dist).", flag=False),
        option("clean", None, "Remove the project's old wheels and sdists there first."),
        option("with-top-namespace", None, "Ship acme.x as NS.acme.x.", flag=False),
        option(
            "custom-temp-path", None, "Make the stage there, not in the system temp.", flag=False
        ),
    ]

    def options_from_input(self, ws: workspace.Workspace) -> BuildProjectOptions:
        cwd = Path.cwd().resolve()
        here = [p.name for p in ws.deployables if p.path == cwd or p.path in cwd.parents]
        return BuildProjectOptions(
            projects=tuple(here[:1]),
            formats=parse_formats(self.option("format")),
            out_dir=_path(self.option("output-dir")),
            clean=bool(self.option("clean")),
            check=False,
            top_namespace=self.option("with-top-namespace") or None,
            temp_dir=_path(self.option("custom-temp-path")),
        )
