"""`poetry build-project`: the incumbent's (poetry-multiproject-plugin's) command and options,
so CI scripts written for it keep working."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import workspace
from brickwork.poetry_plugin.cmd_build import (
    SCRIPT_OPTION,
    TEMP_OPTION,
    BuildProjectCommand,
    BuildProjectOptions,
)


class BuildProjectCompatCommand(BuildProjectCommand):
    """`poetry build-project`: the incumbent's command and options, for existing CI scripts.
    Builds the project of the current folder (`poetry build-project -C projects/svc`)."""

    name = "build-project"
    description = "Build the project in this folder with its bricks (poetry-multiproject-plugin)."
    options: ClassVar[list[Option]] = [
        option("format", "f", "Only this format: wheel or sdist.", flag=False),
        option("output-dir", "o", "Where the artifacts go (default: dist).", flag=False),
        option("clean", None, "Remove the project's old wheels and sdists there first."),
        option("with-top-namespace", None, "Ship acme.x as NS.acme.x.", flag=False),
        TEMP_OPTION,
        SCRIPT_OPTION,
    ]

    def options_from_input(self, ws: workspace.Workspace) -> BuildProjectOptions:
        return BuildProjectOptions(
            projects=workspace.select_projects(ws, (), cwd=Path.cwd()),
            build=self.build_options(),
            check=False,
        )

    def choose(
        self, ws: workspace.Workspace, opts: BuildProjectOptions
    ) -> tuple[workspace.Project, ...]:
        """The project of the current folder (this command has no --projects or --all)."""
        if not opts.projects or any(p.is_development for p in opts.projects):
            raise workspace.PolyError(
                "which project? run `poetry build-project` in a project folder "
                "(poetry build-project -C projects/NAME), or build several with "
                "`poetry poly build-project --projects NAME,NAME` or `--all`."
            )
        return opts.projects
