"""Import name -> distribution, deterministically, without importing or installing anything.

Evidence comes from four sources, in this order (docs/adr/0004):

1. aliases       `[tool.polylith.libs.aliases]` and `--alias`
2. installed     RECORD / top_level.txt of the project's (or the workspace's) `.venv`
3. name          a declared, locked or installed distribution whose canonical name is the
                 import's dotted prefix with dots as dashes (`google.cloud.storage` ->
                 google-cloud-storage, `typing_extensions` -> typing-extensions); a dotted
                 prefix counts only when its top-level name is not a distribution itself
4. table         the curated table of known mismatches (PIL -> pillow, yaml -> pyyaml...)

The longest dotted prefix of the import with any evidence wins; at that prefix every source's
distributions are candidates, in source order. Without any evidence the import's own name is
the guess. There is no fuzzy matching.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from brickwork.libs.installed import Environment
from brickwork.libs.known import KNOWN_DISTRIBUTIONS, NAMESPACE_ROOTS
from brickwork.workspace import canonical_name as canonicalize_name


class Source(str, enum.Enum):
    ALIAS = "alias"
    INSTALLED = "installed"
    NAME = "name"
    TABLE = "table"
    GUESS = "guess"


@dataclass(frozen=True)
class Resolution:
    """The distributions that may provide one imported name."""

    name: str
    """The dotted name looked up (`google.cloud.storage`, `PIL.Image`)."""
    prefix: str
    """The dotted prefix that matched (`google.cloud.storage`, `PIL`)."""
    distributions: tuple[str, ...]
    """Canonical names, the best first; never empty."""
    source: Source
    """Where the first candidate came from."""

    @property
    def guessed(self) -> bool:
        return self.source is Source.GUESS


def dashed(prefix: str) -> str:
    """The distribution name a dotted import prefix stands for (`a.b_c` -> `a-b-c`)."""
    return str(canonicalize_name(prefix.replace(".", "-")))


def guess(name: str) -> str:
    """The distribution an import with no evidence probably comes from."""
    parts = name.split(".")
    for root in NAMESPACE_ROOTS:
        depth = root.count(".") + 1
        if ".".join(parts[:depth]) == root and len(parts) > depth:
            return dashed(".".join(parts[: depth + 1]))
    return dashed(parts[0].strip("_") or parts[0])


class Resolver:
    """Resolves imported names against one set of evidence; remembers its answers."""

    def __init__(
        self,
        *,
        aliases: Mapping[str, tuple[str, ...]] | None = None,
        environment: Environment | None = None,
        known: Iterable[str] = (),
        table: Mapping[str, tuple[str, ...]] = KNOWN_DISTRIBUTIONS,
    ) -> None:
        self.aliases = dict(aliases or {})
        self.environment = environment
        self.known: frozenset[str] = frozenset(canonicalize_name(n) for n in known)
        if environment is not None:
            self.known |= environment.names
        self.table = table
        self._answers: dict[str, Resolution] = {}

    def _evidence(self, prefix: str) -> list[tuple[str, Source]]:
        found: list[tuple[str, Source]] = []
        found.extend((d, Source.ALIAS) for d in self.aliases.get(prefix, ()))
        if self.environment is not None:
            providers = self.environment.providers.get(prefix, ())
            found.extend((d, Source.INSTALLED) for d in providers)
        name = dashed(prefix)
        top, dot, _rest = prefix.partition(".")
        # Dotted prefixes stand for distributions only below namespace packages: when the
        # top-level name is itself a distribution, `flask.json` is flask, not flask-json.
        if name in self.known and not (dot and dashed(top) in self.known):
            found.append((name, Source.NAME))
        found.extend((d, Source.TABLE) for d in self.table.get(prefix, ()))
        return found

    def resolve(self, name: str) -> Resolution:
        """The distributions that provide the dotted import `name`."""
        answer = self._answers.get(name)
        if answer is None:
            answer = self._resolve(name)
            self._answers[name] = answer
        return answer

    def import_name(self, resolution: Resolution, distribution: str) -> str:
        """The shortest prefix of the resolved name that already maps to `distribution`: the
        name to show (`cleo.io.inputs.option` -> `cleo`, `google.cloud.storage.blob` ->
        `google.cloud.storage`)."""
        if resolution.guessed:
            return resolution.prefix
        parts = resolution.name.split(".")
        for depth in range(1, len(parts) + 1):
            prefix = ".".join(parts[:depth])
            found = self.resolve(prefix)
            if not found.guessed and distribution in found.distributions:
                return prefix
        return resolution.prefix

    def _resolve(self, name: str) -> Resolution:
        parts = name.split(".")
        for depth in range(len(parts), 0, -1):
            prefix = ".".join(parts[:depth])
            evidence = self._evidence(prefix)
            if evidence:
                names = tuple(dict.fromkeys(d for d, _ in evidence))
                return Resolution(name, prefix, names, evidence[0][1])
        return Resolution(name, parts[0], (guess(name),), Source.GUESS)


def choose(resolution: Resolution, *preferred: Iterable[str]) -> str:
    """The candidate a project uses: the first found in `preferred` sets, tried in order
    (e.g. declared, then present transitively), else the best candidate."""
    for names in preferred:
        pool = set(names)
        for candidate in resolution.distributions:
            if candidate in pool:
                return candidate
    return resolution.distributions[0]
