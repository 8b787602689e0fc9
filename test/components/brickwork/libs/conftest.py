"""A workspace on disk whose imports are given by hand: real project files, lock files and
dist-info folders, and a `WorkspaceImports` that says exactly what each file imports."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from brickwork import imports, libs, workspace
from test.conftest import MakeWorkspace, WorkspaceFactory

LockSpec = Mapping[str, tuple[str, Sequence[str]]]
"""Distribution -> (version, names of the distributions it depends on)."""


def source_of(items: Sequence[imports.Import]) -> str:
    """Python source with each import on its own line (a stand-in; the scan is hand-built)."""
    lines: list[str] = []
    for item in sorted(items, key=lambda i: i.line):
        while len(lines) < item.line - 1:
            lines.append("")
        if item.names:
            lines.append(f"from {item.module} import {', '.join(item.names)}")
        else:
            lines.append(f"import {item.module}")
    return "\n".join(lines) + "\n"


def lock_text(packages: LockSpec) -> str:
    out = []
    for name, (version, deps) in packages.items():
        out.append(f'[[package]]\nname = "{name}"\nversion = "{version}"\noptional = false\n')
        if deps:
            out.append("\n[package.dependencies]\n")
            out.extend(f'{dep} = "*"\n' for dep in deps)
        out.append("\n")
    out.append('[metadata]\nlock-version = "2.1"\npython-versions = ">=3.10"\n')
    return "".join(out)


def write_dist_info(
    site_packages: Path,
    name: str,
    version: str,
    files: Sequence[str],
    top_level: Sequence[str] | None = None,
) -> Path:
    """A minimal installed distribution: METADATA, RECORD (listing `files`), top_level.txt."""
    folder = site_packages / f"{name.replace('-', '_')}-{version}.dist-info"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nDescription.\n",
        encoding="utf-8",
    )
    record = [f"{f},sha256=x,1" for f in files] + [f"{folder.name}/RECORD,,"]
    (folder / "RECORD").write_text("\n".join(record) + "\n", encoding="utf-8")
    if top_level is not None:
        (folder / "top_level.txt").write_text("\n".join(top_level) + "\n", encoding="utf-8")
    return folder


@dataclass
class LibsWorkspace:
    factory: WorkspaceFactory
    scans: dict[str, imports.BrickImports] = field(default_factory=dict)
    development: list[imports.FileImports] = field(default_factory=list)
    dev_dependencies: list[str] | None = None
    """When set, the root project declares these (written at `load`)."""

    @property
    def root(self) -> Path:
        return self.factory.root

    def component(
        self,
        name: str,
        files: Mapping[str, Sequence[imports.Import]] | None = None,
        tests: Mapping[str, Sequence[imports.Import]] | None = None,
        kind: str = "component",
    ) -> Path:
        files = dict(files or {"core.py": []})
        texts = {f: source_of(items) for f, items in files.items()}
        if kind == "component":
            folder = self.factory.component(name, files=texts)
        else:
            folder = self.factory.base(name, files=texts)
        dotted = f"{self.factory.namespace}.{name}"
        found = tuple(
            imports.FileImports(folder / f, f"{dotted}.{f[:-3]}", tuple(items))
            for f, items in files.items()
        )
        test_dir = self.root / "test" / f"{kind}s" / self.factory.namespace / name
        test_files = tuple(
            imports.FileImports(
                test_dir / f,
                f"test.{kind}s.{self.factory.namespace}.{name}.{f[:-3]}",
                tuple(items),
            )
            for f, items in (tests or {}).items()
        )
        self.scans[name] = imports.BrickImports(name, found, test_files)
        return folder

    def base(self, name: str, files: Mapping[str, Sequence[imports.Import]] | None = None) -> Path:
        return self.component(name, files, kind="base")

    def project(
        self, name: str, bricks: Sequence[str], dependencies: Sequence[str] = (), **kw: str
    ) -> Path:
        return self.factory.project(name, bricks, dependencies=dependencies, **kw)

    def write(self, relative: str, text: str) -> Path:
        return self.factory.write(relative, text)

    def lock(self, folder: str, packages: LockSpec) -> Path:
        return self.factory.write(f"{folder}/poetry.lock".lstrip("/"), lock_text(packages))

    def workspace_toml(self, extra: str) -> None:
        path = self.root / "workspace.toml"
        path.write_text(path.read_text() + "\n" + textwrap.dedent(extra), encoding="utf-8")

    def load(self) -> tuple[workspace.Workspace, imports.WorkspaceImports]:
        if self.dev_dependencies is not None:
            factory = self.factory
            includes = [factory.include(k, n, prefix="") for k, n in factory.dev_bricks]
            text = factory.project_text(
                "development", includes, factory.dev_style, self.dev_dependencies
            )
            factory.write("pyproject.toml", text)
        ws = workspace.load(self.root)
        return ws, imports.WorkspaceImports(dict(self.scans), tuple(self.development))

    def report(self, **options: object) -> libs.LibsReport:
        ws, scan = self.load()
        return libs.analyse(ws, scan, **options)  # type: ignore[arg-type]

    def findings(self, **options: object) -> list[tuple[str, str, str, int | None, str]]:
        """(code, severity, path relative to the root, line, subject) of every finding."""
        ws, scan = self.load()
        found = libs.library_findings(
            ws,
            scan,
            strict=bool(options.pop("strict", False)),
            **options,  # type: ignore[arg-type]
        )
        return [(f.code, f.severity.value, ws.relative(f.path), f.line, f.subject) for f in found]

    def messages(self, **options: object) -> list[str]:
        ws, scan = self.load()
        found = libs.library_findings(ws, scan, strict=False, **options)  # type: ignore[arg-type]
        return [f.message for f in found]


@pytest.fixture
def lws(make_workspace: MakeWorkspace) -> LibsWorkspace:
    return LibsWorkspace(make_workspace())
