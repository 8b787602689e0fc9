"""A build that fails leaves nothing: no empty `dist/` (nor the parents of `-o a/b/c`), and
`--clean` removes old artifacts only once the new ones are built. With a top namespace, a file
excluded but included for one format ships in that format only. Real repositories, real
wheels."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from brickwork import packaging, workspace
from brickwork.packaging import output
from test.artifacts import Sdist, Wheel
from test.components.brickwork.packaging.conftest import MakeService, commit_all, project_file
from test.components.brickwork.packaging.test_ship_patterns import web_workspace
from test.conftest import MakeWorkspace, WorkspaceFactory

OLD = ("svc-1.1.0-py3-none-any.whl", "svc-1.1.0.tar.gz", "svc-1.2.0-py3-none-any.whl")
NEW = ("svc-1.2.0-py3-none-any.whl", "svc-1.2.0.tar.gz")


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every folder and file under `root` (but .git and the workspace cache): a new empty
    folder shows as much as a changed file."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", ".brickwork_cache")]
        for name in dirnames:
            found[Path(dirpath, name).relative_to(root).as_posix() + "/"] = "folder"
        for name in filenames:
            path = Path(dirpath, name)
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def _untracked_brick(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    factory.component("fresh", '"""New."""\n', {"core.py": "X = 1\n"})
    fresh = '    { include = "acme/fresh", from = "../../components" },\n'
    text = project_file("pep621", factory).replace("packages = [\n", "packages = [\n" + fresh)
    factory.write("projects/svc/pyproject.toml", text)
    return {}


def _git_missing(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    empty = factory.root.parent / "no-git-bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))
    return {}


def _build_script(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    table = '\n[tool.poetry.build]\nscript = "build.py"\ngenerate-setup-file = false\n'
    factory.write("projects/svc/pyproject.toml", project_file("pep621", factory) + table)
    factory.write("projects/svc/build.py", "print('hi')\n")
    commit_all(factory.root)
    return {}


def _binary_module(factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    (factory.root / "bases/acme/api/blob.py").write_bytes(b"\x00\xff acme \x80\n")
    commit_all(factory.root)
    return {"top_namespace": "shop"}


def _poetry_core_fails(
    factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    script = '\n[tool.poetry.scripts]\nx = { reference = "gone.sh", type = "file" }\n'
    factory.write("projects/svc/pyproject.toml", project_file("pep621", factory) + script)
    commit_all(factory.root)
    return {}


Setup = Callable[[WorkspaceFactory, pytest.MonkeyPatch], dict[str, str]]
FAILURES: dict[str, Setup] = {
    "an untracked brick": _untracked_brick,
    "git missing": _git_missing,
    "a build script refused": _build_script,
    "a rewrite refused": _binary_module,
    "poetry-core failing": _poetry_core_fails,
}


def _build(factory: WorkspaceFactory, **options: object) -> packaging.BuildResult:
    ws = workspace.load(factory.root)
    project = ws.project("svc")
    assert project is not None
    return packaging.build_project(ws, project, packaging.BuildOptions(**options))  # type: ignore[arg-type]


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
def test_a_failed_build_leaves_no_dist_folder_behind(
    make_service: MakeService, monkeypatch: pytest.MonkeyPatch, failure: Setup
) -> None:
    factory = make_service()
    options = failure(factory, monkeypatch)
    before = snapshot(factory.root)

    with pytest.raises(workspace.PolyError):
        _build(factory, **options)

    assert not (factory.root / "projects/svc/dist").exists()
    assert snapshot(factory.root) == before


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
def test_a_failed_build_removes_every_folder_it_made_for_its_output(
    make_service: MakeService, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, failure: Setup
) -> None:
    factory = make_service()
    options = failure(factory, monkeypatch)

    with pytest.raises(workspace.PolyError):
        _build(factory, out_dir=tmp_path / "a/b/dist", **options)

    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
def test_a_failed_clean_build_keeps_the_old_artifacts_byte_for_byte(
    make_service: MakeService, monkeypatch: pytest.MonkeyPatch, failure: Setup
) -> None:
    factory = make_service()
    options = failure(factory, monkeypatch)
    dist = factory.root / "projects/svc/dist"
    for name in OLD:
        factory.write(f"projects/svc/dist/{name}", f"old {name}\n")
    before = snapshot(factory.root)

    with pytest.raises(workspace.PolyError):
        _build(factory, clean=True, **options)

    assert snapshot(factory.root) == before
    assert sorted(p.name for p in dist.iterdir()) == sorted(OLD)


def test_clean_removes_old_artifacts_only_after_the_build_and_never_the_new_ones(
    make_service: MakeService,
) -> None:
    factory = make_service()
    dist = factory.root / "projects/svc/dist"
    for name in (*OLD, "svc_admin-1.0-py3-none-any.whl"):
        factory.write(f"projects/svc/dist/{name}", f"old {name}\n")

    result = _build(factory, clean=True)

    assert sorted(p.name for p in result.removed) == [
        "svc-1.1.0-py3-none-any.whl",
        "svc-1.1.0.tar.gz",
    ]
    assert sorted(p.name for p in dist.iterdir()) == sorted(
        [*NEW, "svc_admin-1.0-py3-none-any.whl"]
    )
    assert result.wheel is not None and result.wheel.path == dist / NEW[0]
    assert Wheel(dist / NEW[0]).files()  # the new wheel, not the old file of its name
    assert (dist / "svc_admin-1.0-py3-none-any.whl").read_text() == (
        "old svc_admin-1.0-py3-none-any.whl\n"
    )


def test_a_successful_build_makes_its_output_folder_and_leaves_no_scratch_in_it(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()

    result = _build(factory, out_dir=tmp_path / "a/b/dist")

    assert sorted(p.name for p in (tmp_path / "a/b/dist").iterdir()) == sorted(NEW)
    assert [a.path.parent for a in result.artifacts] == [tmp_path / "a/b/dist"] * 2


@pytest.mark.parametrize(
    "failure", [_build_script, _poetry_core_fails], ids=["refused", "failing in poetry-core"]
)
def test_a_batch_whose_projects_all_fail_leaves_no_shared_output_folder(
    make_service: MakeService, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, failure: Setup
) -> None:
    factory = make_service()
    failure(factory, monkeypatch)
    text = (factory.root / "projects/svc/pyproject.toml").read_text(encoding="utf-8")
    factory.write("projects/svc2/pyproject.toml", text.replace('name = "svc"', 'name = "svc2"'))
    factory.write("projects/svc2/build.py", "print('hi')\n")
    commit_all(factory.root)
    ws = workspace.load(factory.root)
    projects = [ws.project("svc"), ws.project("svc2")]
    out = tmp_path / "shared/dist"

    outcomes = packaging.build_many(
        ws, [p for p in projects if p is not None], packaging.BuildOptions(out_dir=out), workers=2
    )

    assert [o.exit_code for o in outcomes] == [1, 1]
    assert not (tmp_path / "shared").exists()


def test_folders_a_batch_made_go_even_when_another_build_removed_the_deepest_first(
    tmp_path: Path,
) -> None:
    # one build of the batch made shared/dist, failed and removed dist; another failed build
    # left shared: the batch's clean-up, which made both, still finds shared empty
    made = output.missing_folders(tmp_path / "shared/dist")
    (tmp_path / "shared").mkdir()

    output.remove_empty(made)

    assert not (tmp_path / "shared").exists()


def test_an_output_folder_not_there_is_judged_by_its_nearest_parent(tmp_path: Path) -> None:
    # (or gone again: a parallel build that made it failed and removed it)
    output.check_output(tmp_path / "gone/dist")

    (tmp_path / "file").write_text("x\n")
    with pytest.raises(workspace.PolyError, match="cannot create the output folder"):
        output.check_output(tmp_path / "file/dist")


def test_a_batch_keeps_the_shared_output_folder_of_the_project_that_built(
    make_service: MakeService, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    factory = make_service()
    text = (factory.root / "projects/svc/pyproject.toml").read_text(encoding="utf-8")
    factory.write("projects/svc2/pyproject.toml", text.replace('name = "svc"', 'name = "svc2"'))
    commit_all(factory.root)
    _poetry_core_fails(factory, monkeypatch)
    ws = workspace.load(factory.root)
    projects = [ws.project("svc"), ws.project("svc2")]
    out = tmp_path / "shared/dist"

    outcomes = packaging.build_many(
        ws, [p for p in projects if p is not None], packaging.BuildOptions(out_dir=out), workers=2
    )

    assert [o.exit_code for o in outcomes] == [1, 0]
    assert sorted(p.name for p in out.iterdir()) == [
        "svc2-1.2.0-py3-none-any.whl",
        "svc2-1.2.0.tar.gz",
    ]


def test_with_a_top_namespace_an_include_beats_an_exclude_only_in_its_formats(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = web_workspace(
        make_workspace,
        'include = [{ path = "shop/acme/web/templates/notes.txt", format = "sdist" }, '
        '{ path = "shop/acme/web/static/css/site.css.map", format = ["sdist", "wheel"] }]\n'
        'exclude = ["shop/acme/web/templates/*.txt", "shop/acme/web/static/**/*.map"]\n',
    )
    ws = workspace.load(factory.root)
    project = ws.project("svc")
    assert project is not None
    options = packaging.BuildOptions(out_dir=tmp_path / "out", top_namespace="shop")

    result = packaging.build_project(ws, project, options)

    assert result.wheel is not None
    wheel = Wheel(result.wheel.path).files()
    sdist = Sdist(next(a.path for a in result.artifacts if a.format is packaging.Format.SDIST))
    assert "shop/acme/web/templates/notes.txt" not in wheel
    assert "components/shop/acme/web/templates/notes.txt" in sdist.files()
    assert "shop/acme/web/static/css/site.css.map" in wheel
    assert "shop/acme/web/static/dist/app.js.map" not in wheel
    assert not [n for n in result.notes if n.startswith("warning")]
