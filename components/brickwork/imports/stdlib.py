"""Which modules are part of Python itself, on any version a project may run: the import
scanner reads a `try` whose body imports one as a version fallback (ADR 0023), and the library
rules never ask a distribution for one."""

from __future__ import annotations

import sys

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


def is_stdlib(module: str) -> bool:
    """True when the top-level name of `module` is part of Python itself (any version)."""
    top = module.split(".", 1)[0]
    return top == "__future__" or top in sys.stdlib_module_names or top in EXTRA_STDLIB
