"""The one place where a `PolyError` becomes a line on stderr and an exit code."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from cleo.commands.command import Command
from cleo.formatters.formatter import Formatter
from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import report, workspace


class PolyCommand(Command):
    """Base of every `poly` command: typed options in, exit code out, no tracebacks."""

    #: The formats `--output` accepts; the first is the default.
    formats: ClassVar[tuple[report.OutputFormat, ...]] = (report.OutputFormat.TEXT,)

    def handle(self) -> int:
        try:
            return self.run_command()
        except workspace.PolyError as err:
            self.line_error(f"<error>{Formatter.escape(str(err))}</error>")
            return err.exit_code

    def run_command(self) -> int:
        raise NotImplementedError

    # -- helpers shared by the commands -------------------------------------------------

    def load_workspace(self) -> workspace.Workspace:
        """Read the workspace around the current directory (Poetry's `-C` applies)."""
        return workspace.load(Path.cwd())

    def output_format(self) -> report.OutputFormat:
        value = self.option("output") if self.definition.has_option("output") else None
        return report.parse_format(value, self.formats)

    def emit(self, lines: str | Iterable[str]) -> None:
        """Results, to stdout."""
        self.io.write_line(lines)

    def option_values(self, name: str) -> tuple[str, ...]:
        """A list option's values, split on commas too (`--project a,b --project c`)."""
        values = self.option(name) or []
        out: list[str] = []
        for value in values:
            out.extend(v.strip() for v in str(value).split(",") if v.strip())
        return tuple(out)


def output_option(formats: Iterable[report.OutputFormat]) -> Option:
    names = "|".join(f.value for f in formats)
    return option("output", "o", f"Output format: {names}.", flag=False, default=None)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def projects_option() -> Option:
    return option(
        "projects",
        None,
        "Only these projects (name, folder name or alias; repeat or separate with commas).",
        flag=False,
        multiple=True,
    )


def selected_projects(
    command: PolyCommand, ws: workspace.Workspace
) -> tuple[workspace.Project, ...]:
    """The projects chosen by `--projects`, Poetry's `-P/--project DIR`, or the project folder
    the command runs in (`poetry -C projects/svc poly check`); () for the whole workspace."""
    given = command.option("project") if command.definition.has_option("project") else None
    return workspace.select_projects(
        ws, command.option_values("projects"), cwd=Path.cwd(), project_dir=given
    )


def selected_project_names(command: PolyCommand, ws: workspace.Workspace) -> tuple[str, ...]:
    """The names of `selected_projects`, as the components take them."""
    return tuple(p.name for p in selected_projects(command, ws))
