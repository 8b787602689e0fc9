"""`poetry poly test`: run the tests of what changed since a stable point."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from cleo.helpers import argument, option
from cleo.io.inputs.argument import Argument
from cleo.io.inputs.option import Option
from cleo.io.outputs.output import Type as OutputType
from cleo.io.outputs.output import Verbosity

from brickwork import report, testing, workspace
from brickwork.poetry_plugin.analysis import check_findings, graph_and_libraries
from brickwork.poetry_plugin.cmd_diff import no_working_tree_option, since_option
from brickwork.poetry_plugin.command import KEPT, PolyCommand, output_option, projects_option

FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON)


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
        python = Path(env.python)
        if python.is_absolute() and python.is_file():
            return python
        raise workspace.PolyError(  # its interpreter is gone (a dangling `bin/python`)
            f"the virtualenv at {env.path} has no working Python; recreate it "
            "(`poetry env remove --all`, then `poetry install`)."
        )
    raise workspace.PolyError(
        f"the development project at {ws.root} has no virtualenv to run the tests in; "
        "run `poetry install` there first."
    )


class TestCommand(PolyCommand):
    name = "poly test"
    description = "Run the tests of the bricks and projects affected since a stable point."
    stops_cleanly = True  # pytest and half-built project venvs do not outlive a signal
    options: ClassVar[list[Option]] = [
        since_option(),
        option("all", None, "Every brick's and project's tests, whatever changed."),
        projects_option(),
        option("bricks", None, "Exactly these bricks' tests.", flag=False, multiple=True),
        option("list", None, "Show the selected test folders with reasons; run nothing."),
        option("fail-if-nothing-to-test", None, "Exit 1 when no test is selected."),
        option("no-check", None, "Run even when `poly check` finds errors."),
        no_working_tree_option(),
        option("in-project", None, "Run each project's tests in a venv of its own wheel and lock."),
        output_option(FORMATS),
    ]
    formats = FORMATS
    arguments: ClassVar[list[Argument]] = [
        argument("pytest-args", "Passed to pytest (after --).", optional=True, multiple=True)
    ]

    def run_command(self) -> int:
        opts = testing.RunOptions(
            since=self.option("since") or None,
            everything=bool(self.option("all")),
            projects=(),
            bricks=self.option_values("bricks"),
            list_only=bool(self.option("list")),
            fail_if_nothing=bool(self.option("fail-if-nothing-to-test")),
            no_check=bool(self.option("no-check")),
            working_tree=not self.option("no-working-tree"),
            in_project=bool(self.option("in-project")),
            pytest_args=tuple(self.argument("pytest-args") or ()),
        )
        as_json = self.output_format() is report.OutputFormat.JSON
        if as_json and not opts.list_only:
            raise workspace.PolyError(
                "--output json prints the selection: add --list (a test run prints pytest's "
                "own output)."
            )
        ws = self.load_workspace()
        projects = self.selected_projects(ws)
        opts = replace(opts, projects=tuple(p.name for p in projects))
        testing.check_bricks(ws, opts.bricks)
        bricks, libraries = graph_and_libraries(self, ws)
        selection = testing.choose_tests(ws, libraries, bricks, opts, projects)
        if opts.list_only or not selection.targets:
            nothing = not selection.targets and opts.fail_if_nothing
            if as_json:
                code = workspace.EXIT_FAILURE if nothing else workspace.EXIT_OK
                self.emit_raw(report.to_json(report.selection_data(ws, selection, code)))
                return code
            if opts.list_only or nothing or not self.quiet:  # -q: no "nothing to test"
                self.emit(report.selection_lines(ws, selection))
            return workspace.EXIT_FAILURE if nothing else workspace.EXIT_OK
        found = [] if opts.no_check else check_findings(self)
        if self.refuse_on_errors(ws, found, "not running tests"):
            return workspace.EXIT_FAILURE
        python = development_python(ws)
        if opts.in_project:
            groups, outside = testing.split_by_project(ws, selection, projects)
            if outside:
                self.line_error(report.outside_projects_line(outside))
            codes = testing.run_in_projects(
                ws, groups, python, opts.pytest_args, self.raw_line, self.announce
            )
        else:
            count = report.plural(len(selection.targets), "test folder")
            self.line_error(f"pytest on {count} with {python}", verbosity=Verbosity.VERBOSE)
            codes = (
                testing.run_pytest(
                    python,
                    ws.root,
                    selection.targets,
                    opts.pytest_args,
                    self.raw_line,
                    namespace=ws.namespace,
                ),
            )
        code = testing.combined_exit(codes)
        # -q: pytest's output is shown when it is the reason of a failure
        self.show_held(code not in (workspace.EXIT_OK, testing.NO_TESTS_COLLECTED))
        if code == testing.NO_TESTS_COLLECTED:
            empty = "pytest collected no tests in the selected folders"
            if opts.fail_if_nothing:
                self.reason(empty)
            else:
                self.line_error(empty)
            return workspace.EXIT_FAILURE if opts.fail_if_nothing else workspace.EXIT_OK
        return code

    def announce(self, env: testing.ProjectEnv, group: testing.ProjectTests) -> None:
        self.line_error(report.project_env_line(env, len(group.targets)))

    _held: list[str] | None = None

    def raw_line(self, text: str) -> None:
        """A line of pytest's output, as it comes; under `-q` held back, and shown only when
        the run fails (`show_held`)."""
        if self.quiet:
            if self._held is None:
                self._held = []
            self._held.append(text)
            return
        self.io.output.write_line(text, type=OutputType.RAW)

    def show_held(self, failed: bool) -> None:
        held, self._held = self._held or [], None
        if held and failed:
            self.io.output.write_line(held, verbosity=KEPT, type=OutputType.RAW)
