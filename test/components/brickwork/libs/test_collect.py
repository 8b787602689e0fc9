from __future__ import annotations

from brickwork.libs.collect import declaration_lines

PYPROJECT = """\
[tool.poetry]
name = "svc"
# requests = "^1"  (a comment never counts)

[tool.poetry.dependencies]
python = "^3.10"
PyYAML = "^6"
ruamel-yaml = "^0.18"
description = "é"

[project]
dependencies = ["Zope.Interface>=6", "Pillow[webp] >=10"]
"""


def test_each_dependency_is_found_on_the_first_line_that_declares_it_whatever_its_case() -> None:
    names = ["pyyaml", "ruamel.yaml", "zope-interface", "pillow", "requests", "python"]
    assert declaration_lines(PYPROJECT, names) == {
        "pyyaml": 7,
        "ruamel.yaml": 8,
        "zope-interface": 12,
        "pillow": 12,
        "python": 6,
    }


def test_lines_that_are_not_plain_ascii_still_go_through_the_full_patterns() -> None:
    text = 'dependencies = ["naïve-lib>=1"]\n["x"]\nKELVIN = 1\n'
    assert declaration_lines(text, ["naïve-lib", "kelvin"]) == {"naïve-lib": 1, "kelvin": 3}
    assert declaration_lines('"\u212aelvin" = "1"\n', ["kelvin"]) == {"kelvin": 1}
