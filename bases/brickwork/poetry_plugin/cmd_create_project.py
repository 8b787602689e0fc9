"""`poetry poly create project`: a deployable with its bases and every brick they need, and
its console scripts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import graph, scaffold, workspace
from brickwork.poetry_plugin.cmd_create import (
    DRY_RUN,
    CreateCommand,
    description_option,
    name_option,
)


@dataclass(frozen=True)
class CreateProjectOptions:
    name: str
    bases: tuple[str, ...] = ()
    description: str = ""
    scripts: tuple[tuple[str, str], ...] = ()
    """(name, `module:function`) of each console script."""
    dry_run: bool = False


class CreateProjectCommand(CreateCommand):
    name = "poly create project"
    description = (
        "Create a project (a deployable) in projects/, including the given bases "
        "and every brick they need."
    )
    options: ClassVar[list[Option]] = [
        name_option("project (its distribution name)"),
        option(
            "base",
            None,
            "A base the project includes (repeat, or separate with commas).",
            flag=False,
            multiple=True,
        ),
        description_option("project"),
        option(
            "script",
            None,
            "A console script NAME=module:function, the module one of the project's bricks "
            "(repeat, or separate with commas).",
            flag=False,
            multiple=True,
        ),
        DRY_RUN,
    ]

    def options_from_input(self) -> CreateProjectOptions:
        return CreateProjectOptions(
            name=self.required_name(),
            bases=self.option_values("base"),
            description=self.text_option("description"),
            scripts=scaffold.parse_scripts(self.option_values("script")),
            dry_run=bool(self.option("dry-run")),
        )

    def run_command(self) -> int:
        opts = self.options_from_input()
        scaffold.check_project_name(opts.name)
        ws = self.load_workspace(use_cache=False)
        bricks = scaffold.resolve_bases(ws, opts.bases)
        if bricks:  # no cache write: a create command writes nothing but what its plan names
            brick_graph = self.brick_graph(ws, self.scan(ws, use_cache=False))
            bricks = graph.with_closure(ws, brick_graph, bricks)
        notes = scaffold.check_scripts(ws, bricks, opts.scripts)
        disk = scaffold.snapshot(ws.root, scaffold.project_paths(opts.name))
        plan = scaffold.plan_project(
            ws, disk, opts.name, bricks, opts.description, opts.scripts, notes
        )
        self.show_plan(plan, opts.dry_run)
        return workspace.EXIT_OK
