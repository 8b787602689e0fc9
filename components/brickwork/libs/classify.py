"""Where an imported name comes from: the standard library, the workspace, the development
project's own packages, or a third-party distribution."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterable

from brickwork import workspace
from brickwork.imports import WorkspaceImports


class ImportKind(str, enum.Enum):
    STDLIB = "stdlib"
    WORKSPACE = "workspace"
    """Under the workspace namespace: a brick (or a name `check` reports as BW102)."""
    LOCAL = "local"
    """A package of the workspace that is not a brick (`development`, test helpers)."""
    THIRD_PARTY = "third-party"


#: Modules the running Python may not list in `sys.stdlib_module_names`: removed in recent
#: versions (PEP 594, PEP 632, 3.12/3.13 removals), added after 3.10, and Python 2 names that
#: old code still imports under a version check. None of them is a distribution to declare.
EXTRA_STDLIB: frozenset[str] = frozenset(
    {
        # removed in 3.12 and 3.13
        "aifc",
        "asynchat",
        "asyncore",
        "audioop",
        "cgi",
        "cgitb",
        "chunk",
        "crypt",
        "distutils",
        "imghdr",
        "imp",
        "lib2to3",
        "mailcap",
        "msilib",
        "nis",
        "nntplib",
        "ossaudiodev",
        "pipes",
        "smtpd",
        "sndhdr",
        "spwd",
        "sunau",
        "telnetlib",
        "uu",
        "xdrlib",
        # added after 3.10 (a 3.10 interpreter does not list them)
        "tomllib",
        "annotationlib",
        "compression",
        "_interpreters",
        "_interpqueues",
        "_interpchannels",
        # Python 2 names, imported by old code under `if PY2:` or `try/except ImportError`
        "__builtin__",
        "_winreg",
        "anydbm",
        "BaseHTTPServer",
        "CGIHTTPServer",
        "ConfigParser",
        "Cookie",
        "cookielib",
        "copy_reg",
        "cPickle",
        "cStringIO",
        "commands",
        "dbhash",
        "dircache",
        "DocXMLRPCServer",
        "dummy_thread",
        "dumbdbm",
        "exceptions",
        "gdbm",
        "htmlentitydefs",
        "HTMLParser",
        "httplib",
        "markupbase",
        "md5",
        "mimetools",
        "popen2",
        "Queue",
        "repr",
        "rfc822",
        "robotparser",
        "ScrolledText",
        "sets",
        "sha",
        "SimpleHTTPServer",
        "SimpleXMLRPCServer",
        "SocketServer",
        "StringIO",
        "thread",
        "Tix",
        "Tkinter",
        "tkFileDialog",
        "tkMessageBox",
        "ttk",
        "urllib2",
        "urlparse",
        "UserDict",
        "UserList",
        "UserString",
        "whichdb",
        "xmlrpclib",
    }
)


def top_level(module: str) -> str:
    return module.split(".", 1)[0]


def is_stdlib(module: str) -> bool:
    """True when the top-level name of `module` is part of Python itself (any version)."""
    top = top_level(module)
    return top == "__future__" or top in sys.stdlib_module_names or top in EXTRA_STDLIB


def in_namespace(module: str, namespace: str) -> bool:
    return module == namespace or module.startswith(namespace + ".")


def classify(module: str, namespace: str, local: Iterable[str] = ()) -> ImportKind:
    """The kind of an absolute import; `local` holds top-level names of non-brick packages."""
    if in_namespace(module, namespace):
        return ImportKind.WORKSPACE
    if is_stdlib(module):
        return ImportKind.STDLIB
    if top_level(module) in local:
        return ImportKind.LOCAL
    return ImportKind.THIRD_PARTY


def _include_top(raw: str) -> str | None:
    first = raw.replace("\\", "/").strip("/").split("/", 1)[0]
    if first.endswith(".py"):
        first = first[: -len(".py")]
    return first if first.isidentifier() else None


def local_packages(ws: workspace.Workspace, ws_imports: WorkspaceImports) -> frozenset[str]:
    """Top-level names of the workspace's own packages that are not bricks.

    These are the non-brick includes of every project (for the development project:
    `development`, helper packages), and the top-level modules of scanned files that are not
    in a brick (development files, brick tests: `test.conftest` -> `test`).
    """
    names: set[str] = set()
    for project in ws.projects:
        for include in project.includes:
            if include.bricks:
                continue
            top = _include_top(include.raw)
            if top is not None:
                names.add(top)
    scanned = list(ws_imports.development)
    for brick in ws_imports.bricks.values():
        scanned.extend(brick.tests)
    for file in scanned:
        if file.module and not in_namespace(file.module, ws.namespace):
            names.add(top_level(file.module))
    names.discard(ws.namespace.split(".", 1)[0])
    return frozenset(n for n in names if not is_stdlib(n))
