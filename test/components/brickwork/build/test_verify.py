"""--verify: the wheel installed into a throw-away venv; every module imported."""

from __future__ import annotations

from pathlib import Path

from brickwork import build, workspace
from test.components.brickwork.build.conftest import MakeService, commit_all


def _wheel(root: Path, out: Path) -> Path:
    ws = workspace.load(root)
    project = ws.project("svc")
    assert project is not None
    options = build.BuildOptions(out_dir=out, formats=(build.Format.WHEEL,))
    result = build.build_project(ws, project, options)
    assert result.wheel is not None
    return result.wheel.path


def test_every_module_and_entry_point_of_a_good_wheel_resolves(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()

    verification = build.verify_wheel(_wheel(factory.root, tmp_path / "out"), index=False)

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

    verification = build.verify_wheel(_wheel(factory.root, tmp_path / "out"), index=False)

    assert not verification.ok
    failed = [(p.name, p.error) for p in verification.probes if not p.ok]
    assert failed == [
        ("acme.api.extra", "ModuleNotFoundError: No module named 'acme.unused'"),
    ]
