"""--verify: the wheel installed into a throw-away venv; every module imported."""

from __future__ import annotations

from pathlib import Path

from brickwork import packaging, workspace
from test.components.brickwork.packaging.conftest import MakeService, commit_all


def _wheel(root: Path, out: Path) -> Path:
    ws = workspace.load(root)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(out_dir=out, formats=(packaging.Format.WHEEL,))
    result = packaging.build_project(ws, project, options)
    assert result.wheel is not None
    return result.wheel.path


def test_every_module_and_entry_point_of_a_good_wheel_resolves(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()

    verification = packaging.verify_wheel(_wheel(factory.root, tmp_path / "out"), index=False)

    assert verification.ok
    assert [(p.kind, p.name) for p in verification.probes] == [
        ("module", "acme.api"),
        ("module", "acme.api.core"),
        ("module", "acme.greeting"),
        ("module", "acme.greeting.core"),
        ("entry point", "acme.api.core:main"),
    ]


def test_a_module_that_imports_a_brick_the_project_lacks_fails_verification(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("bases/acme/api/extra.py", "import acme.unused.missing_module\n")
    commit_all(factory.root)

    verification = packaging.verify_wheel(_wheel(factory.root, tmp_path / "out"), index=False)

    assert not verification.ok
    failed = [(p.name, p.error) for p in verification.probes if not p.ok]
    assert failed == [
        ("acme.api.extra", "ModuleNotFoundError: No module named 'acme.unused'"),
    ]


CLI_MAIN = """import argparse

# a CLI run by `python -m acme.api`: no `if __name__ == "__main__"` guard, as many have
parser = argparse.ArgumentParser(prog="api")
parser.add_argument("command")
parser.parse_args()
"""


def test_a_main_module_and_test_code_are_not_imported_and_the_wheel_passes(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("bases/acme/api/__main__.py", CLI_MAIN)
    factory.write("bases/acme/api/conftest.py", "import pytest\n")
    factory.write("bases/acme/api/tests/__init__.py", "")
    factory.write("bases/acme/api/tests/test_core.py", "import pytest\n")
    factory.write("bases/acme/api/test_api.py", "import pytest\n")
    commit_all(factory.root)

    verification = packaging.verify_wheel(_wheel(factory.root, tmp_path / "out"), index=False)

    assert verification.ok, verification
    assert [(p.name, p.skipped) for p in verification.probes if p.skipped] == [
        ("acme.api.__main__", "a program (run with python -m), not imported"),
        ("acme.api.conftest", "test code, not imported"),
        ("acme.api.test_api", "test code, not imported"),
        ("acme.api.tests", "test code, not imported"),
        ("acme.api.tests.test_core", "test code, not imported"),
    ]
    imported = [p.name for p in verification.probes if not p.skipped]
    assert imported == [
        "acme.api",
        "acme.api.core",
        "acme.greeting",
        "acme.greeting.core",
        "acme.api.core:main",
    ]


def test_a_module_that_prints_hangs_or_ends_the_interpreter_fails_alone(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write(
        "bases/acme/api/chatty.py", 'print("[not json")\nimport sys\nsys.stderr.write("x")\n'
    )
    factory.write("bases/acme/api/server.py", "import time\n\ntime.sleep(600)  # serves forever\n")
    factory.write("bases/acme/api/quitter.py", "import os\n\nos._exit(3)\n")
    factory.write("bases/acme/api/reader.py", "import sys\n\nDATA = sys.stdin.read()\n")
    commit_all(factory.root)

    verification = packaging.verify_wheel(
        _wheel(factory.root, tmp_path / "out"), index=False, timeout=3
    )

    assert [(p.name, p.error) for p in verification.probes] == [
        ("acme.api", ""),
        ("acme.api.chatty", ""),
        ("acme.api.core", ""),
        ("acme.api.quitter", "the interpreter ended (exit 3) while importing it"),
        ("acme.api.reader", ""),
        ("acme.api.server", "did not finish importing in 3 s (does it run a program?)"),
        ("acme.greeting", ""),
        ("acme.greeting.core", ""),
        ("acme.api.core:main", ""),
    ]


def test_an_entry_point_into_a_main_module_is_read_not_run(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("bases/acme/api/__main__.py", "def main() -> None:\n    pass\n\n\n" + CLI_MAIN)
    text = (factory.root / "projects/svc/pyproject.toml").read_text(encoding="utf-8")
    scripts = 'svc = "acme.api.core:main"\n'
    more = 'run = "acme.api.__main__:main"\ngone = "acme.api.__main__:nothing"\n'
    factory.write("projects/svc/pyproject.toml", text.replace(scripts, scripts + more))
    commit_all(factory.root)

    verification = packaging.verify_wheel(_wheel(factory.root, tmp_path / "out"), index=False)

    assert [(p.name, p.error) for p in verification.probes if p.kind == "entry point"] == [
        ("acme.api.__main__:main", ""),
        (
            "acme.api.__main__:nothing",
            "AttributeError: module 'acme.api.__main__' does not define 'nothing' at its top level",
        ),
        ("acme.api.core:main", ""),
    ]
