"""`poly test` in an environment where the development project is not installed (a fresh
clone before `poetry install`): one line and exit 2, never pytest's `ModuleNotFoundError`."""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

import pytest

from brickwork import testing, workspace
from test.components.brickwork.testing.dev_venv import make_venv, poetry_install_root
from test.conftest import PolyRunner

RUN = "--all -- -q -p no:cacheprovider"


@pytest.fixture(params=["loose", "tdd"])
def created(request: pytest.FixtureRequest, poly: PolyRunner, tmp_path: Path) -> Path:
    """A workspace made by `poly create` (namespace shop, a component with its test) and a
    real venv next to it where the development project is not installed."""
    root = tmp_path / "shop"
    root.mkdir()
    made = poly("poly create workspace", f"--name shop --theme {request.param}", cwd=root)
    assert made.exit_code == 0, made.stderr
    assert poly("poly create component", "--name cart", cwd=root).exit_code == 0
    make_venv(root)
    return root


def test_test_before_poetry_install_says_to_run_it_and_exits_2_without_running_pytest(
    poly: PolyRunner, created: Path
) -> None:
    result = poly("poly test", RUN, cwd=created)
    assert result.exit_code == 2
    assert result.stderr == (
        f"the development project is not installed in {created / '.venv'} (`import shop` "
        "finds nothing there): run `poetry install`, then run again.\n"
    )
    assert result.stdout == ""  # pytest never started: no ModuleNotFoundError
    listed = poly("poly test", "--all --list", cwd=created)  # selecting runs nothing
    assert listed.exit_code == 0
    assert "test" in listed.stdout


def test_test_after_poetry_install_runs_the_tests(poly: PolyRunner, created: Path) -> None:
    poetry_install_root(created)
    result = poly("poly test", RUN, cwd=created)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    created.joinpath(*_test_file(created)).write_text(
        "from shop.cart import hello\n\n\ndef test_hello():\n    assert hello() == 'bye'\n"
    )
    failed = poly("poly test", RUN, cwd=created)
    assert failed.exit_code == 1  # pytest's own verdict passes through
    assert "1 failed" in failed.stdout


def _test_file(root: Path) -> tuple[str, ...]:
    [found] = [p for p in root.rglob("test_core.py") if ".venv" not in p.parts]
    return found.relative_to(root).parts


def test_a_pytest_pythonpath_makes_the_look_inconclusive_and_pytest_runs(
    poly: PolyRunner, created: Path
) -> None:
    folders = " ".join(
        sorted({str(p.parent.parent.relative_to(created)) for p in created.rglob("shop/cart")})
    )
    (created / "pytest.ini").write_text(f"[pytest]\npythonpath = {folders}\n")
    result = poly("poly test", RUN, cwd=created)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_without_pytest_nor_the_project_pytest_is_named_first_then_the_project(
    poly: PolyRunner, created: Path
) -> None:
    [pth] = (created / ".venv").glob("lib/python*/site-packages/dev_tools.pth")
    pth.unlink()
    result = poly("poly test", RUN, cwd=created)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"pytest is not installed in the environment at {created}")
    assert "or install it (`poetry install`) when it is listed already" in result.stderr
    pth.write_text(sysconfig.get_paths()["purelib"] + "\n")
    result = poly("poly test", RUN, cwd=created)
    assert result.exit_code == 2
    assert result.stderr.startswith("the development project is not installed in ")


def test_a_conftest_or_config_that_changes_the_path_makes_the_look_inconclusive(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "test" / "components" / "shop" / "cart"
    folder.mkdir(parents=True)
    target = [testing.SelectedFolder(folder, ("--all",))]
    assert not testing.pytest_may_add_paths(tmp_path, target, [])
    assert testing.pytest_may_add_paths(tmp_path, target, ["-o", "pythonpath=components"])
    assert testing.pytest_may_add_paths(tmp_path, target, ["-c", "other.ini"])
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert not testing.pytest_may_add_paths(tmp_path, target, [])
    (folder / "deeper").mkdir()
    (folder / "deeper" / "conftest.py").write_text("import sys\nsys.path.insert(0, '..')\n")
    assert testing.pytest_may_add_paths(tmp_path, target, [])
    (folder / "deeper" / "conftest.py").unlink()
    (tmp_path / "tox.ini").write_text("[pytest]\npythonpath = components\n")
    assert testing.pytest_may_add_paths(tmp_path, target, [])
    (tmp_path / "tox.ini").unlink()
    (folder / "pytest.ini").write_text("[pytest]\nenv =\n    PYTHONPATH=../components\n")
    assert testing.pytest_may_add_paths(tmp_path, target, [])  # pytest-env
    (folder / "pytest.ini").write_text("[pytest]\npython_paths = components\n")
    assert testing.pytest_may_add_paths(tmp_path, target, [])  # pytest-pythonpath
    (folder / "pytest.ini").unlink()
    assert not testing.pytest_may_add_paths(tmp_path, target, ["-q", "--co"])


def test_the_look_never_imports_workspace_code(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("raise SystemExit(7)\n")
    # found (the root is on the path as pytest's would be), and never executed
    testing.require_runnable(Path(sys.executable), tmp_path, "x", namespace="shop.sub")
    with pytest.raises(workspace.PolyError) as caught:
        testing.require_runnable(Path(sys.executable), tmp_path, "x", namespace="nowhere")
    assert caught.value.exit_code == 2
    assert "`import nowhere` finds nothing there" in str(caught.value)
