from __future__ import annotations

import zipfile
from pathlib import Path

from packaging.utils import canonicalize_name
from poetry.utils.env import EnvManager

from brickwork import runs
from brickwork.libs.lock import parse_lock
from brickwork.libs.mapping import Resolver, Source, resembles
from brickwork.libs.poetry_cache import (
    ManagedEnvironments,
    cache_dir,
    cached_wheels,
    env_name,
    find_wheels,
    virtualenvs_path,
    wheel_modules,
    wheel_providers,
)
from test.components.brickwork.libs.cached_wheels import (
    cache_wheel,
    lock_package,
    lock_text,
    make_wheel,
)


def test_the_virtualenv_name_is_the_one_poetry_gives(tmp_path: Path) -> None:
    folder = tmp_path / "projects" / "My App"
    folder.mkdir(parents=True)

    ours = env_name("My_App", folder)

    assert ours == EnvManager.generate_env_name(canonicalize_name("My_App"), str(folder))


def test_locations_follow_environment_then_config_then_platform_default(tmp_path: Path) -> None:
    home = {"HOME": str(tmp_path), "XDG_CACHE_HOME": "", "XDG_CONFIG_HOME": ""}
    config = tmp_path / ".config" / "pypoetry" / "config.toml"

    assert cache_dir(home) == tmp_path / ".cache" / "pypoetry"
    assert virtualenvs_path(home) == tmp_path / ".cache" / "pypoetry" / "virtualenvs"
    config.parent.mkdir(parents=True)
    config.write_text('cache-dir = "/c"\n[virtualenvs]\npath = "{cache-dir}/envs"\n')
    assert (cache_dir(home), virtualenvs_path(home)) == (Path("/c"), Path("/c/envs"))
    environ = {**home, "POETRY_CACHE_DIR": "/x", "POETRY_VIRTUALENVS_PATH": "/v"}
    assert (cache_dir(environ), virtualenvs_path(environ)) == (Path("/x"), Path("/v"))


def test_the_newest_python_of_a_project_managed_virtualenvs_is_used(tmp_path: Path) -> None:
    venvs = tmp_path / "venvs"
    prefix = env_name("svc", tmp_path)
    for suffix in ("-py3.9", "-py3.12", "-py3.11"):
        (venvs / f"{prefix}{suffix}").mkdir(parents=True)
    (venvs / "other-AbCdEfGh-py3.13").mkdir()

    managed = ManagedEnvironments({"POETRY_VIRTUALENVS_PATH": str(venvs)})

    assert managed.of("svc", tmp_path) == venvs / f"{prefix}-py3.12"
    assert managed.of("web", tmp_path) is None


def zip_wheel(folder: Path, filename: str, files: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / filename, "w") as archive:
        for file in files:
            archive.writestr(file, "")
    return folder / filename


def test_cached_wheels_of_declared_names_give_their_modules(tmp_path: Path) -> None:
    artifacts = tmp_path / "artifacts"
    zip_wheel(
        artifacts / "aa" / "bb" / "cc" / "d1",
        "authzed-0.9.0-py3-none-any.whl",
        ["authzed/__init__.py", "grpcutil/__init__.py", "authzed-0.9.0.dist-info/RECORD"],
    )
    zip_wheel(
        artifacts / "aa" / "bb" / "cc" / "d2",
        "authzed-0.10.0-py3-none-any.whl",
        ["authzed/__init__.py", "grpcutil/__init__.py", "google/rpc/x.py"],
    )
    zip_wheel(artifacts / "ee", "other_dist-1.0-py3-none-any.whl", ["other/__init__.py"])
    (artifacts / "ee" / "broken-1.0-py3-none-any.whl").write_text("not a zip")
    env = {"POETRY_CACHE_DIR": str(tmp_path)}

    found = cached_wheels(["authzed", "broken"], env)

    assert found["authzed"].name == "authzed-0.10.0-py3-none-any.whl"
    assert wheel_modules(found["broken"]) == frozenset()
    assert wheel_providers(["authzed"], env) == {
        "authzed": ("authzed",),
        "grpcutil": ("authzed",),
        "google.rpc.x": ("authzed",),  # a namespace folder provides nothing by itself
    }


def test_a_wheel_answers_only_what_declared_names_and_the_table_do_not() -> None:
    calls: list[int] = []

    def wheels() -> dict[str, tuple[str, ...]]:
        calls.append(1)
        return {"grpcutil": ("authzed",), "yaml": ("odd-yaml",)}

    resolver = Resolver(known=["authzed", "pyyaml"], wheels=wheels)

    assert resolver.resolve("yaml").source is Source.TABLE
    assert calls == []
    grpc = resolver.resolve("grpcutil.x")
    assert (grpc.distributions, grpc.source) == (("authzed",), Source.WHEEL)
    assert resolver.describes("authzed")
    assert calls == [1]


def test_part_and_namespace_rules_use_declared_names_and_never_a_shared_namespace() -> None:
    resolver = Resolver(
        declared=["pyserial-asyncio", "ga4gh-vrs", "google-cloud-storage", "django-celery-beat"],
        known=["djangorestframework", "djangorestframework-simplejwt"],
    )

    assert resolver.resolve("serial_asyncio").distributions == ("pyserial-asyncio",)
    assert resolver.resolve("serial_asyncio").source is Source.PART
    assert resolver.resolve("ga4gh.core.models").distributions == ("ga4gh-vrs",)
    assert resolver.resolve("ga4gh.core").source is Source.NAMESPACE
    assert resolver.resolve("rest_framework_simplejwt").distributions == (
        "djangorestframework-simplejwt",
    )
    assert resolver.resolve("google.cloud.pubsub").guessed  # many share google.*
    assert resolver.resolve("framework").guessed  # two names contain it: no answer
    assert resolver.resolve("abc").guessed  # too short to be evidence


def test_a_look_alike_shares_four_letters_with_the_import() -> None:
    assert resembles("serialx", "serial-tools-x")
    assert resembles("grpc", "grpcio")
    assert not resembles("requests", "click")
    assert not resembles("grpcutil", "authzed")


def test_a_locked_wheel_is_found_in_the_folder_poetry_computes_without_a_walk(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    built = make_wheel(tmp_path / "built", "authzed", "0.9.0", ["authzed.api", "grpcutil"])
    cached = cache_wheel(cache, built, "authzed", "0.9.0")
    newer = make_wheel(tmp_path / "newer", "authzed", "1.0.0", ["authzed.api"])
    cache_wheel(cache, newer, "authzed", "1.0.0")
    lock = parse_lock(lock_text(lock_package("authzed", "0.9.0", [built])), tmp_path / "l")
    env = {"POETRY_CACHE_DIR": str(cache)}

    with runs.recording() as inputs:
        found = find_wheels(["authzed"], env, [lock])

    assert found == {"authzed": cached}  # the locked version, not the newest cached one
    assert not any(p.endswith("artifacts") for p in inputs.stats)  # no walk of the cache
    assert wheel_providers(["authzed"], env, [lock])["grpcutil"] == ("authzed",)


def test_a_locked_wheel_without_release_information_is_found_by_its_file_name(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    built = make_wheel(tmp_path / "built", "authzed", "0.9.0", ["grpcutil"])
    cached = cache_wheel(cache, built, "authzed", "0.9.0", release=False)
    newer = make_wheel(tmp_path / "newer", "authzed", "1.0.0", ["authzed"])
    cache_wheel(cache, newer, "authzed", "1.0.0", release=False)
    lock = parse_lock(lock_text(lock_package("authzed", "0.9.0", [built])), tmp_path / "l")

    found = find_wheels(["authzed"], {"POETRY_CACHE_DIR": str(cache)}, [lock])

    assert found == {"authzed": cached}


def test_a_locked_wheel_poetry_never_downloaded_costs_no_walk(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    built = make_wheel(tmp_path / "built", "authzed", "0.9.0", ["grpcutil"])
    cache_wheel(cache, built, "authzed", "0.9.0")
    (cache_wheel(cache, built, "authzed", "0.9.0")).unlink()  # known release, file gone
    lock = parse_lock(lock_text(lock_package("authzed", "0.9.0", [built])), tmp_path / "l")

    with runs.recording() as inputs:
        found = find_wheels(["authzed"], {"POETRY_CACHE_DIR": str(cache)}, [lock])

    assert found == {}
    assert not any(p.endswith("artifacts") for p in inputs.stats)
