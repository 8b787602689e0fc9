"""`poetry poly rename OLD NEW`: rename a brick, keeping its kind: its folders moved, every
import and import path of it rewritten, as one plan printed first and applied all or
nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from cleo.formatters.formatter import Formatter
from cleo.helpers import argument, option
from cleo.io.inputs.argument import Argument
from cleo.io.inputs.option import Option

from brickwork import imports, report, scaffold, workspace
from brickwork.poetry_plugin.command import PolyCommand, output_option

FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON)


@dataclass(frozen=True)
class RenameOptions:
    old: str
    new: str
    dry_run: bool = False
    output: report.OutputFormat = report.OutputFormat.TEXT


def third_party(ws: workspace.Workspace, scan: imports.WorkspaceImports) -> frozenset[str]:
    """The top-level modules of the libraries the workspace imports (not the standard
    library, not its own namespace)."""

    def files() -> Iterator[imports.FileImports]:
        for brick in scan.bricks.values():
            yield from brick.files
            yield from brick.tests
        yield from scan.development
        for found in scan.projects.values():
            yield from found

    own = ws.namespace.split(".")[0]
    tops = {i.module.split(".")[0] for f in files() for i in f.imports}
    return frozenset(t for t in tops if t and t != own and not imports.is_stdlib(t))


class RenameCommand(PolyCommand):
    name = "poly rename"
    description = "Rename a brick (keeping its kind): move its folders, rewrite its imports."
    arguments: ClassVar[list[Argument]] = [
        argument("old", "The component or base to rename (`greeting`, `aws/s3`)."),
        argument("new", "Its new name (a lowercase Python identifier; group/name when nested)."),
    ]
    options: ClassVar[list[Option]] = [
        option("dry-run", None, "Print the plan (moves, diffs of every file); change nothing."),
        output_option(FORMATS),
    ]
    formats = FORMATS

    def run_command(self) -> int:
        opts = RenameOptions(
            old=str(self.argument("old")).strip().strip("/"),
            new=str(self.argument("new")).strip().strip("/"),
            dry_run=bool(self.option("dry-run")),
            output=self.output_format(),
        )
        ws = self.load_workspace(use_cache=False)
        try:
            return self.rename(ws, opts)
        except workspace.PolyFailure as err:
            brick = ws.brick(opts.old)
            if opts.output is not report.OutputFormat.JSON or brick is None:
                raise
            # refused (exit 1): the command ran, so its document, not an error document
            self.reason(f"<error>{Formatter.escape(str(err))}</error>")
            names = (brick.kind.value, opts.old, opts.new)
            modules = (ws.interface(opts.old), ws.interface(opts.new))
            data = report.rename_refusal(
                ws.root, (*names, *modules), dry_run=opts.dry_run, message=str(err)
            )
            self.emit_raw(report.to_json(data))
            return workspace.EXIT_FAILURE

    def rename(self, ws: workspace.Workspace, opts: RenameOptions) -> int:
        scaffold.check_rename(ws, opts.old, opts.new, ())  # bad names before the scan
        scan = imports.scan_workspace(ws, use_cache=False)  # no cache write: only the plan
        plan = scaffold.plan_rename(ws, opts.old, opts.new, third_party(ws, scan))
        plan = scaffold.with_git(plan)
        json = opts.output is report.OutputFormat.JSON
        if not json:
            lines = [Formatter.escape(x) for x in report.rename_lines(plan, dry_run=opts.dry_run)]
            if opts.dry_run:
                self.emit(lines)  # the result of a dry run: kept under -q
            else:
                for line in lines:
                    self.line(line)  # what a write does: -q drops it
        applied = not opts.dry_run
        if applied:
            scaffold.apply_rename(plan)
        if json:
            data = report.rename_data(
                plan, dry_run=opts.dry_run, applied=applied, exit_code=workspace.EXIT_OK
            )
            self.emit_raw(report.to_json(data))
        elif applied:
            self.line(Formatter.escape(report.rename_done(plan)))
        else:
            self.line("dry run: nothing was changed.")
        return workspace.EXIT_OK
