from __future__ import annotations

import pytest

from brickwork import libs, workspace
from brickwork.libs.settings import RUNTIME_ONLY, read_settings
from test.components.brickwork.libs.conftest import LibsWorkspace


def test_alias_option_accepts_the_incumbent_format() -> None:
    assert libs.parse_alias_option(["opencv-python=cv2,pyyaml=yaml", "pyyaml=_yaml"]) == {
        "opencv-python": "cv2",
        "pyyaml": "yaml _yaml",
    }


@pytest.mark.parametrize("value", ["opencv-python", "=cv2", "opencv-python=", "a b=c", "x=1a"])
def test_alias_option_rejects_what_is_not_distribution_equals_import(value: str) -> None:
    with pytest.raises(workspace.PolyError, match="is not DISTRIBUTION=IMPORT_NAME"):
        libs.parse_alias_option([value])


def test_workspace_aliases_accept_a_string_or_a_list(lws: LibsWorkspace) -> None:
    lws.workspace_toml(
        """
        [tool.polylith.libs.aliases]
        opencv-python = "cv2"
        "Google_Cloud_Storage" = ["google.cloud.storage", "gcs_compat"]
        """
    )
    ws, _ = lws.load()

    settings = read_settings(ws, {"pyyaml": "yaml"})

    assert settings.aliases == {
        "cv2": ("opencv-python",),
        "google.cloud.storage": ("google-cloud-storage",),
        "gcs_compat": ("google-cloud-storage",),
        "yaml": ("pyyaml",),
    }


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[tool.polylith.libs]\naliases = 3\n", r"\[tool.polylith.libs\] aliases must be a table"),
        (
            "[tool.polylith.libs.aliases]\nopencv-python = 3\n",
            "opencv-python must be a string or an array of strings",
        ),
        (
            '[tool.polylith.libs.aliases]\nopencv-python = "cv-2"\n',
            "aliases.opencv-python lists 'cv-2', which is not an import name",
        ),
        ('[tool.brickwork.libs]\nruntime-only = "uvicorn"\n', None),
        (
            "[tool.brickwork.libs]\nruntime-only = [1]\n",
            "runtime-only must be a string or an array of strings",
        ),
        ("[tool.brickwork.libs]\nallow = []\n", r"\[tool.brickwork.libs\] allow must be a table"),
    ],
)
def test_malformed_library_settings_are_one_line_errors_naming_the_file(
    lws: LibsWorkspace, toml: str, message: str | None
) -> None:
    lws.workspace_toml(toml)
    ws, _ = lws.load()

    if message is None:
        assert read_settings(ws).runtime_only == {"uvicorn"}
        return
    with pytest.raises(workspace.PolyError, match=message) as caught:
        read_settings(ws)
    assert str(caught.value).startswith("workspace.toml: ")
    assert "\n" not in str(caught.value)


def project(ws: workspace.Workspace, name: str) -> workspace.Project:
    found = ws.project(name)
    assert found is not None
    return found


def test_runtime_only_adds_names_and_a_dash_removes_a_built_in_one(lws: LibsWorkspace) -> None:
    lws.component("api")
    lws.project("svc", ["api"])
    lws.project("job", ["api"])
    lws.workspace_toml(
        """
        [tool.brickwork.libs]
        runtime-only = ["Sentry_SDK", "-gunicorn"]

        [tool.brickwork.libs.allow]
        svc = ["gunicorn", "-uvicorn"]
        """
    )
    ws, _ = lws.load()

    settings = read_settings(ws)
    svc = settings.runtime_for(ws, project(ws, "svc"))
    job = settings.runtime_for(ws, project(ws, "job"))

    assert settings.runtime_only == {"sentry-sdk"}
    assert settings.not_runtime_only == {"gunicorn"}
    # the project's own list says gunicorn is needed there: proven, not assumed
    assert svc.declared == {"sentry-sdk", "gunicorn"}
    assert svc.assumed == RUNTIME_ONLY - {"gunicorn", "uvicorn"}
    assert job.declared == {"sentry-sdk"}
    assert job.assumed == RUNTIME_ONLY - {"gunicorn"}
    assert settings.allowed(ws, project(ws, "job")) == {"sentry-sdk"}


def test_without_settings_every_built_in_name_is_assumed_and_none_declared(
    lws: LibsWorkspace,
) -> None:
    lws.component("api")
    lws.project("svc", ["api"])
    ws, _ = lws.load()

    found = read_settings(ws).runtime_for(ws, project(ws, "svc"))

    assert (found.declared, found.assumed) == (frozenset(), RUNTIME_ONLY)
    assert {"gunicorn", "uvicorn", "psycopg2-binary", "asyncpg"} <= RUNTIME_ONLY
    assert "email-validator" not in RUNTIME_ONLY  # a companion of pydantic's email fields


def test_a_project_list_wins_over_the_workspace_list(lws: LibsWorkspace) -> None:
    lws.component("api")
    lws.project("svc", ["api"])
    lws.workspace_toml(
        """
        [tool.brickwork.libs]
        runtime-only = ["sentry-sdk", "gunicorn", "-uvicorn"]

        [tool.brickwork.libs.allow]
        svc = ["-sentry-sdk", "-gunicorn", "uvicorn"]
        """
    )
    ws, _ = lws.load()

    found = read_settings(ws).runtime_for(ws, project(ws, "svc"))

    # svc takes back what the workspace adds (plain libraries there) and adds uvicorn back
    assert found.declared == {"uvicorn"}
    assert "gunicorn" not in found.assumed and "uvicorn" not in found.assumed
    assert found.assumed == RUNTIME_ONLY - {"gunicorn", "uvicorn"}


def test_a_project_list_cannot_remove_what_nothing_adds(lws: LibsWorkspace) -> None:
    lws.workspace_toml(
        """
        [tool.brickwork.libs.allow]
        svc = ["-sentry-sdk"]
        """
    )
    ws, _ = lws.load()

    with pytest.raises(workspace.PolyError) as caught:
        read_settings(ws)
    assert str(caught.value).startswith(
        "workspace.toml: [tool.brickwork.libs] allow.svc removes 'sentry-sdk', which is not in "
        "the built-in runtime-only list (aiomysql, "
    )
    assert str(caught.value).endswith(
        "waitress) nor in [tool.brickwork.libs] runtime-only; remove the entry and run again."
    )
