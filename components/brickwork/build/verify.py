"""`--verify`: install a built wheel into a throw-away venv, import every module it ships and
resolve every entry point, each in that venv's own interpreter.

Offline-friendly: pip looks in the wheel's folder (`--find-links`) and uses a package index only
when one is configured (`PIP_INDEX_URL`, `PIP_EXTRA_INDEX_URL`, or a pip configuration file that
names an index); otherwise it runs with `--no-index`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

from brickwork.workspace import PolyError

_PROBE = r"""
import importlib, json, sys
out = []
for kind, name in json.loads(sys.argv[1]):
    try:
        if kind == "module":
            importlib.import_module(name)
        else:
            module, _, attr = name.partition(":")
            target = importlib.import_module(module.strip())
            for part in [p for p in attr.strip().split(".") if p]:
                target = getattr(target, part)
        out.append([kind, name, ""])
    except BaseException as err:
        out.append([kind, name, f"{type(err).__name__}: {err}"])
sys.stdout.write(json.dumps(out))
"""


@dataclass(frozen=True)
class Probe:
    kind: str
    """`module` or `entry point`."""
    name: str
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class Verification:
    wheel: Path
    probes: tuple[Probe, ...]

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.probes)


def wheel_modules(wheel: Path) -> tuple[str, ...]:
    """Every importable module of a wheel, by dotted name, sorted."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    modules = set()
    for name in names:
        top = name.split("/", 1)[0]
        if top.endswith((".dist-info", ".data")) or not name.endswith(".py"):
            continue
        parts = name[: -len(".py")].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(p.isidentifier() for p in parts):
            modules.add(".".join(parts))
    return tuple(sorted(modules))


def wheel_entry_points(wheel: Path) -> tuple[str, ...]:
    """Every entry point target (`module:attr`) a wheel declares."""
    with zipfile.ZipFile(wheel) as archive:
        info = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        text = archive.read(info[0]).decode("utf-8") if info else ""
    targets = []
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith(("[", "#")):
            targets.append(line.split("=", 1)[1].split("[", 1)[0].strip())
    return tuple(sorted(set(targets)))


def index_configured() -> bool:
    if os.environ.get("PIP_INDEX_URL") or os.environ.get("PIP_EXTRA_INDEX_URL"):
        return True
    home = Path.home()
    files = [
        os.environ.get("PIP_CONFIG_FILE", ""),
        "/etc/pip.conf",
        str(home / ".pip" / "pip.conf"),
        str(home / ".config" / "pip" / "pip.conf"),
    ]
    for file in filter(None, files):
        try:
            if "index-url" in Path(file).read_text(encoding="utf-8"):
                return True
        except OSError:
            continue
    return False


def _run(command: list[str], what: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise PolyError(
            f"{what} failed: {lines[-1] if lines else 'exit ' + str(result.returncode)}"
        )
    return result.stdout


def _python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def verify_wheel(
    wheel: Path, find_links: tuple[Path, ...] = (), *, index: bool | None = None
) -> Verification:
    """Install `wheel` (with its dependencies) into a new venv and probe it; the venv is
    removed afterwards. A failed install is a `PolyError`; failed imports are in the result."""
    use_index = index_configured() if index is None else index
    folder = Path(tempfile.mkdtemp(prefix="brickwork-verify-"))
    try:
        env = folder / "venv"
        # pip of the running interpreter installs into the venv (`--python`): no pip copy per
        # venv; an interpreter without pip gives the venv its own.
        own_pip = importlib.util.find_spec("pip") is not None
        venv.EnvBuilder(with_pip=not own_pip, clear=True).create(env)
        pip = [sys.executable, "-m", "pip", "--python", str(_python(env))]
        if not own_pip:
            pip = [str(_python(env)), "-m", "pip"]
        links = [a for d in (wheel.parent, *find_links) for a in ("--find-links", str(d))]
        _run(
            [
                *pip,
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-input",
                *([] if use_index else ["--no-index"]),
                *links,
                str(wheel),
            ],
            f"installing {wheel.name}",
        )
        items = [["module", m] for m in wheel_modules(wheel)]
        items += [["entry point", e] for e in wheel_entry_points(wheel)]
        output = _run(
            [str(_python(env)), "-I", "-c", _PROBE, json.dumps(items)], f"importing {wheel.name}"
        )
        probes = tuple(Probe(kind, name, error) for kind, name, error in json.loads(output))
        return Verification(wheel, probes)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
