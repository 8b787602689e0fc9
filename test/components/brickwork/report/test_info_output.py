"""Exact output of `poly info` (text and JSON) and of `poly test`'s lines, on a model built
by hand so that every label, width and key is known."""

from __future__ import annotations

from pathlib import Path

from brickwork import report, testing, workspace

ROOT = Path("/ws")
COMPONENT = workspace.BrickKind.COMPONENT
BASE = workspace.BrickKind.BASE


def brick(name: str, kind: workspace.BrickKind = COMPONENT) -> workspace.Brick:
    folder = "components" if kind is COMPONENT else "bases"
    path = ROOT / folder / "acme" / name
    return workspace.Brick(name, kind, path, path, ROOT / "test" / folder / "acme" / name)


def project(name: str, bricks: tuple[str, ...], *, development: bool = False) -> workspace.Project:
    folder = ROOT if development else ROOT / "projects" / name
    return workspace.Project(
        name,
        folder,
        folder / "pyproject.toml",
        development,
        "pep621" if development else "poetry",
        "1.0",
        ">=3.10",
        bricks,
        (),
        (),
    )


def shop(problems: tuple[workspace.Finding, ...] = ()) -> workspace.Workspace:
    config = workspace.Config("acme", project_aliases={"svc-10": "ten"})
    return workspace.Workspace(
        ROOT,
        config,
        (brick("core"), brick("log")),
        (brick("api", BASE),),
        (
            project("dev", ("api", "core", "log"), development=True),
            project("svc-10", ("core",)),
            project("svc-2", ("api", "core")),
        ),
        problems,
    )


def test_project_label_is_development_an_alias_or_the_name() -> None:
    ws = shop()

    assert [report.project_label(ws, p) for p in ws.projects] == ["development", "ten", "svc-2"]


def test_info_lines_list_projects_in_natural_order_with_the_development_project_last() -> None:
    lines = report.info_lines(shop(), short=False)

    assert lines == [
        "<b>workspace</b> <c1>acme</>  theme <c1>loose</>  root /ws",
        "  projects: <c1>2</>  components: <c1>2</>  bases: <c1>1</>",
        "",
        "brick  kind       svc-2  ten  development",
        "<comment>core</>  component  ✔      ✔    ✔",
        "<comment>log</>   component  -      -    ✔",
        "<c2>api</>   base       ✔      -    ✔",
    ]


def test_short_info_lines_spell_project_labels_downwards_one_column_each() -> None:
    lines = report.info_lines(shop(), short=True)

    assert lines[3:] == [
        "               s t d",
        "               v e e",
        "               c n v",
        "               -   e",
        "               2   l",
        "                   o",
        "                   p",
        "                   m",
        "                   e",
        "                   n",
        "                   t",
        "<comment>core</> component ✔ ✔ ✔",
        "<comment>log</>  component - - ✔",
        "<c2>api</>  base      ✔ - ✔",
    ]


def test_info_lines_of_an_empty_workspace_say_how_to_make_a_brick() -> None:
    ws = workspace.Workspace(ROOT / "<x>", workspace.Config("acme"), (), (), ())

    assert report.info_lines(ws, short=False) == [
        "<b>workspace</b> <c1>acme</>  theme <c1>loose</>  root /ws/\\<x>",
        "  projects: <c1>0</>  components: <c1>0</>  bases: <c1>0</>",
        "",
        "no bricks yet: `poetry poly create component --name <name>` makes one",
    ]


def test_info_lines_end_with_the_problems_escaped() -> None:
    problems = (
        workspace.Finding("BW001", "bad <include>", ROOT / "projects/x/pyproject.toml", 7),
        workspace.Finding("BW002", "odd", ROOT / "workspace.toml"),
    )

    lines = report.info_lines(shop(problems), short=False)

    assert lines[-4:] == [
        "",
        "<comment>problems (2):</comment>",
        "  <error>BW001</error> projects/x/pyproject.toml:7: bad \\<include>",
        "  <error>BW002</error> workspace.toml: odd",
    ]


def test_info_data_is_the_documented_json_shape() -> None:
    problem = workspace.Finding("BW001", "bad", ROOT / "pyproject.toml", 3)

    data = report.info_data(shop((problem,)))

    assert {k: v for k, v in data.items() if k != "result"} == {
        "schema": "urn:brickwork:schema:info:2",
        "version": 2,
        "command": "info",
        "root": "/ws",
        "exit_code": 0,
        "counts": {"components": 2, "bases": 1, "projects": 2},
        "error": None,
    }
    assert data["result"] == {
        "namespace": "acme",
        "theme": "loose",
        "components": [
            {
                "name": "core",
                "path": "components/acme/core",
                "projects": ["dev", "svc-10", "svc-2"],
            },
            {"name": "log", "path": "components/acme/log", "projects": ["dev"]},
        ],
        "bases": [{"name": "api", "path": "bases/acme/api", "projects": ["dev", "svc-2"]}],
        "projects": [
            {
                "name": "dev",
                "label": "development",
                "path": ".",
                "development": True,
                "style": "pep621",
                "bricks": ["api", "core", "log"],
            },
            {
                "name": "svc-10",
                "label": "ten",
                "path": "projects/svc-10",
                "development": False,
                "style": "poetry",
                "bricks": ["core"],
            },
            {
                "name": "svc-2",
                "label": "svc-2",
                "path": "projects/svc-2",
                "development": False,
                "style": "poetry",
                "bricks": ["api", "core"],
            },
        ],
        "problems": [
            {"code": "BW001", "message": "bad", "path": "pyproject.toml", "line": 3},
        ],
    }


def test_outside_projects_line_names_the_bricks_no_project_ships() -> None:
    assert report.outside_projects_line(("a", "<b>")) == (
        "<comment>not in any project, not run: a, \\<b></>"
    )


def test_selection_lines_align_the_reasons_and_name_the_bricks_without_tests() -> None:
    selection = testing.Selection(
        (
            testing.SelectedFolder(ROOT / "test/components/acme/core", ("a.py", "core")),
            testing.SelectedFolder(ROOT / "test/<x>", ("--all",)),
        ),
        without_tests=("log", "api"),
    )

    assert report.selection_lines(shop(), selection) == [
        "test/components/acme/core  a.py → core",
        "test/\\<x>                   --all",  # as wide as shown: `\\<` shows as `<`
        "no tests: log, api",
    ]


def test_selection_lines_of_nothing_say_why() -> None:
    selection = testing.Selection((), why_empty="no brick changed")

    assert report.selection_lines(shop(), selection) == ["nothing to test: no brick changed"]


def test_project_env_line_says_how_many_folders_which_venv_and_its_short_key() -> None:
    built = testing.ProjectEnv("s<v", Path("/v/<bin>/python"), "0123456789abcdef", False)
    reused = testing.ProjectEnv("svc", Path("/v/python"), "k", True)

    assert report.project_env_line(built, 1) == (
        "s\\<v: 1 test folder in its own venv (built, key 0123456789ab): /v/\\<bin>/python"
    )
    assert report.project_env_line(reused, 3) == (
        "svc: 3 test folders in its own venv (reused, key k): /v/python"
    )
