"""`poetry poly`: list the poly commands; `poetry poly create` lists its sub-commands."""

from __future__ import annotations

import difflib
from typing import ClassVar

from cleo.helpers import argument
from cleo.io.inputs.argument import Argument

from brickwork import workspace
from brickwork.poetry_plugin.command import PolyCommand


def suggestion(given: str, names: list[str]) -> str:
    """` did you mean poly create?` for `crate`; empty when nothing is close."""
    size = len(given.split())
    same_size = sorted({" ".join(n.split()[:size]) for n in names})
    close = difflib.get_close_matches(given, same_size, n=2, cutoff=0.75)
    return f" did you mean {' or '.join(f'poly {c}' for c in close)}?" if close else ""


class PolyListCommand(PolyCommand):
    name = "poly"
    description = "Polylith workspaces: list the <c1>poly</> commands."
    help = (
        "Lists the poly commands. For the help of one command run "
        "<c1>poetry poly check --help</> (Poetry's <c1>help</> command takes one word, so "
        "<c1>poetry help poly check</> shows this page)."
    )
    arguments: ClassVar[list[Argument]] = [
        argument("rest", "A poly command name.", optional=True, multiple=True)
    ]

    def run_command(self) -> int:
        application = self.application
        assert application is not None
        commands = {
            name.removeprefix("poly "): application.find(name).description
            for name in application.all()
            if name.startswith("poly ")
        }
        given = " ".join(self.argument("rest") or [])
        shown = {n: d for n, d in commands.items() if n.startswith(f"{given} ")} if given else {}
        if given and not shown:
            raise workspace.PolyError(
                f"'poly {given}' is not a poly command;{suggestion(given, list(commands))} "
                "run `poetry poly` to list them."
            )
        width = max((len(f"poly {name}") for name in shown or commands), default=0)
        title = f"poly {given}" if given else "poly"
        self.line(f'<b>Available commands for the "{title}" namespace:</b>')
        for name, description in sorted((shown or commands).items()):
            self.line(f"  <c1>{f'poly {name}'.ljust(width)}</>  {description}")
        return workspace.EXIT_OK
