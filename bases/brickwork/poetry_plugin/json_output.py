"""The JSON document of a run that ends in a one-line error: with `--output json`, stdout
still holds one document (ADR 0026), so a script that parses it reads the error instead of
failing on empty input."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brickwork import report

if TYPE_CHECKING:
    from brickwork.poetry_plugin.command import PolyCommand


def command_name(command: PolyCommand) -> str:
    """`check` for `poly check`, `build-project` for `poly build-project`."""
    return (command.name or "").removeprefix("poly ")


def wants_json(command: PolyCommand) -> bool:
    """Whether `--output json` was given to a command that prints JSON (read as typed: the
    error may be that another option was wrong)."""
    if report.OutputFormat.JSON not in command.formats:
        return False
    if not command.definition.has_option("output"):
        return False
    value = command.io.input.option("output")
    return isinstance(value, str) and value.strip().lower() == report.OutputFormat.JSON.value


def emit_error(command: PolyCommand, message: str, exit_code: int) -> None:
    """The error document on stdout when the run asked for JSON; nothing otherwise (the
    one line on stderr is written either way)."""
    name = command_name(command)
    if name in report.JSON_COMMANDS and wants_json(command):
        command.emit_raw(report.to_json(report.error_document(name, message, exit_code)))
