"""`poetry poly create workspace`, and what every create command shares: a required `--name`,
the plan shown or applied, `--dry-run`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from cleo.formatters.formatter import Formatter
from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import pyproject, report, scaffold, workspace
from brickwork.poetry_plugin.command import PolyCommand

THEMES = tuple(theme.value for theme in workspace.Theme)


@dataclass(frozen=True)
class CreateWorkspaceOptions:
    name: str
    theme: workspace.Theme | None = None
    """None: keep the theme of an existing workspace, `loose` for a new one."""
    dry_run: bool = False


def name_option(what: str) -> Option:
    return option("name", None, f"The name of the {what}.", flag=False)


def description_option(what: str) -> Option:
    return option("description", None, f"A one-line description of the {what}.", flag=False)


DRY_RUN = option("dry-run", None, "Print what would be created or updated; write nothing.")


class CreateCommand(PolyCommand):
    """Shared by the create commands: required `--name`, plan output, dry runs."""

    def required_name(self) -> str:
        value = self.option("name")
        if value is None or not str(value).strip():
            raise workspace.PolyError(f"missing --name: run `poetry {self.name} --name <name>`.")
        return str(value).strip()

    def text_option(self, name: str) -> str:
        value = self.option(name)
        return str(value) if value is not None else ""

    def show_plan(self, plan: pyproject.Plan, dry_run: bool) -> None:
        """Apply `plan` (unless `dry_run`) and say what was (or would be) written."""
        for note in plan.notes:
            self.line_error(f"<comment>note: {Formatter.escape(note)}</comment>")
        if not dry_run:
            plan = replace(plan, changes=pyproject.apply_plan(plan))
        lines = [Formatter.escape(line) for line in report.plan_lines(plan, dry_run=dry_run)]
        if dry_run:
            self.emit(lines)  # what would be written is the result of a dry run (kept by -q)
        else:
            self.io.write_line(lines)  # what was written: silenced by -q


class CreateWorkspaceCommand(CreateCommand):
    name = "poly create workspace"
    description = "Create a Polylith workspace in the current folder (or complete one)."
    options: ClassVar[list[Option]] = [
        option("name", None, "The namespace of the workspace's packages (acme).", flag=False),
        option("theme", None, f"The layout of the bricks: {'|'.join(THEMES)}.", flag=False),
        DRY_RUN,
    ]

    def options_from_input(self) -> CreateWorkspaceOptions:
        theme_value = self.option("theme")
        theme = None
        if theme_value is not None:
            try:
                theme = workspace.Theme(str(theme_value))
            except ValueError:
                raise workspace.PolyError(
                    f"--theme {theme_value!r} is not a theme: use {' or '.join(THEMES)}."
                ) from None
        return CreateWorkspaceOptions(
            name=self.required_name(), theme=theme, dry_run=bool(self.option("dry-run"))
        )

    def run_command(self) -> int:
        opts = self.options_from_input()
        scaffold.check_namespace(opts.name)
        root = Path.cwd()
        disk = scaffold.snapshot(root, scaffold.workspace_paths())
        plan = scaffold.plan_workspace(disk, opts.name, opts.theme)
        if plan.is_empty:
            self.line(f"nothing to do: this is already the {opts.name} workspace, complete.")
            return workspace.EXIT_OK
        self.show_plan(plan, opts.dry_run)
        return workspace.EXIT_OK
