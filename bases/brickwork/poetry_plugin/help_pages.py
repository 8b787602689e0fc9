"""What every command's `--help` page ends with: a short example and where its documentation is.

One table for every command (`PAGES`), so that no command's page lacks either; the examples are
commands a reader can run in the example workspace of docs/commands.md (`acme`, with the
component `greeting`, the base `greet_api` and the project `greet_service`).
"""

from __future__ import annotations

#: The reference of every command, one section each (`## poly check` -> `#poly-check`).
DOCS = "docs/commands.md"

#: command name -> (section anchor in `DOCS`, examples).
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "poly": ("poly", ("poetry poly", "poetry poly create")),
    "poly create": ("poly-create", ("poetry poly create", "poetry poly create component --help")),
    "poly create workspace": ("poly-create", ("poetry poly create workspace --name acme",)),
    "poly create component": (
        "poly-create",
        ('poetry poly create component --name greeting --description "Greets people"',),
    ),
    "poly create base": ("poly-create", ("poetry poly create base --name greet_api --dry-run",)),
    "poly create project": (
        "poly-create",
        (
            "poetry poly create project --name greet_service --base greet_api",
            "poetry poly create project --name greet_cli --base greet_api"
            " --script greet=acme.greet_api.core:main",
        ),
    ),
    "poly info": ("poly-info", ("poetry poly info", "poetry poly info --output json")),
    "poly deps": (
        "poly-deps",
        (
            "poetry poly deps",
            "poetry poly deps --brick greeting",
            "poetry poly deps --why PyYAML --projects greet_service",
        ),
    ),
    "poly check": ("poly-check", ("poetry poly check", "poetry poly check --strict")),
    "poly libs": ("poly-libs", ("poetry poly libs", "poetry poly libs --strict")),
    "poly sync": ("poly-sync", ("poetry poly sync --dry-run", "poetry poly sync --libs")),
    "poly remove": (
        "poly-remove",
        ("poetry poly remove greeting --dry-run", "poetry poly remove greeting --force"),
    ),
    "poly rename": (
        "poly-rename",
        ("poetry poly rename greeting greet --dry-run", "poetry poly rename greeting greet"),
    ),
    "poly diff": (
        "poly-diff",
        (
            "poetry poly diff",
            "poetry poly diff --since release --short",
            "poetry poly diff --graph --output markdown",
        ),
    ),
    "poly test": ("poly-test", ("poetry poly test", "poetry poly test --all -- -x")),
    "poly test diff": ("poly-test", ("poetry poly test diff --short",)),
    "poly tag": ("poly-tag", ("poetry poly tag --dry-run", "poetry poly tag release --push")),
    "poly build-project": (
        "poly-build-project",
        ("poetry poly build-project --all", "poetry poly build-project --projects greet_service"),
    ),
    "build-project": (
        "poly-build-project",
        ("poetry build-project -C projects/greet_service --format wheel",),
    ),
}


def page(name: str, text: str) -> str:
    """`text` (a command's help) followed by its examples and the section of `DOCS`."""
    anchor, examples = PAGES.get(name, ("", ()))
    lines = [text.rstrip()] if text.strip() else []
    if examples:
        label = "Example" if len(examples) == 1 else "Examples"
        lines += ["", f"<b>{label}:</b>", *(f"  <c1>{example}</>" for example in examples)]
    where = f"{DOCS}#{anchor}" if anchor else DOCS
    lines += ["", f"<b>Documentation:</b> {where}"]
    return "\n".join(lines)
