"""`poetry poly create component|base`: a brick, its test, and its include in development."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cleo.io.inputs.option import Option

from brickwork import scaffold, workspace
from brickwork.poetry_plugin.cmd_create import (
    DRY_RUN,
    CreateCommand,
    description_option,
    name_option,
)


@dataclass(frozen=True)
class CreateBrickOptions:
    name: str
    description: str = ""
    dry_run: bool = False


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
        ws = self.load_workspace(use_cache=False)
        disk = scaffold.snapshot(ws.root, scaffold.brick_paths(ws, self.kind, opts.name))
        plan = scaffold.plan_brick(ws, disk, self.kind, opts.name, opts.description)
        self.show_plan(plan, opts.dry_run)
        return workspace.EXIT_OK


class CreateComponentCommand(CreateBrickCommand):
    name = "poly create component"
    description = "Create a component: interface, sample code and its test; add it to development."
    kind = workspace.BrickKind.COMPONENT
    options: ClassVar[list[Option]] = [
        name_option("component (a lowercase Python identifier)"),
        description_option("component"),
        DRY_RUN,
    ]


class CreateBaseCommand(CreateBrickCommand):
    name = "poly create base"
    description = "Create a base: interface, sample code and its test; add it to development."
    kind = workspace.BrickKind.BASE
    options: ClassVar[list[Option]] = [
        name_option("base (a lowercase Python identifier)"),
        description_option("base"),
        DRY_RUN,
    ]
