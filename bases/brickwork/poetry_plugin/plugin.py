"""The Poetry application plugin: registers every `poetry poly` command lazily.

Nothing here imports a command module: Poetry activates plugins on every call
(`poetry --version` included), so a command's code is imported only when it runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from poetry.plugins.application_plugin import ApplicationPlugin

if TYPE_CHECKING:
    from collections.abc import Callable

    from cleo.commands.command import Command
    from poetry.console.application import Application

#: command name -> "module:Class", all under this base.
COMMANDS: dict[str, str] = {
    "poly": "brickwork.poetry_plugin.cmd_poly:PolyListCommand",
    "poly info": "brickwork.poetry_plugin.cmd_info:InfoCommand",
    "poly create": "brickwork.poetry_plugin.cmd_poly:CreateListCommand",
    "poly create workspace": "brickwork.poetry_plugin.cmd_create:CreateWorkspaceCommand",
    "poly create component": "brickwork.poetry_plugin.cmd_create_brick:CreateComponentCommand",
    "poly create base": "brickwork.poetry_plugin.cmd_create_brick:CreateBaseCommand",
    "poly create project": "brickwork.poetry_plugin.cmd_create_project:CreateProjectCommand",
    "poly deps": "brickwork.poetry_plugin.cmd_deps:DepsCommand",
    "poly check": "brickwork.poetry_plugin.cmd_check:CheckCommand",
    "poly libs": "brickwork.poetry_plugin.cmd_libs:LibsCommand",
    "poly sync": "brickwork.poetry_plugin.cmd_sync:SyncCommand",
    "poly remove": "brickwork.poetry_plugin.cmd_remove:RemoveCommand",
    "poly rename": "brickwork.poetry_plugin.cmd_rename:RenameCommand",
    "poly diff": "brickwork.poetry_plugin.cmd_diff:DiffCommand",
    "poly test": "brickwork.poetry_plugin.cmd_test:TestCommand",
    "poly test diff": "brickwork.poetry_plugin.cmd_test_diff:TestDiffCommand",
    "poly tag": "brickwork.poetry_plugin.cmd_tag:TagCommand",
    "poly build-project": "brickwork.poetry_plugin.cmd_build:BuildProjectCommand",
    "build-project": "brickwork.poetry_plugin.cmd_build_compat:BuildProjectCompatCommand",
}


def _factory(target: str) -> Callable[[], Command]:
    def make() -> Command:
        module_name, _, class_name = target.partition(":")
        command_class = getattr(importlib.import_module(module_name), class_name)
        command: Command = command_class()
        return command

    return make


class PolyPlugin(ApplicationPlugin):
    """Adds the `poly` commands to Poetry."""

    def activate(self, application: Application) -> None:
        for name, target in COMMANDS.items():
            application.command_loader.register_factory(name, _factory(target))
