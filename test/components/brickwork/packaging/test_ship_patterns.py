"""`include` and `exclude` as the incumbent reads them, and what `include` names shipped even
when git ignores it. Real repositories, real wheels; one is installed and its data read.

The expected file lists of the incumbent's layout were measured by building the same project
with poetry-multiproject-plugin 2.0.0 (`poetry build-project`, Poetry 2.5.1): its wheel holds
exactly `INCUMBENT_WHEEL`. The one difference by design: the incumbent copies the working
tree, so git-ignored files that no include names ship with it; here they do not (ADR 0020).
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from brickwork import packaging, workspace
from test.artifacts import Sdist, Wheel
from test.components.brickwork.packaging.conftest import commit_all, git
from test.conftest import MakeWorkspace, WorkspaceFactory

WEB_INIT = '''"""The web component: templates and static assets."""

from importlib.resources import files


def asset(name: str) -> str:
    return files("acme.web").joinpath(name).read_text(encoding="utf-8")
'''

#: The web component's files, tracked unless in IGNORED.
WEB = {
    "core.py": "Y = 1\n",
    "conftest.py": "\n",
    "templates/index.html": "<html>\n",
    "templates/partials/nav.html": "<nav>\n",
    "templates/notes.txt": "n\n",
    "static/css/site.css": "body{}\n",
    "static/css/site.css.map": "{}\n",
    "tests/test_web.py": "def test() -> None: ...\n",
}
#: What `npm run build` leaves in the component, git-ignored.
BUILT = {
    "static/dist/app.js": "console.log(1)\n",
    "static/dist/app.js.map": '{"version":3}\n',
    "static/dist/vendor.css": "v{}\n",
}

INCUMBENT_PATTERNS = """include = [
    { path = "acme/web/static/dist/*.js", format = ["sdist", "wheel"] },
    { path = "acme/web/static/dist/*.css", format = ["sdist", "wheel"] },
    { path = "static/build/*.js", format = ["sdist", "wheel"] },
    "static/robots.txt",
]
exclude = ["acme/web/static/**/*.map", "tests", "conftest.py", "acme/web/templates/*.txt"]
"""

PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]

INCUMBENT_WHEEL = [
    "acme/api/__init__.py",
    "acme/api/core.py",
    "acme/web/__init__.py",
    "acme/web/core.py",
    "acme/web/static/css/site.css",
    "acme/web/static/dist/app.js",
    "acme/web/static/dist/vendor.css",
    "acme/web/templates/index.html",
    "acme/web/templates/partials/nav.html",
    "static/build/bundle.js",
]


def web_workspace(
    make_workspace: MakeWorkspace, patterns: str, theme: str = "loose"
) -> WorkspaceFactory:
    """A web component with templates, CSS, a source map and a git-ignored build output; an
    api base with a conftest; project svc with `patterns` in `[tool.poetry]`."""
    factory = make_workspace(theme=theme)
    factory.component("web", WEB_INIT, WEB)
    factory.base(
        "api", '"""The api."""\n', {"core.py": "from acme import web\n", "conftest.py": "\n"}
    )
    web = factory.brick_dir("component", "web")
    factory.write("projects/svc/static/robots.txt", "User-agent: *\n")
    includes = [factory.include("component", "web"), factory.include("base", "api")]
    packages = "".join(f'    {{ include = "{i}", from = "{f}" }},\n' for i, f in includes)
    factory.write(
        "projects/svc/pyproject.toml",
        '[tool.poetry]\nname = "svc"\nversion = "0.1.0"\ndescription = ""\nauthors = []\n'
        f"packages = [\n{packages}]\n{patterns}\n"
        '[tool.poetry.dependencies]\npython = "^3.10"\n\n'
        '[build-system]\nrequires = ["poetry-core>=1.0"]\n'
        'build-backend = "poetry.core.masonry.api"\n',
    )
    factory.write(
        ".gitignore", f"dist/\n__pycache__/\n{web}/static/dist/\nprojects/svc/static/build/\n"
    )
    git(factory.root, "init", "-q")
    commit_all(factory.root)
    for relative, text in BUILT.items():
        factory.write(f"{web}/{relative}", text)
    factory.write("projects/svc/static/build/bundle.js", "bundle()\n")
    return factory


def _build(factory: WorkspaceFactory, out: Path, **options: object) -> packaging.BuildResult:
    ws = workspace.load(factory.root)
    project = ws.project("svc")
    assert project is not None
    return packaging.build_project(ws, project, packaging.BuildOptions(out_dir=out, **options))  # type: ignore[arg-type]


def _sdist(result: packaging.BuildResult) -> Sdist:
    return Sdist(next(a.path for a in result.artifacts if a.format is packaging.Format.SDIST))


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_patterns_written_for_the_incumbents_layout_select_the_files_its_wheel_holds(
    make_workspace: MakeWorkspace, tmp_path: Path, theme: str
) -> None:
    factory = web_workspace(make_workspace, INCUMBENT_PATTERNS, theme)

    result = _build(factory, tmp_path / "out")

    assert result.wheel is not None
    wheel = Wheel(result.wheel.path)
    assert wheel.files() == INCUMBENT_WHEEL
    wheel.verify_record()
    web = factory.brick_dir("component", "web")
    assert result.notes == (
        "added 3 file(s) that git does not track, because include names them: "
        f"{web}/static/dist/app.js, {web}/static/dist/vendor.css, static/build/bundle.js",
    )
    sdist = _sdist(result).files()
    assert "static/robots.txt" in sdist  # an sdist-only include of the project's own file
    assert not [n for n in sdist if n.endswith(".map") or "/tests/" in n or "conftest" in n]


def test_an_ignored_build_output_named_by_include_installs_and_is_read_at_run_time(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = web_workspace(
        make_workspace,
        'include = [{ path = "acme/web/static/dist", format = ["sdist", "wheel"] }]\n',
    )
    result = _build(factory, tmp_path / "out", formats=(packaging.Format.WHEEL,))
    assert result.wheel is not None
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin/python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    subprocess.run([*pip, "--no-index", str(result.wheel.path)], check=True, timeout=300)

    probe = subprocess.run(
        [str(python), "-I", "-c", "from acme import web; print(web.asset('static/dist/app.js'))"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert (probe.returncode, probe.stdout, probe.stderr) == (0, "console.log(1)\n\n", "")


def test_a_pattern_that_matches_nothing_is_a_warning(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = web_workspace(
        make_workspace, 'include = ["acme/web/static/*.png"]\nexclude = ["nothing/*.x"]\n'
    )

    result = _build(factory, tmp_path / "out")

    tail = (
        "matches no file of the project or its bricks (patterns are read from the project "
        "folder, bricks at their include path, as the incumbent stages them)"
    )
    assert result.notes == (
        f"warning: include 'acme/web/static/*.png' {tail}",
        f"warning: exclude 'nothing/*.x' {tail}",
    )


def test_a_name_pattern_excludes_at_every_depth_even_what_an_include_names(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = web_workspace(
        make_workspace,
        'include = [{ path = "acme/web/static/dist/*", format = ["sdist", "wheel"] }]\n'
        'exclude = ["*.map", "conftest.py"]\n',
    )

    result = _build(factory, tmp_path / "out")

    assert result.wheel is not None
    files = Wheel(result.wheel.path).files()
    assert "acme/web/static/dist/app.js" in files
    assert not [f for f in files if f.endswith(".map") or f.endswith("conftest.py")]
    assert "acme/web/tests/test_web.py" in files
    assert result.notes == (  # a name pattern that matches only by name is no warning
        "added 2 file(s) that git does not track, because include names them: "
        "components/acme/web/static/dist/app.js, components/acme/web/static/dist/vendor.css",
    )


def test_an_include_beats_an_exclude_only_in_its_formats(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = web_workspace(
        make_workspace,
        'include = [{ path = "acme/web/templates/notes.txt", format = "sdist" }, '
        '{ path = "acme/web/static/css/site.css.map", format = ["sdist", "wheel"] }]\n'
        'exclude = ["acme/web/templates/*.txt", "acme/web/static/**/*.map"]\n',
    )

    result = _build(factory, tmp_path / "out")

    assert result.wheel is not None
    wheel = Wheel(result.wheel.path).files()
    sdist = _sdist(result).files()
    web = factory.brick_dir("component", "web")
    assert "acme/web/templates/notes.txt" not in wheel
    assert f"{web}/templates/notes.txt" in sdist
    assert "acme/web/static/css/site.css.map" in wheel
    assert "acme/web/static/dist/app.js.map" not in wheel


def test_the_sdist_alone_builds_the_same_wheel_with_added_and_partial_files(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = web_workspace(
        make_workspace,
        'include = [{ path = "acme/web/static/dist/*.js", format = ["sdist", "wheel"] }, '
        '{ path = "acme/web/templates/notes.txt", format = "sdist" }]\n'
        'exclude = ["acme/web/templates/*.txt"]\n',
    )
    result = _build(factory, tmp_path / "out")
    assert result.wheel is not None
    alone = tmp_path / "alone"
    alone.mkdir()
    sdist = _sdist(result).path
    (alone / sdist.name).write_bytes(sdist.read_bytes())

    subprocess.run(
        [*PIP_WHEEL, "--wheel-dir", str(tmp_path / "again"), str(alone / sdist.name)],
        check=True,
        cwd=alone,
    )

    again = Wheel(tmp_path / "again" / result.wheel.path.name)
    assert again.files() == Wheel(result.wheel.path).files()
    assert "acme/web/static/dist/app.js" in again.files()


def test_an_include_that_climbs_out_of_the_project_ships_an_ignored_file(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = web_workspace(
        make_workspace,
        'include = [{ path = "../../components/acme/web/static/dist/app.js", '
        'format = ["sdist", "wheel"] }]\nexclude = ["../../components/acme/web/core.py"]\n',
    )

    result = _build(factory, tmp_path / "out")

    assert result.wheel is not None
    files = Wheel(result.wheel.path).files()
    assert "acme/web/static/dist/app.js" in files
    assert "acme/web/core.py" not in files
    assert result.notes == (
        "added 1 file(s) that git does not track, because include names them: "
        "components/acme/web/static/dist/app.js",
    )


def test_with_a_top_namespace_included_files_move_with_their_brick(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    # the incumbent's `--with-top-namespace shop` stages bricks at shop/acme/...: patterns
    # written for it name that folder, and select the files its wheel holds, under `shop`
    namespaced = INCUMBENT_PATTERNS.replace('"acme/', '"shop/acme/')
    factory = web_workspace(make_workspace, namespaced)

    result = _build(factory, tmp_path / "out", top_namespace="shop")

    assert result.wheel is not None
    files = Wheel(result.wheel.path).files()
    assert files == sorted(f"shop/{f}" if f.startswith("acme/") else f for f in INCUMBENT_WHEEL)
    assert not [n for n in result.notes if n.startswith("warning")]


def test_patterns_written_for_the_incumbents_top_namespace_layout_select_the_same_files(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    # measured: the incumbent's `build-project --with-top-namespace shop` of this project
    # ships dist/app.js (and the ignored vendor.css no include names) and no source map
    factory = web_workspace(
        make_workspace,
        'include = [{ path = "shop/acme/web/static/dist/*.js", format = ["sdist", "wheel"] }]\n'
        'exclude = ["shop/acme/web/static/**/*.map", "*/acme/web/templates/*.txt"]\n',
    )
    ws = workspace.load(factory.root)
    project = ws.project("svc")
    assert project is not None

    stage = packaging.stage_project(ws, project, tmp_path / "stage", top_namespace="shop")

    web = "components/acme/web"
    assert f"{web}/static/dist/app.js" in stage.files
    assert not [f for f in stage.files if f.endswith(".map") or f.endswith("notes.txt")]
    assert f"{web}/static/css/site.css" in stage.files
    assert not [n for n in stage.notes if n.startswith("warning")]


def test_an_include_never_reaches_into_a_virtualenv_or_node_modules(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = web_workspace(
        make_workspace, 'include = [{ path = "**/*.css", format = ["sdist", "wheel"] }]\n'
    )
    factory.write("projects/svc/.venv/lib/site.css", "venv{}\n")
    factory.write("projects/svc/node_modules/pkg/a.css", "nm{}\n")

    result = _build(factory, tmp_path / "out")

    assert result.wheel is not None
    files = Wheel(result.wheel.path).files()
    assert "acme/web/static/dist/vendor.css" in files
    assert not [f for f in files if ".venv" in f or "node_modules" in f]


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        ('include = ["/etc/passwd"]\n', "include '/etc/passwd' points outside the workspace"),
        ('exclude = ["../../../x/*.map"]\n', "exclude '../../../x/*.map' points outside the"),
        ('include = [""]\n', "pattern '': Unacceptable pattern"),
    ],
)
def test_a_pattern_that_cannot_be_read_is_one_line_and_nothing_is_built(
    make_workspace: MakeWorkspace, tmp_path: Path, patterns: str, message: str
) -> None:
    factory = web_workspace(make_workspace, patterns)

    with pytest.raises(workspace.PolyError) as raised:
        _build(factory, tmp_path / "out")

    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.whl"))


def test_a_leading_double_star_matches_under_the_top_namespace_too(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = web_workspace(
        make_workspace,
        'include = ["**/dist/app.js", "shop"]\nexclude = ["other/acme/web/core.py"]\n',
    )
    ws = workspace.load(factory.root)
    project = ws.project("svc")
    assert project is not None

    stage = packaging.stage_project(ws, project, tmp_path / "stage", top_namespace="shop")

    assert "components/acme/web/static/dist/app.js" in stage.files
    assert "components/acme/web/static/dist/vendor.css" in stage.files  # under `shop`
    assert "components/acme/web/core.py" in stage.files
    assert stage.notes[0].startswith("warning: exclude 'other/acme/web/core.py' matches no file")
