"""`--with-top-namespace NS`: ship `acme.x` as `NS.acme.x`, imports and references rewritten.

The rewrite works on tokens, not on a syntax tree: only the tokens that name a package change,
so comments, formatting and line numbers stay as written (tracebacks still point at the right
line). What changes, for a top-level package `acme` of the wheel:

    import acme                 ->  import NS.acme as acme
    import acme.x               ->  import NS.acme.x, NS.acme as acme   (`acme` stays bound)
    import acme.x as y          ->  import NS.acme.x as y
    from acme import x          ->  from NS.acme import x
    from acme.x import y        ->  from NS.acme.x import y
    "acme.x.y", 'acme.x:f'      ->  "NS.acme.x.y", 'NS.acme.x:f'   (dotted module paths only)

Relative imports, f-strings, bytes and a bare `"acme"` string are left alone. Entry points and
scripts (`acme.x.core:main`) are rewritten the same way.
"""

from __future__ import annotations

import io
import re
import shutil
import tokenize
from collections.abc import Collection, Iterator
from typing import Any

from brickwork.build.files import replace_text
from brickwork.build.model import Stage
from brickwork.workspace import PolyFailure, is_valid_namespace

Edit = tuple[int, int, int, str]
"""(row, start column, end column, replacement) in the source's lines."""

_STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def _module_path(tops: Collection[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(t) for t in sorted(tops))
    return re.compile(rf"^(?:{names})(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?$")


def _significant(text: str) -> Iterator[tokenize.TokenInfo]:
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING}
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type not in skipped:
            yield token


def _string_edit(token: tokenize.TokenInfo, pattern: re.Pattern[str], ns: str) -> Edit | None:
    text = token.string
    quote_at = min((i for i in (text.find('"'), text.find("'")) if i >= 0), default=-1)
    prefix = text[:quote_at].lower()
    if quote_at < 0 or "f" in prefix or "b" in prefix:
        return None
    quote = text[quote_at] * 3 if text[quote_at:].startswith(text[quote_at] * 3) else text[quote_at]
    content = text[quote_at + len(quote) : len(text) - len(quote)]
    if not pattern.match(content):
        return None
    row, col = token.start
    at = col + quote_at + len(quote)
    return (row, at, at, f"{ns}.")


def _import_edits(tokens: list[tokenize.TokenInfo], tops: Collection[str], ns: str) -> list[Edit]:
    """Edits for the items of one `import a.b as c, d` statement (tokens after `import`)."""
    edits: list[Edit] = []
    items: list[list[tokenize.TokenInfo]] = [[]]
    for token in tokens:
        if token.type == tokenize.OP and token.string == ",":
            items.append([])
        else:
            items[-1].append(token)
    for item in items:
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


def source_edits(text: str, tops: Collection[str], ns: str) -> list[Edit]:
    """Every edit the rewrite makes to one module's text."""
    pattern = _module_path(tops)
    tokens = list(_significant(text))
    edits: list[Edit] = []
    at_start = True
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == tokenize.STRING:
            edit = _string_edit(token, pattern, ns)
            if edit is not None:
                edits.append(edit)
        if at_start and token.type == tokenize.NAME and token.string in ("import", "from"):
            end = index + 1
            while end < len(tokens) and not (
                tokens[end].type in (tokenize.NEWLINE, tokenize.ENDMARKER)
                or (tokens[end].type == tokenize.OP and tokens[end].string == ";")
            ):
                end += 1
            body = tokens[index + 1 : end]
            if token.string == "import":
                edits += _import_edits(body, tops, ns)
            elif body and body[0].type == tokenize.NAME and body[0].string in tops:
                row, col = body[0].start
                edits.append((row, col, body[0].end[1], f"{ns}.{body[0].string}"))
            index = end
            continue
        at_start = token.type in _STATEMENT_START or (
            token.type == tokenize.OP and token.string in (";", ":")
        )
        index += 1
    return edits


def rewrite_source(text: str, tops: Collection[str], ns: str) -> str:
    """`text` with the top-namespace rewrite applied; everything else byte-identical."""
    edits = source_edits(text, tops, ns)
    if not edits:
        return text
    lines = text.splitlines(keepends=True)
    for row, start, end, replacement in sorted(edits, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + replacement + line[end:]
    return "".join(lines)


def rewrite_target(value: str, tops: Collection[str], ns: str) -> str:
    """An entry point or script target (`acme.x.core:main`, `acme.x`) under `ns`."""
    module = value.strip().split(":", 1)[0]
    if module.split(".", 1)[0] in tops:
        return f"{ns}.{value.strip()}"
    return value


def _rewrite_entry_points(doc: Any, tops: Collection[str], ns: str) -> None:
    meta = doc.get("project", {})
    poetry = doc.get("tool", {}).get("poetry", {})
    groups = [meta.get("scripts"), meta.get("gui-scripts"), poetry.get("scripts")]
    groups += list(meta.get("entry-points", {}).values())
    groups += list(poetry.get("plugins", {}).values())
    for group in groups:
        if not isinstance(group, dict):
            continue
        for name, value in list(group.items()):
            if isinstance(value, str):
                group[name] = rewrite_target(value, tops, ns)
            elif isinstance(value, dict) and isinstance(value.get("reference"), str):
                value["reference"] = rewrite_target(str(value["reference"]), tops, ns)


def _move_packages(stage: Stage, doc: Any, tops: Collection[str], ns: str) -> None:
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
    for entry in packages:
        include = str(entry.get("include", ""))
        base = stage.root / str(entry.get("from", ""))
        for source in sorted(base.glob(include)):
            target = base / ns_path / source.relative_to(base)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(target))
        entry["include"] = f"{ns_path}/{include}"


def rewrite_stage(stage: Stage, ns: str) -> Stage:
    """Move the stage's packages under `ns` and rewrite its modules and entry points."""
    import tomlkit

    if not is_valid_namespace(ns):
        raise PolyFailure(f"--with-top-namespace {ns!r} is not a dotted Python package name.")
    file = stage.root / "pyproject.toml"
    doc = tomlkit.parse(file.read_text(encoding="utf-8"))
    tops = set(stage.packages) or {_own_package(doc)}
    _move_packages(stage, doc, tops, ns)
    _rewrite_entry_points(doc, tops, ns)
    replace_text(file, tomlkit.dumps(doc))
    for path in sorted(stage.root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        try:
            new = rewrite_source(text, tops, ns)
        except (tokenize.TokenError, SyntaxError) as err:
            where = path.relative_to(stage.root).as_posix()
            raise PolyFailure(f"cannot rewrite {where} for --with-top-namespace: {err}") from err
        if new != text:
            replace_text(path, new)
    files = sorted(
        p.relative_to(stage.root).as_posix() for p in stage.root.rglob("*") if p.is_file()
    )
    return Stage(stage.root, tuple(files), (ns.split(".")[0],), stage.notes)


def _own_package(doc: Any) -> str:
    name = doc.get("project", {}).get("name") or doc.get("tool", {}).get("poetry", {}).get("name")
    return re.sub(r"[-.]+", "_", str(name or "")).lower()
