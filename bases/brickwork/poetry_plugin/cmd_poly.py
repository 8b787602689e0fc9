"""`poetry poly`: list the poly commands; `poetry poly create` lists its sub-commands.

These two commands are also where a mistyped command lands: Poetry runs the longest command
name the words typed start with (`poly buildproject --all` runs `poly` with `buildproject` as
an argument), so a typo and the options after it are judged here, before cleo would refuse
the options as unknown to `poly`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from cleo.exceptions import CleoError
from cleo.helpers import argument
from cleo.io.inputs.argument import Argument

from brickwork import workspace
from brickwork.poetry_plugin.command import PolyCommand
from brickwork.poetry_plugin.plugin import COMMANDS

if TYPE_CHECKING:
    from cleo.io.io import IO


def suggestion(given: str, names: list[str]) -> str:
    """` did you mean `poly create`?` for `crate`; empty when nothing is close.

    The words typed are compared with the command names of as many words, then with fewer
    (`tg release` -> `poly tag`: the words after a command may be its arguments)."""
    import difflib  # only a mistyped command needs it

    words = given.split()
    for size in range(len(words), 0, -1):
        typed = " ".join(words[:size])
        same_size = sorted({" ".join(n.split()[:size]) for n in names if len(n.split()) >= size})
        close = difflib.get_close_matches(typed, same_size, n=2, cutoff=0.75)
        if close:
            return f" did you mean {' or '.join(f'`poly {c}`' for c in close)}?"
    return ""


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
    #: The words of the command group listed (`create` for `poly create`); "" for all.
    group: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__()
        # A mistyped command's options are not this command's: they are judged in `run`.
        self.ignore_validation_errors()

    _refused: CleoError | None = None

    def run(self, io: IO) -> int:
        """Note whether the input has options this command does not know (the options of a
        mistyped command), then run as cleo runs every command."""
        self.merge_application_definition()
        try:
            io.input.bind(self.definition)
            self._refused = None
        except CleoError as err:
            self._refused = err
        return super().run(io)

    def run_command(self) -> int:
        application = self.application
        assert application is not None
        # The names come from the registry, without importing a command: a typo is told
        # apart before any command module loads (a listing loads them for their descriptions).
        names = sorted(
            name.removeprefix("poly ")
            for name in COMMANDS
            if name.startswith("poly ") and not COMMANDS[name].startswith(f"{__name__}:")
        )
        given = " ".join([*self.group.split(), *(self.argument("rest") or [])])
        shown = [n for n in names if n.startswith(f"{given} ")] if given else []
        listing = f"poetry poly {self.group}".rstrip()
        if given and not shown:
            raise workspace.PolyError(
                f"'poly {given}' is not a poly command;{suggestion(given, names)} "
                f"run `{listing}` to list them."
            )
        if self._refused is not None:
            if not shown:  # `poetry poly --bogus`: cleo's own message, as for any command
                raise self._refused
            subs = ", ".join(n.removeprefix(f"{given} ") for n in shown)
            raise workspace.PolyError(
                f"'poly {given}' needs a sub-command ({subs}) before its options; run "
                f"`poetry poly {given}` to list them."
            )
        listed = shown or names
        width = max((len(f"poly {name}") for name in listed), default=0)
        title = f"poly {given}" if given else "poly"
        self.line(f'<b>Available commands for the "{title}" namespace:</b>')
        for name in listed:
            description = application.find(f"poly {name}").description
            self.line(f"  <c1>{f'poly {name}'.ljust(width)}</>  {description}")
        return workspace.EXIT_OK


class CreateListCommand(PolyListCommand):
    name = "poly create"
    description = "List the <c1>poly create</> commands: workspace, component, base, project."
    help = (
        "Lists the create commands: <c1>poly create workspace</>, <c1>poly create component</>, "
        "<c1>poly create base</> and <c1>poly create project</>. For the help of one run "
        "<c1>poetry poly create component --help</>."
    )
    arguments: ClassVar[list[Argument]] = [
        argument("rest", "A create command name.", optional=True, multiple=True)
    ]
    group = "create"
