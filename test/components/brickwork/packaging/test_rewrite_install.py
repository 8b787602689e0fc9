"""End to end: `poly build-project --with-top-namespace shop` through the plugin, the wheel
installed into a fresh venv, its modules imported and its console script run there."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from test.artifacts import Wheel
from test.components.brickwork.packaging.conftest import MakeService, commit_all
from test.conftest import PolyRunner

MODULES = {
    # strings: one names a module of the wheel, the others only look like it
    "bases/acme/api/settings.py": (
        b'HOST = "acme.com"\nKEY = "acme.timeout"\nGREETING = "acme.greeting.core"\n'
    ),
    "bases/acme/api/bom.py": b"\xef\xbb\xbf# a BOM first\nimport acme.greeting\n",
    "bases/acme/api/feed.py": b"# page\x0c\nfrom acme.greeting import hello\r\nX = hello()\r\n",
    "bases/acme/api/legacy.py": (
        b"# -*- coding: latin-1 -*-\n# \xe9t\xe9\x85 (NEL)\nimport acme.greeting as g\nY = '\xe9'\n"
    ),
}
PROBE = """
import importlib
import shop.acme.api.settings as s
import shop.acme.api.bom as b
import shop.acme.api.feed as f
import shop.acme.api.legacy as l
assert (s.HOST, s.KEY) == ("acme.com", "acme.timeout"), (s.HOST, s.KEY)
assert importlib.import_module(s.GREETING).hello() == "hi"
assert b.acme.greeting.hello() == "hi" and f.X == "hi" and l.Y == "\\xe9"
print(sorted(m for m in __import__("sys").modules if m.split(".")[0] == "acme"))
"""


def test_a_namespaced_wheel_installs_imports_and_runs_its_console_script(
    poly: PolyRunner, make_service: MakeService, tmp_path: Path
) -> None:
    factory = make_service()
    for relative, data in MODULES.items():
        (factory.root / relative).write_bytes(data)
    commit_all(factory.root)
    out = tmp_path / "dist"

    built = poly(
        "poly build-project",
        f"--projects svc --format wheel --with-top-namespace shop --output-dir {out}",
        cwd=factory.root,
    )

    assert built.exit_code == 0, built.stdout + built.stderr
    wheel = Wheel(out / "svc-1.2.0-py3-none-any.whl")
    assert wheel.read("shop/acme/api/feed.py") == (
        b"# page\x0c\nfrom shop.acme.greeting import hello\r\nX = hello()\r\n"
    )
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin/python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    subprocess.run([*pip, "--no-index", str(wheel.path)], check=True, timeout=300)

    script = subprocess.run(
        [str(env / "bin/svc")], capture_output=True, text=True, check=False, timeout=60
    )
    probe = subprocess.run(
        [str(python), "-I", "-c", PROBE], capture_output=True, text=True, check=False, timeout=60
    )

    assert (script.returncode, script.stdout, script.stderr) == (0, "HI\n", "")
    assert (probe.returncode, probe.stdout, probe.stderr) == (0, "[]\n", "")
