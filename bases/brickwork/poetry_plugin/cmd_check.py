"""`poetry poly check`: validate the bricks and projects; findings decide the exit code."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import report, workspace
from brickwork.poetry_plugin.analysis import ALL, check_analysis
from brickwork.poetry_plugin.command import (
    PolyCommand,
    failing,
    output_option,
    projects_option,
)

FORMATS = (
    report.OutputFormat.TEXT,
    report.OutputFormat.JSON,
    report.OutputFormat.GITHUB,
    report.OutputFormat.SARIF,
)


class CheckCommand(PolyCommand):
    name = "poly check"
    description = "Check bricks and projects: missing bricks, cycles, imports that break rules."
    formats = FORMATS
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
        from brickwork import check

        aliases: tuple[tuple[str, str], ...] = ()
        if self.option_values("alias"):  # the library room is loaded only to analyse
            from brickwork import libs

            aliases = tuple(libs.parse_alias_option(self.option_values("alias")).items())
        selection = check.CodeSelection(
            select=check.parse_codes("select", self.option_values("select")),
            ignore=check.parse_codes("ignore", self.option_values("ignore")),
        )
        strict = bool(self.option("strict"))
        output = self.output_format()
        given = self.option("project") if self.definition.has_option("project") else None
        named = self.option_values("projects")
        chosen = ALL  # at the root with no project named: the analysis `test` reads too
        if named or given or workspace.find_root(Path.cwd()) != Path.cwd().resolve():
            chosen = ("options", named, given)
        analysis = check_analysis(self, chosen, self.selected_projects, aliases)
        findings = check.view_findings(
            analysis.findings,
            analysis.unused,
            dict(analysis.severity),
            analysis.root,
            strict=strict,
            selection=selection,
        )
        summary = report.summary_line(findings, *analysis.scope)
        exit_code = check.exit_code(findings, strict)
        if output is report.OutputFormat.JSON:
            data = report.check_data(
                findings,
                analysis.root,
                strict=strict,
                projects=list(analysis.projects),
                scope=analysis.scope,
                exit_code=exit_code,
            )
            self.emit_raw(report.to_json(data))
        elif output is report.OutputFormat.SARIF:
            log = report.sarif_log(
                findings,
                repository=analysis.repository,
                project_file=analysis.project_file,
                command="check",
                exit_code=exit_code,
                notes=self.progress.notes,
            )
            self.emit_raw(report.to_json(log))
        elif output is report.OutputFormat.GITHUB:
            self.emit_raw(report.github_lines(findings, analysis.repository, summary))
        elif not self.quiet or exit_code:  # -q: only what fails the run, and the summary
            shown = failing(findings, strict) if self.quiet else findings
            style = self.io.output.formatter.format
            self.emit_raw(report.findings_styled(shown, analysis.root, summary, style))
        return exit_code
