"""Workspace -> files -> imports: which files, which module names, serial and parallel."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from brickwork import workspace
from brickwork.imports import (
    FileImports,
    ImportContext,
    WorkspaceImports,
    module_name,
    python_files,
    scan_file,
    scan_workspace,
)
from test.conftest import MakeWorkspace, WorkspaceFactory


def build(make_workspace: MakeWorkspace, theme: str, namespace: str = "acme") -> WorkspaceFactory:
    factory = make_workspace(namespace=namespace, theme=theme)
    factory.component(
        "x",
        init="from acme.x.core import run\n",
        files={
            "core.py": "from . import helpers\nfrom ..y import thing\nimport requests\n",
            "helpers.py": "def f():\n    import json\n",
            "sub/__init__.py": "from .. import core\n",
            "sub/deep.py": "from ...y.api import z\n",
            "__pycache__/core.cpython-311.py": "import cached\n",
            ".hidden/secret.py": "import hidden\n",
            "notes.txt": "import text\n",
        },
    )
    factory.base("api", files={"main.py": "from acme.x import run\n"})
    return factory


def by_path(found: tuple[FileImports, ...], root: Path) -> dict[str, FileImports]:
    return {f.path.relative_to(root).as_posix(): f for f in found}


def scan(factory: WorkspaceFactory, **options: object) -> WorkspaceImports:
    return scan_workspace(workspace.load(factory.root), use_cache=False, **options)  # type: ignore[arg-type]


def test_loose_bricks_get_module_names_below_the_namespace(make_workspace: MakeWorkspace) -> None:
    factory = build(make_workspace, "loose")
    factory.write("test/components/acme/x/test_core.py", "from acme.x import core\n")
    result = scan(factory)
    assert list(result.bricks) == ["x", "api"]
    files = by_path(result.bricks["x"].files, factory.root)
    assert {k: v.module for k, v in files.items()} == {
        "components/acme/x/__init__.py": "acme.x",
        "components/acme/x/core.py": "acme.x.core",
        "components/acme/x/helpers.py": "acme.x.helpers",
        "components/acme/x/sub/__init__.py": "acme.x.sub",
        "components/acme/x/sub/deep.py": "acme.x.sub.deep",
    }
    assert list(files) == sorted(files)
    core = files["components/acme/x/core.py"].imports
    assert [(i.module, i.names) for i in core] == [
        ("acme.x", ("helpers",)),
        ("acme.y", ("thing",)),
        ("requests", ()),
    ]
    assert files["components/acme/x/sub/__init__.py"].imports[0].module == "acme.x"
    assert files["components/acme/x/sub/deep.py"].imports[0].module == "acme.y.api"
    assert files["components/acme/x/helpers.py"].imports[0].context is ImportContext.LAZY
    (test,) = result.bricks["x"].tests
    assert test.module == "test.components.acme.x.test_core"
    assert [f.module for f in result.bricks["api"].files] == ["acme.api", "acme.api.main"]
    assert result.development == ()


def test_tdd_bricks_get_module_names_below_src(make_workspace: MakeWorkspace) -> None:
    factory = build(make_workspace, "tdd")
    factory.write("components/x/test/test_core.py", "from acme.x import core\n")
    result = scan(factory)
    files = by_path(result.bricks["x"].files, factory.root)
    assert files["components/x/src/acme/x/sub/deep.py"].module == "acme.x.sub.deep"
    assert files["components/x/src/acme/x/sub/deep.py"].imports[0].module == "acme.y.api"
    (test,) = result.bricks["x"].tests
    assert test.path == factory.root / "components/x/test/test_core.py"
    assert test.module == "components.x.test.test_core"


def test_a_dotted_namespace_is_stripped_whole(make_workspace: MakeWorkspace) -> None:
    factory = make_workspace(namespace="acme.corp", theme="loose")
    factory.component("x", files={"core.py": "from .. import y\n"})
    (core,) = [f for f in scan(factory).bricks["x"].files if f.path.name == "core.py"]
    assert core.module == "acme.corp.x.core"
    assert core.imports[0].module == "acme.corp"


def test_development_packages_that_are_not_bricks_are_scanned(
    make_workspace: MakeWorkspace,
) -> None:
    factory = build(make_workspace, "loose")
    factory.write("development/__init__.py", "")
    factory.write("development/tools/seed.py", "from acme.x import run\nfrom . import more\n")
    factory.write("scripts/run.py", "import acme.api\n")
    factory.dev_bricks.clear()
    text = factory.project_text(
        "development",
        [("acme/x", "components"), ("development", ""), ("run.py", "scripts"), ("*.py", "")],
        "pep621",
        [],
    )
    factory.write("pyproject.toml", text)
    result = scan(factory)
    assert [(f.module, [i.module for i in f.imports]) for f in result.development] == [
        ("development", []),
        ("development.tools.seed", ["acme.x", "development.tools"]),
        ("run", ["acme.api"]),
    ]


def test_ignored_folders_and_non_python_files_are_skipped(tmp_path: Path) -> None:
    for name in ("a.py", "b/c.py", "b/__pycache__/d.py", ".venv/e.py", "f.egg-info/g.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("import x\n")
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "b-c").mkdir()
    (tmp_path / "b-c" / "z.py").write_text("")
    found = [p.relative_to(tmp_path).as_posix() for p in python_files(tmp_path)]
    assert found == ["a.py", "b/c.py", "b-c/z.py"]
    assert python_files(tmp_path / "missing") == []


def test_module_names_of_files_and_packages(tmp_path: Path) -> None:
    assert module_name(tmp_path / "a/b/c.py", tmp_path) == ("a.b.c", False)
    assert module_name(tmp_path / "a/b/__init__.py", tmp_path) == ("a.b", True)


def test_unreadable_files_are_reported_not_raised(tmp_path: Path) -> None:
    result = scan_file(tmp_path / "gone.py", "gone")
    assert result.imports == ()
    assert result.error is not None
    assert result.error.startswith("cannot read file:")


def test_a_parallel_scan_equals_a_serial_scan(make_workspace: MakeWorkspace) -> None:
    factory = build(make_workspace, "loose")
    for index in range(40):
        factory.write(
            f"components/acme/x/gen/m{index}.py",
            f"import os\nfrom .m{index + 1} import f\ndef g():\n    import json\n",
        )
    serial = scan(factory, jobs=1)
    parallel = scan(factory, jobs=2)
    assert parallel == serial
    assert len(serial.bricks["x"].files) == 45


def test_a_parallel_scan_works_with_spawned_workers(make_workspace: MakeWorkspace) -> None:
    factory = build(make_workspace, "loose")
    script = textwrap.dedent(
        f"""
        import multiprocessing
        from pathlib import Path
        from brickwork import workspace
        from brickwork.imports import scan_workspace

        if __name__ == "__main__":
            multiprocessing.set_start_method("spawn")
            ws = workspace.load(Path({str(factory.root)!r}))
            parallel = scan_workspace(ws, use_cache=False, jobs=2)
            assert parallel == scan_workspace(ws, use_cache=False, jobs=1)
            print(sum(len(b.files) for b in parallel.bricks.values()))
        """
    )
    (factory.root.parent / "spawn_scan.py").write_text(script)
    done = subprocess.run(
        [sys.executable, str(factory.root.parent / "spawn_scan.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "7\n", "")


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_a_brick_without_tests_has_no_test_files(make_workspace: MakeWorkspace, theme: str) -> None:
    factory = make_workspace(theme=theme)
    factory.component("x")
    assert scan(factory).bricks["x"].tests == ()


def test_every_scanned_file_path_is_the_path_of_the_file_as_pathlib_makes_it(
    make_workspace: MakeWorkspace,
) -> None:
    factory = build(make_workspace, "loose")
    factory.write("test/components/acme/x/test_core.py", "from acme.x import core\n")
    for _ in range(2):  # cold, then from the cache
        result = scan_workspace(workspace.load(factory.root), use_cache=True)
        files = [f for b in result.bricks.values() for f in (*b.files, *b.tests)]
        assert files
        for file in files:
            assert file.path == Path(str(file.path))
            assert file.path.parent / file.path.name == file.path
            assert file.path.is_file()
            assert str(file.path) == str(Path(str(file.path)))
