"""`poetry poly build-project` (and `poetry build-project`, the incumbent's spelling): one
wheel and sdist per project, built from a hermetic stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import packaging, report, workspace
from brickwork.poetry_plugin.cmd_diff import since_option
from brickwork.poetry_plugin.command import (
    KEPT,
    PolyCommand,
    check_errors,
    projects_option,
    refusal,
)

FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON)
TEMP_OPTION = option(
    "custom-temp-path", None, "Make the stage there, not in the system temp.", flag=False
)
SCRIPT_OPTION = option(
    "allow-build-script",
    None,
    "Run the project's [tool.poetry.build] script (on a private copy of the stage).",
)


@dataclass(frozen=True)
class BuildProjectOptions:
    projects: tuple[workspace.Project, ...] = ()
    all: bool = False
    affected: bool = False
    since: str | None = None
    build: packaging.BuildOptions = field(default_factory=packaging.BuildOptions)
    verify: bool = False
    check: bool = True
    output: report.OutputFormat = report.OutputFormat.TEXT


def parse_formats(value: str | None) -> tuple[packaging.Format, ...]:
    if not value:
        return packaging.ALL_FORMATS
    try:
        return (packaging.Format(str(value).lower()),)
    except ValueError:
        raise workspace.PolyError(f"--format {value!r} is not wheel or sdist.") from None


def _path(value: Any) -> Path | None:
    return Path(str(value)).expanduser().resolve() if value else None


class BuildProjectCommand(PolyCommand):
    name = "poly build-project"
    description = "Build one wheel and sdist per project, from a hermetic stage."
    formats = FORMATS
    stops_cleanly = True
    options: ClassVar[list[Option]] = [
        projects_option(),
        option("all", None, "Build every project under projects/."),
        option("affected", None, "Build the projects a change since the stable point touches."),
        since_option(),
        option("format", "f", "Only this format: wheel or sdist.", flag=False),
        option("output-dir", None, "Where the artifacts go (default: <project>/dist).", flag=False),
        option("clean", None, "Remove the project's old wheels and sdists there first."),
        option("locked", None, "Pin every runtime requirement to the version in poetry.lock."),
        option("requirements", None, "Also write requirements.txt (pinned, hashes) there."),
        option("verify", None, "Install the wheel in a fresh venv and import every module."),
        option("with-top-namespace", None, "Ship acme.x as NS.acme.x.", flag=False),
        TEMP_OPTION,
        SCRIPT_OPTION,
        option("no-check", None, "Build without running check for the projects first."),
        option("output", None, "Output format: text|json.", flag=False, default=None),
    ]

    def options_from_input(self, ws: workspace.Workspace) -> BuildProjectOptions:
        return BuildProjectOptions(
            projects=self.selected_projects(ws),
            all=bool(self.option("all")),
            affected=bool(self.option("affected")),
            since=self.option("since") or None,
            build=self.build_options(),
            verify=bool(self.option("verify")),
            check=not self.option("no-check"),
            output=self.output_format(),
        )

    def build_options(self) -> packaging.BuildOptions:
        """The options of one build, from the options this command has."""
        has = self.definition.has_option
        return packaging.BuildOptions(
            formats=parse_formats(self.option("format")),
            out_dir=_path(self.option("output-dir")),
            clean=bool(self.option("clean")),
            top_namespace=self.option("with-top-namespace") or None,
            locked=has("locked") and bool(self.option("locked")),
            requirements=has("requirements") and bool(self.option("requirements")),
            temp_dir=_path(self.option("custom-temp-path")),
            allow_build_script=has("allow-build-script")
            and bool(self.option("allow-build-script")),
        )

    def choose(
        self, ws: workspace.Workspace, opts: BuildProjectOptions
    ) -> tuple[workspace.Project, ...]:
        """The projects to build: named, `--all`, or `--affected` since a stable point."""
        if opts.affected:
            from brickwork import changes

            scanned = self.scan(ws)
            bricks = self.brick_graph(ws, scanned)
            affected = changes.affected_since(ws, scanned, bricks, opts.since)
            named = {p.name for p in opts.projects}
            return tuple(
                p
                for p in ws.deployables
                if p.name in affected.projects and (not named or p.name in named)
            )
        if opts.all:
            return ws.deployables
        if not opts.projects:
            raise workspace.PolyError(
                "which project? name it with --projects NAME, use --all or --affected, or run in "
                "a project folder (poetry -C projects/NAME poly build-project)."
            )
        if any(p.is_development for p in opts.projects):
            raise workspace.PolyError(
                "the development project is not built with build-project; name a project "
                "under projects/."
            )
        return opts.projects

    def run_command(self) -> int:
        ws = self.load_workspace()
        opts = self.options_from_input(ws)
        projects = self.choose(ws, opts)
        if not projects:
            if opts.affected:
                self.line_error("nothing to build: no project is affected by the changes.")
                if opts.output is report.OutputFormat.JSON:
                    self.emit_raw(report.to_json(report.build_data([], ws.root, workspace.EXIT_OK)))
                return workspace.EXIT_OK
            raise workspace.PolyError("no projects under projects/ to build.")
        refused = self.refused(ws, projects) if opts.check else {}
        if len(refused) == len(projects):
            if opts.output is report.OutputFormat.JSON:  # every project, each refused
                failed = [
                    packaging.Outcome(p, error=refused[p.path], exit_code=1) for p in projects
                ]
                self.emit_raw(report.to_json(report.build_data(failed, ws.root, 1)))
            return workspace.EXIT_FAILURE
        chosen = [p for p in projects if p.path not in refused]
        self._running = {"building": [], "verifying": []}
        self._built = 0
        try:
            ended = packaging.build_many(ws, chosen, opts.build, verify=opts.verify, step=self.step)
        finally:
            self.progress.status("")
        built = iter(ended)
        outcomes = [
            packaging.Outcome(p, error=refused[p.path], exit_code=workspace.EXIT_FAILURE)
            if p.path in refused
            else next(built)
            for p in projects
        ]
        code = max((o.exit_code for o in outcomes), default=workspace.EXIT_OK)
        if opts.output is report.OutputFormat.JSON:
            self.emit_raw(report.to_json(report.build_data(outcomes, ws.root, code)))
        else:
            self.emit(report.build_summary(outcomes, ws.root))
        return code

    def refused(
        self, ws: workspace.Workspace, projects: tuple[workspace.Project, ...]
    ) -> dict[Path, str]:
        """The projects `check` refuses (by folder), each judged alone (as `poly check
        --projects P` judges it), with the line that says so; their errors are shown on
        stderr once."""
        scanned = self.scan(ws)
        bricks = self.brick_graph(ws, scanned)
        findings = self.run_check(ws, scanned, bricks, projects)
        errors = check_errors(findings)
        if not errors:
            return {}
        if len(projects) == 1:
            self.refuse_on_errors(ws, findings, "not built")
            return {projects[0].path: refusal("not built", errors)}
        alone = {
            p: check_errors(self.run_check(ws, scanned, bricks, (p,), notes=False))
            for p in projects
        }
        refused = {p: errors for p, errors in alone.items() if errors}
        shown = sorted(
            {f for errors in refused.values() for f in errors},
            key=lambda f: (f.code, str(f.path), f.line or 0, f.message),
        )
        self.show_errors(ws, shown)
        for project, errors in refused.items():
            self.reason(f"<error>{project.name}: {refusal('not built', errors)}</error>")
        return {p.path: refusal("not built", errors) for p, errors in refused.items()}

    _running: dict[str, list[str]]
    _built = 0

    def step(self, step: packaging.Step) -> None:
        """Say on stderr what the batch does as it goes: a line when a build or verification
        ends (a failure's line is kept under `-q`), and what runs now: on a terminal in a
        status line rewritten in place, elsewhere (a pipe, a CI log) as a `verifying svc…`
        line, since a verification takes seconds to minutes; a build's start is not a line."""
        name, outcome, progress = step.project.name, step.outcome, self.progress
        if step.kind in self._running:
            self._running[step.kind].append(name)
            if step.kind == "verifying" and not progress.live:
                progress.line(f"verifying {report.escape_tags(name)}…")
        elif outcome is not None:
            self._running["building" if step.kind == "built" else "verifying"].remove(name)
            kept = KEPT if outcome.result is None else None
            if step.kind == "built":
                self._built += 1
                if outcome.notes:
                    progress.line(report.build_notes(outcome))
                progress.line(report.build_line(outcome, self._built, step.total), kept)
            else:
                progress.line(report.verify_line(outcome), kept)
        running = self._running
        progress.status(
            report.build_status(running["building"], running["verifying"], step.done, step.total)
        )
