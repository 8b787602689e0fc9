"""Shared fixtures: workspace factories (both themes, both project styles) and a runner
that executes `poetry poly ...` commands in-process through the real Poetry application."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cleo.io.outputs.output import Verbosity
from cleo.testers.command_tester import CommandTester
from poetry.console.application import Application

from brickwork.poetry_plugin import PolyPlugin


@dataclass
class WorkspaceFactory:
    """Builds a Polylith workspace on disk, the way a user (or the incumbent tool) lays it out."""

    root: Path
    namespace: str = "acme"
    theme: str = "loose"
    dev_style: str = "pep621"
    dev_bricks: list[tuple[str, str]] = field(default_factory=list)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def brick_dir(self, kind: str, name: str) -> str:
        top = "components" if kind == "component" else "bases"
        ns = self.namespace.replace(".", "/")
        if self.theme == "loose":
            return f"{top}/{ns}/{name}"
        return f"{top}/{name}/src/{ns}/{name}"

    def include(self, kind: str, name: str, prefix: str = "../../") -> tuple[str, str]:
        """(include, from) of a brick as a project at `prefix` lists it."""
        top = "components" if kind == "component" else "bases"
        ns = self.namespace.replace(".", "/")
        origin = f"{prefix}{top}" if self.theme == "loose" else f"{prefix}{top}/{name}/src"
        return f"{ns}/{name}", origin

    def _brick(self, kind: str, name: str, init: str, files: dict[str, str] | None) -> Path:
        folder = self.brick_dir(kind, name)
        self.write(f"{folder}/__init__.py", init)
        for filename, text in (files or {}).items():
            self.write(f"{folder}/{filename}", text)
        self.dev_bricks.append((kind, name))
        self.write_development()
        return self.root / folder

    def component(self, name: str, init: str = "", files: dict[str, str] | None = None) -> Path:
        return self._brick("component", name, init or f'"""{name}."""\n', files)

    def base(self, name: str, init: str = "", files: dict[str, str] | None = None) -> Path:
        return self._brick("base", name, init or f'"""{name}."""\n', files)

    def write_development(self) -> Path:
        includes = [self.include(k, n, prefix="") for k, n in self.dev_bricks]
        return self.write(
            "pyproject.toml", self.project_text("development", includes, self.dev_style, [])
        )

    @staticmethod
    def project_text(
        name: str, includes: Sequence[tuple[str, str]], style: str, dependencies: Sequence[str]
    ) -> str:
        packages = "".join(f'    {{ include = "{i}", from = "{f}" }},\n' for i, f in includes)
        if style == "pep621":
            deps = "".join(f'    "{d}",\n' for d in dependencies)
            return (
                f'[project]\nname = "{name}"\nversion = "0.1.0"\nrequires-python = ">=3.10"\n'
                f"dependencies = [\n{deps}]\n\n[tool.poetry]\npackages = [\n{packages}]\n\n"
                '[build-system]\nrequires = ["poetry-core>=2.0"]\n'
                'build-backend = "poetry.core.masonry.api"\n'
            )
        deps = "".join(f'{d.split("==")[0]} = "*"\n' for d in dependencies)
        return (
            f'[tool.poetry]\nname = "{name}"\nversion = "0.1.0"\ndescription = ""\n'
            f"authors = []\npackages = [\n{packages}]\n\n[tool.poetry.dependencies]\n"
            f'python = "^3.10"\n{deps}\n[build-system]\nrequires = ["poetry-core>=1.0"]\n'
            'build-backend = "poetry.core.masonry.api"\n'
        )

    def project(
        self,
        name: str,
        bricks: Sequence[str] = (),
        style: str = "pep621",
        dependencies: Sequence[str] = (),
        folder: str | None = None,
    ) -> Path:
        """`projects/<folder or name>/pyproject.toml` including `bricks` (component or base)."""
        kinds = dict((n, k) for k, n in self.dev_bricks)
        includes = [self.include(kinds.get(b, "component"), b) for b in bricks]
        return self.write(
            f"projects/{folder or name}/pyproject.toml",
            self.project_text(name, includes, style, dependencies),
        )


def workspace_toml(namespace: str, theme: str | None) -> str:
    structure = f'\n[tool.polylith.structure]\ntheme = "{theme}"\n' if theme else ""
    return (
        f'[tool.polylith]\nnamespace = "{namespace}"\ngit_tag_pattern = "stable-*"\n'
        f"{structure}\n[tool.polylith.test]\nenabled = true\n"
    )


MakeWorkspace = Callable[..., WorkspaceFactory]


@pytest.fixture
def make_workspace(tmp_path: Path) -> MakeWorkspace:
    """`make_workspace(theme="tdd", dev_style="poetry")` -> a factory rooted in tmp_path/ws."""

    def make(
        namespace: str = "acme", theme: str = "loose", dev_style: str = "pep621"
    ) -> WorkspaceFactory:
        factory = WorkspaceFactory(tmp_path / "ws", namespace, theme, dev_style)
        factory.write("workspace.toml", workspace_toml(namespace, theme))
        for folder in ("components", "bases", "projects", "development"):
            (factory.root / folder).mkdir(parents=True, exist_ok=True)
        factory.write_development()
        return factory

    return make


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str


PolyRunner = Callable[..., Result]


@pytest.fixture
def poly(monkeypatch: pytest.MonkeyPatch) -> Iterator[PolyRunner]:
    """Run `poetry poly <command> <args>` in-process in `cwd` with the real Application."""
    application = Application()
    PolyPlugin().activate(application)

    def run(
        command: str, args: str = "", cwd: Path | None = None, verbosity: Verbosity | None = None
    ) -> Result:
        """`verbosity`: what Poetry's application options `-q`, `-v`, `-vv` set."""
        if cwd is not None:
            monkeypatch.chdir(cwd)
        tester = CommandTester(application.find(command))
        exit_code = tester.execute(args, decorated=False, verbosity=verbosity)
        return Result(exit_code, tester.io.fetch_output(), tester.io.fetch_error())

    old = os.environ.get("COLUMNS")
    monkeypatch.setenv("COLUMNS", "200")
    yield run
    if old is not None:
        os.environ["COLUMNS"] = old


# -- in-memory workspaces for pure tests (graph, check, libs): no files at all ------------------

from brickwork import imports, workspace  # noqa: E402


def imp(
    module: str,
    *names: str,
    line: int = 1,
    context: imports.ImportContext = imports.ImportContext.MODULE,
    ignored: tuple[str, ...] = (),
) -> imports.Import:
    """`imp("acme.log")` is `import acme.log`; `imp("acme", "log")` is `from acme import log`."""
    return imports.Import(module, names, line, context, ignored)


@dataclass
class Sketch:
    """A `Workspace` and its `WorkspaceImports`, built in memory under a fake root."""

    namespace: str = "acme"
    root: Path = Path("/ws")
    brickwork: dict[str, object] = field(default_factory=dict)
    """The `[tool.brickwork]` table."""
    development: bool = True
    """Whether the root project (including every brick) exists."""
    outside_development: tuple[str, ...] = ()
    """Bricks the root project does not include."""
    _bricks: list[workspace.Brick] = field(default_factory=list)
    _scans: dict[str, imports.BrickImports] = field(default_factory=dict)
    _projects: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def brick(
        self,
        name: str,
        kind: workspace.BrickKind = workspace.BrickKind.COMPONENT,
        files: dict[str, list[imports.Import]] | None = None,
        tests: dict[str, list[imports.Import]] | None = None,
        errors: dict[str, tuple[str, int]] | None = None,
    ) -> Path:
        """Add a brick; `files`/`tests` map a file name to its imports; `errors` a file name
        to (message, line) of imports that cannot be recovered. Returns the package dir."""
        ns = Path(*self.namespace.split("."))
        path = self.root / kind.directory / ns / name
        test_path = self.root / "test" / kind.directory / ns / name
        self._bricks.append(workspace.Brick(name, kind, path, path, test_path))
        dotted = f"{self.namespace}.{name}"

        def scan(folder: Path, items: dict[str, list[imports.Import]]) -> list[imports.FileImports]:
            return [
                imports.FileImports(folder / f, f"{dotted}.{f[:-3]}", tuple(i))
                for f, i in items.items()
            ]

        found = scan(path, files or {})
        found += [
            imports.FileImports(path / f, f"{dotted}.{f[:-3]}", (), message, line)
            for f, (message, line) in (errors or {}).items()
        ]
        self._scans[name] = imports.BrickImports(
            name, tuple(found), tuple(scan(test_path, tests or {}))
        )
        return path

    def component(
        self,
        name: str,
        files: dict[str, list[imports.Import]] | None = None,
        tests: dict[str, list[imports.Import]] | None = None,
        errors: dict[str, tuple[str, int]] | None = None,
    ) -> Path:
        return self.brick(name, workspace.BrickKind.COMPONENT, files, tests, errors)

    def base(
        self,
        name: str,
        files: dict[str, list[imports.Import]] | None = None,
        tests: dict[str, list[imports.Import]] | None = None,
        errors: dict[str, tuple[str, int]] | None = None,
    ) -> Path:
        return self.brick(name, workspace.BrickKind.BASE, files, tests, errors)

    def project(self, name: str, bricks: tuple[str, ...] | list[str]) -> Path:
        """A deployable under projects/<name>; brick i is included on line 10 + i."""
        self._projects.append((name, tuple(bricks)))
        return self.root / "projects" / name / "pyproject.toml"

    def _project(
        self, name: str, folder: Path, bricks: tuple[str, ...], dev: bool
    ) -> workspace.Project:
        kinds = {b.name: b for b in self._bricks}
        includes = tuple(
            workspace.Include(
                f"{self.namespace}/{b}", kinds[b].path if b in kinds else folder / b, (b,), 10 + i
            )
            for i, b in enumerate(bricks)
        )
        return workspace.Project(
            name,
            folder,
            folder / "pyproject.toml",
            dev,
            "pep621",
            "0.1.0",
            ">=3.10",
            bricks,
            includes,
            (),
        )

    def workspace(self, problems: tuple[workspace.Finding, ...] = ()) -> workspace.Workspace:
        config = workspace.Config(
            namespace=self.namespace,
            theme=workspace.Theme.LOOSE,
            source=self.root / "workspace.toml",
            brickwork=self.brickwork,
        )
        projects = [
            self._project(
                "development",
                self.root,
                tuple(b.name for b in self._bricks if b.name not in self.outside_development),
                True,
            )
        ]
        projects = projects if self.development else []
        projects += [
            self._project(n, self.root / "projects" / n, b, False) for n, b in self._projects
        ]
        return workspace.Workspace(
            root=self.root,
            config=config,
            components=tuple(b for b in self._bricks if b.kind is workspace.BrickKind.COMPONENT),
            bases=tuple(b for b in self._bricks if b.kind is workspace.BrickKind.BASE),
            projects=tuple(projects),
            problems=problems,
        )

    def scan(self, development: tuple[imports.FileImports, ...] = ()) -> imports.WorkspaceImports:
        return imports.WorkspaceImports(dict(self._scans), development)


@pytest.fixture
def sketch() -> Sketch:
    return Sketch()
