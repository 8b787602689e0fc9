"""tach, a Rust checker of module boundaries, on the same generated workspace, for comparison.

The runner installs the latest `tach` with pip into `benchmarks/.cache/tach` the first time it
is needed (never with Poetry's resolver) and writes the `tach.toml` the workspace needs:

- one module per brick (`acme.<brick>`), source roots `components` and `bases` (theme `loose`)
  or each brick's `src` folder (theme `tdd`);
- `depends_on`: the components each brick imports, as the generator planned them; the brick the
  benchmark edits may also depend on every component it may gain an import of
  (`generate.edit_candidates`), so that an edit is never a tach error;
- one interface for every brick (one regex), exposing `run_*` and `*Record` (what its
  `__init__.py` re-exports): an import of a component's `core` module is then a tach interface
  error, the same import sites Brickwork reports as BW107 warnings.

So tach checks the same boundaries and reports the same imports past an interface (tach exits 1
for them: they are errors there); Brickwork's project and library rules have no tach
counterpart. tach keeps no cache for `check`: each run reads every file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import generate

DEFAULT_VENV = Path(__file__).resolve().parent / ".cache" / "tach"
PACKAGE = "tach"


@dataclass(frozen=True)
class Tach:
    venv: Path
    version: str

    @property
    def executable(self) -> Path:
        return self.venv / "bin" / "tach"


def _installed_version(venv: Path) -> str | None:
    executable = venv / "bin" / "tach"
    if not executable.exists():
        return None
    probe = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, check=False
    )
    words = probe.stdout.split()
    return words[-1] if probe.returncode == 0 and words else None


def ensure(venv: Path = DEFAULT_VENV) -> Tach:
    """tach in its own virtualenv, created and filled with pip when missing; raises OSError or
    RuntimeError (subprocess.CalledProcessError included) when it cannot be installed."""
    version = _installed_version(venv)
    if version is None:
        sys.stderr.write(f"installing {PACKAGE} into {venv} (pip) ...\n")
        venv.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, PACKAGE], check=True)
        version = _installed_version(venv)
        if version is None:
            raise RuntimeError(f"tach did not install into {venv}")
    return Tach(venv, version)


def _quoted(items: Sequence[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def config_text(plan: generate.Plan, edited: str | None = None, extra: Sequence[str] = ()) -> str:
    """The `tach.toml` of a generated workspace: `edited` (a brick name) may also import the
    components named in `extra`."""
    ns = plan.namespace
    names = [c.name for c in plan.components]
    if plan.theme == "loose":
        roots = ["components", "bases"]
    else:
        roots = [
            f"{'components' if b.kind == 'component' else 'bases'}/{b.name}/src"
            for b in [*plan.components, *plan.bases]
        ]
    out = [
        "# Written by benchmarks/tach_peer.py: the module boundaries of the generated workspace.",
        'exclude = ["**/__pycache__", ".brickwork_cache", "projects", "development"]',
        f"source_roots = {_quoted(roots)}",
        "ignore_type_checking_imports = true",
        'root_module = "ignore"',
        "",
    ]
    for spec in [*plan.components, *plan.bases]:
        deps = {names[d] for d in spec.deps()}
        if spec.name == edited:
            deps |= set(extra)
        out += ["[[modules]]", f'path = "{ns}.{spec.name}"']
        out += [f"depends_on = {_quoted([f'{ns}.{d}' for d in sorted(deps)])}", ""]
    if names:
        # One pattern for every brick: tach matches `from` as a regex, and a list of 2,000
        # module paths costs it three times the CPU of the whole check.
        pattern = re.escape(ns + ".").replace("\\", "\\\\") + ".*"
        out += ["[[interfaces]]", 'expose = ["run_.*", ".*Record"]', f'from = ["{pattern}"]', ""]
    return "\n".join(out)


def write_config(workspace: Path, plan: generate.Plan, edited: str, extra: Sequence[str]) -> Path:
    path = workspace / "tach.toml"
    path.write_text(config_text(plan, edited, extra), encoding="utf-8")
    return path
