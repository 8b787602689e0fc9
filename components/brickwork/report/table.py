"""Plain text tables, aligned on the visible width of each cell."""

from __future__ import annotations

import re
from collections.abc import Sequence

#: A cleo style tag; an escaped `\<` (user text) opens none.
_TAG = re.compile(r"(?<!\\)</?[a-z0-9_=;,-]*>")


def visible_width(cell: str) -> int:
    """Width of `cell` as shown, ignoring cleo style tags such as `<info>`."""
    if "<" not in cell:
        return len(cell)
    return len(_TAG.sub("", cell).replace("\\<", "<"))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], gap: int = 2) -> list[str]:
    """Lines of a left-aligned table; cells may carry cleo style tags."""
    columns = max([len(headers), *(len(row) for row in rows)], default=0)
    widths = [0] * columns
    for row in [headers, *rows]:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], visible_width(cell))
    spacer = " " * gap

    def line(cells: Sequence[str]) -> str:
        padded = [cell + " " * (widths[i] - visible_width(cell)) for i, cell in enumerate(cells)]
        return spacer.join(padded).rstrip()

    out = [line(headers)] if headers else []
    out.extend(line(row) for row in rows)
    return out


def vertical_headers(names: Sequence[str]) -> list[list[str]]:
    """Header rows that spell each name downwards, one character per cell (wide matrices)."""
    height = max((len(n) for n in names), default=0)
    return [[n[i] if i < len(n) else "" for n in names] for i in range(height)]
