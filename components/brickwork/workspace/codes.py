"""The finding codes: one table that rules, settings, renderers and the docs all read.

A rule names its code by constant (`MISSING_BRICK`), never by literal. A new command adds
its codes here, and a row to the finding-code table of docs/commands.md (a test compares them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from brickwork.workspace.model import Severity

# Found while reading the workspace (`load`).
INCLUDE_OUTSIDE = "BW001"
INCLUDE_MISSING = "BW002"
INCLUDE_NOT_BRICK = "BW003"
INVALID_DEPENDENCY = "BW004"
INVALID_BRICK_NAME = "BW005"
DUPLICATE_BRICK_NAME = "BW006"
DUPLICATE_PROJECT_NAME = "BW007"
IGNORED_DEPENDENCIES = "BW008"
# The brick rules (`check`).
MISSING_BRICK = "BW101"
NOT_A_BRICK = "BW102"
COMPONENT_IMPORTS_BASE = "BW103"
UNREADABLE_FILE = "BW105"
BRICK_CYCLE = "BW106"
NON_INTERFACE_IMPORT = "BW107"
UNNEEDED_BRICK = "BW108"
NOT_IN_DEVELOPMENT = "BW109"
UNUSED_SUPPRESSION = "BW110"
# The library rules (`libs`).
MISSING_LIBRARY = "BW201"
TRANSITIVE_LIBRARY = "BW202"
UNUSED_LIBRARY = "BW203"
VERSION_MISMATCH = "BW204"
UNMAPPED_LIBRARY = "BW205"


@dataclass(frozen=True)
class Code:
    """One stable finding code."""

    code: str
    severity: Severity
    """The default severity."""
    title: str
    """What a finding with this code means, in one line (the docs table's `finding` column)."""
    strict: Severity | None = None
    """The severity under `--strict`, when it differs (a warning that becomes an error); every
    warning fails a strict run either way."""

    def severity_for(self, *, strict: bool = False) -> Severity:
        """The severity of a finding with this code, by default or under `--strict`."""
        return self.strict if strict and self.strict is not None else self.severity


_E, _W = Severity.ERROR, Severity.WARNING

#: Every finding code, in code order.
CODES: Mapping[str, Code] = {
    c.code: c
    for c in (
        Code(INCLUDE_OUTSIDE, _E, "an include points outside the workspace"),
        Code(INCLUDE_MISSING, _E, "an include points at a path that does not exist"),
        Code(INCLUDE_NOT_BRICK, _E, "an include points at a folder that is not a brick"),
        Code(INVALID_DEPENDENCY, _E, "a dependency is not a valid requirement"),
        Code(
            INVALID_BRICK_NAME,
            _E,
            "a brick folder name is not a Python identifier (the folder is ignored)",
        ),
        Code(DUPLICATE_BRICK_NAME, _E, "a base and a component have the same name"),
        Code(DUPLICATE_PROJECT_NAME, _E, "two projects have the same name"),
        Code(
            IGNORED_DEPENDENCIES,
            _W,
            "Poetry ignores dependencies declared in a table it does not read (they are never "
            "installed)",
            strict=_E,
        ),
        Code(
            MISSING_BRICK,
            _E,
            "a project lacks a brick its bricks import, transitively (once per project and "
            "brick, at the first import)",
        ),
        Code(
            NOT_A_BRICK,
            _E,
            "an import of a name under the namespace that is not a brick (tests included)",
        ),
        Code(COMPONENT_IMPORTS_BASE, _E, "a component imports a base"),
        Code(
            UNREADABLE_FILE,
            _E,
            "a file whose imports cannot be recovered (so no rule can check it)",
        ),
        Code(BRICK_CYCLE, _W, "a brick cycle, as the full chain with the import of each step", _E),
        Code(
            NON_INTERFACE_IMPORT,
            _W,
            "an import of another brick's module instead of its interface",
            _E,
        ),
        Code(
            UNNEEDED_BRICK,
            _W,
            "a brick in a project that none of its bricks needs (projects with a base that no "
            "other workspace project depends on), or that a dependency on another workspace "
            "project's distribution already ships",
        ),
        Code(NOT_IN_DEVELOPMENT, _W, "a brick missing from the development project"),
        Code(
            UNUSED_SUPPRESSION,
            _W,
            "a `# poly: ignore[...]` comment on an import that silences nothing (reported only "
            "by `check --strict` over every project)",
        ),
        Code(
            MISSING_LIBRARY,
            _E,
            "library rules: a project's bricks import a library that the project does not declare",
        ),
        Code(
            TRANSITIVE_LIBRARY,
            _W,
            "library rules: a library the project gets only through another declared distribution",
        ),
        Code(
            UNUSED_LIBRARY,
            _W,
            "library rules: a declared library that no brick of the project imports",
        ),
        Code(
            VERSION_MISMATCH,
            _W,
            "library rules: a library whose versions differ across projects",
            _E,
        ),
        Code(
            UNMAPPED_LIBRARY,
            _W,
            "library rules: an import no evidence maps to a distribution, which a declared and "
            "locked distribution whose modules nothing lists may provide (map it with an alias)",
        ),
    )
}


def finding_code(code: str) -> Code:
    """The table row of `code`; a `KeyError` is a bug (a rule with an unlisted code)."""
    return CODES[code]


def default_severity(code: str, *, strict: bool = False) -> Severity:
    """The severity a rule gives a finding with `code` (before `[tool.brickwork.check]`)."""
    return CODES[code].severity_for(strict=strict)
