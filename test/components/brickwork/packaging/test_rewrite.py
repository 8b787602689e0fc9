"""--with-top-namespace: a token rewrite that keeps comments and formatting, proved by
importing the built wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from brickwork import packaging, workspace
from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import MakeService, commit_all, tree

TRICKY = '''"""Docs mention acme.greeting.core, which stays as written."""
import acme  # the namespace itself
import acme.greeting  # dotted: `acme` must stay bound
import acme.greeting.core as core, os
from acme import greeting
from acme.greeting.core import (  # parenthesised
    hello,
)
from . import sibling
from .core import thing
import acmex.other
from unittest import mock

PATCH = mock.patch("acme.greeting.core.hello")
TARGET = 'acme.api.core:main'
WORD = "acme"
FANCY = f"acme.{WORD}"
if True: import acme.api
def f():
    from acme.api import core; import acme
'''

EXPECTED = '''"""Docs mention acme.greeting.core, which stays as written."""
import top.acme as acme  # the namespace itself
import top.acme.greeting, top.acme as acme  # dotted: `acme` must stay bound
import top.acme.greeting.core as core, os
from top.acme import greeting
from top.acme.greeting.core import (  # parenthesised
    hello,
)
from . import sibling
from .core import thing
import acmex.other
from unittest import mock

PATCH = mock.patch("top.acme.greeting.core.hello")
TARGET = 'top.acme.api.core:main'
WORD = "acme"
FANCY = f"acme.{WORD}"
if True: import top.acme.api, top.acme as acme
def f():
    from top.acme.api import core; import top.acme as acme
'''


NAMES = packaging.ArtifactNames(
    tops=frozenset({"acme"}),
    modules=frozenset({"acme", "acme.api", "acme.api.core", "acme.greeting", "acme.greeting.core"}),
    bound={"acme.greeting.core": frozenset({"hello"}), "acme.api.core": frozenset({"main"})},
)


def test_the_rewrite_changes_only_the_tokens_that_name_the_package() -> None:
    assert packaging.rewrite_source(TRICKY, NAMES, "top") == EXPECTED


def test_the_rewritten_module_is_proved_equivalent_to_the_original() -> None:
    assert packaging.check_rewrite(TRICKY, EXPECTED, NAMES, "top") is None


def test_a_module_without_package_references_is_left_byte_identical() -> None:
    text = "import os  # comment\n\nx = 'acme'\n"

    assert packaging.rewrite_source(text, NAMES, "top") == text


def test_entry_point_targets_move_under_the_namespace() -> None:
    assert packaging.rewrite_target("acme.api.core:main", NAMES, "top.ns") == (
        "top.ns.acme.api.core:main"
    )
    assert packaging.rewrite_target("other.mod:main", NAMES, "top") == "other.mod:main"


def test_an_entry_point_of_another_package_sharing_the_namespaces_prefix_stays() -> None:
    assert packaging.rewrite_target("acmex.cli:main", NAMES, "top") == "acmex.cli:main"
    assert packaging.rewrite_target("acme_x.cli:main", NAMES, "top") == "acme_x.cli:main"


def test_the_rewritten_wheel_imports_and_its_console_script_runs(
    make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write(
        "bases/acme/api/strings.py", 'TARGET = "acme.greeting.core"  # keep this comment\n'
    )
    commit_all(factory.root)
    ws = workspace.load(factory.root)
    project = ws.project("svc")
    assert project is not None
    before = tree(factory.root)

    result = packaging.build_project(
        ws, project, packaging.BuildOptions(out_dir=tmp_path / "out", top_namespace="top")
    )

    assert tree(factory.root) == before

    assert result.wheel is not None
    wheel = Wheel(result.wheel.path)
    assert wheel.files() == [
        "top/acme/api/__init__.py",
        "top/acme/api/core.py",
        "top/acme/api/strings.py",
        "top/acme/greeting/__init__.py",
        "top/acme/greeting/core.py",
        "top/acme/greeting/words.txt",
    ]
    assert wheel.entry_points() == {"console_scripts": {"svc": "top.acme.api.core:main"}}
    assert wheel.text("top/acme/api/strings.py") == (
        'TARGET = "top.acme.greeting.core"  # keep this comment\n'
    )
    wheel.verify_record()
    site = tmp_path / "site"
    with zipfile.ZipFile(result.wheel.path) as archive:
        archive.extractall(site)
    probe = (
        "import importlib, sys; sys.path.insert(0, sys.argv[1]);"
        "m = importlib.import_module('top.acme.api.core'); m.main();"
        "import top.acme.api.strings as s; importlib.import_module(s.TARGET)"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", probe, str(site)], capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, "HI\n", "")
