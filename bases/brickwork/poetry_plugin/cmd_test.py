"""`poetry poly test`: run the tests of what changed since a stable point."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from cleo.helpers import argument, option
from cleo.io.inputs.argument import Argument
from cleo.io.inputs.option import Option
from cleo.io.outputs.output import Type as OutputType
from cleo.io.outputs.output import Verbosity

from brickwork import changes, graph, imports, report, testing, workspace
from brickwork.poetry_plugin.cmd_diff import no_working_tree_option, since_option
from brickwork.poetry_plugin.command import PolyCommand, projects_option


@dataclass(frozen=True)
class RunOptions:
    since: str | None = None
    everything: bool = False
    projects: tuple[str, ...] = ()
    bricks: tuple[str, ...] = ()
    list_only: bool = False
    fail_if_nothing: bool = False
    no_check: bool = False
    working_tree: bool = True
    pytest_args: tuple[str, ...] = ()


def development_python(ws: workspace.Workspace) -> Path:
    """The interpreter `poetry run` uses for the development project: its `.venv`, else
    the environment Poetry keeps for it. None found: `PolyError` (exit 2)."""
    found = testing.venv_python(ws.root)
    if found is not None:
        return found
    from poetry.factory import Factory
    from poetry.utils.env import EnvManager

    env = EnvManager(Factory().create_poetry(ws.root)).get()
    if env.is_venv():
        return Path(env.python)
    raise workspace.PolyError(
        f"the development project at {ws.root} has no virtualenv to run the tests in; "
        "run `poetry install` there first."
    )


def selection_lines(ws: workspace.Workspace, selection: testing.Selection) -> list[str]:
    """One line per test folder with its reason; bricks without tests; or why nothing."""
    if not selection.targets:
        return [f"nothing to test: {selection.why_empty}"]
    width = max(len(ws.relative(t.path)) for t in selection.targets)
    lines = [
        f"{report.escape_tags(ws.relative(t.path).ljust(width))}  "
        f"{report.escape_tags(report.chain_text(t.reason))}"
        for t in selection.targets
    ]
    if selection.without_tests:
        lines.append(f"no tests: {', '.join(selection.without_tests)}")
    return lines


class TestCommand(PolyCommand):
    name = "poly test"
    description = "Run the tests of the bricks and projects affected since a stable point."
    options: ClassVar[list[Option]] = [
        since_option(),
        option("all", None, "Every brick's and project's tests, whatever changed."),
        projects_option(),
        option("bricks", None, "Exactly these bricks' tests.", flag=False, multiple=True),
        option("list", None, "Show the selected test folders with reasons; run nothing."),
        option("fail-if-nothing-to-test", None, "Exit 1 when no test is selected."),
        option("no-check", None, "Run even when `poly check` finds errors."),
        no_working_tree_option(),
    ]
    arguments: ClassVar[list[Argument]] = [
        argument("pytest-args", "Passed to pytest (after --).", optional=True, multiple=True)
    ]

    def run_command(self) -> int:
        opts = RunOptions(
            since=self.option("since") or None,
            everything=bool(self.option("all")),
            projects=(),
            bricks=self.option_values("bricks"),
            list_only=bool(self.option("list")),
            fail_if_nothing=bool(self.option("fail-if-nothing-to-test")),
            no_check=bool(self.option("no-check")),
            working_tree=not self.option("no-working-tree"),
            pytest_args=tuple(self.argument("pytest-args") or ()),
        )
        ws = self.load_workspace()
        projects = self.selected_projects(ws)
        opts = replace(opts, projects=tuple(p.name for p in projects))
        testing.check_bricks(ws, opts.bricks)
        scan = imports.scan_workspace(ws)
        bricks = graph.build_graph(ws, scan)
        affected = None
        if not (opts.everything or opts.bricks):
            affected = changes.affected_since(
                ws, scan, bricks, opts.since, working_tree=opts.working_tree
            )
        selection = testing.select_tests(
            ws, affected, everything=opts.everything, projects=projects, bricks=opts.bricks
        )
        if opts.list_only or not selection.targets:
            self.emit(selection_lines(ws, selection))
            nothing = not selection.targets and opts.fail_if_nothing
            return workspace.EXIT_FAILURE if nothing else workspace.EXIT_OK
        if not opts.no_check and self.check_fails(ws, scan, bricks):
            return workspace.EXIT_FAILURE
        python = development_python(ws)
        self.line_error(
            f"pytest on {report.plural(len(selection.targets), 'test folder')} with {python}",
            verbosity=Verbosity.VERBOSE,
        )
        code = testing.run_pytest(
            python, ws.root, selection.targets, opts.pytest_args, self.raw_line
        )
        if code == testing.NO_TESTS_COLLECTED:
            self.line_error("pytest collected no tests in the selected folders")
            return workspace.EXIT_FAILURE if opts.fail_if_nothing else workspace.EXIT_OK
        return code

    def raw_line(self, text: str) -> None:
        self.io.output.write_line(text, type=OutputType.RAW)

    def check_fails(
        self, ws: workspace.Workspace, scan: imports.WorkspaceImports, bricks: graph.BrickGraph
    ) -> bool:
        """Run `poly check`; on errors show them on stderr and say so."""
        return self.refuse_on_errors(ws, self.run_check(ws, scan, bricks), "not running tests")
