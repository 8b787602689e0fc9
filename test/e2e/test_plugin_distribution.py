"""The distribution users install, ready for PyPI: poetry-brickwork's wheel and sdist, built by
`build-project` from a clone of this repository, carry metadata that validates as PyPI and
`twine check` validate it (`packaging.metadata`, the parser both use: a long description with
its content type, classifiers that exist, a license expression with its file, https project
URLs), and a long description with no link PyPI cannot follow."""

from __future__ import annotations

import re
import subprocess
import tarfile
import zipfile
from email.message import Message
from email.parser import BytesParser
from pathlib import Path

import pytest
import trove_classifiers
from packaging.metadata import Metadata
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from test.e2e.conftest import run_poetry

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "projects/poetry_brickwork"
LINK = re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>]+)>|href=\"([^\"]+)\"")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clone = tmp_path_factory.mktemp("dist") / "brickwork"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    result = run_poetry("poly", "build-project", "--projects", "poetry_brickwork", cwd=clone)
    assert result.returncode == 0, result.stdout + result.stderr
    return clone / "projects/poetry_brickwork/dist"


def raw_metadata(dist: Path) -> dict[str, bytes]:
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        from_wheel = archive.read(name)
    with tarfile.open(sdist) as archive:
        (member,) = [
            m
            for m in archive.getmembers()
            if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO")
        ]
        handle = archive.extractfile(member)
        assert handle is not None
        from_sdist = handle.read()
    return {"wheel": from_wheel, "sdist": from_sdist}


def test_wheel_and_sdist_metadata_validate_as_pypi_reads_them(dist: Path) -> None:
    for kind, raw in raw_metadata(dist).items():
        meta = Metadata.from_email(raw, validate=True)  # raises on anything PyPI rejects

        assert meta.name == "poetry-brickwork", kind
        assert meta.description_content_type == "text/markdown", kind
        readme = (PROJECT / "README.md").read_text(encoding="utf-8")
        assert meta.description is not None
        assert meta.description.strip() == readme.strip(), kind
        assert meta.license_expression == "MIT", kind
        assert meta.license_files == ["LICENSE"], kind
        assert meta.summary and "\n" not in meta.summary


def test_every_classifier_exists_and_none_is_a_license_classifier(dist: Path) -> None:
    meta = Metadata.from_email(raw_metadata(dist)["wheel"], validate=True)
    classifiers = meta.classifiers or []

    # PyPI refuses an upload with a classifier that does not exist ("Framework :: Poetry")
    assert set(classifiers) <= trove_classifiers.classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # PEP 639: the expression
    assert "Environment :: Plugins" in classifiers


def test_the_python_classifiers_are_versions_requires_python_allows(dist: Path) -> None:
    meta = Metadata.from_email(raw_metadata(dist)["wheel"], validate=True)
    versions = [
        c.rsplit(" :: ", 1)[1]
        for c in meta.classifiers or []
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    allowed = SpecifierSet(str(meta.requires_python))

    assert versions == ["3.10", "3.11", "3.12", "3.13"]
    assert all(Version(v) in allowed for v in versions)


def test_the_project_urls_are_https_and_name_the_docs_and_changelog(dist: Path) -> None:
    meta = Metadata.from_email(raw_metadata(dist)["wheel"], validate=True)
    urls = meta.project_urls or {}

    assert set(urls) == {"Homepage", "Documentation", "Repository", "Issues", "Changelog"}
    assert all(url.startswith("https://github.com/") for url in urls.values())
    assert urls["Documentation"].endswith("/docs/commands.md")
    assert urls["Changelog"].endswith("/CHANGELOG.md")


def test_the_long_description_has_only_absolute_links(dist: Path) -> None:
    message: Message = BytesParser().parsebytes(raw_metadata(dist)["wheel"])
    body = message.get_payload()
    assert isinstance(body, str)
    links = [next(g for g in match.groups() if g) for match in LINK.finditer(body)]

    assert links, "the PyPI page links the docs"
    assert all(link.startswith("https://") for link in links), links


def test_the_license_ships_in_the_wheel_and_the_sdist(dist: Path) -> None:
    license_text = (REPO / "LICENSE").read_bytes()
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert archive.read(name) == license_text
    with tarfile.open(sdist) as archive:
        handle = archive.extractfile(f"{sdist.name.removesuffix('.tar.gz')}/LICENSE")
        assert handle is not None and handle.read() == license_text


def test_the_pypi_page_shows_the_readme_s_first_example() -> None:
    def first_block(text: str) -> str:
        return text.split("```\n", 2)[1]

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pypi = (PROJECT / "README.md").read_text(encoding="utf-8")

    assert first_block(pypi) == first_block(readme)
    assert "poetry self add poetry-brickwork" in pypi
