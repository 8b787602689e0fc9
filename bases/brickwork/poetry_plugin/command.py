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


def selected_project_names(command: PolyCommand, ws: workspace.Workspace) -> tuple[str, ...]:
    """`--projects` values, plus Poetry's own `-P/--project` when it names a project folder,
    else the project the command runs in (`poetry -C projects/svc poly check`).

    Poetry reserves `--project` (the project root, a directory), so the option is
    `--projects`; `poetry -P projects/svc poly check` means the project in that folder."""
    names = list(command.option_values("projects"))
    cwd = Path.cwd().resolve()
    if not names and cwd != ws.root:
        # `poetry -C projects/svc poly check`, the incumbent's way to pick one project
        inside = [p for p in ws.deployables if p.path == cwd or p.path in cwd.parents]
        names.extend(p.name for p in inside[:1])
    given = command.option("project") if command.definition.has_option("project") else None
    if given:
        folder = Path(given).resolve()
        by_folder = next((p for p in ws.projects if p.path == folder), None)
        if by_folder is None and ws.project(str(given)) is None and folder.is_dir():
            raise workspace.PolyError(
                f"--project {given} is not a project folder of this workspace; "
                "choose projects by name with --projects NAME."
            )
        names.append(by_folder.name if by_folder else str(given))
    return tuple(names)
