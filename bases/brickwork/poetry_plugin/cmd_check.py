"""`poetry poly check`: validate the bricks and projects; findings decide the exit code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import report, workspace
from brickwork.poetry_plugin.command import (
    PolyCommand,
    failing,
    output_option,
    projects_option,
)

if TYPE_CHECKING:
    from brickwork import check

FORMATS = (
    report.OutputFormat.TEXT,
    report.OutputFormat.JSON,
    report.OutputFormat.GITHUB,
    report.OutputFormat.SARIF,
)


@dataclass(frozen=True)
class CheckOptions:
    strict: bool = False
    projects: tuple[workspace.Project, ...] = ()
    """The projects named (empty: the whole workspace)."""
    output: report.OutputFormat = report.OutputFormat.TEXT
    aliases: tuple[tuple[str, str], ...] = ()
    """(distribution, import names) for the library rules: `--alias opencv-python=cv2`."""
    selection: check.CodeSelection | None = None
    """`--select` / `--ignore`: the finding codes (or prefixes) this run reports (None: all)."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.projects)


class CheckCommand(PolyCommand):
    name = "poly check"
    description = "Check bricks and projects: missing bricks, cycles, imports that break rules."
    formats = FORMATS
    reusable = True
    quiet_result = True  # -q prints only the findings that fail the run
    options: ClassVar[list[Option]] = [
        option("strict", None, "Fail on warnings too; cycles and interface bypasses are errors."),
        projects_option(),
        output_option(FORMATS),
        option(
            "alias",
            None,
            "Import names of distributions for the library rules: opencv-python=cv2,pyyaml=yaml.",
            flag=False,
            multiple=True,
        ),
        option(
            "select",
            None,
            "Report only these finding codes or prefixes: BW1,BW203 (repeatable).",
            flag=False,
            multiple=True,
        ),
        option(
            "ignore",
            None,
            "Do not report these finding codes or prefixes: BW108,BW2 (repeatable).",
            flag=False,
            multiple=True,
        ),
    ]

    def run_command(self) -> int:
        from brickwork import check, libs  # not needed when an earlier result is reused

        ws = self.load_workspace()
        opts = CheckOptions(
            strict=bool(self.option("strict")),
            projects=self.selected_projects(ws),
            output=self.output_format(),
            aliases=tuple(libs.parse_alias_option(self.option_values("alias")).items()),
            selection=check.CodeSelection(
                select=check.parse_codes("select", self.option_values("select")),
                ignore=check.parse_codes("ignore", self.option_values("ignore")),
            ),
        )
        scan = self.scan(ws)
        findings = self.run_check(  # builds the graph while the library rules run beside
            ws,
            scan,
            None,
            opts.projects,
            strict=opts.strict,
            aliases=opts.aliases,
            selection=opts.selection,
        )
        scope = workspace.scope_size(ws, opts.projects)
        summary = report.summary_line(findings, *scope)
        exit_code = check.exit_code(findings, opts.strict)
        if opts.output is report.OutputFormat.JSON:
            projects = [p.name for p in opts.projects or ws.projects]
            data = report.check_data(
                findings,
                ws.root,
                strict=opts.strict,
                projects=projects,
                scope=scope,
                exit_code=exit_code,
            )
            self.emit(report.to_json(data))
        elif opts.output is report.OutputFormat.SARIF:
            log = report.findings_sarif(
                ws, findings, command="check", exit_code=exit_code, notes=self.progress.notes
            )
            self.emit(report.to_json(log))
        elif opts.output is report.OutputFormat.GITHUB:
            self.emit(report.github_lines(findings, report.repository_root(ws.root), summary))
        elif not self.quiet:
            self.emit(report.findings_text(findings, ws.root, summary))
        elif exit_code:  # -q: only what fails the run, and the summary
            self.emit(report.findings_text(failing(findings, opts.strict), ws.root, summary))
        return exit_code
