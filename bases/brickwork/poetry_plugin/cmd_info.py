"""`poetry poly info`: the workspace at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import report, workspace
from brickwork.poetry_plugin.command import PolyCommand, output_option

FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON)


@dataclass(frozen=True)
class InfoOptions:
    output: report.OutputFormat = report.OutputFormat.TEXT
    short: bool = False
    save: bool = False


class InfoCommand(PolyCommand):
    name = "poly info"
    description = "Show the workspace: bricks, projects and which project uses which brick."
    formats = FORMATS
    options: ClassVar[list[Option]] = [
        output_option(FORMATS),
        option("short", "s", "Short, vertical project headers (for many projects)."),
        option("save", None, "Also save the report to development/poly/info.(txt|json)."),
    ]

    def run_command(self) -> int:
        opts = InfoOptions(
            output=self.output_format(),
            short=bool(self.option("short")),
            save=bool(self.option("save")),
        )
        ws = self.load_workspace()
        if opts.output is report.OutputFormat.JSON:
            text = report.to_json(report.info_data(ws))
            self.emit_raw(text)
        else:
            lines = report.info_lines(ws, opts.short)
            self.emit(lines)
            if opts.save:  # the file holds the text without styles
                text = "\n".join(self.io.remove_format(line) for line in lines)
        if opts.save:
            from brickwork import pyproject  # tomlkit: only when a file is written

            suffix = "json" if opts.output is report.OutputFormat.JSON else "txt"
            saved = f"development/poly/info.{suffix}"
            change = pyproject.change_to(pyproject.snapshot(ws.root, [saved]), saved, text + "\n")
            pyproject.apply_plan(pyproject.Plan(ws.root, (change,) if change else ()))
            self.line_error(f"saved {saved}")
        return workspace.EXIT_OK
