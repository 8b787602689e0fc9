"""Pins for reading `[tool.polylith]`: defaults, and each problem as one exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import workspace


def message(root: Path) -> str:
    with pytest.raises(workspace.PolyError) as raised:
        workspace.load_config(root)
    return str(raised.value)


def test_an_empty_polylith_table_with_a_namespace_reads_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "workspace.toml").write_text('[tool.polylith]\nnamespace = "acme.shop"\n')

    config = workspace.load_config(tmp_path)

    assert config.namespace == "acme.shop"
    assert config.theme is workspace.Theme.TDD
    assert config.git_tag_pattern == "stable-*"
    assert config.tag_sorting == ("-committerdate",)
    assert config.test_enabled is True
    assert config.brick_docs_enabled is False
    assert config.brickwork == {}


def test_tag_sorting_may_be_one_string(tmp_path: Path) -> None:
    (tmp_path / "workspace.toml").write_text(
        '[tool.polylith]\nnamespace = "acme"\n[tool.polylith.tag]\nsorting = "-taggerdate"\n'
    )

    assert workspace.load_config(tmp_path).tag_sorting == ("-taggerdate",)


def test_a_namespace_that_is_no_package_name_points_at_the_folder_that_is(
    tmp_path: Path,
) -> None:
    (tmp_path / "workspace.toml").write_text('[tool.polylith]\nnamespace = "My-App"\n')
    (tmp_path / "components" / "other").mkdir(parents=True)
    (tmp_path / "components" / "my_app").mkdir()

    assert message(tmp_path) == (
        "workspace.toml: [tool.polylith] namespace 'My-App' is not a Python package name; the "
        'folder components/my_app is; set namespace = "my_app" and run again.'
    )


def test_a_namespace_that_is_no_package_name_says_what_one_is(tmp_path: Path) -> None:
    (tmp_path / "workspace.toml").write_text('[tool.polylith]\nnamespace = "my-app"\n')
    (tmp_path / "bases" / "other").mkdir(parents=True)

    assert message(tmp_path) == (
        "workspace.toml: [tool.polylith] namespace 'my-app' is not a Python package name; use "
        "lowercase letters, digits and underscores and run again."
    )


def test_an_unknown_theme_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "workspace.toml").write_text(
        '[tool.polylith]\nnamespace = "acme"\n[tool.polylith.structure]\ntheme = "flat"\n'
    )

    assert message(tmp_path) == (
        "workspace.toml: [tool.polylith] structure.theme is 'flat'; "
        'use "loose" or "tdd" and run again.'
    )


def test_a_file_without_a_polylith_table_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.poetry]\nname = "x"\n')

    assert message(tmp_path) == f"{tmp_path / 'pyproject.toml'}: no [tool.polylith] table."


def test_no_workspace_names_the_folder_and_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(workspace.PolyError) as raised:
        workspace.find_root(tmp_path)

    assert str(raised.value) == (
        f"No Polylith workspace at or above {tmp_path}: no workspace.toml with a "
        "[tool.polylith] table. Run `poetry poly create workspace --name <namespace>` "
        "to make one, or run from inside a workspace."
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"[tool\n",
            (
                "{path}: invalid TOML (Expected ']' at the end of a table declaration "
                "(at line 1, column 6)); fix the syntax and run again."
            ),
        ),
        (
            b'a = "\xff"\n',
            (
                "{path}: not UTF-8 text (byte 5); TOML files must be UTF-8: "
                "save it as UTF-8 and run again."
            ),
        ),
        (
            b"a = " + b"[" * 2000 + b"]" * 2000 + b"\n",
            "{path}: arrays or tables nested too deeply to read; flatten them and run again.",
        ),
    ],
)
def test_an_unreadable_toml_file_is_one_message(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(data)

    with pytest.raises(workspace.PolyError) as raised:
        workspace.read_toml(path)

    assert str(raised.value) == expected.replace("{path}", str(path))


def test_a_toml_path_that_is_a_folder_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(workspace.PolyError) as raised:
        workspace.read_toml(tmp_path)

    assert str(raised.value) == f"{tmp_path}: cannot read (Is a directory)."
