"""Which locked entries a project installs, and where: the markers of every path united, and
a package locked at several versions pinned once per version under its own markers."""

from __future__ import annotations

from typing import Any

import pytest
from poetry.core.packages.dependency import Dependency

from brickwork import packaging, workspace


def package(
    name: str,
    version: str = "1.0",
    *,
    markers: object = None,
    dependencies: dict[str, Any] | None = None,
    extras: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """A `[[package]]` of a poetry.lock as tomllib reads it."""
    entry: dict[str, Any] = {
        "name": name,
        "version": version,
        "files": [{"file": f"{name}-{version}.tar.gz", "hash": f"sha256:{name}{version}"}],
    }
    if markers is not None:
        entry["markers"] = markers
    if dependencies:
        entry["dependencies"] = dependencies
    if extras:
        entry["extras"] = extras
    return entry


def reach(packages: list[dict[str, Any]], *requires: str) -> dict[str, str]:
    """`name==version` -> the marker it is pinned under (`""`: everywhere)."""
    deps = [Dependency.create_from_pep_508(r) for r in requires]
    found = packaging.reach_entries({"package": packages}, deps, "svc", "poetry.lock")
    return {f"{r.name}=={r.version}": r.marker for r in found}


def test_a_transitive_package_gets_the_markers_of_every_path_to_it() -> None:
    lock = [
        package("a", dependencies={"c": "*", "e": "*"}),
        package("b", dependencies={"d": {"version": "*", "markers": 'sys_platform == "linux"'}}),
        package("c", dependencies={"f": "*"}),
        package("d"),
        package("e"),
        package("f", dependencies={"c": "*"}),
        package("g"),
    ]
    lock[1]["dependencies"]["e"] = {"version": "*", "markers": 'os_name == "nt"'}

    pinned = reach(lock, 'a ; python_version < "3.11"', "b")

    assert pinned == {
        "a==1.0": 'python_version < "3.11"',
        "b==1.0": "",
        "c==1.0": 'python_version < "3.11"',
        "d==1.0": 'sys_platform == "linux"',
        "e==1.0": 'os_name == "nt" or python_version < "3.11"',
        "f==1.0": 'python_version < "3.11"',
    }


def test_a_direct_requirements_marker_is_widened_when_another_dependency_needs_it_everywhere() -> (
    None
):
    lock = [
        package("pydantic", "2.0", dependencies={"typing-extensions": ">=4.6"}),
        package("typing-extensions", "4.12.2"),
    ]

    pinned = reach(lock, 'typing-extensions ; python_version < "3.11"', "pydantic")

    assert pinned == {"pydantic==2.0": "", "typing-extensions==4.12.2": ""}


def test_a_transitive_package_locked_at_two_versions_is_pinned_per_version_by_its_markers() -> None:
    lock = [
        package("lib", dependencies={"numpy": ">=1.22"}),
        package("numpy", "1.24.4", markers='python_version < "3.9"'),
        package("numpy", "2.0.2", markers='python_version >= "3.9"'),
    ]

    pinned = reach(lock, "lib")

    assert pinned == {
        "lib==1.0": "",
        "numpy==1.24.4": 'python_version < "3.9"',
        "numpy==2.0.2": 'python_version >= "3.9"',
    }


def test_a_direct_requirement_allowing_both_locked_versions_pins_each_under_its_markers() -> None:
    lock = [
        package("numpy", "1.24.4", markers='python_version < "3.9"'),
        package("numpy", "2.0.2", markers='python_version >= "3.9"'),
    ]

    pinned = reach(
        lock, 'numpy<1.25 ; python_version < "3.9"', 'numpy>=1.20 ; python_version >= "3.9"'
    )

    assert pinned == {
        "numpy==1.24.4": 'python_version < "3.9"',
        "numpy==2.0.2": 'python_version >= "3.9"',
    }


def test_an_edge_that_allows_only_one_of_the_locked_versions_reaches_only_that_one() -> None:
    lock = [
        package("old", dependencies={"numpy": "<2"}),
        package("numpy", "1.24.4", markers='python_version < "3.9"'),
        package("numpy", "2.0.2", markers='python_version >= "3.9"'),
    ]

    assert reach(lock, "old") == {"numpy==1.24.4": "", "old==1.0": ""}


def test_per_group_markers_of_an_entry_are_united() -> None:
    lock = [
        package("lib", dependencies={"numpy": "*"}),
        package("numpy", "1.24.4", markers={"main": 'python_version < "3.9"'}),
        package(
            "numpy",
            "2.0.2",
            markers={"main": 'python_version >= "3.10"', "dev": 'python_version == "3.9"'},
        ),
    ]

    pinned = reach(lock, "lib")

    assert pinned["numpy==2.0.2"] == 'python_version >= "3.9"'
    assert pinned["numpy==1.24.4"] == 'python_version < "3.9"'


def test_two_allowed_versions_without_markers_are_refused_with_what_to_run() -> None:
    lock = [
        package("lib", dependencies={"numpy": "*"}),
        package("numpy", "1.24.4"),
        package("numpy", "2.0.2"),
    ]

    with pytest.raises(workspace.PolyError) as raised:
        reach(lock, "lib")

    assert str(raised.value) == (
        "poetry.lock: numpy is locked at 1.24.4, 2.0.2 and lib 1.0 allows each, but the lock "
        "does not say which is for which environment (no `markers`); run `poetry lock` with "
        "Poetry 2 and build again."
    )


def test_a_package_reached_only_where_its_path_can_never_hold_is_not_pinned() -> None:
    lock = [
        package("a", dependencies={"b": {"version": "*", "markers": 'python_version >= "3.9"'}}),
        package("b"),
    ]

    assert reach(lock, 'a ; python_version < "3.9"') == {"a==1.0": 'python_version < "3.9"'}


def test_an_extra_asked_for_pins_its_optional_dependencies_with_their_environment_part() -> None:
    optional = 'python_version < "3.14" and extra == "install"'
    lock = [
        package(
            "pbs-installer",
            dependencies={
                "httpx": {"version": "<1", "optional": True, "markers": 'extra == "download"'},
                "zstandard": {"version": ">=0.21", "optional": True, "markers": optional},
            },
            extras={"download": ["httpx (<1)"], "install": ["zstandard (>=0.21)"]},
        ),
        package("zstandard", "0.23.0"),
        package("httpx", "0.28.1"),
    ]

    assert reach(lock, "pbs-installer[install]") == {
        "pbs-installer==1.0": "",
        "zstandard==0.23.0": 'python_version < "3.14"',
    }


def test_a_direct_pin_keeps_its_extras_and_the_hashes_of_its_entry() -> None:
    deps = [Dependency.create_from_pep_508("pbs-installer[install]")]
    lock = [package("pbs-installer", extras={"install": []})]

    (found,) = packaging.reach_entries({"package": lock}, deps, "svc", "poetry.lock")

    assert found == packaging.Reached(
        "pbs-installer", "1.0", "", ("install",), ("sha256:pbs-installer1.0",), direct=True
    )


def test_an_extra_asked_where_the_package_is_needed_in_fewer_places_gets_a_pin_of_its_own() -> None:
    deps = [
        Dependency.create_from_pep_508('requests[socks] ; python_version < "3.11"'),
        Dependency.create_from_pep_508("lib"),
    ]
    lock = [
        package("lib", dependencies={"requests": "*"}),
        package(
            "requests",
            "2.31.0",
            dependencies={"pysocks": {"version": "*", "optional": True}},
            extras={"socks": ["PySocks"]},
        ),
        package("pysocks", "1.7.1"),
    ]

    found = packaging.reach_entries({"package": lock}, deps, "svc", "poetry.lock")

    assert [(r.name, r.extras, r.marker, r.direct) for r in found] == [
        ("lib", (), "", True),
        ("pysocks", (), 'python_version < "3.11"', False),
        ("requests", (), "", True),
        ("requests", ("socks",), 'python_version < "3.11"', True),
    ]


def test_edges_written_as_tables_keep_their_version_python_and_extras() -> None:
    lock = [
        package(
            "app",
            dependencies={
                "numpy": {"version": "<2", "python": "<3.9"},
                "requests": {"version": ">=2", "extras": ["socks"]},
                "local": {"path": "../local", "develop": True},
            },
        ),
        package("numpy", "1.24.4"),
        package("numpy", "2.0.2"),
        package(
            "requests",
            "2.31.0",
            dependencies={"pysocks": {"version": "*", "optional": True}, "idna": ">=2.5"},
            extras={"socks": ["PySocks"]},
        ),
        package("pysocks", "1.7.1"),
        package("idna", "3.6"),
        package("local", "0.1.0"),
    ]

    assert reach(lock, "app") == {
        "app==1.0": "",
        "idna==3.6": "",
        "local==0.1.0": "",
        "numpy==1.24.4": 'python_version < "3.9"',
        "pysocks==1.7.1": "",
        "requests==2.31.0": "",
    }


def test_an_empty_markers_table_is_no_markers_and_an_empty_group_marker_is_everywhere() -> None:
    lock = [
        package("lib", dependencies={"numpy": "*", "six": "*"}),
        package("numpy", "1.24.4", markers={}),
        package("numpy", "2.0.2", markers={}),
        package("six", "1.16.0", markers={"main": "", "dev": 'python_version < "3.9"'}),
    ]

    with pytest.raises(workspace.PolyError, match="no `markers`"):
        reach(lock, "lib")
    assert reach(lock[3:], "six") == {"six==1.16.0": ""}


def test_a_requirement_the_lock_has_nothing_of_is_a_stale_lock() -> None:
    with pytest.raises(workspace.PolyError) as raised:
        reach([package("lib")], "lib", "tomli>=2")

    assert str(raised.value) == (
        "poetry.lock: tomli >=2 is required by svc but the lock has nothing; the lock file is "
        "stale; run `poetry lock` and build again."
    )


def test_optional_requirements_of_the_project_are_not_pinned_whatever_their_order() -> None:
    lock = [package("lib"), package("tomli", "2.0.1")]

    assert reach(lock, 'tomli ; extra == "toml"', "lib") == {"lib==1.0": ""}


def test_entries_without_a_name_files_without_a_hash_and_odd_versions_are_read_as_they_are() -> (
    None
):
    lock: list[Any] = [
        "not a table",
        {"version": "1.0"},
        {"name": "ghost"},
        package("lib", dependencies={"legacy": "*"}),
        package("legacy", "2.0", markers='python_version >= "3.9"'),
        package("legacy", "nightly", markers='python_version < "3.9"'),
    ]
    lock[3]["files"].append({"file": "lib-1.0-py3-none-any.whl"})

    found = packaging.reach_entries(
        {"package": lock}, [Dependency.create_from_pep_508("lib")], "svc", "poetry.lock"
    )

    assert [(r.name, r.version, r.marker, r.hashes) for r in found] == [
        ("legacy", "2.0", 'python_version >= "3.9"', ("sha256:legacy2.0",)),
        ("legacy", "nightly", 'python_version < "3.9"', ("sha256:legacynightly",)),
        ("lib", "1.0", "", ("sha256:lib1.0",)),
    ]


def test_a_walk_that_does_not_settle_is_an_error_and_never_half_the_pins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("brickwork.packaging.pin_graph.SETTLE_STEPS", 0)

    with pytest.raises(workspace.PolyError) as raised:
        reach([package("lib")], "lib")

    assert str(raised.value) == (
        "poetry.lock: the markers of its dependency graph did not settle; "
        "please report this with the lock file."
    )
