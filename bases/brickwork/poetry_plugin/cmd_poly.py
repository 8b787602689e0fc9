"""`poetry poly`: list the poly commands."""

from __future__ import annotations

from typing import ClassVar

from cleo.helpers import argument
from cleo.io.inputs.argument import Argument

from brickwork import workspace
from brickwork.poetry_plugin.command import PolyCommand


class PolyListCommand(PolyCommand):
    name = "poly"
    description = "Polylith workspaces: list the <c1>poly</> commands."
    arguments: ClassVar[list[Argument]] = [
        argument("rest", "A poly command name.", optional=True, multiple=True)
    ]

    def run_command(self) -> int:
        unknown = " ".join(self.argument("rest") or [])
        if unknown:
            raise workspace.PolyError(
                f"'poly {unknown}' is not a poly command; run `poetry poly` to list them."
            )
        application = self.application
        assert application is not None
        commands = sorted(
            (name, application.find(name).description)
            for name in application.all()
            if name.startswith("poly ")
        )
        width = max((len(name) for name, _ in commands), default=0)
        self.line('<b>Available commands for the "poly" namespace:</b>')
        for name, description in commands:
            self.line(f"  <c1>{name.ljust(width)}</>  {description}")
        return workspace.EXIT_OK
