"""`--with-top-namespace NS`: ship `acme.x` as `NS.acme.x`, imports and references rewritten.

The rewrite works on tokens, not on a syntax tree: only the tokens that name a package change,
so comments, formatting and line numbers stay as written (tracebacks still point at the right
line). What changes, for a top-level package `acme` of the wheel:

    import acme                 ->  import NS.acme as acme
    import acme.x               ->  import NS.acme.x, NS.acme as acme   (`acme` stays bound)
    import acme.x as y          ->  import NS.acme.x as y
    from acme import x          ->  from NS.acme import x
    from acme.x import y        ->  from NS.acme.x import y
    "acme.x.y", 'acme.x:f'      ->  "NS.acme.x.y", 'NS.acme.x:f'

A string is rewritten only when it names something the artifact holds (see `build/names.py`):
`"acme.com"` stays. Relative imports, f-strings, bytes and a bare `"acme"` are left alone.
Entry points and scripts (`acme.x.core:main`) are rewritten by the same rule. Every rewritten
module is proved equivalent to its original before it is written (`build/content.py`).
"""

from __future__ import annotations

import re
import shutil
import stat
import tokenize
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from brickwork.packaging.content import check_rewrite
from brickwork.packaging.files import replace_text
from brickwork.packaging.model import Stage
from brickwork.packaging.names import ArtifactNames, naming_strings, scan_names
from brickwork.packaging.patterns import literal
from brickwork.packaging.pysource import (
    decode,
    import_items,
    import_statements,
    mentions,
    significant_tokens,
    splice,
)
from brickwork.workspace import PolyFailure, is_valid_namespace

Edit = tuple[int, int, int, str]
"""(row, start column, end column, replacement) in the source's lines."""


def _import_edits(tokens: list[tokenize.TokenInfo], tops: Collection[str], ns: str) -> list[Edit]:
    """Edits for the items of one `import a.b as c, d` statement (tokens after `import`)."""
    edits: list[Edit] = []
    for item in import_items(tokens):
        names = [t for t in item if t.type == tokenize.NAME]
        if not names or names[0].string not in tops:
            continue
        first = names[0]
        aliased = any(t.string == "as" for t in names[1:])
        dotted = any(t.type == tokenize.OP and t.string == "." for t in item)
        row, col = first.start
        if aliased:
            edits.append((row, col, first.end[1], f"{ns}.{first.string}"))
        elif not dotted:
            edits.append((row, col, first.end[1], f"{ns}.{first.string} as {first.string}"))
        else:
            edits.append((row, col, first.end[1], f"{ns}.{first.string}"))
            end_row, end_col = item[-1].end
            edits.append((end_row, end_col, end_col, f", {ns}.{first.string} as {first.string}"))
    return edits


def source_edits(text: str, names: ArtifactNames, ns: str) -> list[Edit]:
    """Every edit the rewrite makes to one module's text (no BOM)."""
    tokens = significant_tokens(text)
    edits: list[Edit] = [
        (token.start[0], token.start[1] + span[0], token.start[1] + span[0], f"{ns}.")
        for token, span in naming_strings(tokens, names)
    ]
    for keyword, body in import_statements(tokens):
        if keyword == "import":
            edits += _import_edits(body, names.tops, ns)
        elif body and body[0].type == tokenize.NAME and body[0].string in names.tops:
            row, col = body[0].start
            edits.append((row, col, body[0].end[1], f"{ns}.{body[0].string}"))
    return edits


def rewrite_source(text: str, names: ArtifactNames, ns: str) -> str:
    """`text` with the top-namespace rewrite applied; everything else byte-identical."""
    return splice(text, source_edits(text, names, ns))


def rewrite_target(value: str, names: ArtifactNames, ns: str) -> str:
    """An entry point or script target (`acme.x.core:main`, `acme.x`) under `ns` when its
    module is one of the artifact's."""
    module = value.strip().split(":", 1)[0].strip()
    if module in names.modules and module.split(".", 1)[0] in names.tops:
        return f"{ns}.{value.strip()}"
    return value


def entry_point_groups(doc: Any) -> list[dict[str, Any]]:
    meta = doc.get("project", {})
    poetry = doc.get("tool", {}).get("poetry", {})
    groups = [meta.get("scripts"), meta.get("gui-scripts"), poetry.get("scripts")]
    groups += list(meta.get("entry-points", {}).values())
    groups += list(poetry.get("plugins", {}).values())
    return [g for g in groups if isinstance(g, dict)]


def _module_reference(script: Any) -> str | None:
    """A script table's module target (`{reference = "acme.x:main"}`); None for a file."""
    reference = script.get("reference")
    kind = str(script.get("type", "console"))
    return str(reference) if isinstance(reference, str) and kind != "file" else None


def _targets(doc: Any) -> list[str]:
    found = []
    for group in entry_point_groups(doc):
        for value in group.values():
            target = _module_reference(value) if isinstance(value, dict) else value
            if isinstance(target, str):
                found.append(target.strip())
    return found


def _rewrite_entry_points(doc: Any, names: ArtifactNames, ns: str) -> None:
    for group in entry_point_groups(doc):
        for name, value in list(group.items()):
            if isinstance(value, str):
                group[name] = rewrite_target(value, names, ns)
            elif isinstance(value, dict) and _module_reference(value) is not None:
                value["reference"] = rewrite_target(str(value["reference"]), names, ns)


def _move_packages(stage: Stage, doc: Any, tops: Collection[str], ns: str) -> list[Path]:
    """Move the packages under `ns` in the stage; return the folders now holding `ns/`."""
    import tomlkit

    ns_path = ns.replace(".", "/")
    poetry = doc.setdefault("tool", {}).setdefault("poetry", {})
    packages = poetry.get("packages")
    if not packages:
        packages = tomlkit.array()
        for top in sorted(tops):
            origin = "src" if (stage.root / "src" / top).exists() else ""
            entry = tomlkit.inline_table()
            entry.update({"include": top, **({"from": origin} if origin else {})})
            packages.append(entry)
        poetry["packages"] = packages
    roots: list[Path] = []
    moves: list[tuple[str, str]] = []
    for entry in packages:
        include = str(entry.get("include", ""))
        base = stage.root / str(entry.get("from", ""))
        for source in sorted(base.glob(include)):
            target = base / ns_path / source.relative_to(base)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(target))
            moves.append((_staged(stage, source), _staged(stage, target)))
        entry["include"] = f"{ns_path}/{include}"
        if base / ns_path not in roots:
            roots.append(base / ns_path)
    _move_entries(poetry, moves)
    return roots


def _staged(stage: Stage, path: Path) -> str:
    return path.relative_to(stage.root).as_posix()


def moved_pattern(pattern: str, moves: Collection[tuple[str, str]]) -> str:
    """An `include`/`exclude` path of the staged project file after packages moved (`moves`:
    old -> new staged path): a path at or under a moved package names the same files at their
    new place (`components/acme/x/a.txt` -> `components/shop/acme/x/a.txt`), as written or
    as a literal (`[*]`); any other path is kept."""
    for old, new in moves:
        for before, after in ((old, new), (literal(old), literal(new))):
            if pattern == before or pattern.startswith(before + "/"):
                return after + pattern[len(before) :]
    return pattern


def _move_entries(poetry: Any, moves: Collection[tuple[str, str]]) -> None:
    """Move the staged project file's `include` and `exclude` entries with the packages: the
    single-file entries that ship an excluded file in some formats only (ADR 0020) must still
    name it, or poetry-core would ship it in every format."""
    if not moves:
        return
    for key in ("include", "exclude"):
        entries = poetry.get(key)
        if not isinstance(entries, list):
            continue
        for index, item in enumerate(list(entries)):
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                item["path"] = moved_pattern(str(item["path"]), moves)
            elif isinstance(item, str):
                entries[index] = moved_pattern(str(item), moves)


def rewrite_module(
    data: bytes,
    fail: str,
    rewrite: Callable[[str], str],
    check: Callable[[str, str], str | None],
    inserted: str,
) -> bytes | None:
    """The bytes of a module rewritten by `rewrite` (text in, text out), in its own encoding,
    BOM and line endings, after `check(original, rewritten)` proved it (None: equivalent);
    None when nothing changes. A module that cannot be rewritten safely is a `PolyFailure`
    starting with `fail` (`cannot rewrite x.py for ...`); `inserted` names what the rewrite
    writes, for a module whose encoding cannot hold it."""
    try:
        text, encoding = decode(data)
    except (SyntaxError, UnicodeDecodeError) as err:
        if isinstance(err, SyntaxError):
            reason = err.msg.split(" for ")[0]
        else:
            reason = f"byte {err.start + 1} is not {err.encoding}"
        raise PolyFailure(f"{fail}: it is not Python source text ({reason}).") from err
    try:
        new = rewrite(text)
    except (tokenize.TokenError, SyntaxError) as err:
        message = err.args[0] if err.args else str(err)
        raise PolyFailure(f"{fail}: it cannot be tokenized ({message}).") from err
    if new == text:
        return None
    problem = check(text, new)
    if problem is not None:
        raise PolyFailure(f"{fail} safely: {problem}.")
    try:
        return new.encode(encoding)
    except UnicodeEncodeError as err:
        raise PolyFailure(f"{fail}: {inserted} cannot be written in its {encoding}.") from err


def rewrite_file(path: Path, where: str, names: ArtifactNames, ns: str) -> bool:
    """Rewrite one staged module in place, in its own encoding, BOM and line endings; proved
    equivalent first. A module that cannot be rewritten safely is a `PolyFailure` naming
    `where`. Returns whether the file changed."""
    data = path.read_bytes()
    if not mentions(data, names.tops):
        return False  # nothing to rename: ships byte for byte
    out = rewrite_module(
        data,
        f"cannot rewrite {where} for --with-top-namespace",
        lambda text: rewrite_source(text, names, ns),
        lambda text, new: check_rewrite(text, new, names, ns),
        repr(ns),
    )
    if out is None:
        return False
    mode = path.stat().st_mode
    path.unlink()  # a new file: never write through a hard link to the source tree
    path.write_bytes(out)
    path.chmod(stat.S_IMODE(mode))  # an executable module stays executable
    return True


def rewrite_stage(stage: Stage, ns: str) -> Stage:
    """Move the stage's packages under `ns` and rewrite its modules and entry points."""
    import tomlkit

    if not is_valid_namespace(ns):
        raise PolyFailure(f"--with-top-namespace {ns!r} is not a dotted Python package name.")
    file = stage.root / "pyproject.toml"
    doc = tomlkit.parse(file.read_text(encoding="utf-8"))
    tops = {t.removesuffix(".py") for t in stage.packages} or {_own_package(doc)}
    roots = _move_packages(stage, doc, tops, ns)
    names = scan_names(roots, tops, _targets(doc))
    _rewrite_entry_points(doc, names, ns)
    replace_text(file, tomlkit.dumps(doc))
    modules = [p for p in stage.root.rglob("*") if p.suffix in (".py", ".pyi") and p.is_file()]
    for path in sorted(modules):
        rewrite_file(path, _written_at(stage, roots, ns, path), names, ns)
    files = sorted(
        p.relative_to(stage.root).as_posix() for p in stage.root.rglob("*") if p.is_file()
    )
    return Stage(stage.root, tuple(files), (ns.split(".")[0],), stage.notes)


def _written_at(stage: Stage, roots: list[Path], ns: str, path: Path) -> str:
    """Where a module was staged before the move under `ns` (`components/acme/x/core.py`,
    as in the workspace), to name it in a message."""
    depth = len(ns.split("."))
    root = next((r for r in roots if path.is_relative_to(r)), None)
    before = path if root is None else root.parents[depth - 1] / path.relative_to(root)
    return before.relative_to(stage.root).as_posix()


def _own_package(doc: Any) -> str:
    name = doc.get("project", {}).get("name") or doc.get("tool", {}).get("poetry", {}).get("name")
    return re.sub(r"[-.]+", "_", str(name or "")).lower()
