"""`poetry poly test diff`: the incumbent's listing of the bricks whose tests changed since a
stable point, and of the projects that include them."""

from __future__ import annotations

from typing import ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import changes, workspace
from brickwork.poetry_plugin.analysis import graph_and_libraries
from brickwork.poetry_plugin.cmd_diff import no_working_tree_option, since_option
from brickwork.poetry_plugin.command import PolyCommand


class TestDiffCommand(PolyCommand):
    name = "poly test diff"
    description = "List the bricks whose tests changed since a stable point, and their projects."
    options: ClassVar[list[Option]] = [
        since_option(),
        option("bricks", None, "Only the bricks."),
        option("projects", None, "Only the projects that include them."),
        option("short", None, "Only the names, comma-separated (for scripts)."),
        no_working_tree_option(),
    ]

    def run_command(self) -> int:
        ws = self.load_workspace()
        since = self.option("since") or None
        working_tree = not self.option("no-working-tree")
        bricks, libraries = graph_and_libraries(self, ws)
        found = changes.affected_since(ws, libraries, bricks, since, working_tree=working_tree)
        names = list(found.test_bricks)
        folders = [p.folder_name for p in ws.deployables if set(p.bricks) & set(names)]
        show_bricks = self.option("bricks") or not self.option("projects")
        show_projects = self.option("projects") or not self.option("bricks")
        if self.option("short"):
            listed = names if self.option("bricks") else folders
            if listed:
                self.emit(",".join(listed))
            return workspace.EXIT_OK
        if show_bricks:
            self.emit(f"bricks with changed tests: {', '.join(names) or 'none'}")
        if show_projects:
            self.emit(f"projects with those bricks: {', '.join(folders) or 'none'}")
        return workspace.EXIT_OK
