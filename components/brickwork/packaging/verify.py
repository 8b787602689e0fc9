"""`--verify`: install a built wheel into a throw-away venv, import every module it ships and
resolve every entry point, each in that venv's own interpreter.

Importing runs a module's top-level code, so what is program or test code rather than library
code is not imported (and is listed as skipped): `__main__` modules (importing one runs the
program: argparse or click then exits on the probe's arguments), and test code (`conftest`,
`test_*`/`*_test` modules, `test`/`tests` packages), which needs a test runner the venv lacks.
An entry point into a `__main__` module is checked without running it: the module is found
(its parent packages imported) and read, and must define the name at its top level.
The probe runs with no input and its output discarded; a module that does not finish importing
within a time limit, or ends the interpreter, fails alone and the probe goes on with the rest.

Offline-friendly: pip looks in the wheel's folder (`--find-links`) and uses a package index only
when one is configured (`PIP_INDEX_URL`, `PIP_EXTRA_INDEX_URL`, or a pip configuration file that
names an index); otherwise it runs with `--no-index`.
"""

from __future__ import annotations

import importlib.util
import itertools
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

from brickwork.packaging.core import system_temp
from brickwork.workspace import PolyError

_PROBE = r"""
import ast, importlib, importlib.util, json, sys


def defined(module, name):
    # a program module (`__main__`) is read, not run: its parents are imported (library code),
    # and the entry point's name must be defined at its top level
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        raise ModuleNotFoundError(f"No module named {module!r}")
    with open(spec.origin, "rb") as handle:
        tree = ast.parse(handle.read(), spec.origin)
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    if name not in names:
        raise AttributeError(f"module {module!r} does not define {name!r} at its top level")


out = open(sys.argv[1], "a", encoding="utf-8")
for kind, name in json.loads(open(sys.argv[2], encoding="utf-8").read()):
    out.write(json.dumps(["start", kind, name]) + "\n")
    out.flush()
    try:
        if kind == "module":
            importlib.import_module(name)
        else:
            module, _, attr = name.partition(":")
            module, parts = module.strip(), [p for p in attr.strip().split(".") if p]
            if module.rpartition(".")[2] == "__main__":
                defined(module, parts[0] if parts else "")
            else:
                target = importlib.import_module(module)
                for part in parts:
                    target = getattr(target, part)
        error = ""
    except BaseException as err:
        error = f"{type(err).__name__}: {err}"
    out.write(json.dumps(["done", kind, name, error]) + "\n")
    out.flush()
"""

PROBE_SECONDS = 120.0
"""How long one run of the probe may take before the module it is importing is failed."""


@dataclass(frozen=True)
class Probe:
    kind: str
    """`module` or `entry point`."""
    name: str
    error: str = ""
    skipped: str = ""
    """Why the module was not imported (program or test code), when it was not."""

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


def skip_reason(module: str) -> str:
    """Why verification does not import `module` (dotted name), or "" to import it."""
    parts = module.split(".")
    leaf = parts[-1]
    if leaf == "__main__":
        return "a program (run with python -m), not imported"
    if leaf == "conftest" or leaf.startswith("test_") or leaf.endswith("_test"):
        return "test code, not imported"
    if {"test", "tests"} & set(parts):
        return "test code, not imported"
    return ""


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


def _probe(
    python: Path, items: list[tuple[str, str]], folder: Path, timeout: float
) -> dict[tuple[str, str], Probe]:
    """Import each module and resolve each entry point of `items` in `python`, with no input
    and the output discarded; the item under way when a run times out or the interpreter ends
    fails, and a new run goes on with the rest."""
    found: dict[tuple[str, str], Probe] = {}
    pending = list(items)
    for attempt in itertools.count():
        if not pending:
            break
        results = folder / f"probe-{attempt}.jsonl"
        asked = folder / f"probe-{attempt}.json"
        asked.write_text(json.dumps(pending), encoding="utf-8")
        command = [str(python), "-I", "-c", _PROBE, str(results), str(asked)]
        try:
            code = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=folder,
                timeout=timeout,
                check=False,
            ).returncode
            why = f"the interpreter ended (exit {code}) while importing it"
        except subprocess.TimeoutExpired:
            why = f"did not finish importing in {timeout:g} s (does it run a program?)"
        started: tuple[str, str] | None = None
        before = len(found)
        lines = results.read_text(encoding="utf-8").splitlines() if results.exists() else []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # the last line, cut short when the run was stopped
            item = (str(record[1]), str(record[2]))
            if record[0] == "start":
                started = item
            else:
                found[item] = Probe(item[0], item[1], str(record[3]))
                started = None
        if started is not None:
            found[started] = Probe(started[0], started[1], why)
        if len(found) == before:  # the probe did not even start
            raise PolyError(f"verifying failed: {why.removesuffix(' while importing it')}.")
        pending = [item for item in pending if item not in found]
    return found


def verify_wheel(
    wheel: Path,
    find_links: tuple[Path, ...] = (),
    *,
    index: bool | None = None,
    timeout: float = PROBE_SECONDS,
) -> Verification:
    """Install `wheel` (with its dependencies) into a new venv and probe it (see the module's
    docstring for what is imported); the venv is removed afterwards. A failed install is a
    `PolyError`; failed imports are in the result. `timeout`: seconds one probe run may take."""
    use_index = index_configured() if index is None else index
    folder = Path(tempfile.mkdtemp(prefix="brickwork-verify-", dir=system_temp()))
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
        modules = wheel_modules(wheel)
        items = [("module", m) for m in modules if not skip_reason(m)]
        items += [("entry point", e) for e in wheel_entry_points(wheel)]
        found = _probe(_python(env), items, folder, timeout)
        probes = [
            Probe("module", m, "", skip_reason(m)) if skip_reason(m) else found[("module", m)]
            for m in modules
        ]
        probes += [found[item] for item in items if item[0] == "entry point"]
        return Verification(wheel, tuple(probes))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
