"""Which strings --with-top-namespace rewrites: only those that name something the artifact
holds (a brick, a module of it, an attribute a module binds, an entry-point target)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import packaging

CORE = '''"""A module with names bound in every way Python binds them."""
import os
from json import loads as parse
from acme.x import helper

LIMIT = 3
a, (b, *rest) = 1, (2, 3)
if os.name == "nt":
    WINDOWS = True
try:
    import tomllib
except ImportError:
    tomllib = None
for index in range(2):
    pass


def main() -> None:
    local = 1
    global CONFIGURED
    CONFIGURED = local


class Service:
    attribute = 1
'''


@pytest.fixture
def names(tmp_path: Path) -> packaging.ArtifactNames:
    files = {
        "acme/x/__init__.py": "from acme.x.core import main\n",
        "acme/x/core.py": CORE,
        "acme/x/helper.py": "",
        "acme/x/stub.pyi": "def typed() -> int: ...\n",
        "acme/x/data/words.txt": "hi\n",
        "acme/requests/__init__.py": '"""A brick named like a library."""\n',
        "acme/lazy/__init__.py": "def __getattr__(name: str) -> object: ...\n",
        "acme/star/__init__.py": "from os.path import *\n",
        "acme/newer/__init__.py": "type Alias = list[int]\nclass Box[T]: ...\n",
        "acme/both/__init__.py": "",
        "acme/both/api.py": "def real() -> int:\n    return 1\n",
        "acme/both/api.pyi": "def typed_only() -> int: ...\n",
        "acme/both/plugin.py": "globals()['generated'] = print\n",
    }
    for relative, text in files.items():
        path = tmp_path / "root" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    targets = ["acme.x.core:Service.attribute", "acme.both.plugin:generated", "acmex.cli:main"]
    return packaging.scan_names([tmp_path / "root"], {"acme"}, targets)


@pytest.mark.parametrize(
    "text",
    [
        "acme.x",
        "acme.x.core",
        "acme.x.helper",
        "acme.x.stub",
        "acme.x.data",
        "acme.x.main",
        "acme.x.core.LIMIT",
        "acme.x.core.rest",
        "acme.x.core.WINDOWS",
        "acme.x.core.tomllib",
        "acme.x.core.index",
        "acme.x.core.parse",
        "acme.x.core.helper",
        "acme.x.core.CONFIGURED",
        "acme.x.core.Service.attribute",
        "acme.x.core:main",
        "acme.x.core:Service.attribute",
        "acme.lazy.anything",
        "acme.star.join",
        "acme.newer.Alias",
        "acme.newer.Box",
        "acme.both.api.real",
        "acme.both.plugin:generated",
    ],
)
def test_a_string_naming_a_module_or_a_bound_attribute_of_the_artifact_is_rewritten(
    names: packaging.ArtifactNames, text: str
) -> None:
    assert names.names(text)
    assert packaging.rewrite_source(f"X = {text!r}\n", names, "shop") == f"X = 'shop.{text}'\n"


@pytest.mark.parametrize(
    "text",
    [
        "acme",
        "acme.com",
        "acme.timeout",
        "acme.requests.count",
        "acme.x.core.local",
        "acme.x.core.missing",
        "acme.x.core:missing",
        "acme.x.missing:main",
        "acme.x.data.words",
        "acme.x.core.",
        "acme.x core",
        "acmex.x.core",
        "other.acme.x",
        "shop.acme.x",
        "acme.both.api.typed_only",
        "acme.both.plugin.generated",
        "acmex.cli:main",
    ],
)
def test_a_string_that_names_nothing_in_the_artifact_is_left_as_written(
    names: packaging.ArtifactNames, text: str
) -> None:
    assert not names.names(text)
    source = f"X = {text!r}\n"
    assert packaging.rewrite_source(source, names, "shop") == source


def test_f_strings_bytes_and_implicit_concatenations_are_never_rewritten(
    names: packaging.ArtifactNames,
) -> None:
    source = (
        'A = f"acme.x.core"\nB = b"acme.x.core"\nC = "acme." "x.core"\n'
        'D = ("see the module "\n     "acme.x.core")\n'
    )

    assert packaging.rewrite_source(source, names, "shop") == source


def test_an_entry_point_moves_only_when_its_module_is_in_the_artifact(
    names: packaging.ArtifactNames,
) -> None:
    assert packaging.rewrite_target("acme.x.core:main", names, "shop") == "shop.acme.x.core:main"
    assert packaging.rewrite_target(" acme.x ", names, "shop") == "shop.acme.x"
    assert packaging.rewrite_target("acme.gone.core:main", names, "shop") == "acme.gone.core:main"
    assert packaging.rewrite_target("acmex.cli:main", names, "shop") == "acmex.cli:main"
