"""`build-project --with-top-namespace shop`, tried with modules a hostile (or merely old) workspace
holds: every case gives the right wheel, byte for byte, or one line naming the file, exit 1,
no artifact, and a source tree that is byte-identical afterwards.

Each case is data: files written into the svc workspace (a base `api` with a console script and
a component `greeting`), the exit code, a pattern for the one error line, and the bytes each
named module must have in the wheel.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import commit_all, service_factory
from test.conftest import MakeWorkspace, PolyRunner
from test.robustness.test_bad_input import tree


def source(root: Path) -> dict[str, str]:
    """The workspace's files but what a build writes (artifacts, the validation cache)."""
    written = (".brickwork_cache/", "projects/svc/dist/")
    return {k: v for k, v in tree(root).items() if not k.startswith(written)}


API = "bases/acme/api"
GREETING = "components/acme/greeting"
DOTTED = b"import shop.acme.greeting, shop.acme as acme"


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, bytes]
    """Workspace-relative path -> bytes, written and committed before the build."""
    shipped: dict[str, bytes] = field(default_factory=dict)
    """Path in the wheel -> the exact bytes it must hold (exit 0 only)."""
    exit_code: int = 0
    pattern: str = ""


CASES = [
    Case(
        "strings-that-name-nothing-in-the-artifact-stay",
        {
            f"{API}/settings.py": b'HOST = "acme.com"\nKEY = "acme.timeout"\n'
            b'METRIC = "acme.requests.count"\nNS = "acme"\n',
        },
        {
            "shop/acme/api/settings.py": b'HOST = "acme.com"\nKEY = "acme.timeout"\n'
            b'METRIC = "acme.requests.count"\nNS = "acme"\n',
        },
    ),
    Case(
        "strings-that-name-a-brick-a-module-an-attribute-or-a-target-move",
        {
            f"{API}/names.py": b'A = "acme.greeting"\nB = "acme.greeting.core"\n'
            b'C = "acme.greeting.core.hello"\nD = "acme.api.core:main"\n'
            b'E = "acme.greeting.core.nothing"\nF = "acme.greeting.words"\n',
        },
        {
            "shop/acme/api/names.py": b'A = "shop.acme.greeting"\nB = "shop.acme.greeting.core"\n'
            b'C = "shop.acme.greeting.core.hello"\nD = "shop.acme.api.core:main"\n'
            b'E = "acme.greeting.core.nothing"\nF = "acme.greeting.words"\n',
        },
    ),
    Case(
        "a-form-feed-before-an-import",
        {f"{API}/ff.py": b"# section\x0c\nimport acme.greeting\nX = 1\n"},
        {"shop/acme/api/ff.py": b"# section\x0c\n" + DOTTED + b"\nX = 1\n"},
    ),
    Case(
        "a-line-separator-u2028-before-an-import",
        {f"{API}/ls.py": "# note\u2028more\nimport acme.greeting\n".encode()},
        {"shop/acme/api/ls.py": "# note\u2028more\n".encode() + DOTTED + b"\n"},
    ),
    Case(
        "a-utf8-bom-before-the-first-import",
        {f"{API}/bom.py": b"\xef\xbb\xbfimport acme.greeting\n"},
        {"shop/acme/api/bom.py": b"\xef\xbb\xbf" + DOTTED + b"\n"},
    ),
    Case(
        "crlf-and-lone-cr-line-ends-are-kept",
        {f"{API}/ends.py": b"import os\r\nimport acme.greeting\rfrom acme import greeting\r\n"},
        {
            "shop/acme/api/ends.py": b"import os\r\n" + DOTTED + b"\rfrom shop.acme import "
            b"greeting\r\n"
        },
    ),
    Case(
        "a-latin-1-module-with-a-coding-cookie",
        {f"{API}/legacy.py": b"# -*- coding: latin-1 -*-\nimport acme.greeting\nN = '\xe9t\xe9'\n"},
        {
            "shop/acme/api/legacy.py": b"# -*- coding: latin-1 -*-\n"
            + DOTTED
            + b"\nN = '\xe9t\xe9'\n"
        },
    ),
    Case(
        "a-pyi-stub-is-rewritten",
        {f"{API}/core.pyi": b"from acme.greeting import hello\ndef main() -> None: ...\n"},
        {
            "shop/acme/api/core.pyi": b"from shop.acme.greeting import hello\n"
            b"def main() -> None: ...\n"
        },
    ),
    Case(
        "syntax-newer-than-the-running-python-is-rewritten-token-by-token",
        {f"{API}/new.py": b'import acme.greeting\ntype Names = list[str]\nX = "acme.greeting"\n'},
        {"shop/acme/api/new.py": DOTTED + b'\ntype Names = list[str]\nX = "shop.acme.greeting"\n'},
    ),
    Case(
        "python-2-code-is-rewritten-token-by-token",
        {f"{API}/old.py": b'import acme.greeting\nprint "acme.greeting.core"\n'},
        {"shop/acme/api/old.py": DOTTED + b'\nprint "shop.acme.greeting.core"\n'},
    ),
    Case(
        "a-binary-py-that-never-names-the-namespace-ships-as-it-is",
        {f"{API}/blob.py": b"\x00\xff\xfe binary \x80\n"},
        {"shop/acme/api/blob.py": b"\x00\xff\xfe binary \x80\n"},
    ),
    Case(
        "a-binary-py-that-names-the-namespace-is-refused",
        {f"{API}/blob.py": b"\x00\xff acme \x80\n"},
        exit_code=1,
        pattern=r"\[1/1\] svc: cannot rewrite bases/acme/api/blob\.py for --with-top-namespace: "
        r"it is not Python source text \(byte 2 is not utf-8\)\.",
    ),
    Case(
        "a-wrong-coding-cookie-is-refused",
        {f"{API}/cookie.py": b"# coding: no-such-codec\nimport acme.greeting\n"},
        exit_code=1,
        pattern=r"\[1/1\] svc: cannot rewrite bases/acme/api/cookie\.py for "
        r"--with-top-namespace: it is not Python source text \(unknown encoding: no-such-codec\)\.",
    ),
    Case(
        "a-module-that-cannot-be-tokenized-is-refused",
        {f"{GREETING}/broken.py": b"import acme.greeting\nX = (\n"},
        exit_code=1,
        pattern=r"\[1/1\] svc: cannot rewrite components/acme/greeting/broken\.py for "
        r"--with-top-namespace: it cannot be tokenized \(.+\)\.",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_top_namespace_build_ships_the_right_bytes_or_refuses_in_one_line(
    case: Case, poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = service_factory(make_workspace)()
    for relative, data in case.files.items():
        (factory.root / relative).write_bytes(data)
    commit_all(factory.root)
    before = source(factory.root)

    result = poly(
        "poly build-project",
        "--projects svc --format wheel --no-check --with-top-namespace shop",
        cwd=factory.root,
    )

    assert source(factory.root) == before
    dist = factory.root / "projects/svc/dist"
    if case.exit_code:
        assert result.exit_code == case.exit_code, result.stdout + result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert re.fullmatch(case.pattern, lines[0]), lines[0]
        assert not dist.exists() or list(dist.iterdir()) == []
        return
    assert result.exit_code == 0, result.stdout + result.stderr
    wheel = Wheel(next(dist.glob("*.whl")))
    for name, data in case.shipped.items():
        assert wheel.read(name) == data, name
    assert all(not n.startswith("acme/") for n in wheel.names())


def test_an_entry_point_of_a_package_sharing_the_namespaces_prefix_is_left_alone(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = service_factory(make_workspace)()
    project = factory.root / "projects/svc/pyproject.toml"
    text = project.read_text(encoding="utf-8")
    scripts = 'svc = "acme.api.core:main"\n'
    project.write_text(
        text.replace(scripts, scripts + 'other = "acmex.cli:main"\nsub = "acme_x.cli:main"\n'),
        encoding="utf-8",
    )
    (factory.root / API / "targets.py").write_text(
        'TARGETS = ("acmex.cli:main", "acme.api.core:main")\n', encoding="utf-8"
    )
    commit_all(factory.root)

    result = poly(
        "poly build-project",
        "--projects svc --format wheel --no-check --with-top-namespace shop",
        cwd=factory.root,
    )

    assert result.exit_code == 0, result.stderr
    wheel = Wheel(next((factory.root / "projects/svc/dist").glob("*.whl")))
    assert wheel.text("shop/acme/api/targets.py") == (
        'TARGETS = ("acmex.cli:main", "shop.acme.api.core:main")\n'
    )
    assert wheel.entry_points() == {
        "console_scripts": {
            "other": "acmex.cli:main",
            "sub": "acme_x.cli:main",
            "svc": "shop.acme.api.core:main",
        }
    }


def test_a_refused_module_leaves_earlier_artifacts_of_other_projects_untouched(
    poly: PolyRunner, make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    factory = service_factory(make_workspace)()
    (factory.root / API / "blob.py").write_bytes(b"\xff acme\n")
    commit_all(factory.root)
    out = tmp_path / "out"
    out.mkdir()
    (out / "other-1.0-py3-none-any.whl").write_bytes(b"keep")

    result = poly(
        "poly build-project",
        f"--projects svc --no-check --with-top-namespace shop --output-dir {out}",
        cwd=factory.root,
    )

    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["other-1.0-py3-none-any.whl"]


def test_a_namespace_the_modules_own_encoding_cannot_hold_is_refused_naming_the_module(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = service_factory(make_workspace)()
    (factory.root / API / "legacy.py").write_bytes(b"# coding: latin-1\nimport acme.greeting\n")
    commit_all(factory.root)
    before = source(factory.root)

    result = poly(
        "poly build-project",
        "--projects svc --format wheel --no-check --with-top-namespace ΣHOP",
        cwd=factory.root,
    )

    assert (result.exit_code, result.stderr) == (
        1,
        "[1/1] svc: cannot rewrite bases/acme/api/legacy.py for --with-top-namespace: 'ΣHOP' "
        "cannot be written in its iso-8859-1.\n",
    )
    assert source(factory.root) == before
    dist = factory.root / "projects/svc/dist"
    assert not dist.exists() or list(dist.iterdir()) == []


def test_an_executable_module_stays_executable_when_rewritten(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = service_factory(make_workspace)()
    tool = factory.root / API / "tool.py"
    tool.write_text("#!/usr/bin/env python\nimport acme.greeting\n", encoding="utf-8")
    tool.chmod(0o755)
    commit_all(factory.root)

    result = poly(
        "poly build-project",
        "--projects svc --format wheel --no-check --with-top-namespace shop",
        cwd=factory.root,
    )

    assert result.exit_code == 0, result.stderr
    wheel = next((factory.root / "projects/svc/dist").glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        modes = {i.filename: i.external_attr >> 16 & 0o777 for i in archive.infolist()}
    assert (modes["shop/acme/api/tool.py"], modes["shop/acme/api/core.py"]) == (0o755, 0o644)
