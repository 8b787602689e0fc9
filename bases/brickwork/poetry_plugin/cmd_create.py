"""`poetry poly create workspace|component|base|project`: plan the files, then write them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from cleo.formatters.formatter import Formatter
from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import graph, pyproject, report, scaffold, workspace
from brickwork.poetry_plugin.command import PolyCommand

THEMES = tuple(theme.value for theme in workspace.Theme)


@dataclass(frozen=True)
class CreateWorkspaceOptions:
    name: str
    theme: workspace.Theme | None = None
    """None: keep the theme of an existing workspace, `loose` for a new one."""
    dry_run: bool = False


@dataclass(frozen=True)
class CreateBrickOptions:
    name: str
    description: str = ""
    dry_run: bool = False


@dataclass(frozen=True)
class CreateProjectOptions:
    name: str
    bases: tuple[str, ...] = ()
    description: str = ""
    dry_run: bool = False


def _name_option(what: str) -> Option:
    return option("name", None, f"The name of the {what}.", flag=False)


def _description_option(what: str) -> Option:
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
        for line in report.plan_lines(plan, dry_run=dry_run):
            self.line(Formatter.escape(line))


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


class CreateBrickCommand(CreateCommand):
    """`create component` and `create base` differ only by the kind of brick."""

    kind: ClassVar[workspace.BrickKind] = workspace.BrickKind.COMPONENT

    def options_from_input(self) -> CreateBrickOptions:
        return CreateBrickOptions(
            name=self.required_name(),
            description=self.text_option("description"),
            dry_run=bool(self.option("dry-run")),
        )

    def run_command(self) -> int:
        opts = self.options_from_input()
        scaffold.check_brick_name(opts.name)
        ws = self.load_workspace()
        disk = scaffold.snapshot(ws.root, scaffold.brick_paths(ws, self.kind, opts.name))
        plan = scaffold.plan_brick(ws, disk, self.kind, opts.name, opts.description)
        self.show_plan(plan, opts.dry_run)
        return workspace.EXIT_OK


class CreateComponentCommand(CreateBrickCommand):
    name = "poly create component"
    description = "Create a component: interface, sample code and its test; add it to development."
    kind = workspace.BrickKind.COMPONENT
    options: ClassVar[list[Option]] = [
        _name_option("component (a lowercase Python identifier)"),
        _description_option("component"),
        DRY_RUN,
    ]


class CreateBaseCommand(CreateBrickCommand):
    name = "poly create base"
    description = "Create a base: interface, sample code and its test; add it to development."
    kind = workspace.BrickKind.BASE
    options: ClassVar[list[Option]] = [
        _name_option("base (a lowercase Python identifier)"),
        _description_option("base"),
        DRY_RUN,
    ]


class CreateProjectCommand(CreateCommand):
    name = "poly create project"
    description = (
        "Create a project (a deployable) in projects/, including the given bases "
        "and every brick they need."
    )
    options: ClassVar[list[Option]] = [
        _name_option("project (its distribution name)"),
        option(
            "base",
            None,
            "A base the project includes (repeat, or separate with commas).",
            flag=False,
            multiple=True,
        ),
        _description_option("project"),
        DRY_RUN,
    ]

    def options_from_input(self) -> CreateProjectOptions:
        return CreateProjectOptions(
            name=self.required_name(),
            bases=self.option_values("base"),
            description=self.text_option("description"),
            dry_run=bool(self.option("dry-run")),
        )

    def run_command(self) -> int:
        opts = self.options_from_input()
        scaffold.check_project_name(opts.name)
        ws = self.load_workspace()
        bricks = scaffold.resolve_bases(ws, opts.bases)
        if bricks:  # no cache write: a create command writes nothing but what its plan names
            brick_graph = self.brick_graph(ws, self.scan(ws, use_cache=False))
            bricks = graph.with_closure(ws, brick_graph, bricks)
        disk = scaffold.snapshot(ws.root, scaffold.project_paths(opts.name))
        plan = scaffold.plan_project(ws, disk, opts.name, bricks, opts.description)
        self.show_plan(plan, opts.dry_run)
        return workspace.EXIT_OK
