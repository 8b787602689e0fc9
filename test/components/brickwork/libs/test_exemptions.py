"""Exemptions from BW203 need evidence: companions of a used feature, pins the lock shows,
the settings; the built-in servers and drivers without evidence are assumed runtime-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import libs
from brickwork.imports import Import, ImportContext, ImportSite
from brickwork.libs.companions import COMPANIONS, companion_use
from brickwork.libs.settings import is_distribution_name, is_import_name
from brickwork.workspace import canonical_name
from test.components.brickwork.libs.conftest import LibsWorkspace
from test.components.brickwork.libs.svc_project import svc_pyproject
from test.conftest import imp

TC = ImportContext.TYPE_CHECKING
Status = libs.LibraryStatus


def status(lws: LibsWorkspace, name: str) -> tuple[Status, tuple[str, ...], str]:
    (svc,) = lws.report(projects=("svc",)).projects
    lib = next(lib for lib in svc.libraries if lib.name == name)
    return lib.status, lib.via, lib.reason


def test_companion_rules_name_canonical_distributions_and_import_names() -> None:
    for rule in COMPANIONS:
        assert rule.library == canonical_name(rule.library)
        assert rule.of == canonical_name(rule.of)
        assert is_distribution_name(rule.library) and is_distribution_name(rule.of)
        assert rule.evidence and all(is_import_name(e) for e in rule.evidence)
    keys = [(r.library, r.of) for r in COMPANIONS]
    assert len(keys) == len(set(keys))


def test_companion_evidence_is_the_name_or_a_name_inside_it() -> None:
    def site(module: str, line: int, context: ImportContext = ImportContext.MODULE) -> ImportSite:
        return ImportSite(Path("/ws/a.py"), line, context, module)

    sites = [site("fastapi.formsy", 1), site("fastapi.Form", 4, TC), site("fastapi.Form", 9)]

    use = companion_use("python-multipart", sites)

    assert use is not None and (use.rule.of, use.site.line) == ("fastapi", 9)
    assert companion_use("python-multipart", sites[:2]) is None  # a prefix, a type-only import
    assert companion_use("rich", sites) is None  # no rule names it


def test_a_form_imported_on_one_line_with_other_names_shows_the_companion(
    lws: LibsWorkspace,
) -> None:
    lws.component("api", {"routes.py": [imp("fastapi", "FastAPI", "Form", "Depends", line=3)]})
    lws.project("svc", ["api"], ["fastapi", "python-multipart"])

    assert lws.findings(projects=("svc",)) == []
    found = status(lws, "python-multipart")
    assert found[:2] == (Status.COMPANION, ("fastapi",))
    assert found[2].startswith("companion of fastapi for forms and file uploads (fastapi.Form at ")


@pytest.mark.parametrize(
    ("items", "of", "companion"),
    [
        ([imp("fastapi.security", "OAuth2PasswordRequestForm")], "fastapi", "python-multipart"),
        ([imp("starlette.templating", "Jinja2Templates")], "starlette", "jinja2"),
        ([imp("sqlmodel.ext.asyncio.session", "AsyncSession")], "sqlmodel", "greenlet"),
        ([imp("pydantic.networks", "EmailStr")], "pydantic", "email-validator"),
        ([imp("pydantic.v1", "EmailStr")], "pydantic", "email-validator"),
        ([imp("starlette.middleware.sessions", "SessionMiddleware")], "starlette", "itsdangerous"),
        ([imp("fastapi.responses", "ORJSONResponse")], "fastapi", "orjson"),
        ([imp("passlib.hash", "bcrypt")], "passlib", "bcrypt"),
        ([imp("jwt.algorithms", "RSAAlgorithm")], "pyjwt", "cryptography"),
        ([imp("uvicorn.workers", "UvicornWorker")], "uvicorn", "gunicorn"),
    ],
)
def test_each_companion_rule_keeps_its_library_when_the_feature_is_imported(
    lws: LibsWorkspace, items: list[Import], of: str, companion: str
) -> None:
    lws.component("api", {"core.py": items})
    lws.project("svc", ["api"], [of, companion, "rich"])

    assert lws.findings(projects=("svc",)) == [
        ("BW203", "warning", "projects/svc/pyproject.toml", 8, "rich"),
    ]
    assert status(lws, companion)[0] is Status.COMPANION


@pytest.mark.parametrize(
    "items",
    [
        [imp("fastapi", line=1)],  # `fastapi.Form(...)` through the module: not seen
        [imp("fastapi", "Form", line=1, context=TC), imp("fastapi", "FastAPI", line=2)],
        [imp("fastapi.params", "Query", line=1)],
    ],
)
def test_without_an_import_of_the_feature_the_companion_is_unused(
    lws: LibsWorkspace, items: list[Import]
) -> None:
    lws.component("api", {"core.py": items})
    lws.project("svc", ["api"], ["fastapi", "python-multipart"])

    assert lws.findings(projects=("svc",)) == [
        ("BW203", "warning", "projects/svc/pyproject.toml", 7, "python-multipart"),
    ]


def test_email_validator_needs_an_email_field_even_with_pydantic_declared(
    lws: LibsWorkspace,
) -> None:
    lws.component("users", {"models.py": [imp("pydantic", "BaseModel", line=1)]})
    lws.project("svc", ["users"], ["pydantic", "email-validator"])

    assert lws.findings(projects=("svc",)) == [
        ("BW203", "warning", "projects/svc/pyproject.toml", 7, "email-validator"),
    ]
    assert status(lws, "email-validator") == (Status.UNUSED, (), "")


def test_email_validator_is_a_companion_when_pydantic_comes_with_another_library(
    lws: LibsWorkspace,
) -> None:
    lws.component(
        "users",
        {"models.py": [imp("fastapi", "FastAPI", line=1), imp("pydantic", "EmailStr", line=2)]},
    )
    lws.project("svc", ["users"], ["fastapi", "email-validator"])
    lws.lock(
        "projects/svc",
        {
            "fastapi": ("0.115", ["pydantic"]),
            "pydantic": ("2.9", []),
            "email-validator": ("2.2", []),
        },
    )

    assert lws.findings(projects=("svc",)) == [
        ("BW202", "warning", "components/acme/users/models.py", 2, "pydantic"),
    ]
    assert status(lws, "email-validator")[:2] == (Status.COMPANION, ("pydantic",))


def test_a_pin_required_by_a_used_dependency_is_a_note_not_bw203(lws: LibsWorkspace) -> None:
    lws.component("net", {"core.py": [imp("requests", line=1)]})
    lws.project("svc", ["net"], ["requests", "urllib3<2", "charset-normalizer", "rich"])
    lws.lock(
        "projects/svc",
        {
            "requests": ("2.32.3", ["urllib3", "charset-normalizer", "idna"]),
            "urllib3": ("1.26.20", []),
            "charset-normalizer": ("3.4", []),
            "idna": ("3.10", []),
            "rich": ("13.9", ["pygments"]),
            "pygments": ("2.18", []),
        },
    )

    assert lws.findings(projects=("svc",)) == [
        ("BW203", "warning", "projects/svc/pyproject.toml", 9, "rich"),
    ]
    assert status(lws, "urllib3") == (Status.PINNED, ("requests",), "pinned; required by requests")
    assert status(lws, "charset-normalizer")[:2] == (Status.PINNED, ("requests",))


def test_a_pin_of_an_unused_dependency_goes_with_it(lws: LibsWorkspace) -> None:
    lws.component("cli", {"core.py": [imp("click", line=1)]})
    lws.project("svc", ["cli"], ["click", "rich", "pygments"])
    lws.lock(
        "projects/svc",
        {"click": ("8.1", []), "rich": ("13.9", ["pygments"]), "pygments": ("2.18", [])},
    )

    assert lws.findings(projects=("svc",)) == [
        ("BW203", "warning", "projects/svc/pyproject.toml", 7, "rich"),
        ("BW203", "warning", "projects/svc/pyproject.toml", 8, "pygments"),
    ]


def test_a_pin_is_found_through_the_extras_the_project_requests(lws: LibsWorkspace) -> None:
    lws.component("net", {"core.py": [imp("requests", line=1)]})
    svc_pyproject(lws, "net", legacy=False, dependencies=["requests[socks]", "pysocks>=1.7.1"])
    lws.write(
        "projects/svc/poetry.lock",
        """\
        [[package]]
        name = "requests"
        version = "2.32.3"

        [package.dependencies]
        PySocks = {version = ">=1.5.6,<1.5.7 || >1.5.7", optional = true}

        [package.extras]
        socks = ["PySocks (>=1.5.6,!=1.5.7)"]

        [[package]]
        name = "pysocks"
        version = "1.7.1"
        """,
    )

    assert lws.findings(projects=("svc",)) == []
    assert status(lws, "pysocks")[:2] == (Status.PINNED, ("requests",))


def test_a_pin_is_found_in_the_workspace_lock_when_the_project_has_none(
    lws: LibsWorkspace,
) -> None:
    lws.component("db", {"core.py": [imp("sqlalchemy", line=1)]})
    lws.project("svc", ["db"], ["sqlalchemy", "greenlet", "asyncpg"])
    lws.lock(
        "",
        {
            "sqlalchemy": ("2.0.36", ["greenlet", "typing-extensions"]),
            "greenlet": ("3.1", []),
            "typing-extensions": ("4.12", []),
            "asyncpg": ("0.30", []),
        },
    )

    assert lws.findings(projects=("svc",)) == [
        ("BW203", "warning", "projects/svc/pyproject.toml", 8, "asyncpg"),
    ]
    assert status(lws, "greenlet")[:2] == (Status.PINNED, ("sqlalchemy",))
    assert status(lws, "asyncpg")[0] is Status.ASSUMED


def test_a_built_in_driver_that_a_used_library_requires_is_a_pin(lws: LibsWorkspace) -> None:
    lws.component("db", {"core.py": [imp("databases", "Database", line=1)]})
    lws.project("svc", ["db"], ["databases", "asyncpg"])
    lws.lock("projects/svc", {"databases": ("0.9", ["asyncpg"]), "asyncpg": ("0.30", [])})

    assert lws.findings(projects=("svc",)) == []
    assert status(lws, "asyncpg")[:2] == (Status.PINNED, ("databases",))


def test_a_driver_named_by_a_url_is_used_and_another_is_assumed(lws: LibsWorkspace) -> None:
    url = imp("aiosqlite", line=5, context=ImportContext.LAZY, ignored=("BW201", "BW202"))
    lws.component("db", {"core.py": [imp("sqlalchemy", line=1), url]})
    lws.project("svc", ["db"], ["sqlalchemy", "aiosqlite", "pymysql"])

    assert lws.findings(projects=("svc",)) == [
        ("BW203", "warning", "projects/svc/pyproject.toml", 8, "pymysql"),
    ]
    assert status(lws, "aiosqlite")[0] is Status.OK
    assert lws.messages(projects=("svc",)) == [
        "project svc declares pymysql, which none of its bricks imports; it is assumed "
        "runtime-only (a database driver) but nothing shows it is used: remove it, or list it "
        "in [tool.brickwork.libs] runtime-only (or [tool.brickwork.libs.allow] svc) to declare "
        "it needed at runtime"
    ]


def test_a_library_declared_only_in_a_dev_group_has_its_own_bw201_wording(
    lws: LibsWorkspace,
) -> None:
    lws.component("log", {"core.py": [imp("structlog", line=2)]})
    svc_pyproject(
        lws,
        "log",
        legacy=True,
        tables="""\
        [tool.poetry.group.test.dependencies]
        structlog = "*"

        [tool.poetry.group.lint.dependencies]
        structlog = "*"
        """,
    )

    assert lws.messages(projects=("svc",)) == [
        "project svc imports structlog, but declares structlog only in the dev groups `test`, "
        "`lint` (a wheel of the project does not require it); move it to the main "
        "dependencies of projects/svc/pyproject.toml"
    ]


def test_a_shared_bw201_names_the_project_that_has_it_only_in_a_dev_group(
    lws: LibsWorkspace,
) -> None:
    lws.component("log", {"core.py": [imp("structlog", line=2)]})
    lws.project("job", ["log"], [])
    svc_pyproject(lws, "log", legacy=False, tables='[dependency-groups]\ndev = ["structlog>=24"]\n')
    lws.dev_dependencies = ["structlog"]

    assert lws.messages() == [
        "structlog is imported, but structlog is not declared in projects job, svc (svc "
        "declares it only in the dev group `dev`: move it to the main dependencies); add it "
        "to projects/job/pyproject.toml, projects/svc/pyproject.toml"
    ]
