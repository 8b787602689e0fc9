"""The one place where a `PolyError` becomes a line on stderr and an exit code."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from cleo.commands.command import Command
from cleo.formatters.formatter import Formatter
from cleo.helpers import option
from cleo.io.inputs.option import Option
from cleo.io.outputs.output import Type as OutputType
from cleo.io.outputs.output import Verbosity

from brickwork import report, workspace
from brickwork.poetry_plugin import json_output
from brickwork.report import plural

if TYPE_CHECKING:
    from brickwork import graph, imports


class PolyCommand(Command):
    """Base of every `poly` command: typed options in, exit code out, no tracebacks."""

    #: The formats `--output` accepts; the first is the default.
    formats: ClassVar[tuple[report.OutputFormat, ...]] = (report.OutputFormat.TEXT,)
    #: Whether SIGINT and SIGTERM (Ctrl-C, `timeout`, `docker stop`, a cancelled CI job) end
    #: the run through its cleanup (temp folders removed), then one line and exit 128 + the
    #: signal's number (130, 143). Other commands keep Python's and Poetry's defaults.
    stops_cleanly: ClassVar[bool] = False
    INTERRUPTED: ClassVar[str] = "interrupted; nothing was left behind"

    def handle(self) -> int:
        self._progress = None  # one per run: a command object may run more than once
        for stream in (sys.stdout, sys.stderr):  # ✔/✘ on an ASCII or cp1252 terminal
            report.fit_stream(stream)
        # The model of a workspace is built once, has no reference cycles and lives until the
        # command ends: the cyclic collector would only walk it again and again (at 20,000
        # components, 40% of a warm `check`). Reference counting still frees everything.
        collecting = gc.isenabled()
        gc.disable()
        received: list[int] = []
        try:
            with self._signals(received):
                return self.run_command()
        except workspace.PolyError as err:
            self.reason(f"<error>{Formatter.escape(str(err))}</error>")
            json_output.emit_error(self, str(err), err.exit_code)
            return err.exit_code
        except KeyboardInterrupt:
            if not self.stops_cleanly:
                raise
            self.reason(f"<error>{self.INTERRUPTED}</error>")
            stopped = 128 + (received[0] if received else signal.SIGINT)
            json_output.emit_error(self, self.INTERRUPTED, stopped)
            return stopped
        finally:
            if collecting:
                gc.enable()

    @contextlib.contextmanager
    def _signals(self, received: list[int]) -> Iterator[None]:
        """With `stops_cleanly`: SIGINT and SIGTERM raise `KeyboardInterrupt` (so that every
        `finally` runs) and are noted in `received`; a second signal while the run cleans up
        is ignored."""
        if not self.stops_cleanly or threading.current_thread() is not threading.main_thread():
            yield
            return

        def stop(number: int, frame: object) -> None:
            if received:
                return
            received.append(number)
            raise KeyboardInterrupt

        numbers = (signal.SIGINT, signal.SIGTERM)
        previous = {number: signal.signal(number, stop) for number in numbers}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, signal.SIG_DFL if handler is None else handler)

    def run_command(self) -> int:
        raise NotImplementedError

    @property
    def processed_help(self) -> str:
        """The `--help` text, ending with an example and the command's section of the docs."""
        from brickwork.poetry_plugin import help_pages

        return help_pages.page(self.name or "poly", super().processed_help)

    # -- helpers shared by the commands -------------------------------------------------

    _progress: report.Progress | None = None

    @property
    def progress(self) -> report.Progress:
        """Diagnostics on stderr: notes, and at `-v` what was read and the time of each phase."""
        if self._progress is None:
            self._progress = report.Progress(self.io, live=self._stderr_is_terminal())
        return self._progress

    @property
    def quiet(self) -> bool:
        """Whether `-q` was given: only results and the reasons of a failure are shown."""
        return self.io.output.is_quiet()

    def _stderr_is_terminal(self) -> bool:
        """Whether stderr is a terminal, where long work may show a status line rewritten in
        place (never in a pipe or a CI log, nor on a `TERM=dumb` terminal)."""
        stream = getattr(self.io.error_output, "stream", None)
        isatty = getattr(stream, "isatty", None)
        try:
            tty = bool(isatty()) if callable(isatty) else False
        except ValueError:  # a closed stream
            return False
        return tty and os.environ.get("TERM") != "dumb"

    def load_workspace(
        self, *, use_cache: bool = True, note_inputs: bool = True
    ) -> workspace.Workspace:
        """Read the workspace around the current directory (Poetry's `-C` applies), from the
        snapshot in the analysis cache where files are unchanged (`use_cache=False`: commands
        that write project files read them afresh and write nothing else). `note_inputs=False`:
        the stored model's inputs are not noted in the running recording (one that holds them
        already)."""
        checked: int | None = None
        with self.progress.phase("workspace load"):
            if use_cache:
                from brickwork.reuse import model

                ws, checked = model.load(Path.cwd(), note=note_inputs)
            else:
                ws = workspace.load(Path.cwd())
        if checked is not None:
            self.progress.verbose(
                f"workspace model from the cache: none of its {plural(checked, 'input')} changed"
            )
        self.progress.verbose(
            f"read {ws.relative(ws.config.source)} (namespace {ws.namespace}, theme "
            f"{ws.config.theme.value}) and {plural(len(ws.projects), 'project file')}: "
            f"{plural(len(ws.components), 'component')}, {plural(len(ws.bases), 'base')}"
        )
        for project in ws.projects:
            self.progress.very_verbose(f"  {ws.relative(project.file)}: project {project.name}")
        return ws

    def scan(
        self,
        ws: workspace.Workspace,
        *,
        use_cache: bool = True,
        reach: tuple[workspace.Project, ...] = (),
    ) -> imports.WorkspaceImports:
        """The imports of every brick, timed (`-v`); with `reach`, of what those projects
        reach only (`imports.scan_reach`)."""
        from brickwork import imports

        with self.progress.phase("scan"):
            if reach:
                from brickwork import check

                start = check.reached_bricks(ws, reach)
                names = [p.name for p in reach]
                scanned = imports.scan_reach(ws, start, names, use_cache=use_cache)
            else:
                scanned = imports.scan_workspace(ws, use_cache=use_cache)
        files = scanned.file_count
        location = imports.cache_location(ws) if use_cache else None
        cache = ws.relative(location) if location is not None else "off"
        self.progress.verbose(
            f"scanned {plural(files, 'file')} for imports (cache: {cache}; "
            f"{files - scanned.parsed} unchanged, {scanned.parsed} parsed)"
        )
        return scanned

    def brick_graph(
        self, ws: workspace.Workspace, scanned: imports.WorkspaceImports
    ) -> graph.BrickGraph:
        """Who imports whom, timed (`-v`)."""
        from brickwork import graph

        with self.progress.phase("graph"):
            return graph.build_graph(ws, scanned)

    def run_check(
        self,
        ws: workspace.Workspace,
        scanned: imports.WorkspaceImports | None = None,
        bricks: graph.BrickGraph | None = None,
        projects: tuple[workspace.Project, ...] = (),
        *,
        notes: bool = True,
    ) -> list[workspace.Finding]:
        """What `poly check` (or `poly check --projects ...`) reports for `projects` (all when
        empty), from the stored analysis; its notes go to stderr (unless `notes` is False: a
        second look at projects already checked, whose analysis is not stored)."""
        from brickwork.poetry_plugin import analysis

        names = tuple(p.name for p in projects)
        if not names:
            return analysis.check_findings(self)

        def choose(found: workspace.Workspace) -> tuple[workspace.Project, ...]:
            return workspace.select_projects(found, names)

        if notes:
            return analysis.check_findings(self, ("projects", names), choose)
        return analysis.unstored_findings(self, ws, scanned, bricks, choose)

    def refuse_on_errors(
        self, ws: workspace.Workspace, findings: list[workspace.Finding], what: str
    ) -> bool:
        """When `findings` hold errors, show them on stderr with one line saying `what` was not
        done (and that --no-check skips the check); True when refused."""
        errors = check_errors(findings)
        if not errors:
            return False
        self.show_errors(ws, errors)
        self.reason(f"<error>{refusal(what, errors)}</error>")
        return True

    def show_errors(self, ws: workspace.Workspace, errors: list[workspace.Finding]) -> None:
        """`errors` on stderr, as `check` shows them, under a count (kept under `-q`: they
        are the reason of a refusal)."""
        summary = f"✘ {plural(len(errors), 'error')}"
        self.io.write_error_line(report.findings_text(errors, ws.root, summary), verbosity=KEPT)

    def selected_projects(self, ws: workspace.Workspace) -> tuple[workspace.Project, ...]:
        """The projects chosen by `--projects`, Poetry's `-P/--project DIR`, or the project
        folder the command runs in (`poetry -C projects/svc poly check`); () for all."""
        given = self.option("project") if self.definition.has_option("project") else None
        names = self.option_values("projects") if self.definition.has_option("projects") else ()
        return workspace.select_projects(ws, names, cwd=Path.cwd(), project_dir=given)

    def output_format(self) -> report.OutputFormat:
        value = self.option("output") if self.definition.has_option("output") else None
        return report.parse_format(value, self.formats)

    def emit(self, lines: str | Iterable[str]) -> None:
        """Results, to stdout (kept under `-q`)."""
        shown = [lines] if isinstance(lines, str) else list(lines)
        self.io.write_line(shown, verbosity=KEPT)

    def emit_raw(self, lines: str | Iterable[str]) -> None:
        """Results that are no cleo markup (JSON, SARIF, GitHub annotations, text already
        styled), to stdout in one write (kept under `-q`): the formatter would take `<b>` in
        a message for a tag and `\\<` in a JSON string for an escape, and scans every line."""
        text = lines if isinstance(lines, str) else "\n".join(lines)
        self.io.write_line(text, verbosity=KEPT, type=OutputType.RAW)

    def reason(self, lines: str | Iterable[str]) -> None:
        """Why the run failed (exit 1) or could not run (exit 2), to stderr (kept under
        `-q`). Notes, hints and what a write did go through `line_error`/`line` or
        `progress`, which `-q` silences."""
        self.io.write_error_line(lines if isinstance(lines, str) else list(lines), KEPT)

    def option_values(self, name: str) -> tuple[str, ...]:
        """A list option's values, split on commas too (`--project a,b --project c`)."""
        values = self.option(name) or []
        out: list[str] = []
        for value in values:
            out.extend(v.strip() for v in str(value).split(",") if v.strip())
        return tuple(out)


KEPT = Verbosity.QUIET
"""The verbosity of what `-q` keeps: results, one-line errors and the reasons of a failure
(cleo drops a write only when its verbosity is above the run's; `-q` sets QUIET)."""


def failing(findings: Iterable[workspace.Finding], strict: bool) -> list[workspace.Finding]:
    """The findings that fail a `check` run (what `check -q` shows): errors, and warnings
    under `--strict`."""
    judged = (workspace.Severity.ERROR, workspace.Severity.WARNING)
    return [f for f in findings if f.severity in judged[: 2 if strict else 1]]


def check_errors(findings: Iterable[workspace.Finding]) -> list[workspace.Finding]:
    """The findings that refuse a write command's work (errors, not warnings)."""
    return [f for f in findings if f.severity is workspace.Severity.ERROR]


def refusal(what: str, errors: list[workspace.Finding]) -> str:
    """The line that says `what` was not done because `check` found `errors`."""
    return (
        f"{what}: `poly check` found {plural(len(errors), 'error')}; fix them, or pass --no-check."
    )


def output_option(formats: Iterable[report.OutputFormat]) -> Option:
    names = "|".join(f.value for f in formats)
    return option("output", "o", f"Output format: {names}.", flag=False, default=None)


def projects_option() -> Option:
    return option(
        "projects",
        None,
        "Only these projects (name, folder name or alias; repeat or separate with commas).",
        flag=False,
        multiple=True,
    )
