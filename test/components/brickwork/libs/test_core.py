from __future__ import annotations

from brickwork import libs
from brickwork.imports import ImportContext
from test.components.brickwork.libs.conftest import LibsWorkspace
from test.components.brickwork.libs.svc_project import svc_pyproject
from test.conftest import imp

TC = ImportContext.TYPE_CHECKING
LAZY = ImportContext.LAZY

ACCEPTANCE_DEPENDENCIES = [
    "pillow>=10",
    "pyyaml>=6",
    "pyjwt>=2",
    "python-dateutil>=2.8",
    "beautifulsoup4>=4.12",
    "google-cloud-storage>=2",
]


def acceptance_workspace(lws: LibsWorkspace, dependencies: list[str]) -> None:
    lws.component(
        "images",
        {"core.py": [imp("PIL", "Image", line=3), imp("io", line=1)]},
    )
    lws.component(
        "config",
        {"core.py": [imp("yaml", line=2), imp("dateutil.parser", line=4)]},
    )
    lws.component("auth", {"tokens.py": [imp("jwt", line=5)]})
    lws.component("scrape", {"html.py": [imp("bs4", "BeautifulSoup", line=7)]})
    lws.component("storage", {"blobs.py": [imp("google.cloud", "storage", line=2)]})
    lws.base("api", {"main.py": [imp("acme", "images", "config", line=1)]})
    bricks = ["api", "images", "config", "auth", "scrape", "storage"]
    lws.project("web", bricks, dependencies)
    lws.project(
        "worker", ["storage", "config"], ["google-cloud-storage", "pyyaml", "python-dateutil"]
    )
    lws.dev_dependencies = dependencies


def test_acceptance_workspace_without_virtualenv_has_no_library_findings(
    lws: LibsWorkspace,
) -> None:
    acceptance_workspace(lws, ACCEPTANCE_DEPENDENCIES)

    assert not (lws.root / ".venv").exists()
    assert lws.findings() == []


def test_acceptance_removing_a_declaration_reports_bw201_at_the_import_line(
    lws: LibsWorkspace,
) -> None:
    deps = [d for d in ACCEPTANCE_DEPENDENCIES if not d.startswith("python-dateutil")]
    acceptance_workspace(lws, ACCEPTANCE_DEPENDENCIES)
    lws.project("web", ["api", "images", "config", "auth", "scrape", "storage"], deps)

    assert lws.findings() == [
        ("BW201", "error", "components/acme/config/core.py", 4, "python-dateutil"),
    ]
    assert lws.messages() == [
        "project web imports dateutil but does not declare python-dateutil"
        " (mapped by Brickwork's table of import names); "
        "add it to projects/web/pyproject.toml"
    ]


def test_each_removed_library_is_reported_at_its_own_import(lws: LibsWorkspace) -> None:
    acceptance_workspace(lws, ACCEPTANCE_DEPENDENCIES)
    lws.project("web", ["images", "storage", "scrape"], ["pyyaml"])

    assert lws.findings(projects=("web",)) == [
        ("BW201", "error", "components/acme/images/core.py", 3, "pillow"),
        ("BW201", "error", "components/acme/scrape/html.py", 7, "beautifulsoup4"),
        ("BW201", "error", "components/acme/storage/blobs.py", 2, "google-cloud-storage"),
        ("BW203", "warning", "projects/web/pyproject.toml", 6, "pyyaml"),
    ]


def test_project_libraries_list_declared_used_missing_and_unused(lws: LibsWorkspace) -> None:
    lws.component("img", {"core.py": [imp("PIL", "Image", line=1), imp("requests", line=2)]})
    lws.project("svc", ["img"], ["pillow>=10", "click"])

    report = lws.report(projects=("svc",))

    (svc,) = report.projects
    assert svc.declared == ("click", "pillow")
    assert svc.used == ("pillow", "requests")
    assert svc.missing == ("requests",)
    assert svc.unused == ("click",)
    pillow = next(lib for lib in svc.libraries if lib.name == "pillow")
    assert pillow.constraint == ">=10"
    assert pillow.import_names == ("PIL",)
    assert pillow.status is libs.LibraryStatus.OK


def test_library_arriving_only_through_another_dependency_is_a_warning(
    lws: LibsWorkspace,
) -> None:
    lws.component("net", {"core.py": [imp("requests", line=1), imp("idna", line=2)]})
    lws.project("svc", ["net"], ["requests"])
    lws.lock("projects/svc", {"requests": ("2.32.0", ["idna", "urllib3"]), "idna": ("3.7", [])})

    assert lws.findings(projects=("svc",)) == [
        ("BW202", "warning", "components/acme/net/core.py", 2, "idna"),
    ]
    (svc,) = lws.report(projects=("svc",)).projects
    idna = next(lib for lib in svc.libraries if lib.name == "idna")
    assert idna.via == ("requests",)
    assert idna.locked == "3.7"


def test_transitive_closure_follows_several_levels(lws: LibsWorkspace) -> None:
    lws.component("net", {"core.py": [imp("anyio", line=3)]})
    lws.project("svc", ["net"], ["fastapi"])
    lws.lock(
        "",
        {
            "fastapi": ("0.110", ["starlette"]),
            "starlette": ("0.36", ["anyio"]),
            "anyio": ("4.3", ["idna"]),
        },
    )

    assert lws.findings(projects=("svc",)) == [
        ("BW202", "warning", "components/acme/net/core.py", 3, "anyio"),
        ("BW203", "warning", "projects/svc/pyproject.toml", 6, "fastapi"),
    ]


def test_type_checking_imports_do_not_make_a_library_needed(lws: LibsWorkspace) -> None:
    lws.component(
        "db",
        {"core.py": [imp("boto3", line=1, context=TC), imp("sqlalchemy", line=2, context=LAZY)]},
    )
    lws.project("svc", ["db"], ["sqlalchemy", "mypy-boto3-s3"])

    assert lws.findings(projects=("svc",)) == [
        ("BW203", "warning", "projects/svc/pyproject.toml", 7, "mypy-boto3-s3"),
    ]


def test_declared_library_imported_only_for_type_checking_is_unused(lws: LibsWorkspace) -> None:
    lws.component("db", {"core.py": [imp("boto3", line=1, context=TC)]})
    lws.project("svc", ["db"], ["boto3"])

    assert lws.messages(projects=("svc",)) == [
        "project svc declares boto3 but its bricks import it only under TYPE_CHECKING; move it "
        "to a dev group, or list it in [tool.brickwork.libs] runtime-only (or "
        "[tool.brickwork.libs.allow] svc) if it is needed at runtime only"
    ]


def test_ignore_comment_suppresses_the_missing_library(lws: LibsWorkspace) -> None:
    lws.component(
        "img",
        {"core.py": [imp("PIL", line=1, ignored=("BW201",)), imp("numpy", line=2, ignored=("*",))]},
    )
    lws.project("svc", ["img"], [])

    assert lws.findings(projects=("svc",)) == []
    (svc,) = lws.report(projects=("svc",)).projects
    assert svc.with_status(libs.LibraryStatus.IGNORED) == ("numpy", "pillow")


def test_ignore_comment_for_another_code_does_not_suppress(lws: LibsWorkspace) -> None:
    lws.component("img", {"core.py": [imp("PIL", line=1, ignored=("BW101",))]})
    lws.project("svc", ["img"], [])

    assert lws.findings(projects=("svc",)) == [
        ("BW201", "error", "components/acme/img/core.py", 1, "pillow")
    ]


def test_first_unignored_import_is_the_location_of_bw201(lws: LibsWorkspace) -> None:
    lws.component("a", {"x.py": [imp("yaml", line=9, ignored=("BW201",))]})
    lws.component("b", {"y.py": [imp("yaml", line=4)]})
    lws.project("svc", ["a", "b"], [])

    assert lws.findings(projects=("svc",)) == [
        ("BW201", "error", "components/acme/b/y.py", 4, "pyyaml")
    ]


def test_runtime_only_allow_lists_silence_unused_servers_and_drivers(lws: LibsWorkspace) -> None:
    lws.component("api", {"core.py": [imp("fastapi", line=1)]})
    lws.project("svc", ["api"], ["fastapi", "uvicorn", "psycopg2-binary", "sentry-sdk", "rich"])
    lws.workspace_toml(
        """
        [tool.brickwork.libs]
        runtime-only = ["uvicorn", "psycopg2_binary"]

        [tool.brickwork.libs.allow]
        svc = ["sentry-sdk"]
        """
    )

    assert lws.findings(projects=("svc",)) == [
        ("BW203", "warning", "projects/svc/pyproject.toml", 10, "rich"),
    ]
    (svc,) = lws.report(projects=("svc",)).projects
    assert svc.with_status(libs.LibraryStatus.RUNTIME_ONLY) == (
        "psycopg2-binary",
        "sentry-sdk",
        "uvicorn",
    )


def test_development_project_is_not_checked_for_unused_libraries(lws: LibsWorkspace) -> None:
    lws.component("api", {"core.py": [imp("fastapi", line=1)]})
    lws.dev_dependencies = ["fastapi", "ruff", "mypy"]

    assert lws.findings() == []
    (dev,) = lws.report().projects
    assert dev.with_status(libs.LibraryStatus.TOOL) == ("mypy", "ruff")


def test_development_project_needs_what_tests_and_development_files_import(
    lws: LibsWorkspace,
) -> None:
    lws.component(
        "api",
        {"core.py": [imp("fastapi", line=1)]},
        tests={"test_core.py": [imp("pytest", line=1), imp("test.helpers", line=2)]},
    )
    lws.dev_dependencies = ["fastapi"]
    lws.write("development/demo.py", "import rich\n")
    from brickwork import imports

    lws.development.append(
        imports.FileImports(
            lws.root / "development/demo.py",
            "development.demo",
            (imp("rich", line=1), imp("development.helpers", line=2)),
        )
    )

    assert lws.findings() == [
        ("BW201", "error", "development/demo.py", 1, "rich"),
        ("BW201", "warning", "test/components/acme/api/test_core.py", 1, "pytest"),  # tests only
    ]


def test_dev_group_dependencies_do_not_satisfy_a_deployable(lws: LibsWorkspace) -> None:
    lws.component("api", {"core.py": [imp("httpx", line=1)]})
    svc_pyproject(
        lws, "api", legacy=True, tables='[tool.poetry.group.dev.dependencies]\nhttpx = "*"\n'
    )

    assert lws.findings(projects=("svc",)) == [
        ("BW201", "error", "components/acme/api/core.py", 1, "httpx"),
    ]


def test_extras_count_as_declared_and_are_never_unused(lws: LibsWorkspace) -> None:
    lws.component("api", {"core.py": [imp("redis", line=1)]})
    svc_pyproject(
        lws,
        "api",
        legacy=False,
        tables="""\
        [project.optional-dependencies]
        cache = ["redis>=5"]
        tracing = ["opentelemetry-sdk"]
        """,
    )

    assert lws.findings(projects=("svc",)) == []
    (svc,) = lws.report(projects=("svc",)).projects
    assert svc.with_status(libs.LibraryStatus.OPTIONAL) == ("opentelemetry-sdk", "redis")


def test_stdlib_namespace_and_local_imports_are_not_libraries(lws: LibsWorkspace) -> None:
    lws.component(
        "core",
        {
            "a.py": [
                imp("__future__", "annotations", line=1),
                imp("os.path", line=2),
                imp("asyncore", line=3),
                imp("urllib2", line=4),
                imp("acme.other", line=5),
                imp("development", "tools", line=6),
                imp("tomllib", line=7),
            ]
        },
    )
    lws.project("svc", ["core"], [])
    root = lws.root / "pyproject.toml"
    lws.factory.dev_bricks.append(("component", "core"))
    lws.load()
    text = root.read_text().replace(
        "packages = [\n", 'packages = [\n    { include = "development" },\n'
    )
    root.write_text(text)
    lws.write("development/__init__.py", "")

    assert lws.findings() == []


def test_versions_that_differ_across_projects_are_bw204(lws: LibsWorkspace) -> None:
    lws.component("cfg", {"core.py": [imp("yaml", line=1)]})
    lws.project("a", ["cfg"], ["pyyaml>=6"])
    lws.project("b", ["cfg"], ["pyyaml>=5"])
    lws.lock("projects/a", {"pyyaml": ("6.0.1", [])})
    lws.lock("projects/b", {"pyyaml": ("5.4.1", [])})

    assert lws.findings(projects=("a", "b")) == [
        ("BW204", "warning", "projects/a/pyproject.toml", 6, "pyyaml"),
    ]
    assert lws.findings(projects=("b",), strict=True) == [
        ("BW204", "error", "projects/b/pyproject.toml", 6, "pyyaml"),
    ]
    assert lws.messages(projects=("a",)) == [
        "pyyaml differs across projects: a 6.0.1 (>=6); b 5.4.1 (>=5); align the constraints "
        "and lock again"
    ]


def test_equal_locked_versions_hide_different_constraints(lws: LibsWorkspace) -> None:
    lws.component("cfg", {"core.py": [imp("yaml", line=1)]})
    lws.project("a", ["cfg"], ["pyyaml>=6"])
    lws.project("b", ["cfg"], ["pyyaml>=6.0,<7"])
    lws.lock("", {"pyyaml": ("6.0.1", [])})

    assert lws.findings(projects=("a", "b")) == []


def test_constraints_are_compared_when_nothing_is_locked(lws: LibsWorkspace) -> None:
    lws.component("cfg", {"core.py": [imp("yaml", line=1)]})
    lws.project("a", ["cfg"], ["pyyaml>=6"])
    lws.project("b", ["cfg"], ["pyyaml>=5"])
    lws.project("c", ["cfg"], ["pyyaml >= 6"])

    (row,) = lws.report(projects=("a", "b", "c")).versions
    assert row.differs
    assert [(e.project, e.constraint, e.locked) for e in row.entries] == [
        ("a", ">=6", None),
        ("b", ">=5", None),
        ("c", ">= 6", None),  # as declared
    ]


def test_broken_lock_file_is_a_note_and_the_analysis_goes_on(lws: LibsWorkspace) -> None:
    lws.component("cfg", {"core.py": [imp("yaml", line=1)]})
    lws.project("svc", ["cfg"], ["pyyaml"])
    lws.write("projects/svc/poetry.lock", "[[package]\nname = 'x'\n")

    report = lws.report(projects=("svc",))

    assert report.findings == ()
    assert len(report.notes) == 1
    assert report.notes[0].startswith("projects/svc/poetry.lock: invalid TOML")
    assert "run `poetry lock`" in report.notes[0]


def test_unknown_project_name_is_a_usage_error(lws: LibsWorkspace) -> None:
    import pytest

    from brickwork import workspace

    lws.component("cfg")
    lws.project("svc", ["cfg"], [])
    with pytest.raises(
        workspace.PolyError, match="unknown project 'nope'; the projects of this workspace are: "
    ):
        lws.findings(projects=("nope",))


def test_unmapped_import_suggests_an_alias(lws: LibsWorkspace) -> None:
    lws.component("log", {"core.py": [imp("pythonjsonlogger2", "jsonlogger", line=3)]})
    lws.project("svc", ["log"], [])

    assert lws.messages(projects=("svc",)) == [
        "project svc imports pythonjsonlogger2, which no distribution it declares provides "
        "(unknown distribution: no declared, locked or installed one, nor Poetry's cache, says "
        "it provides pythonjsonlogger2); declare the one that does in "
        "projects/svc/pyproject.toml, or map the import in [tool.polylith.libs.aliases] of "
        "workspace.toml"
    ]


def test_workspace_aliases_and_alias_option_map_imports(lws: LibsWorkspace) -> None:
    lws.component("v", {"core.py": [imp("cv2", line=1), imp("alog", line=2)]})
    lws.project("svc", ["v"], ["my-opencv-build", "acme-logging"])
    lws.workspace_toml(
        """
        [tool.polylith.libs.aliases]
        my-opencv-build = ["cv2"]
        """
    )

    assert lws.findings(projects=("svc",), aliases={"acme-logging": "alog"}) == []
    assert [f[4] for f in lws.findings(projects=("svc",))] == ["alog", "acme-logging"]


def test_table_entry_with_several_candidates_picks_the_declared_one(lws: LibsWorkspace) -> None:
    lws.component("db", {"core.py": [imp("psycopg2", line=1)], "v.py": [imp("cv2", line=1)]})
    lws.project("a", ["db"], ["psycopg2-binary", "opencv-python-headless"])
    lws.project("b", ["db"], ["psycopg2", "opencv-python"])

    assert lws.findings(projects=("a", "b")) == []
    assert [f[4] for f in lws.findings(projects=("b",)) if f[0] == "BW201"] == []


def test_missing_library_with_several_candidates_names_them_all(lws: LibsWorkspace) -> None:
    lws.component("db", {"core.py": [imp("psycopg2", line=1)]})
    lws.project("svc", ["db"], [])

    assert lws.messages(projects=("svc",)) == [
        "project svc imports psycopg2 but does not declare one of psycopg2, psycopg2-binary"
        " (mapped by Brickwork's table of import names); "
        "add it to projects/svc/pyproject.toml"
    ]


def test_libraries_per_brick_use_the_declared_distribution(lws: LibsWorkspace) -> None:
    lws.component("img", {"core.py": [imp("PIL", "Image", line=1), imp("os", line=2)]})
    lws.component("db", {"core.py": [imp("psycopg2", line=1), imp("yaml", line=2, context=TC)]})
    lws.project("svc", ["img", "db"], ["pillow", "psycopg2-binary"])

    bricks = {b.brick: dict(b.libraries) for b in lws.report().bricks}

    assert bricks == {"db": {"psycopg2-binary": ("psycopg2",)}, "img": {"pillow": ("PIL",)}}


def test_poetry_style_projects_and_extras_of_dependencies_follow_the_lock(
    lws: LibsWorkspace,
) -> None:
    lws.component("api", {"core.py": [imp("watchfiles", line=2)]})
    svc_pyproject(
        lws,
        "api",
        legacy=True,
        dependencies=['uvicorn = { version = "^0.29", extras = ["standard"] }'],
    )
    lws.write(
        "projects/svc/poetry.lock",
        """\
        [[package]]
        name = "uvicorn"
        version = "0.29.0"

        [package.dependencies]
        click = ">=7"
        watchfiles = {version = ">=0.13", optional = true}

        [package.extras]
        standard = ["watchfiles (>=0.13)"]

        [[package]]
        name = "watchfiles"
        version = "0.21.0"
        """,
    )

    # uvicorn, a server, is assumed runtime-only: with nothing that shows it, a warning
    assert lws.findings(projects=("svc",)) == [
        ("BW202", "warning", "components/acme/api/core.py", 2, "watchfiles"),
        ("BW203", "warning", "projects/svc/pyproject.toml", 8, "uvicorn"),
    ]
    (svc,) = lws.report(projects=("svc",)).projects
    assert svc.with_status(libs.LibraryStatus.ASSUMED) == ("uvicorn",)


def test_markers_of_a_declaration_are_kept(lws: LibsWorkspace) -> None:
    lws.component("cfg", {"core.py": [imp("tomli", line=4)]})
    lws.project("svc", ["cfg"], ["tomli>=2.0; python_version < '3.11'"])

    (svc,) = lws.report(projects=("svc",)).projects

    (tomli,) = svc.libraries
    assert (tomli.name, tomli.constraint, tomli.markers) == (
        "tomli",
        ">=2.0",
        'python_version < "3.11"',
    )
    assert tomli.status is libs.LibraryStatus.OK


def test_an_import_two_projects_lack_a_library_for_is_one_finding_naming_both(
    lws: LibsWorkspace,
) -> None:
    lws.component("config", {"core.py": [imp("yaml", line=2)]})
    lws.project("svc", ["config"], [])
    lws.dev_dependencies = []
    ws, scan = lws.load()

    (finding,) = libs.library_findings(ws, scan, strict=False)

    assert (finding.code, ws.relative(finding.path), finding.line) == (
        "BW201",
        "components/acme/config/core.py",
        2,
    )
    assert finding.projects == ("svc", "development")
    assert finding.message == (
        "yaml is imported, but pyyaml is not declared in projects svc, development; "
        "add it to projects/svc/pyproject.toml, pyproject.toml"
    )


def test_a_project_that_makes_an_import_already_reported_joins_that_finding(
    lws: LibsWorkspace,
) -> None:
    lws.component("audit", {"log.py": [imp("yaml", line=1)]})
    lws.component("config", {"core.py": [imp("yaml", line=2)]})
    lws.project("svc", ["config"], [])
    lws.dev_dependencies = []
    ws, scan = lws.load()

    found = libs.library_findings(ws, scan, strict=False)

    # the development project's first import of yaml is in audit, but it also makes the
    # import svc lacks pyyaml for: one finding there names both
    assert [(ws.relative(f.path), f.line, f.projects) for f in found] == [
        ("components/acme/config/core.py", 2, ("svc", "development")),
    ]


def test_an_import_one_project_lacks_a_library_for_keeps_the_project_message(
    lws: LibsWorkspace,
) -> None:
    lws.component("config", {"core.py": [imp("yaml", line=2)]})
    lws.project("svc", ["config"], [])
    lws.dev_dependencies = ["pyyaml"]
    ws, scan = lws.load()

    (finding,) = libs.library_findings(ws, scan, strict=False)

    assert finding.projects == ("svc",)
    assert finding.message == (
        "project svc imports yaml but does not declare pyyaml "
        "(mapped by Brickwork's table of import names); add it to projects/svc/pyproject.toml"
    )


def test_a_transitive_import_shared_by_projects_is_one_warning_naming_them(
    lws: LibsWorkspace,
) -> None:
    lws.component("net", {"core.py": [imp("requests", line=1), imp("idna", line=2)]})
    lws.project("svc", ["net"], ["requests"])
    lws.project("job", ["net"], ["requests"])
    lws.dev_dependencies = ["requests"]
    lws.lock("", {"requests": ("2.32.0", ["idna"]), "idna": ("3.7", [])})
    ws, scan = lws.load()

    (finding,) = libs.library_findings(ws, scan, strict=False)

    assert (finding.code, finding.subject) == ("BW202", "idna")
    assert set(finding.projects) == {"svc", "job", "development"}
    assert "which in projects " in finding.message
    assert "arrives only through requests; declare idna in " in finding.message
