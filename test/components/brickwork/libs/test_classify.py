from __future__ import annotations

import pytest

from brickwork import imports, workspace
from brickwork.imports import is_stdlib
from brickwork.libs.classify import ImportKind, classify, local_packages
from test.conftest import Sketch


@pytest.mark.parametrize(
    "module",
    [
        "__future__",
        "os.path",
        "sys",
        "tomllib",
        "asyncore",
        "asynchat",
        "imp",
        "distutils.core",
        "smtpd",
        "cgi",
        "cgitb",
        "crypt",
        "imghdr",
        "mailcap",
        "nis",
        "nntplib",
        "ossaudiodev",
        "pipes",
        "sndhdr",
        "spwd",
        "sunau",
        "telnetlib",
        "uu",
        "xdrlib",
        "msilib",
        "audioop",
        "chunk",
        "lib2to3.pgen2",
        "tkinter.tix",
        "urllib2",
        "urlparse",
        "ConfigParser",
        "StringIO",
        "cPickle",
        "Queue",
        "winreg",
        "_thread",
    ],
)
def test_standard_library_of_any_python_version_is_stdlib(module: str) -> None:
    assert is_stdlib(module)
    assert classify(module, "acme") is ImportKind.STDLIB


@pytest.mark.parametrize("module", ["yaml", "PIL.Image", "google.cloud.storage", "test2", "tests"])
def test_everything_else_outside_the_workspace_is_third_party(module: str) -> None:
    assert classify(module, "acme") is ImportKind.THIRD_PARTY


def test_namespace_imports_belong_to_the_workspace() -> None:
    assert classify("acme", "acme") is ImportKind.WORKSPACE
    assert classify("acme.log.core", "acme") is ImportKind.WORKSPACE
    assert classify("acme_other", "acme") is ImportKind.THIRD_PARTY
    assert classify("corp.acme.x", "corp.acme") is ImportKind.WORKSPACE


def test_local_packages_are_non_brick_includes_and_scanned_non_brick_files(
    sketch: Sketch,
) -> None:
    sketch.component("log")
    ws = sketch.workspace()
    dev = ws.development
    assert dev is not None
    dev = workspace.Project(
        dev.name,
        dev.path,
        dev.file,
        True,
        dev.style,
        dev.version,
        dev.requires_python,
        dev.bricks,
        (
            *dev.includes,
            workspace.Include("development", ws.root / "development"),
            workspace.Include("tools/*.py", ws.root / "tools"),
            workspace.Include("scripts.py", ws.root / "scripts.py"),
        ),
        (),
    )
    ws = workspace.Workspace(ws.root, ws.config, ws.components, ws.bases, (dev,))
    test_file = imports.FileImports(
        ws.root / "test/components/acme/log/test_core.py", "test.components.acme.log.test_core", ()
    )
    scan = imports.WorkspaceImports(
        {"log": imports.BrickImports("log", (), (test_file,))},
        (imports.FileImports(ws.root / "helpers/x.py", "helpers.x", ()),),
    )

    local = local_packages(ws, scan)

    assert local == {"development", "tools", "scripts", "helpers", "test"}
    assert classify("development.demo", "acme", local) is ImportKind.LOCAL
    assert classify("os", "acme", local) is ImportKind.STDLIB
