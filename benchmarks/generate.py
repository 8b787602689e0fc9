"""Generate a synthetic, deterministic Polylith workspace for benchmarks.

    .venv/bin/python benchmarks/generate.py /tmp/ws --components 2000 --bases 100 --projects 100

The workspace looks like the real ones the incumbent tool (poetry-polylith-plugin) manages:

- `workspace.toml` with the namespace and the theme (`loose` or `tdd`);
- every component is a package of 3-5 modules (`__init__.py` interface re-exporting from
  `core.py`, plus helpers), every base 4-6 modules; ~4 files per brick on average;
- bricks import lower-numbered components through their interface only: most imports at module
  level, some inside functions (lazy), some type-only under `if TYPE_CHECKING:` (always of a
  component the brick also imports at run time, so the project closure is the same whatever a
  tool does with type-only imports); plus standard-library and third-party imports (requests,
  yaml, PIL, jwt, dateutil, google.cloud.storage, numpy, ...);
- components are grouped in domains (a shared core plus domains of 20) so that a project pulls in
  tens of bricks, not the whole workspace;
- each project is one or two bases plus the transitive closure of their component imports,
  computed here, and declares exactly the third-party distributions its bricks import, with the
  same constraint everywhere; half the projects are PEP 621 (`[project]` + `[tool.poetry]
  packages`), half legacy `[tool.poetry]`;
- the root `pyproject.toml` (the development project) includes every brick and declares every
  library;
- findings, as real workspaces of this size carry them (hundreds of warnings, no error): about one
  component in four imports another brick past its interface (`from acme.x.core import run_x`
  instead of `from acme.x import run_x`: BW107), one import site each, `components // 4 +
  min(25, components // 80)` of them (525 at 2,000 components, 5,025 at 20,000); and one project
  in four declares a library none of its bricks imports (BW203). Each is a warning, so `poetry
  poly check` exits 0 (`--strict` exits 1). They are drawn from a random stream of their own,
  after the plan: the bricks, imports and projects are those of `--clean`, which plans no
  finding at all (a correct tool then reports nothing).

The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

THEMES = ("loose", "tdd")
CORE_SHARE = 50
"""One component in CORE_SHARE belongs to the shared core every domain may use."""
DOMAIN_SIZE = 20
CROSS_DOMAIN_RATE = 0.02
"""Chance that a component also imports a component of an earlier domain."""
CORE_WINDOW = 6
"""A core component imports only among the CORE_WINDOW core components before it."""
LIBS_PER_DOMAIN = 3
UNUSED_LIB_EVERY = 4
"""One project in UNUSED_LIB_EVERY declares a library none of its bricks imports (BW203)."""


def bypass_count(components: int) -> int:
    """How many imports past an interface (BW107) a workspace of `components` gets."""
    return components // 4 + min(25, components // 80)


@dataclass(frozen=True)
class Library:
    """A third-party distribution and how code imports it."""

    dist: str
    spec: str
    statement: str
    """The import statement, e.g. `from PIL import Image`."""
    use: str
    """An expression that uses it, so the import is not dead code."""


LIBRARIES: tuple[Library, ...] = (
    Library("requests", ">=2.31,<3", "import requests", "requests.Session"),
    Library("pyyaml", ">=6.0,<7", "import yaml", "yaml.safe_load"),
    Library("pillow", ">=10.0,<12", "from PIL import Image", "Image.open"),
    Library("pyjwt", ">=2.8,<3", "import jwt", "jwt.decode"),
    Library("python-dateutil", ">=2.8,<3", "from dateutil import parser", "parser.parse"),
    Library("google-cloud-storage", ">=2.10,<3", "from google.cloud import storage", "storage"),
    Library("numpy", ">=1.26,<3", "import numpy as np", "np.asarray"),
    Library("boto3", ">=1.34,<2", "import boto3", "boto3.client"),
    Library("pydantic", ">=2.5,<3", "from pydantic import BaseModel", "BaseModel"),
    Library("sqlalchemy", ">=2.0,<3", "import sqlalchemy as sa", "sa.text"),
    Library("httpx", ">=0.26,<1", "import httpx", "httpx.Client"),
    Library("click", ">=8.1,<9", "import click", "click.echo"),
    Library("beautifulsoup4", ">=4.12,<5", "from bs4 import BeautifulSoup", "BeautifulSoup"),
    Library("python-ulid", ">=2.2,<3", "from ulid import ULID", "ULID"),
)

CORE_LIBS = (1, 4)
"""pyyaml and python-dateutil: what the shared core components may use."""

STDLIB = (
    "import json",
    "import logging",
    "import os",
    "import re",
    "from collections import defaultdict",
    "from dataclasses import dataclass, field",
    "from datetime import datetime, timezone",
    "from functools import lru_cache",
    "from pathlib import Path",
    "import hashlib",
    "import itertools",
)

DOMAINS = (
    "billing", "orders", "users", "auth", "search", "catalog", "shipping", "payments",
    "reports", "media", "notify", "audit", "pricing", "stock", "reviews", "geo",
    "ledger", "crm", "events", "files",
)  # fmt: skip
DOCKERFILE = "FROM python:3.12-slim\nCOPY dist/*.whl /tmp/\nRUN pip install /tmp/*.whl\n"
HELPERS = ("helpers", "models", "validation", "storage", "mapping")
BASE_KINDS = ("api", "worker", "cli", "lambda", "consumer")


@dataclass
class BrickSpec:
    """One brick of the generated workspace."""

    name: str
    kind: str  # "component" | "base"
    modules: int
    runtime: list[int] = field(default_factory=list)
    """Component indexes imported at module level."""
    lazy: list[int] = field(default_factory=list)
    """Component indexes imported inside a function only."""
    type_only: list[int] = field(default_factory=list)
    """Component indexes (a subset of runtime + lazy) also imported under TYPE_CHECKING."""
    libs: list[int] = field(default_factory=list)
    lazy_libs: list[int] = field(default_factory=list)
    stdlib: list[str] = field(default_factory=list)
    bypass: set[int] = field(default_factory=set)
    """Component indexes (of runtime + lazy) imported from their `core` module, past the
    interface: one BW107 each (the type-only import of the same component, if any, stays on the
    interface)."""

    def deps(self) -> list[int]:
        return sorted(set(self.runtime) | set(self.lazy))

    def all_libs(self) -> set[int]:
        return set(self.libs) | set(self.lazy_libs)


@dataclass(frozen=True)
class ProjectSpec:
    folder: str
    bases: tuple[int, ...]
    components: tuple[int, ...]
    libs: tuple[int, ...]
    style: str  # "pep621" | "poetry"
    unused: tuple[int, ...] = ()
    """Libraries the project declares but none of its bricks imports (BW203)."""


@dataclass
class Plan:
    """Everything `generate` writes, decided before any file is written."""

    namespace: str
    theme: str
    components: list[BrickSpec]
    bases: list[BrickSpec]
    projects: list[ProjectSpec]


def _component_domain(index: int, core: int) -> int:
    return -1 if index < core else (index - core) // DOMAIN_SIZE


def _plan_component(
    rng: random.Random, index: int, core: int, libs: Sequence[Sequence[int]]
) -> BrickSpec:
    domain = _component_domain(index, core)
    word = "core" if domain < 0 else DOMAINS[domain % len(DOMAINS)]
    spec = BrickSpec(f"{word}_{index:05d}", "component", rng.choice((3, 3, 4, 4, 4, 5, 5)))
    if domain < 0:
        pool = list(range(max(0, index - CORE_WINDOW), index))
        deps: set[int] = set(rng.sample(pool, min(len(pool), rng.randint(0, 2))))
    else:
        pool = list(range(core + domain * DOMAIN_SIZE, index))
        deps = set(rng.sample(pool, min(len(pool), rng.randint(0, 3))))
        if core and rng.random() < 0.3:
            deps.add(rng.randrange(core))
    if domain > 0 and rng.random() < CROSS_DOMAIN_RATE:
        other = rng.randrange(domain)
        deps.add(core + other * DOMAIN_SIZE + rng.randrange(DOMAIN_SIZE))
    _split_imports(rng, spec, sorted(deps))
    choices = CORE_LIBS if domain < 0 else libs[domain]
    _plan_libs(rng, spec, choices, rng.choice((0, 0, 1, 1, 1, 2)))
    return spec


def _plan_base(
    rng: random.Random, index: int, n_components: int, core: int, libs: Sequence[Sequence[int]]
) -> BrickSpec:
    word = DOMAINS[index % len(DOMAINS)]
    kind = BASE_KINDS[index % len(BASE_KINDS)]
    spec = BrickSpec(f"{word}_{kind}_{index:03d}", "base", rng.choice((4, 5, 5, 6)))
    deps: set[int] = set()
    choices: set[int] = set(CORE_LIBS)
    if libs:
        for domain in rng.sample(range(len(libs)), min(len(libs), rng.randint(1, 3))):
            start = core + domain * DOMAIN_SIZE
            members = list(range(start, min(n_components, start + DOMAIN_SIZE)))
            # The top of a domain: the components that use the others.
            deps.update(members[-rng.randint(1, min(4, len(members))) :])
            choices.update(libs[domain])
    if core:
        deps.update(rng.sample(range(core), min(core, 2)))
    _split_imports(rng, spec, sorted(deps))
    _plan_libs(rng, spec, sorted(choices), rng.randint(1, 2))
    return spec


def _split_imports(rng: random.Random, spec: BrickSpec, deps: Sequence[int]) -> None:
    for dep in deps:
        (spec.lazy if rng.random() < 0.15 else spec.runtime).append(dep)
    for dep in spec.runtime:
        if rng.random() < 0.2:
            spec.type_only.append(dep)


def _plan_libs(rng: random.Random, spec: BrickSpec, choices: Sequence[int], count: int) -> None:
    for lib in rng.sample(list(choices), min(count, len(choices))):
        (spec.lazy_libs if rng.random() < 0.2 else spec.libs).append(lib)
    spec.stdlib = rng.sample(STDLIB, rng.randint(1, 4))


def _closure(components: Sequence[BrickSpec], roots: Iterable[int]) -> set[int]:
    seen: set[int] = set()
    todo = list(roots)
    while todo:
        index = todo.pop()
        if index not in seen:
            seen.add(index)
            todo.extend(components[index].deps())
    return seen


def _add_findings(plan_: Plan, seed: int) -> None:
    """Turn some imports of a planned workspace into warnings, from a stream of their own."""
    rng = random.Random(f"findings-{seed}")
    sites = [
        (owner, dep)
        for owner, spec in enumerate([*plan_.components, *plan_.bases])
        for dep in spec.deps()
    ]
    bricks = [*plan_.components, *plan_.bases]
    for owner, dep in sorted(
        rng.sample(sites, min(len(sites), bypass_count(len(plan_.components))))
    ):
        bricks[owner].bypass.add(dep)
    for number, project in enumerate(plan_.projects):
        if number % UNUSED_LIB_EVERY == UNUSED_LIB_EVERY - 1:
            spare = [i for i in range(len(LIBRARIES)) if i not in project.libs]
            if spare:
                plan_.projects[number] = replace(project, unused=(rng.choice(spare),))


def plan(
    components: int,
    bases: int,
    projects: int,
    theme: str,
    seed: int,
    namespace: str = "acme",
    clean: bool = False,
) -> Plan:
    """Decide every brick, import and project, deterministically from `seed`; with `clean`,
    without the warnings (see the module's docstring)."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    if projects and not bases:
        raise ValueError("projects need at least one base")
    rng = random.Random(seed)
    core = min(components, max(1, components // CORE_SHARE)) if components else 0
    domains = (components - core + DOMAIN_SIZE - 1) // DOMAIN_SIZE
    by_domain = [rng.sample(range(len(LIBRARIES)), LIBS_PER_DOMAIN) for _ in range(domains)]
    comp_specs = [_plan_component(rng, i, core, by_domain) for i in range(components)]
    base_specs = [_plan_base(rng, i, components, core, by_domain) for i in range(bases)]
    project_specs: list[ProjectSpec] = []
    for p in range(projects):
        chosen = {p % bases}
        if bases > 1 and p % 3 == 2:
            chosen.add((p + 1) % bases)
        roots = [d for b in chosen for d in base_specs[b].deps()]
        closure = sorted(_closure(comp_specs, roots))
        libs: set[int] = set()
        for b in chosen:
            libs |= base_specs[b].all_libs()
        for c in closure:
            libs |= comp_specs[c].all_libs()
        first = base_specs[min(chosen)].name
        project_specs.append(
            ProjectSpec(
                folder=f"{first.rsplit('_', 1)[0]}_{p:03d}",
                bases=tuple(sorted(chosen)),
                components=tuple(closure),
                libs=tuple(sorted(libs, key=lambda i: LIBRARIES[i].dist)),
                style="pep621" if p % 2 == 0 else "poetry",
            )
        )
    planned = Plan(namespace, theme, comp_specs, base_specs, project_specs)
    if not clean:
        _add_findings(planned, seed)
    return planned


def edit_candidates(plan_: Plan) -> tuple[BrickSpec, list[str], list[str]]:
    """A component that reaches many others, the components it reaches, and import statements
    it may gain without a new finding: the interface of each component it reaches (every
    project that includes it includes those) and each library those bricks import (every such
    project declares them). Each statement changes what the component imports, so a checker
    must analyse again."""
    comps = plan_.components
    if not comps:
        raise ValueError("no component to edit")
    closures: list[frozenset[int]] = []
    for spec in comps:  # a component imports only lower-numbered ones
        reached: set[int] = set()
        for dep in spec.deps():
            reached.add(dep)
            reached |= closures[dep]
        closures.append(frozenset(reached))
    best = max(range(len(comps)), key=lambda i: (len(closures[i]), -i))
    ns = plan_.namespace
    names = [comps[c].name for c in sorted(closures[best])]
    statements = [f"from {ns}.{name} import run_{name}" for name in names]
    libs = set(comps[best].all_libs())
    for c in closures[best]:
        libs |= comps[c].all_libs()
    statements += [LIBRARIES[i].statement for i in sorted(libs)]
    return comps[best], names, statements


# -- source text ------------------------------------------------------------------------------


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _interface(ns: str, spec: BrickSpec) -> str:
    record, run = f"{_camel(spec.name)}Record", f"run_{spec.name}"
    return (
        f'"""{spec.name}: the public interface of this {spec.kind}."""\n\n'
        "from __future__ import annotations\n\n"
        f"from {ns}.{spec.name}.core import {record}, {run}\n\n"
        f'__all__ = ["{record}", "{run}"]\n'
    )


def _module(ns: str, spec: BrickSpec, names: Sequence[str], dep: int) -> str:
    """What `spec` imports component `dep` from: its interface, or its core (past it)."""
    return f"{ns}.{names[dep]}.core" if dep in spec.bypass else f"{ns}.{names[dep]}"


def _core(ns: str, spec: BrickSpec, names: Sequence[str]) -> str:
    record, run = f"{_camel(spec.name)}Record", f"run_{spec.name}"
    lines = [f'"""Core logic of {spec.name}."""', "", "from __future__ import annotations", ""]
    lines += sorted(spec.stdlib)
    lines += ["from dataclasses import dataclass as _dataclass", "from typing import TYPE_CHECKING"]
    lines += [LIBRARIES[i].statement for i in spec.libs]
    lines.append("")
    for dep in spec.runtime:
        lines.append(f"from {_module(ns, spec, names, dep)} import run_{names[dep]}")
    helpers = HELPERS[: spec.modules - 2]
    for helper in helpers:
        lines.append(f"from {ns}.{spec.name}.{helper} import {helper}_step")
    if spec.type_only:
        lines += ["", "if TYPE_CHECKING:"]
        for dep in spec.type_only:
            lines.append(f"    from {ns}.{names[dep]} import {_camel(names[dep])}Record")
    lines += ["", "", "@_dataclass(frozen=True)", f"class {record}:"]
    lines += ["    key: str", "    value: int"]
    lines += ["", "", f"def {run}(payload: dict[str, object]) -> dict[str, object]:"]
    lines.append(f'    """Run the {spec.name} step over `payload`."""')
    lines.append("    result = dict(payload)")
    for dep in spec.runtime:
        lines.append(f"    result = run_{names[dep]}(result)")
    for helper in helpers:
        lines.append(f"    result = {helper}_step(result)")
    for i in spec.libs:
        lines.append(f'    result["{LIBRARIES[i].dist}"] = {LIBRARIES[i].use}')
    lines.append(f'    result["{spec.name}"] = True')
    lines.append("    return result")
    for dep in spec.type_only:
        dep_record = f"{_camel(names[dep])}Record"
        lines += ["", "", f"def describe_{names[dep]}(record: {dep_record}) -> str:"]
        lines.append("    return f'{record.key}={record.value}'")
    lines.append("")
    return "\n".join(lines)


def _helper(ns: str, spec: BrickSpec, names: Sequence[str], helper: str, first: bool) -> str:
    lines = [f'"""{helper} of {spec.name}."""', "", "from __future__ import annotations", ""]
    lines += ["import logging", "", "LOG = logging.getLogger(__name__)", ""]
    lines += ["", f"def {helper}_step(payload: dict[str, object]) -> dict[str, object]:"]
    lines.append(f'    LOG.debug("{helper} %s", len(payload))')
    lines.append("    return payload")
    if first:
        for dep in spec.lazy:
            lines += ["", "", f"def later_{names[dep]}(payload: dict[str, object]) -> object:"]
            lines.append(f"    from {_module(ns, spec, names, dep)} import run_{names[dep]}")
            lines.append("")
            lines.append(f"    return run_{names[dep]}(payload)")
        for i in spec.lazy_libs:
            lib = LIBRARIES[i]
            lines += ["", "", f"def with_{lib.dist.replace('-', '_')}() -> object:"]
            lines.append(f"    {lib.statement}")
            lines.append("")
            lines.append(f"    return {lib.use}")
    lines.append("")
    return "\n".join(lines)


def brick_files(ns: str, spec: BrickSpec, names: Sequence[str]) -> dict[str, str]:
    """File name -> text of one brick's package."""
    files = {"__init__.py": _interface(ns, spec), "core.py": _core(ns, spec, names)}
    for number, helper in enumerate(HELPERS[: spec.modules - 2]):
        files[f"{helper}.py"] = _helper(ns, spec, names, helper, first=number == 0)
    return files


# -- project files ----------------------------------------------------------------------------


def _include(plan_: Plan, kind: str, name: str, prefix: str) -> str:
    top = f"{prefix}{'components' if kind == 'component' else 'bases'}"
    origin = top if plan_.theme == "loose" else f"{top}/{name}/src"
    ns_path = plan_.namespace.replace(".", "/")
    return f'    {{ include = "{ns_path}/{name}", from = "{origin}" }},\n'


def project_text(
    name: str, includes: Sequence[str], libs: Sequence[int], style: str, description: str
) -> str:
    packages = "".join(includes)
    if style == "pep621":
        deps = "".join(f'    "{LIBRARIES[i].dist}{LIBRARIES[i].spec}",\n' for i in libs)
        return (
            f'[project]\nname = "{name}"\nversion = "0.1.0"\ndescription = "{description}"\n'
            f'requires-python = ">=3.10,<4.0"\ndependencies = [\n{deps}]\n\n'
            f"[tool.poetry]\npackages = [\n{packages}]\n\n"
            '[build-system]\nrequires = ["poetry-core>=2.0.0,<3.0.0"]\n'
            'build-backend = "poetry.core.masonry.api"\n'
        )
    deps = "".join(f'{LIBRARIES[i].dist} = "{LIBRARIES[i].spec}"\n' for i in libs)
    return (
        f'[tool.poetry]\nname = "{name}"\nversion = "0.1.0"\ndescription = "{description}"\n'
        f'authors = ["Platform team <platform@example.com>"]\nlicense = ""\n\n'
        f"packages = [\n{packages}]\n\n"
        f'[tool.poetry.dependencies]\npython = "^3.10"\n{deps}\n'
        '[build-system]\nrequires = ["poetry-core>=1.0.0"]\n'
        'build-backend = "poetry.core.masonry.api"\n'
    )


def workspace_toml(namespace: str, theme: str) -> str:
    return (
        f'[tool.polylith]\nnamespace = "{namespace}"\ngit_tag_pattern = "stable-*"\n\n'
        f'[tool.polylith.structure]\ntheme = "{theme}"\n\n'
        '[tool.polylith.tag.patterns]\nstable = "stable-*"\nrelease = "v[0-9]*"\n\n'
        "[tool.polylith.resources]\nbrick_docs_enabled = false\n\n"
        "[tool.polylith.test]\nenabled = true\n"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def brick_dir(root: Path, plan_: Plan, spec: BrickSpec) -> Path:
    top = root / ("components" if spec.kind == "component" else "bases")
    ns_parts = plan_.namespace.split(".")
    if plan_.theme == "loose":
        return top.joinpath(*ns_parts, spec.name)
    return top.joinpath(spec.name, "src", *ns_parts, spec.name)


def write(root: Path, plan_: Plan) -> int:
    """Write the planned workspace under `root` (which must be empty or missing).

    Returns the number of `.py` files written."""
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; generate into a new folder")
    ns = plan_.namespace
    names = [c.name for c in plan_.components]
    count = 0
    for spec in [*plan_.components, *plan_.bases]:
        folder = brick_dir(root, plan_, spec)
        for filename, text in brick_files(ns, spec, names).items():
            _write(folder / filename, text)
            count += 1
    libs = sorted({i for c in plan_.components + plan_.bases for i in c.all_libs()})
    libs.sort(key=lambda i: LIBRARIES[i].dist)
    dev_includes = [_include(plan_, b.kind, b.name, "") for b in plan_.bases + plan_.components]
    _write(root / "workspace.toml", workspace_toml(ns, plan_.theme))
    _write(
        root / "pyproject.toml",
        project_text(f"{ns}-development", dev_includes, libs, "pep621", "Every brick"),
    )
    for project in plan_.projects:
        includes = [_include(plan_, "base", plan_.bases[b].name, "../../") for b in project.bases]
        includes += [_include(plan_, "component", names[c], "../../") for c in project.components]
        name = project.folder.replace("_", "-")
        libs = sorted([*project.libs, *project.unused], key=lambda i: LIBRARIES[i].dist)
        text = project_text(name, includes, libs, project.style, f"The {name} service")
        _write(root / "projects" / project.folder / "pyproject.toml", text)
        if len(project.bases) > 1:
            _write(root / "projects" / project.folder / "Dockerfile", DOCKERFILE)
    _write(root / "projects" / ".keep", "")
    _write(root / "development" / ".keep", "")
    _write(root / "README.md", f"# {ns}\n\nA generated Polylith workspace ({plan_.theme}).\n")
    return count


def generate(
    root: Path,
    components: int = 2000,
    bases: int = 100,
    projects: int = 100,
    theme: str = "loose",
    seed: int = 0,
    namespace: str = "acme",
    clean: bool = False,
) -> int:
    """Generate a workspace under `root`; returns the number of `.py` files written."""
    return write(root, plan(components, bases, projects, theme, seed, namespace, clean))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("root", type=Path, help="folder to create (must be empty or missing)")
    parser.add_argument("--components", type=int, default=2000)
    parser.add_argument("--bases", type=int, default=100)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--theme", choices=THEMES, default="loose")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--namespace", default="acme")
    parser.add_argument(
        "--clean", action="store_true", help="no warnings: a workspace with nothing to report"
    )
    args = parser.parse_args(argv)
    try:
        files = generate(
            args.root,
            args.components,
            args.bases,
            args.projects,
            args.theme,
            args.seed,
            args.namespace,
            args.clean,
        )
    except (ValueError, FileExistsError) as err:
        sys.stderr.write(f"generate: {err}\n")
        return 2
    sys.stdout.write(f"{args.root}: {files} .py files\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
