"""`poetry poly libs`: third-party libraries per brick and per project, and their versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import check, libs, report, workspace
from brickwork.poetry_plugin.analysis import library_analysis
from brickwork.poetry_plugin.command import PolyCommand, output_option, projects_option

FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON, report.OutputFormat.SARIF)


@dataclass(frozen=True)
class LibsOptions:
    projects: tuple[workspace.Project, ...] = ()
    """The projects named (empty: the whole workspace)."""
    output: report.OutputFormat = report.OutputFormat.TEXT
    aliases: tuple[tuple[str, str], ...] = ()
    """(distribution, import names): `--alias opencv-python=cv2`."""
    strict: bool = False


class LibsCommand(PolyCommand):
    name = "poly libs"
    description = "Show third-party libraries per brick and project: missing, unused, versions."
    formats = FORMATS
    options: ClassVar[list[Option]] = [
        projects_option(),
        output_option(FORMATS),
        option(
            "alias",
            None,
            "Import names of distributions: opencv-python=cv2,pyyaml=yaml.",
            flag=False,
            multiple=True,
        ),
        option("strict", None, "Different library versions across projects are errors."),
    ]

    def run_command(self) -> int:
        ws = self.load_workspace()
        opts = LibsOptions(
            projects=self.selected_projects(ws),
            output=self.output_format(),
            aliases=tuple(libs.parse_alias_option(self.option_values("alias")).items()),
            strict=bool(self.option("strict")),
        )
        if not opts.projects and not opts.aliases and not opts.strict:
            result = library_analysis(self, ws)  # the analysis `check` reads too
        else:
            scan = self.scan(ws, reach=opts.projects)  # of some projects: what they reach
            with self.progress.phase("libraries"):
                result = libs.analyse(
                    ws,
                    scan,
                    strict=opts.strict,
                    aliases=dict(opts.aliases),
                    projects=tuple(p.name for p in opts.projects),
                )
        for note in result.notes:
            self.progress.note(note)
        selected = bool(opts.projects)
        exit_code = check.exit_code(result.findings)
        if opts.output is report.OutputFormat.JSON:
            data = report.libs_data(
                ws, result, strict=opts.strict, selected=selected, exit_code=exit_code
            )
            self.emit_raw(report.to_json(data))
        elif opts.output is report.OutputFormat.SARIF:
            log = report.findings_sarif(
                ws, result.findings, command="libs", exit_code=exit_code, notes=result.notes
            )
            self.emit_raw(report.to_json(log))
        else:
            self.emit(report.libs_lines(ws, result, selected=selected))
        return exit_code
