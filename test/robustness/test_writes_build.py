"""`build-project` (both spellings) tried as a hostile user would: each case gives the right
artifacts, or one line with the documented exit code, and leaves the source tree byte-identical
(no stage, no temp folder, nothing a build script wrote).

Each case is data: files written into the svc workspace (a base `api` with a console script and
a component `greeting`, project `svc`) and committed, the command, its arguments, the folder
it runs in, the exit code, a pattern one stderr line must match, and the artifacts expected in
the output folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import commit_all, project_file, service_factory
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.robustness.test_bad_input import tree

WHEEL = "svc-1.2.0-py3-none-any.whl"
BUILD_TABLE = '\n[tool.poetry.build]\nscript = "build.py"\ngenerate-setup-file = false\n'
CARELESS_SCRIPT = """from pathlib import Path

for path in Path(".").rglob("*.py"):
    if path.name != "build.py":
        with path.open("a", encoding="utf-8") as handle:  # in place, through any hard link
            handle.write("# touched by the build script\\n")
Path("components/acme/greeting/generated.py").write_text("X = 1\\n", encoding="utf-8")
"""


def source(root: Path) -> dict[str, str]:
    """The workspace's files but what a build writes (artifacts, the validation cache)."""
    return {k: v for k, v in tree(root).items() if not k.startswith(".brickwork_cache/")}


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str]
    """Workspace-relative path -> text, written and committed before the build; `{svc}` in a
    text is the svc project file."""
    command: str = "poly build-project"
    args: str = "--projects svc"
    cwd: str = ""
    exit_code: int = 0
    pattern: str = ""
    """A regular expression one line of stderr must match."""
    built: tuple[str, ...] = field(default=(WHEEL,))
    """The files in the output folder afterwards."""


def svc_with(extra: str) -> dict[str, str]:
    return {"projects/svc/pyproject.toml": "{svc}" + extra}


def twin_brick(factory: WorkspaceFactory) -> None:
    """A base named like the component, both in svc: two bricks at acme/greeting."""
    factory.base("greeting", '"""A base with the name of a component."""\n')
    text = project_file("pep621", factory)
    base = '    { include = "acme/greeting", from = "../../bases" },\n'
    packages = text.replace("packages = [\n", "packages = [\n" + base)
    factory.write("projects/svc/pyproject.toml", packages)


CASES = [
    Case(
        "a-build-script-is-refused-without-allow-build-script",
        {**svc_with(BUILD_TABLE), "projects/svc/build.py": CARELESS_SCRIPT},
        exit_code=1,
        pattern=r"^\[1/1\] svc: projects/svc/pyproject.toml: the build script 'build.py' "
        r"\(\[tool.poetry.build\] script\) would run workspace code; pass --allow-build-script",
        built=(),
    ),
    Case(
        "an-allowed-build-script-writes-only-its-private-copy",
        {**svc_with(BUILD_TABLE), "projects/svc/build.py": CARELESS_SCRIPT},
        args="--projects svc --allow-build-script",
        built=("svc-1.2.0-cp3*.whl",),
    ),
    Case(
        "the-incumbents-command-refuses-a-build-script-too",
        {**svc_with(BUILD_TABLE), "projects/svc/build.py": CARELESS_SCRIPT},
        command="build-project",
        args="",
        cwd="projects/svc",
        exit_code=1,
        pattern=r"would run workspace code; pass --allow-build-script",
        built=(),
    ),
    Case(
        "the-incumbents-command-refuses-two-bricks-at-one-path",
        {"twin": ""},
        command="build-project",
        args="",
        cwd="projects/svc",
        exit_code=1,
        pattern=r"^\[1/1\] svc: build failed: the wheel would hold acme/greeting/__init__.py "
        r"twice \(from bases/acme/greeting/__init__.py and components/acme/greeting/__init__.py\)",
        built=(),
    ),
    Case(
        "the-incumbents-temp-path-inside-the-workspace-is-made-and-removed",
        {},
        command="build-project",
        args="--custom-temp-path build-tmp/stages",
        cwd="projects/svc",
    ),
    Case(
        "a-temp-path-inside-the-workspace-is-made-and-removed",
        {},
        args="--projects svc --custom-temp-path .stages/deep/er",
    ),
    Case(
        "check-refuses-only-the-project-with-an-error",
        {
            "bases/acme/cli/__init__.py": "import acme.unused\n",
            "projects/bad/pyproject.toml": '[project]\nname = "bad"\nversion = "1.0"\n\n'
            '[tool.poetry]\npackages = [{ include = "acme/cli", from = "../../bases" }]\n',
        },
        args="--projects bad,svc",
        exit_code=1,
        pattern=r"^bad: not built: `poly check` found 1 error; fix them, or pass --no-check\.$",
    ),
    Case(
        "verify-passes-a-wheel-whose-main-module-runs-a-cli",
        {
            "bases/acme/api/__main__.py": "import argparse\n\nargparse.ArgumentParser()"
            '.add_argument("x")\nargparse.ArgumentParser().parse_args()\nraise SystemExit(2)\n'
        },
        args="--projects svc --verify",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_build_gives_the_right_artifacts_or_one_line_and_leaves_the_source_as_it_was(
    case: Case, make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    factory = service_factory(make_workspace)()
    for path, text in case.files.items():
        if path == "twin":
            twin_brick(factory)
            continue
        factory.write(path, text.replace("{svc}", project_file("pep621", factory)))
    if case.files:
        factory.write_development()
        commit_all(factory.root)
    before = source(factory.root)
    out = tmp_path / "out"

    result = poly(
        case.command,
        f"{case.args} -f wheel {'-o' if case.command == 'build-project' else '--output-dir'} {out}",
        cwd=factory.root / case.cwd,
    )

    assert result.exit_code == case.exit_code, result.stderr
    assert "Traceback" not in result.stderr
    if case.pattern:
        lines = result.stderr.splitlines()
        assert any(re.search(case.pattern, line) for line in lines), result.stderr
    assert source(factory.root) == before
    built = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert len(built) == len(case.built), built
    for name, pattern in zip(built, sorted(case.built), strict=True):
        assert Path(name).match(pattern), (name, pattern)
    for name in built:
        assert Wheel(out / name).files()  # a readable wheel, no duplicate entries
        assert len(set(Wheel(out / name).names())) == len(Wheel(out / name).names())
