"""`poetry poly remove BRICK`: delete a brick (code and tests) and its include from every
project, as one plan printed first and applied all or nothing."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import ClassVar

from cleo.formatters.formatter import Formatter
from cleo.helpers import argument, option
from cleo.io.inputs.argument import Argument
from cleo.io.inputs.option import Option

from brickwork import imports, pyproject, report, scaffold, workspace
from brickwork.poetry_plugin.command import PolyCommand, output_option

FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON)


@dataclass(frozen=True)
class RemoveOptions:
    brick: str
    dry_run: bool = False
    force: bool = False
    output: report.OutputFormat = report.OutputFormat.TEXT


def refusals(removal: scaffold.Removal, opts: RemoveOptions) -> list[str]:
    """Why the removal is refused (nothing is done): places that import or name the brick,
    uncommitted work in its folders; none with `--force`."""
    if opts.force:
        return []
    name = removal.brick.name
    out: list[str] = []
    if removal.users:
        places = report.plural(len(removal.users), "place")
        out.append(
            f"{name} is still imported or named in {places} (listed above): change them "
            "first, or pass --force to remove it anyway and leave them broken."
        )
    if removal.uncommitted:
        shown = ", ".join(removal.uncommitted[:3]) + (
            ", ..." if len(removal.uncommitted) > 3 else ""
        )
        files = report.plural(len(removal.uncommitted), "uncommitted change")
        out.append(
            f"{name} holds {files} ({shown}), which deleting it would lose: commit them, "
            "or pass --force."
        )
    return out


class RemoveCommand(PolyCommand):
    name = "poly remove"
    description = "Delete a brick (code and tests) and its include from every project."
    arguments: ClassVar[list[Argument]] = [
        argument("brick", "The component or base to remove (`greeting`, `aws/s3`).")
    ]
    options: ClassVar[list[Option]] = [
        option(
            "dry-run", None, "Print the plan (folders, diffs of project files); change nothing."
        ),
        option("force", None, "Remove it although code still imports it or work is uncommitted."),
        output_option(FORMATS),
    ]
    formats = FORMATS
    stops_cleanly = True  # an interrupted apply puts every file and folder back first

    def run_command(self) -> int:
        opts = RemoveOptions(
            brick=str(self.argument("brick")),
            dry_run=bool(self.option("dry-run")),
            force=bool(self.option("force")),
            output=self.output_format(),
        )
        ws = self.load_workspace(use_cache=False)
        brick = scaffold.find_brick(ws, opts.brick)
        scan = imports.scan_workspace(ws, use_cache=False)  # no cache write: only the plan
        removal = scaffold.plan_removal(ws, scan, brick)
        refused = refusals(removal, opts)
        json = opts.output is report.OutputFormat.JSON
        if not json:
            self.emit(
                [
                    Formatter.escape(line)
                    for line in report.removal_lines(removal, dry_run=opts.dry_run)
                ]
            )
        self.warn(ws, removal, opts, bool(refused))
        done = workspace.EXIT_FAILURE if refused else workspace.EXIT_OK
        for line in refused:
            self.reason(f"<error>{Formatter.escape(line)}</error>")
        written: tuple[pyproject.Change, ...] = ()
        applied = not refused and not opts.dry_run
        if applied:
            finish = None
            if removal.repository is not None and removal.tracked:
                tops = [f.in_repository for f in removal.folders if f.tracked and f.in_repository]
                finish = functools.partial(scaffold.drop_from_index, removal.repository, tops)
            folders = [f.path for f in removal.folders]
            written = pyproject.apply_removal(removal.plan, folders, finish)
        if json:
            data = report.removal_data(
                removal,
                dry_run=opts.dry_run,
                forced=opts.force,
                applied=applied,
                refused=refused,
                exit_code=done,
            )
            self.emit_raw(report.to_json(data))
        elif applied:
            self.line(Formatter.escape(report.removal_done(removal, written)))
        elif opts.dry_run and not refused:
            self.line("dry run: nothing was changed.")
        return done

    def warn(
        self,
        ws: workspace.Workspace,
        removal: scaffold.Removal,
        opts: RemoveOptions,
        refused: bool,
    ) -> None:
        """The places left importing or naming the brick (the reason of a refusal, or what
        `--force` leaves broken), the projects left without a base, the notes."""
        name = removal.brick.name
        if removal.users:
            places = report.plural(len(removal.users), "place")
            head = (
                f"{name} is imported or named in {places}:"
                if refused or not opts.force
                else f"warning: {'would leave' if opts.dry_run else 'left'} broken: {places} "
                f"still {'imports or names' if len(removal.users) == 1 else 'import or name'} "
                f"{name}:"
            )
            lines = [head, *report.users_lines(ws.root, removal.users)]
            self.reason([Formatter.escape(line) for line in lines])
        if removal.uncommitted and opts.force and not opts.dry_run:
            files = report.plural(len(removal.uncommitted), "uncommitted change")
            self.line_error(f"<comment>warning: --force deletes {files} in {name}.</comment>")
        for project in removal.no_base:
            self.line_error(
                f"<comment>warning: project {Formatter.escape(project)} is left with no base "
                f"once {Formatter.escape(name)} is removed.</comment>"
            )
        for note in removal.plan.notes:
            self.line_error(f"<comment>note: {Formatter.escape(note)}</comment>")
