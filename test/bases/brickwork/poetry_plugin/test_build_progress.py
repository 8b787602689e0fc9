"""`build-project --verify` on several projects says what it does as it goes (stderr), and
the table's seconds are what the user waited for each project: its build and its
verification. When stderr is not a terminal (here, as in a CI log) there is no status line:
each ended step is one line, and a verification also says when it starts."""

from __future__ import annotations

import re

from cleo.io.outputs.output import Verbosity

from test.components.brickwork.packaging.conftest import (
    MakeService,
    commit_all,
    project_file,
)
from test.conftest import PolyRunner


def test_verify_on_two_projects_says_each_build_and_verification_and_times_both(
    poly: PolyRunner, make_service: MakeService
) -> None:
    factory = make_service()
    text = project_file("pep621", factory).replace('name = "svc"', 'name = "two"')
    factory.write("projects/two/pyproject.toml", text)
    commit_all(factory.root)
    args = "--projects svc,two -f wheel --verify --no-check"

    result = poly("poly build-project", args, cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert "\r" not in result.stderr  # no animation in a pipe
    said = result.stderr.splitlines()
    waited: dict[str, float] = {}
    for name in ("svc", "two"):
        [build_line] = [s for s in said if re.match(rf"\[[12]/2\] built {name} in ", s)]
        [verify_line] = [s for s in said if s.startswith(f"verified {name} in ")]
        assert f"verifying {name}…" in said
        assert said.index(build_line) < said.index(f"verifying {name}…")
        assert said.index(f"verifying {name}…") < said.index(verify_line)
        assert verify_line.endswith(": ✔ every module imports")
        built = float(build_line.split(" in ")[1].split(" s:")[0])
        verified = float(verify_line.split(" in ")[1].split(" s:")[0])
        waited[name] = built + verified
    assert sorted(s[:5] for s in said if s.startswith("[")) == ["[1/2]", "[2/2]"]
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:3]}
    for name, seconds in waited.items():
        # the table shows the build and the verification of the row (each rounded apart)
        assert abs(float(rows[name][4]) - seconds) <= 0.011, (rows[name], seconds)
        assert float(rows[name][4]) >= 0.5  # a verification makes a venv: not a wheel's 0.05 s

    quiet = poly("poly build-project", args, cwd=factory.root, verbosity=Verbosity.QUIET)

    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    assert quiet.stdout.splitlines()[0].split() == [
        "project",
        "artifact",
        "size",
        "seconds",
        "sha256",
    ]
    assert "✔ every module imports" in quiet.stdout  # the verification is part of the result
