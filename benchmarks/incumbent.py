"""The incumbent, poetry-polylith-plugin, in a virtualenv of its own, for comparison runs.

The runner installs the latest `poetry` and `poetry-polylith-plugin` with pip into
`benchmarks/.cache/incumbent` (never with Poetry's own resolver) the first time it is needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks import measure

DEFAULT_VENV = Path(__file__).resolve().parent / ".cache" / "incumbent"
PACKAGES = ("poetry", "poetry-polylith-plugin")

PROBE = """
import json, sys
from pathlib import Path
from polylith import configuration, info
root = Path.cwd()
ns = configuration.get_namespace_from_config(root)
projects = [p for p in info.get_projects_data(root, ns) if info.is_project(p)]
seen = [p["name"] for p in projects if p.get("bases") or p.get("components")]
json.dump({"projects": len(projects), "with_bricks": len(seen)}, sys.stdout)
"""


@dataclass(frozen=True)
class Incumbent:
    venv: Path
    version: str

    @property
    def poetry(self) -> Path:
        return self.venv / "bin" / "poetry"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def env(self) -> dict[str, str]:
        """Poetry's environment for the incumbent: its own virtualenv, activated.

        Its `poly check` reads the distributions of the environment Poetry selects for the
        workspace and then looks each one up again in the environment Poetry runs in. With no
        virtualenv for the workspace Poetry selects the system Python, and the check crashes on
        the first distribution the two environments do not share. Activating the incumbent's
        own virtualenv (as a CI job that pip-installs Poetry and then runs it does) avoids that.
        """
        return measure.poetry_env({"VIRTUAL_ENV": str(self.venv)})

    def visible_projects(self, workspace: Path) -> tuple[int, int] | None:
        """(projects whose bricks the incumbent sees, projects), or None if it cannot tell."""
        sample = measure.run_once([self.python, "-c", PROBE], cwd=workspace, env=self.env())
        if sample.returncode != 0:
            return None
        try:
            data = json.loads(sample.stdout)
            return int(data["with_bricks"]), int(data["projects"])
        except (ValueError, KeyError, TypeError):
            return None


def _installed_version(venv: Path) -> str | None:
    python = venv / "bin" / "python"
    if not (venv / "bin" / "poetry").exists() or not python.exists():
        return None
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "from importlib.metadata import version; print(version('poetry-polylith-plugin'))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def ensure(venv: Path = DEFAULT_VENV) -> Incumbent:
    """The incumbent's virtualenv, created and filled with pip when missing."""
    version = _installed_version(venv)
    if version is None:
        sys.stderr.write(f"installing {' '.join(PACKAGES)} into {venv} (pip) ...\n")
        venv.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, *PACKAGES], check=True)
        version = _installed_version(venv)
        if version is None:
            raise RuntimeError(f"poetry-polylith-plugin did not install into {venv}")
    return Incumbent(venv, version)
