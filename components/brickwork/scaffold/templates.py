"""The text of every file `poetry poly create` writes (pure string functions)."""

from __future__ import annotations

from collections.abc import Sequence

import tomlkit

SAMPLE_FUNCTION = "hello"
BUILD_SYSTEM = (
    '[build-system]\nrequires = ["poetry-core>=2.0,<3.0"]\n'
    'build-backend = "poetry.core.masonry.api"\n'
)
GITIGNORE_ENTRIES = ("dist/", "build/", "__pycache__/", ".brickwork_cache/", ".venv/")


def toml_string(value: str) -> str:
    """`value` as a TOML basic string, escaped."""
    return tomlkit.string(value).as_string()


def one_line(text: str) -> str:
    """`text` on one line: runs of whitespace become one space, control characters go."""
    printable = "".join(c if c.isprintable() or c.isspace() else " " for c in text)
    return " ".join(printable.split())


def docstring(text: str) -> str:
    """`text` as a one-line Python docstring literal (quotes and backslashes escaped)."""
    body = one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"""{body}"""'


def workspace_toml(namespace: str, theme: str) -> str:
    """Every `[tool.polylith]` setting the incumbent plugin reads, with its default."""
    return (
        f"[tool.polylith]\nnamespace = {toml_string(namespace)}\n"
        'git_tag_pattern = "stable-*"\n\n'
        f"[tool.polylith.structure]\ntheme = {toml_string(theme)}\n\n"
        '[tool.polylith.tag.patterns]\nstable = "stable-*"\nrelease = "v[0-9]*"\n\n'
        "[tool.polylith.resources]\nbrick_docs_enabled = false\n\n"
        "[tool.polylith.test]\nenabled = true\n"
    )


#: The development project's tools: the scaffolded bricks come with tests to run.
DEV_DEPENDENCIES = '[tool.poetry.group.dev.dependencies]\npytest = ">=8.0"\n\n'


def development_pyproject(name: str, namespace: str) -> str:
    """The root (development) project: Poetry 2 style, no bricks yet, pytest for the tests."""
    description = f"Development project of the {namespace} workspace: every brick, together"
    return (
        f'[project]\nname = {toml_string(name)}\nversion = "0.1.0"\n'
        f"description = {toml_string(description)}\n"
        'requires-python = ">=3.10"\ndependencies = []\n\n'
        "[tool.poetry]\npackages = []\n\n" + DEV_DEPENDENCIES + BUILD_SYSTEM
    )


def workspace_readme(namespace: str) -> str:
    return (
        f"# {namespace}\n\n"
        "A Polylith workspace: small bricks in one repository, built into as many projects as "
        "you need.\n\n"
        "- `components/`: the building blocks; each one's interface is its `__init__.py`\n"
        "- `bases/`: the entry points (an API, a CLI, a job) that compose components\n"
        "- `projects/`: the deployables, one `pyproject.toml` each, listing their bricks\n"
        "- `development/`: scripts and notebooks that use every brick\n"
        "- `test/`: the tests of the bricks\n\n"
        "```\n"
        "poetry poly info\n"
        "poetry poly create component --name <name>\n"
        "poetry poly create base --name <name>\n"
        "poetry poly create project --name <name> --base <base>\n"
        "```\n"
    )


def gitignore(existing: str | None) -> str | None:
    """`existing` with the build/cache entries it lacks appended; None when none is missing."""
    text = existing or ""
    present = {line.strip().strip("/") for line in text.splitlines()}
    missing = [entry for entry in GITIGNORE_ENTRIES if entry.strip("/") not in present]
    if not missing:
        return None
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{entry}\n" for entry in missing)


def dotted(name: str) -> str:
    """A brick's name as a module path below the namespace: `aws/s3` -> `aws.s3`."""
    return name.replace("/", ".")


def brick_interface(namespace: str, name: str, kind: str, description: str) -> str:
    """The brick's `__init__.py`: exports the sample function, not the `core` module."""
    summary = one_line(description) or f"The {name} {kind}"
    if summary[-1] not in ".!?":
        summary += "."
    return (
        f"{docstring(summary)}\n\n"
        f"from {namespace}.{dotted(name)}.core import {SAMPLE_FUNCTION}\n\n"
        f'__all__ = ["{SAMPLE_FUNCTION}"]\n'
    )


def sample_result(name: str) -> str:
    return f"Hello from {name}!"


def brick_core(name: str, kind: str) -> str:
    return (
        f"def {SAMPLE_FUNCTION}() -> str:\n"
        f'    """A sample: replace it with what the {name} {kind} does."""\n'
        f'    return "{sample_result(name)}"\n'
    )


def brick_test(namespace: str, name: str) -> str:
    return (
        f"from {namespace}.{dotted(name)} import {SAMPLE_FUNCTION}\n\n\n"
        f"def test_{SAMPLE_FUNCTION}_says_hello_from_{name.replace('/', '_')}() -> None:\n"
        f'    assert {SAMPLE_FUNCTION}() == "{sample_result(name)}"\n'
    )


def brick_readme(namespace: str, name: str, kind: str, description: str) -> str:
    about = f"{one_line(description)}\n\n" if one_line(description) else ""
    return (
        f"# {name}\n\n{about}"
        f"A {kind} of the {namespace} workspace. Its interface is "
        f"`{namespace}.{dotted(name)}`:\n\n"
        f"```python\nfrom {namespace}.{dotted(name)} import {SAMPLE_FUNCTION}\n```\n"
    )


def project_pyproject(
    name: str,
    description: str,
    requires_python: str,
    includes: Sequence[tuple[str, str]],
    scripts: Sequence[tuple[str, str]] = (),
) -> str:
    """A deployable project: Poetry 2 style, its bricks in `[tool.poetry] packages`, its
    console scripts (name, `module:function`) in `[project.scripts]`."""
    summary = one_line(description)
    about = f"description = {toml_string(summary)}\n" if summary else ""
    if includes:
        lines = "".join(
            f"    {{ include = {toml_string(include)}, from = {toml_string(origin)} }},\n"
            for include, origin in includes
        )
        packages = f"packages = [\n{lines}]\n"
    else:
        packages = "packages = []\n"
    return (
        f'[project]\nname = {toml_string(name)}\nversion = "0.1.0"\n{about}'
        f"requires-python = {toml_string(requires_python)}\ndependencies = []\n\n"
        f"{scripts_table(scripts)}[tool.poetry]\n{packages}\n" + BUILD_SYSTEM
    )


def scripts_table(scripts: Sequence[tuple[str, str]]) -> str:
    """`[project.scripts]` with one `name = "module:function"` line each; "" for none."""
    if not scripts:
        return ""
    lines = "".join(f"{toml_key(name)} = {toml_string(target)}\n" for name, target in scripts)
    return f"[project.scripts]\n{lines}\n"


def toml_key(name: str) -> str:
    """`name` as a TOML key: bare when it may be (`greet-cli`), else quoted (`greet.cli`)."""
    bare = bool(name) and all(c.isascii() and (c.isalnum() or c in "-_") for c in name)
    return name if bare else toml_string(name)
