"""`--select` / `--ignore`: narrow one run to some finding codes, by code or prefix (`BW2`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from brickwork.workspace import CODES, Finding, PolyError


@dataclass(frozen=True)
class CodeSelection:
    """The codes one run reports: `select` (empty: all) minus `ignore`, each a code or prefix.

    When a code matches both, the longer (more specific) prefix decides; on a tie it is
    ignored (`--select BW2 --ignore BW203` reports BW201, BW202 and BW204)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def keeps(self, code: str) -> bool:
        selected = _longest(code, self.select) if self.select else 0
        ignored = _longest(code, self.ignore)
        return selected > ignored

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if self.keeps(f.code)]


def _longest(code: str, prefixes: Sequence[str]) -> int:
    """The length of the longest of `prefixes` that `code` starts with; -1 when none does."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def parse_codes(option: str, values: Iterable[str]) -> tuple[str, ...]:
    """`BW1,BW203` -> ("BW1", "BW203"); a value that starts no known code is a `PolyError`."""
    codes: list[str] = []
    for value in values:
        for item in (v.strip().upper() for v in value.split(",")):
            if not item:
                continue
            if not any(code.startswith(item) for code in CODES):
                raise PolyError(
                    f"--{option} {item!r} is not a finding code or the start of one "
                    f"(known: {', '.join(CODES)}); write e.g. --{option} BW2,BW108."
                )
            codes.append(item)
    return tuple(dict.fromkeys(codes))
