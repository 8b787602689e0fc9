"""A dependency as a project file declares it, and the same declaration in another project file.

A declaration is either the PEP 508 strings of a `[project]` or `[dependency-groups]` list
(`"uvicorn[standard]>=0.30; python_version >= '3.11'"`, `"mylib @ git+https://...@v1"`) or the
value of a Poetry table entry (`{ version = "^0.30", extras = ["standard"] }`, `{ git = ...,
rev = "v1" }`, `{ path = "libs/x", develop = true }`, a list of such tables). `rewritten` gives
what means the same in a `[project] dependencies` array or a `[tool.poetry.dependencies]` table
of a project in another folder (a relative path is made relative to that folder), or raises
`Unwritable` naming what cannot be said there and what to add by hand.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from brickwork import workspace
from brickwork.workspace import PolyError

Table = Mapping[str, Any]
"""One constraint of a Poetry dependency entry, as a table (`"^1"` is `{version = "^1"}`)."""

_SOURCES = ("git", "url", "path", "file")
_GIT_KEYS = ("branch", "tag", "rev")
_PORTABLE = {"version", "extras", "markers", "optional", "subdirectory", *_SOURCES, *_GIT_KEYS}
"""Poetry keys a PEP 508 string can say too (`optional` is dropped: the library is required)."""


class Unwritable(PolyError):
    """A declaration the target file cannot hold with the same meaning."""


@dataclass(frozen=True)
class Declaration:
    """How one project file declares the distribution `name`: PEP 508 `strings`, or the
    `tables` of a Poetry entry (one per constraint). `enriched`: the `[tool.poetry.dependencies]`
    entry Poetry merges into a `[project]` string of the same name (source, develop...)."""

    name: str
    strings: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    enriched: Any = None


def _table(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _requirement_name(text: str) -> str | None:
    try:
        return canonicalize_name(Requirement(text).name)
    except InvalidRequirement:
        return None


def _poetry_entry(table: Any, name: str) -> Any:
    found = [v for k, v in _table(table).items() if canonicalize_name(str(k)) == name]
    return found[0] if found else None


def _as_tables(value: Any) -> tuple[Table, ...]:
    values = value if isinstance(value, list) else [value]
    return tuple(
        {"version": v} if isinstance(v, str) else dict(v)
        for v in values
        if isinstance(v, (str, dict))
    )


def declaration_of(data: Mapping[str, Any], dependency: workspace.Dependency) -> Declaration:
    """The declaration behind `dependency` (one Poetry reads) in the project file `data`:
    every string of its list, or its Poetry entry."""
    name = dependency.name
    project = _table(data.get("project"))
    poetry = _table(_table(data.get("tool")).get("poetry"))
    if dependency.source == "project":
        if dependency.group == "main" and dependency.extra is None:
            items = project.get("dependencies")
        elif dependency.group == "main":
            items = _table(project.get("optional-dependencies")).get(str(dependency.extra))
        else:
            items = _table(data.get("dependency-groups")).get(dependency.group)
        strings = tuple(s for s in _strings(items) if _requirement_name(s) == name)
        enriched = None
        if dependency.group == "main":
            enriched = _poetry_entry(poetry.get("dependencies"), name)
        return Declaration(name, strings=strings, enriched=enriched)
    if dependency.group == "main":
        value = _poetry_entry(poetry.get("dependencies"), name)
    else:
        group = _table(_table(poetry.get("group")).get(dependency.group))
        value = _poetry_entry(group.get("dependencies"), name)
        if value is None and dependency.group == "dev":
            value = _poetry_entry(poetry.get("dev-dependencies"), name)
    return Declaration(name, tables=_as_tables(value))


# -- moving a declaration to another folder ---------------------------------------------------


def _moved_path(path: str, origin: Path, target: Path) -> str:
    """`path` (relative to `origin`, or absolute) relative to `target`, in posix form."""
    if posixpath.isabs(path) or os.path.isabs(path):
        return path
    moved = os.path.relpath(os.path.normpath(origin / path), target).replace(os.sep, "/")
    return moved if moved.startswith(".") else f"./{moved}"


def _is_local(url: str) -> bool:
    """A PEP 508 URL Poetry reads as a path relative to the project (`./x`, `../x`, `x/y`)."""
    return "://" not in url and not url.startswith("file:")


def _split(text: str) -> tuple[str, str]:
    """(`name[extras] @ url`, `; markers` with its separator) of a PEP 508 string."""
    head, sep, markers = text.partition(";")
    return head, sep + markers


def _moved_table(table: Table, origin: Path, target: Path) -> dict[str, Any]:
    return {
        k: _moved_path(v, origin, target) if k in ("path", "file") and isinstance(v, str) else v
        for k, v in table.items()
    }


def moved(declaration: Declaration, origin: Path, target: Path) -> Declaration:
    """`declaration` (read in a file of the folder `origin`) as a file in `target` must say it:
    relative `path`/`file` keys and local PEP 508 paths point at the same place."""
    strings: list[str] = []
    for text in declaration.strings:
        url = Requirement(text).url
        if url and _is_local(url):
            head, tail = _split(text)
            at = head.rindex("@")
            new = _moved_path(url, origin, target)
            text = f"{head[: at + 1]} {new}{' ' if tail else ''}{tail}"
        strings.append(text)
    tables = [_moved_table(t, origin, target) for t in declaration.tables]
    enriched = declaration.enriched
    if isinstance(enriched, dict):
        enriched = _moved_table(enriched, origin, target)
    elif isinstance(enriched, list):
        enriched = [_moved_table(t, origin, target) if isinstance(t, dict) else t for t in enriched]
    return Declaration(declaration.name, tuple(strings), tuple(tables), enriched)


# -- PEP 508 strings <-> Poetry tables ---------------------------------------------------------

_HEAD = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*")


def _written_specifier(text: str) -> str:
    """The version specifier of a PEP 508 string (no URL) as written (`>=4.23,<5`)."""
    head = _split(text)[0]
    match = _HEAD.match(head)
    written = head[match.end() :].strip() if match else ""
    if written.startswith("(") and written.endswith(")"):
        written = written[1:-1].strip()
    return written


def _git_table(url: str) -> Table | None:
    """`{git, rev, subdirectory}` of a `git+` URL; None for another scheme."""
    if not url.startswith("git+"):
        return None
    parts = urlsplit(url[len("git+") :])
    path, rev = parts.path, ""
    if "@" in path:
        path, rev = path.rsplit("@", 1)
    table: dict[str, Any] = {"git": parts._replace(path=path, fragment="").geturl()}
    if rev:
        table["rev"] = rev
    fragment = dict(p.split("=", 1) for p in parts.fragment.split("&") if "=" in p)
    if "subdirectory" in fragment:
        table["subdirectory"] = fragment["subdirectory"]
    return table


def _source_table(url: str, name: str) -> Table:
    git = _git_table(url)
    if git is not None:
        return git
    if _is_local(url):
        return {"path": url}
    parts = urlsplit(url)
    if parts.scheme == "file":
        return {"path": unquote(parts.path)}
    if parts.scheme in ("http", "https"):
        table: dict[str, Any] = {"url": url}
        fragment = parts.fragment
        if fragment.startswith("subdirectory=") and "&" not in fragment:
            table = {"url": parts._replace(fragment="").geturl(), "subdirectory": fragment[13:]}
        return table
    raise Unwritable(f"{name} comes from {url}, a source Poetry's table cannot name")


def poetry_table(text: str) -> Table:
    """The Poetry table that means what the PEP 508 string `text` means."""
    parsed = Requirement(text)
    name = canonicalize_name(parsed.name)
    table: dict[str, Any] = {}
    if parsed.url:
        table.update(_source_table(parsed.url, name))
    elif parsed.specifier:
        table["version"] = _written_specifier(text)
    if parsed.extras:
        table["extras"] = sorted(parsed.extras)
    if parsed.marker:
        table["markers"] = str(parsed.marker)
    return table or {"version": "*"}


def _show(table: Table) -> str:
    inner = ", ".join(f"{k} = {_value(v)}" for k, v in table.items())
    return f"{{ {inner} }}"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _url_of(table: Table, name: str) -> str:
    if "git" in table:
        url = str(table["git"])
        if "://" not in url and ":" in url:  # scp-like `git@host:owner/repo.git`
            host, _, path = url.partition(":")
            url = f"ssh://{host}/{path}"
        refs = [str(table[k]) for k in _GIT_KEYS if k in table]
        url = "git+" + url + (f"@{refs[0]}" if refs else "")
    elif "url" in table:
        url = str(table["url"])
    else:
        url = str(table.get("path") or table.get("file"))
        url = Path(url).as_uri() if os.path.isabs(url) else url
    if "subdirectory" in table:
        url += f"#subdirectory={table['subdirectory']}"
    return url


def pep508_string(name: str, table: Table, pep440: Callable[[str], str]) -> str:
    """The PEP 508 string that means what the Poetry table `table` means; `Unwritable`
    naming the Poetry-only keys when there is none (`pep440` translates a version)."""
    only = [
        k
        for k, v in table.items()
        if k not in _PORTABLE and not (k in ("develop", "allow-prereleases") and v is False)
    ]
    sources = [k for k in _SOURCES if k in table]
    if len(sources) > 1 or ("subdirectory" in table and not sources):
        only.append("+".join(sources) or "subdirectory")
    if sources and str(table.get("version", "*")).strip() not in ("", "*"):
        only.append("version")
    if only:
        raise Unwritable(", ".join(only))
    extras = table.get("extras") or []
    head = name + (f"[{','.join(str(e) for e in extras)}]" if extras else "")
    markers = table.get("markers")
    if sources:
        text = f"{head} @ {_url_of(table, name)}" + (f" ; {markers}" if markers else "")
    else:
        text = head + pep440(str(table.get("version", ""))) + (f"; {markers}" if markers else "")
    try:
        Requirement(text)
    except InvalidRequirement as err:
        raise Unwritable(f"not a valid PEP 508 string: {err}") from err
    return text


@dataclass(frozen=True)
class Written:
    """What to write: PEP 508 `strings` for `[project] dependencies`, or the Poetry value;
    both when the `[project]` strings are completed by a `[tool.poetry.dependencies]` entry."""

    strings: tuple[str, ...] = ()
    poetry: Any = None


def _hint_for_project(name: str, tables: Sequence[Table], pep440: Callable[[str], str]) -> str:
    table = tables[0]
    kept = {k: v for k, v in table.items() if k in ("version", "extras", "markers")}
    rest = {k: v for k, v in table.items() if k not in kept and k != "optional"}
    if len(tables) != 1 or not rest:
        return f"declare {name} in [project] dependencies by hand"
    try:
        string = pep508_string(name, kept, pep440)
    except Unwritable:
        string = name
    return f'add "{string}" to [project] dependencies and {name} = {_show(rest)} to ' + (
        "[tool.poetry.dependencies] (Poetry merges the two)"
    )


def _merged(string: str, enrichment: Any) -> Table | None:
    """The one Poetry table that means what Poetry locks for the `[project]` string `string`
    completed by the `[tool.poetry.dependencies]` entry `enrichment`: the entry, with the
    string's extras, and its version and markers when only one of the two has them (Poetry
    intersects both); None when it is not that simple (a URL in the string, several
    constraints, a version or markers on both sides, a version next to the entry's source)."""
    if not isinstance(enrichment, (str, dict)):
        return None
    entry = _as_tables(enrichment)[0]
    base = poetry_table(string)
    if any(k in base for k in _SOURCES):
        return None
    merged = {k: v for k, v in entry.items() if k not in ("optional", "extras")}
    if "version" in base and any(k in merged for k in _SOURCES):
        return None  # Poetry ignores a version next to a source in its table
    for key in ("version", "markers"):
        if key in base and base[key] != "*":
            if str(merged.get(key, "*")) != "*":
                return None
            merged[key] = base[key]
    if "extras" in base:
        merged["extras"] = base["extras"]
    return merged


def _rewritten_enriched(declaration: Declaration, *, pep621: bool) -> Written:
    """A `[project]` declaration the development project completes in its Poetry table: the
    same strings and the same entry in a `[project]` file; the merged table in a Poetry one
    when there is one (`_merged`)."""
    name, enrichment = declaration.name, declaration.enriched
    if pep621:
        return Written(strings=declaration.strings, poetry=enrichment)
    merged = _merged(declaration.strings[0], enrichment) if len(declaration.strings) == 1 else None
    if merged is None:
        shown = " or ".join(_show(t) for t in _as_tables(enrichment))
        raise Unwritable(
            f"the development project declares it in [project] dependencies and completes it "
            f"in [tool.poetry.dependencies] with {shown}, which one Poetry table entry cannot "
            f"say; declare {name} by hand as Poetry locks it in the development project"
        )
    return Written(poetry=merged["version"] if set(merged) == {"version"} else merged)


def rewritten(declaration: Declaration, *, pep621: bool, pep440: Callable[[str], str]) -> Written:
    """`declaration` (already `moved`) as the target file writes it: PEP 508 strings when
    `pep621`, else the Poetry value (a string when it is only a version). `Unwritable` says
    which part cannot be written there and what to add by hand."""
    name = declaration.name
    if not declaration.strings and not declaration.tables:
        raise Unwritable(f"the development project's declaration of {name} is empty")
    if declaration.enriched is not None:
        return _rewritten_enriched(declaration, pep621=pep621)
    if pep621:
        if declaration.strings:
            return Written(strings=declaration.strings)
        try:
            strings = tuple(pep508_string(name, t, pep440) for t in declaration.tables)
        except Unwritable as err:
            shown = " or ".join(_show(t) for t in declaration.tables)
            raise Unwritable(
                f"the development project declares it as {shown}, and [project] dependencies "
                f"cannot say {err}; {_hint_for_project(name, declaration.tables, pep440)}"
            ) from None
        return Written(strings=strings)
    tables: list[Table] = []
    for text in declaration.strings:
        try:
            tables.append(poetry_table(text))
        except Unwritable as err:
            raise Unwritable(f"{err}; declare it by hand") from None
    for table in declaration.tables:
        tables.append({k: v for k, v in table.items() if k != "optional"})
    cleaned = [t if t else {"version": "*"} for t in tables]
    if len(cleaned) == 1:
        only = cleaned[0]
        return Written(poetry=only["version"] if set(only) == {"version"} else only)
    return Written(poetry=cleaned)
