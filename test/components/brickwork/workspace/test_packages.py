"""Project files with their `packages` array read by a pattern: the same data as the parser."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brickwork import workspace
from brickwork.workspace.packages import _with_plain_packages, read_project_file
from brickwork.workspace.projects import BrickIndex, read_project

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PLAIN = [
    '[tool.poetry]\nname = "x"\npackages = [\n'
    '    { include = "acme/a", from = "../../components" },\n'
    '    { include = "acme/b", from = "../../bases" },\n]\n\n'
    '[tool.poetry.dependencies]\npython = "^3.11"\n',
    'x = 1\n[tool.poetry]\npackages = [\n  { include = "", from = "" },\n  # { x } ]\n'
    '  {include="a#b",from="c"}, # c\n  { include = \'lit\' , to = "t", format = "sdist" },\n]\n',
    "[tool.poetry]\npackages = []\n",
    "[tool.poetry]\npackages = [ ]\n",
    '[tool.poetry]\npackages = [{ from = "x", include = "a" }]\n[tool.poetry.group.dev]\n',
    '[tool.poetry]\npackages = [{ include = "a\tb" }]\n',
    '[tool.poetry]\npackages = [{ include = "caf\u00e9" }]\n',
]
NOT_PLAIN = [
    "[tool.poetry]\npackages = [,]\n",
    '[tool.poetry]\npackages = [{ include = "a" },,]\n',
    '[tool.poetry]\npackages = [{ include = "a", include = "b" }]\n',
    '[tool.other]\npackages = [{ include = "a" }]\n[tool.poetry]\nname = "x"\n',
    'd = """\npackages = [{ include = "a" }]\n"""\n[tool.poetry]\npackages = [{ include = "b" }]\n',
    '[tool.poetry]\npackages = [{ include = "a\\u0041" }]\n',
    '[tool.poetry]\npackages = [{ include = "a" }] x\n',
    '[tool.poetry]\npackages = [{ include = "a" }]\npackages = []\n',
    '[tool.poetry]\npackages = [{ include = "a", format = ["sdist"] }]\n',
    '[tool.poetry]\n  packages = [{ include = "a" }]\n',
    '[tool.poetry]\npackages = [{ include = "a" }]\n# brickwork-packages-placeholder-7c1e9\n',
    '[tool.poetry]\npackages = [{ include = "a\x01" }]\n',
]


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_packages_array_is_read_as_the_parser_reads_it(text: str) -> None:
    assert _with_plain_packages(text) == tomllib.loads(text)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_other_shapes_are_left_to_the_parser(text: str) -> None:
    assert _with_plain_packages(text) is None


@pytest.mark.parametrize("text", PLAIN + NOT_PLAIN[:-1])
def test_a_project_file_reads_as_the_one_toml_reader_reads_it(tmp_path: Path, text: str) -> None:
    file = tmp_path / "pyproject.toml"
    file.write_text(text, encoding="utf-8", newline="")
    try:
        expected = workspace.read_toml(file)
    except workspace.PolyError as err:
        with pytest.raises(workspace.PolyError) as raised:
            read_project_file(file)
        assert str(raised.value) == str(err)
        return
    assert read_project_file(file) == (expected, text)


def test_windows_line_ends_give_the_same_data_and_plain_line_ends(tmp_path: Path) -> None:
    file = tmp_path / "pyproject.toml"
    text = PLAIN[0]
    file.write_bytes(text.replace("\n", "\r\n").encode())
    assert read_project_file(file) == (tomllib.loads(text), text)


def test_unreadable_and_non_utf_8_files_raise_the_readers_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_bytes(b'[tool.poetry]\nname = "caf\xe9"\n')
    for file in (broken, tmp_path / "missing.toml"):
        with pytest.raises(workspace.PolyError) as expected:
            workspace.read_toml(file)
        with pytest.raises(workspace.PolyError) as raised:
            read_project_file(file)
        assert str(raised.value) == str(expected.value)


FRAGMENTS = st.sampled_from(
    [
        *("{", "}", "[", "]", ",", " ", "\n", "\t", "#", "# c\n", "=", '"', "'", "\\", "\r"),
        *("include", "from", "to", "a/b", '"x"', "'y'", "packages = [", "[tool.poetry]\n"),
        *('{ include = "acme/x", from = "../c" }', '"""', "x = 1\n", "\x01", "\u00e9"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    middle=st.lists(FRAGMENTS, max_size=30).map("".join),
    after=st.lists(FRAGMENTS, max_size=6).map("".join),
)
def test_generated_arrays_read_as_the_parser_reads_them_or_are_left_to_it(
    middle: str, after: str
) -> None:
    text = f"[tool.poetry]\npackages = [{middle}]\n{after}"
    found = _with_plain_packages(text)
    if found is not None:
        assert found == tomllib.loads(text)


def test_include_paths_resolve_as_normpath_resolves_them(tmp_path: Path) -> None:
    project = tmp_path / "projects" / "p"
    project.mkdir(parents=True)
    includes = [
        ("acme/x", "../../components"),
        ("acme/x.y-z", "../../components/"),
        ("acme/./x/", "../../components"),
        ("../acme/x", "../../components/sub"),
        ("acme/x", ""),
        ("acme/x", str(tmp_path / "elsewhere")),
        (str(tmp_path / "absolute" / "x"), "../../components"),
    ]
    listed = ",\n".join(f'    {{ include = "{i}", from = "{f}" }}' for i, f in includes)
    (project / "pyproject.toml").write_text(f"[tool.poetry]\npackages = [\n{listed},\n]\n")
    found, _ = read_project(project, tmp_path, BrickIndex([]), is_development=False)
    expected = [
        Path(os.path.normpath(os.path.join(project, f, i) if f else os.path.join(project, i)))
        for i, f in includes
    ]
    assert [include.path for include in found.includes] == expected
