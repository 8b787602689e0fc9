from __future__ import annotations

import textwrap

from brickwork.imports import ImportContext, scan_source

SETTINGS = textwrap.dedent(
    """\
    from pathlib import Path

    ROOT_URLCONF = "acme.web.urls"
    INSTALLED_APPS = [
        "django.contrib.admin",
        "rest_framework",
        "acme.web.apps.WebConfig",
    ] + ["corsheaders"]
    DATABASE_URL = "postgresql+asyncpg://user@db/app"
    BROKER = "sqla+sqlite:///celery.db"
    """
)


def test_django_settings_strings_and_url_drivers_are_imports_loaded_by_name() -> None:
    imports, error, _ = scan_source(SETTINGS, "acme.web.settings")

    assert error is None
    assert [(i.module, i.line, i.context) for i in imports] == [
        ("pathlib", 1, ImportContext.MODULE),
        ("acme.web.urls", 3, ImportContext.MODULE),
        ("django.contrib.admin", 5, ImportContext.MODULE),
        ("rest_framework", 6, ImportContext.MODULE),
        ("acme.web.apps.WebConfig", 7, ImportContext.MODULE),
        ("corsheaders", 8, ImportContext.MODULE),
        ("asyncpg", 9, ImportContext.LAZY),
        ("sqlalchemy", 10, ImportContext.LAZY),
    ]
    by_module = {i.module: i for i in imports}
    assert by_module["acme.web.apps.WebConfig"].suppresses("BW107")
    assert by_module["asyncpg"].suppresses("BW201")
    assert by_module["asyncpg"].suppresses("BW205")  # nor "unknown distribution" from a string
    assert not by_module["rest_framework"].suppresses("BW201")


def test_url_includes_and_celery_include_lists_are_imports_loaded_by_name() -> None:
    source = textwrap.dedent(
        """\
        from celery import Celery
        from django.urls import include, path

        app = Celery("acme", include=["acme.tasks.jobs"])
        app.autodiscover_tasks(["acme.mail"])
        urlpatterns = [path("api/", include(("acme.api.urls", "api"))), path("", include("x.urls"))]
        """
    )

    imports, _, _ = scan_source(source, "acme.worker.app")

    assert [(i.module, i.line) for i in imports if i.context is ImportContext.MODULE][2:] == [
        ("acme.tasks.jobs", 4),
        ("acme.mail", 5),
        ("acme.api.urls", 6),
        ("x.urls", 6),
    ]


def test_plain_urls_and_strings_elsewhere_are_not_imports() -> None:
    source = 'import os\nURL = "https://example.com/a+b"\nNAME = "acme.web.urls"\n'

    imports, _, _ = scan_source(source, "acme.web.core")

    assert [i.module for i in imports] == ["os"]


def test_a_settings_file_without_any_import_statement_still_counts() -> None:
    imports, _, _ = scan_source('INSTALLED_APPS = ["acme.blog"]\n', "acme.site.settings")

    assert [i.module for i in imports] == ["acme.blog"]


def test_a_method_called_include_is_not_a_module_loaded_by_name() -> None:
    source = 'includes = [factory.include("base", "api"), builder.include("component")]\n'

    imports, _, _ = scan_source(source, "acme.x.core")

    assert imports == ()
