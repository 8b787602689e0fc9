"""Locked builds, tried as a hostile lock would: `poetry poly build-project --locked
--requirements` pins every package where some path needs it, each locked version under its own
markers, keeps extras as extras, or refuses in one line and writes nothing.

Each case is data: the project's dependency lines (PEP 621 or Poetry table), a poetry.lock, the
exit code, and then either the error line's pattern or the exact pins of requirements.txt (its
lines without hashes) and the wheel's `Requires-Dist`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import (
    MakeService,
    commit_all,
    service_factory,
    tree,
)
from test.conftest import MakeWorkspace, PolyRunner


def entry(
    name: str,
    version: str = "1.0",
    markers: str = "",
    deps: str = "",
    extras: str = "",
) -> str:
    """One `[[package]]` of a Poetry 2 lock (`markers`: the entry's own, `""`: none)."""
    text = (
        f'[[package]]\nname = "{name}"\nversion = "{version}"\ndescription = ""\n'
        'optional = false\npython-versions = ">=3.8"\ngroups = ["main"]\n'
    )
    if markers:
        text += f"markers = {markers}\n"
    text += f'files = [{{file = "{name}-{version}.tar.gz", hash = "sha256:{name}{version}"}}]\n'
    if deps:
        text += f"\n[package.dependencies]\n{deps}"
    if extras:
        text += f"\n[package.extras]\n{extras}"
    return text + "\n"


def lock(*entries: str) -> str:
    metadata = '[metadata]\nlock-version = "2.1"\npython-versions = ">=3.10"\ncontent-hash = "0"\n'
    return "".join(entries) + metadata


PY39 = "'python_version >= \"3.9\"'"
PY38 = "'python_version < \"3.9\"'"
NUMPY_TWICE = (
    entry("numpy", "1.24.4", markers=PY38),
    entry("numpy", "2.0.2", markers=PY39),
)


@dataclass(frozen=True)
class Case:
    id: str
    dependencies: str
    """`[project]` dependency strings (`style` pep621) or `[tool.poetry.dependencies]` lines."""
    lock: str
    exit_code: int = 0
    pattern: str = ""
    """A regular expression the one error line (stderr) must match."""
    requirements: tuple[str, ...] = ()
    """requirements.txt without its header and hashes."""
    requires: tuple[str, ...] = ()
    """The wheel's `Requires-Dist`, sorted."""
    extras: tuple[str, ...] = ()
    style: str = "pep621"


CASES = [
    Case(
        "direct-marker-widened-by-a-dependency-needing-it-everywhere",
        '"typing-extensions ; python_version < \'3.11\'", "pydantic"',
        lock(
            entry("pydantic", "2.0", deps='typing-extensions = ">=4.6"\n'),
            entry("typing-extensions", "4.12.2"),
        ),
        requirements=("pydantic==2.0", "typing-extensions==4.12.2"),
        requires=("pydantic (==2.0)", "typing-extensions (==4.12.2)"),
    ),
    Case(
        "transitive-package-at-two-versions-pinned-per-version",
        '"lib"',
        lock(entry("lib", deps='numpy = ">=1.22"\n'), *NUMPY_TWICE),
        requirements=(
            "lib==1.0",
            'numpy==1.24.4 ; python_version < "3.9"',
            'numpy==2.0.2 ; python_version >= "3.9"',
        ),
        requires=(
            "lib (==1.0)",
            'numpy (==1.24.4) ; python_version < "3.9"',
            'numpy (==2.0.2) ; python_version >= "3.9"',
        ),
    ),
    Case(
        "poetry-table-direct-package-at-two-versions",
        'numpy = ">=1.20"\n',
        lock(*NUMPY_TWICE),
        requirements=(
            'numpy==1.24.4 ; python_version < "3.9"',
            'numpy==2.0.2 ; python_version >= "3.9"',
        ),
        requires=(
            'numpy (==1.24.4) ; python_version < "3.9"',
            'numpy (==2.0.2) ; python_version >= "3.9"',
        ),
        style="poetry",
    ),
    Case(
        "group-markers-of-an-entry-united",
        '"lib"',
        lock(
            entry("lib", deps='numpy = "*"\n'),
            entry("numpy", "1.24.4", markers=f"{{main = {PY38}}}"),
            entry(
                "numpy", "2.0.2", markers=f"{{main = {PY39}, dev = 'python_version == \"3.9\"'}}"
            ),
        ),
        requirements=(
            "lib==1.0",
            'numpy==1.24.4 ; python_version < "3.9"',
            'numpy==2.0.2 ; python_version >= "3.9"',
        ),
    ),
    Case(
        "extras-of-a-direct-dependency-pin-what-they-add",
        '"requests[socks,use-chardet]"',
        lock(
            entry(
                "requests",
                "2.31.0",
                deps='pysocks = {version = ">=1.5.6", optional = true, markers = "extra == '
                '\\"socks\\""}\nidna = ">=2.5"\nchardet = {version = ">=3", optional = true}\n',
                extras='socks = ["PySocks (>=1.5.6)"]\nuse-chardet = ["chardet (>=3)"]\n',
            ),
            entry("pysocks", "1.7.1"),
            entry("idna", "3.6"),
            entry("chardet", "5.2.0"),
        ),
        requirements=(
            "chardet==5.2.0",
            "idna==3.6",
            "pysocks==1.7.1",
            "requests[socks,use-chardet]==2.31.0",
        ),
        requires=(
            "chardet (==5.2.0)",
            "idna (==3.6)",
            "pysocks (==1.7.1)",
            "requests[socks,use-chardet] (==2.31.0)",
        ),
    ),
    Case(
        "poetry-table-extra-of-a-direct-dependency",
        'requests = { version = ">=2", extras = ["socks"] }\n',
        lock(
            entry(
                "requests",
                "2.31.0",
                deps='pysocks = {version = ">=1.5.6", optional = true}\n',
                extras='socks = ["PySocks (>=1.5.6)"]\n',
            ),
            entry("pysocks", "1.7.1"),
        ),
        requirements=("pysocks==1.7.1", "requests[socks]==2.31.0"),
        requires=("pysocks (==1.7.1)", "requests[socks] (==2.31.0)"),
        style="poetry",
    ),
    Case(
        "pep621-extras-stay-extras",
        '"lib"]\n\n[project.optional-dependencies]\nfast = ["numpy>=2"',
        lock(entry("lib"), *NUMPY_TWICE),
        requirements=("lib==1.0",),
        requires=("lib (==1.0)", 'numpy (>=2) ; extra == "fast"'),
        extras=("fast",),
    ),
    Case(
        "poetry-extras-stay-extras",
        'lib = "*"\nnumpy = {version = ">=2", optional = true}\n\n'
        '[tool.poetry.extras]\nfast = ["numpy"]\n',
        lock(entry("lib"), *NUMPY_TWICE),
        requirements=("lib==1.0",),
        requires=("lib (==1.0)", 'numpy (>=2) ; extra == "fast"'),
        extras=("fast",),
        style="poetry",
    ),
    Case(
        "two-allowed-versions-without-markers-refused",
        '"lib"',
        lock(entry("lib", deps='numpy = "*"\n'), entry("numpy", "1.24.4"), entry("numpy", "2.0.2")),
        exit_code=2,
        pattern=r"svc: poetry\.lock: numpy is locked at 1\.24\.4, 2\.0\.2 and lib 1\.0 allows "
        r"each, but the lock does not say which is for which environment \(no `markers`\); "
        r"run `poetry lock` with Poetry 2 and build again\.$",
    ),
    Case(
        "stale-lock-refused",
        '"numpy>=3"',
        lock(*NUMPY_TWICE),
        exit_code=2,
        pattern=r"svc: poetry\.lock: numpy >=3 is required by svc but the lock has "
        r"1\.24\.4, 2\.0\.2; the lock file is stale; run `poetry lock` and build again\.$",
    ),
    Case(
        "lock-edge-with-a-constraint-that-does-not-parse-refused",
        '"lib"',
        lock(entry("lib", deps='numpy = ">>>1"\n'), *NUMPY_TWICE),
        exit_code=2,
        pattern=r"svc: poetry\.lock: cannot read the entry of lib 1\.0 \(Could not parse version "
        r"constraint: >>>1\); the lock file is stale; run `poetry lock` and build again\.$",
    ),
    Case(
        "lock-entry-with-markers-that-do-not-parse-refused",
        '"lib"',
        lock(entry("lib", markers="'python_version <<< 3'")),
        exit_code=2,
        pattern=r"svc: poetry\.lock: cannot read the entry of lib 1\.0 \(Unexpected token .*\); "
        r"the lock file is stale; run `poetry lock` and build again\.$",
    ),
    Case(
        "broken-lock-refused",
        '"lib"',
        "[[package]\nname = 1\n",
        exit_code=2,
        pattern=r"svc: poetry\.lock: invalid TOML \(.*line 1, column 10\)\)$",
    ),
]


def project(style: str, dependencies: str) -> str:
    if style == "pep621":
        return (
            '[project]\nname = "svc"\nversion = "1.2.0"\nrequires-python = ">=3.10"\n'
            f"dependencies = [{dependencies}]\n\n"
            '[tool.poetry]\npackages = [{ include = "acme/api", from = "../../bases" },'
            ' { include = "acme/greeting", from = "../../components" }]\n'
        )
    return (
        '[tool.poetry]\nname = "svc"\nversion = "1.2.0"\ndescription = ""\nauthors = []\n'
        'packages = [{ include = "acme/api", from = "../../bases" },'
        ' { include = "acme/greeting", from = "../../components" }]\n\n'
        f'[tool.poetry.dependencies]\npython = "^3.10"\n{dependencies}'
    )


@pytest.fixture
def make_service(make_workspace: MakeWorkspace) -> MakeService:
    return service_factory(make_workspace)


def listed(path: Path) -> list[str]:
    """requirements.txt as its requirement lines, without the header and hashes."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removesuffix(" \\") for line in lines if line[:1] not in ("", "#", " ")]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_locked_build_pins_what_installs_or_refuses_in_one_line(
    case: Case, make_service: MakeService, poly: PolyRunner, tmp_path: Path
) -> None:
    factory = make_service(style=case.style)
    factory.write("projects/svc/pyproject.toml", project(case.style, case.dependencies))
    factory.write("poetry.lock", case.lock)
    commit_all(factory.root)
    out = tmp_path / "out"
    before = tree(factory.root)

    result = poly(
        "poly build-project", f"--projects svc --locked --requirements --output-dir {out}",
        cwd=factory.root,
    )  # fmt: skip

    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == case.exit_code, result.stdout + result.stderr
    assert tree(factory.root) == before
    if case.exit_code:
        # the one error line of the build (the check before it may add its own notes)
        errors = [line for line in result.stderr.splitlines() if "svc: " in line]
        assert len(errors) == 1, result.stderr
        assert re.search(case.pattern, errors[0]), errors[0]
        assert not out.exists() or not any(out.iterdir())
        return
    assert listed(out / "requirements.txt") == list(case.requirements)
    wheel = Wheel(next(out.glob("*.whl")))
    if case.requires:
        assert sorted(wheel.requires()) == list(case.requires)
    assert (wheel.metadata().get_all("Provides-Extra") or []) == list(case.extras)
    assert wheel.metadata()["Requires-Python"] == (
        ">=3.10" if case.style == "pep621" else ">=3.10,<4.0"
    )


def test_requirements_replace_a_symlink_in_the_output_folder_and_never_write_through_it(
    make_service: MakeService, poly: PolyRunner, tmp_path: Path
) -> None:
    factory = make_service()
    factory.write("projects/svc/pyproject.toml", project("pep621", '"lib"'))
    factory.write("poetry.lock", lock(entry("lib")))
    commit_all(factory.root)
    out = tmp_path / "out"
    out.mkdir()
    (out / "requirements.txt").symlink_to(tmp_path / "elsewhere.txt")  # dangling

    result = poly(
        "poly build-project", f"--projects svc --requirements --output-dir {out}", cwd=factory.root
    )

    assert result.exit_code == 0, result.stdout + result.stderr
    assert not (out / "requirements.txt").is_symlink()
    assert listed(out / "requirements.txt") == ["lib==1.0"]
    assert not (tmp_path / "elsewhere.txt").exists()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((out / "requirements.txt").stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
