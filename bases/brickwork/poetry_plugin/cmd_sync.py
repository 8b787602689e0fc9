"""`poetry poly sync`: make each project list the bricks (and libraries) its code needs."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import ClassVar

from cleo.formatters.formatter import Formatter
from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import imports, pyproject, report, sync, workspace
from brickwork.poetry_plugin.command import PolyCommand, output_option, projects_option

NOTHING = "nothing to sync: every project lists what its bricks need."
FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON)


@dataclass(frozen=True)
class SyncOptions:
    projects: tuple[str, ...] = ()
    dry_run: bool = False
    check: bool = False
    libraries: bool = False
    prune: bool = False
    output: report.OutputFormat = report.OutputFormat.TEXT


def rerun(opts: SyncOptions) -> str:
    """The command that writes what `--check` found: the same projects and options."""
    args = ["poetry", "poly", "sync"]
    args += ["--libs"] if opts.libraries else []
    args += ["--prune"] if opts.prune else []
    args += ["--projects", ",".join(opts.projects)] if opts.projects else []
    return shlex.join(args)


class SyncCommand(PolyCommand):
    name = "poly sync"
    description = "Add to each project the bricks (and libraries) its code needs."
    options: ClassVar[list[Option]] = [
        projects_option(),
        option("dry-run", None, "Print the diff of every file that would change; write nothing."),
        option("check", None, "Like --dry-run, and exit 1 when any file would change."),
        option("libs", None, "Also add missing libraries, as the development project has them."),
        option("prune", None, "Also remove bricks (and, with --libs, libraries) not needed."),
        output_option(FORMATS),
    ]
    formats = FORMATS

    def run_command(self) -> int:
        ws = self.load_workspace(use_cache=False)
        chosen = self.selected_projects(ws)
        opts = SyncOptions(
            projects=tuple(p.name for p in chosen),
            dry_run=bool(self.option("dry-run")),
            check=bool(self.option("check")),
            libraries=bool(self.option("libs")),
            prune=bool(self.option("prune")),
            output=self.output_format(),
        )
        selected = chosen or ws.projects
        # No cache write: sync writes nothing but what its plan names.
        scan = imports.scan_workspace(ws, use_cache=False)
        disk = pyproject.snapshot(ws.root, sync.sync_paths(ws, selected))
        plan = sync.plan_sync(ws, scan, disk, selected, prune=opts.prune, libraries=opts.libraries)
        for note in plan.notes:
            self.line_error(f"<comment>note: {Formatter.escape(note)}</comment>")
        for line in plan.refused:
            self.reason(f"<error>{Formatter.escape(line)}</error>")
        done = workspace.EXIT_FAILURE if plan.refused else workspace.EXIT_OK
        if opts.output is report.OutputFormat.JSON:
            return self.emit_plan(plan, opts, done)
        if plan.is_empty:
            if not plan.refused:
                self.line(NOTHING)
            return done
        if opts.dry_run or opts.check:
            self.emit([Formatter.escape(line) for line in report.plan_diff(plan.changes)])
            if opts.check:
                files = report.plural(len(plan.changes), "project file")
                self.reason(f"{files} out of sync: run `{rerun(opts)}`.")
                return workspace.EXIT_FAILURE
            return done
        for change in pyproject.apply_plan(plan):
            self.line(Formatter.escape(change.describe()))
        return done

    def emit_plan(self, plan: pyproject.Plan, opts: SyncOptions, done: int) -> int:
        """`--output json`: the plan as one document, written first unless `--dry-run` or
        `--check` (which still says on stderr what is out of sync)."""
        preview = opts.dry_run or opts.check
        changes = plan.changes if preview or plan.is_empty else pyproject.apply_plan(plan)
        if opts.check and changes:
            files = report.plural(len(changes), "project file")
            self.reason(f"{files} out of sync: run `{rerun(opts)}`.")
            done = workspace.EXIT_FAILURE
        data = report.plan_data(
            plan.root,
            changes,
            written=not preview,
            dry_run=opts.dry_run,
            check=opts.check,
            notes=plan.notes,
            refused=plan.refused,
            exit_code=done,
        )
        self.emit_raw(report.to_json(data))
        return done
