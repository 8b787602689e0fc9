"""Import name -> distribution, deterministically, without importing or installing anything.

Evidence comes from these sources, in this order (docs/adr/0004, docs/adr/0015):

1. aliases       `[tool.polylith.libs.aliases]` and `--alias`
2. installed     RECORD / top_level.txt of the project's (or the workspace's) `.venv`, else of
                 its Poetry-managed virtualenv
3. name          a declared, locked or installed distribution whose canonical name is the
                 import's dotted prefix with dots as dashes (`google.cloud.storage` ->
                 google-cloud-storage, `typing_extensions` -> typing-extensions); when the
                 top-level name of a dotted prefix is a distribution too (`poetry.core`:
                 poetry-core and poetry), both are candidates, the dotted one first unless a
                 lock shows it requires the top-level one (flask-json extends flask)
4. wheel         the files of a declared or locked distribution's wheel in Poetry's artifact
                 cache (`grpcutil` -> authzed), the locked wheel first; read only when sources
                 1-3 say nothing and the table names no declared or locked distribution
5. table         the curated table of known mismatches (PIL -> pillow, yaml -> pyyaml...)

The longest dotted prefix of the import with any evidence wins; at that prefix every source's
distributions are candidates, in source order. Without any evidence, two rules look at the
declared (then locked) names only: a dotted import whose top-level name is a namespace belongs
to the one distribution named `<top>-*` (`ga4gh.core` -> ga4gh-vrs), and an import whose name,
without `_`, `-` and case, is part of exactly one name belongs to it (`serial_asyncio` ->
pyserial-asyncio). Neither rule names a distribution whose modules a source lists (installed
metadata, a cached wheel, the table, an alias): the same answer with or without a virtualenv.
Otherwise the distribution is unknown, and the import's own name stands in.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from brickwork.libs.installed import Environment
from brickwork.libs.known import KNOWN_DISTRIBUTIONS, NAMESPACE_ROOTS
from brickwork.libs.lock import LockFile
from brickwork.workspace import canonical_name as canonicalize_name


class Source(str, enum.Enum):
    ALIAS = "alias"
    INSTALLED = "installed"
    NAME = "name"
    WHEEL = "wheel"
    TABLE = "table"
    NAMESPACE = "namespace"
    PART = "part"
    GUESS = "guess"

    @property
    def description(self) -> str:
        """How a finding says which source decided."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Source.ALIAS: "[tool.polylith.libs.aliases]",
    Source.INSTALLED: "the metadata installed in the project's virtualenv",
    Source.NAME: "the distribution's name",
    Source.WHEEL: "the distribution's wheel in Poetry's cache",
    Source.TABLE: "Brickwork's table of import names",
    Source.NAMESPACE: "the only declared distribution of that namespace",
    Source.PART: "the only declared name that contains the import",
    Source.GUESS: "unknown distribution",
}

WheelProviders = Callable[[], Mapping[str, tuple[str, ...]]]
"""Computes (once, when first needed) dotted module -> distributions from cached wheels."""


def squashed(name: str) -> str:
    """A name without `_`, `-`, `.` and case: `serial_asyncio`, `PySerial-Asyncio` alike."""
    return "".join(c for c in name.lower() if c.isalnum())


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
        declared: Iterable[str] = (),
        wheels: WheelProviders | None = None,
        locks: Iterable[LockFile] = (),
    ) -> None:
        self.aliases = dict(aliases or {})
        self.environment = environment
        self.declared: frozenset[str] = frozenset(canonicalize_name(n) for n in declared)
        self.known: frozenset[str] = frozenset(canonicalize_name(n) for n in known)
        self.known |= self.declared
        self._named = self.known  # declared or locked: the same with or without a venv
        if environment is not None:
            self.known |= environment.names
        self.table = table
        self._wheels = wheels
        self._wheel_providers: Mapping[str, tuple[str, ...]] | None = None
        self._answers: dict[str, Resolution] = {}
        self._squashed: dict[str, str] = {}
        self._locks = tuple(locks)
        self._requires: dict[str, frozenset[str]] | None = None
        self._described: frozenset[str] | None = None
        self._cheap: frozenset[str] | None = None

    def requires(self, name: str) -> frozenset[str]:
        """The names `name` requires in any lock (read when first needed)."""
        if self._requires is None:
            found: dict[str, set[str]] = {}
            for lock in self._locks:
                for key, entries in lock.packages.items():
                    found.setdefault(key, set()).update(r.name for e in entries for r in e.requires)
            self._requires = {key: frozenset(names) for key, names in found.items()}
        return self._requires.get(name, frozenset())

    def _squash(self, name: str) -> str:
        found = self._squashed.get(name)
        if found is None:
            found = self._squashed[name] = squashed(name)
        return found

    def wheel_providers(self, prefix: str) -> tuple[str, ...]:
        if self._wheels is None:
            return ()
        if self._wheel_providers is None:
            self._wheel_providers = self._wheels()
        return self._wheel_providers.get(prefix, ())

    def describes(self, distribution: str) -> bool:
        """Whether any source says which modules `distribution` provides (so that "none of
        them is imported" is a fact, not a guess): an alias, installed metadata, the table
        or a cached wheel (opened only when nothing cheaper answers)."""
        cheap = self._cheaply_described()
        if distribution in cheap:
            return True
        if self._described is None:
            self.wheel_providers("")
            wheels = {d for names in (self._wheel_providers or {}).values() for d in names}
            self._described = cheap | wheels
        return distribution in self._described

    def _cheaply_described(self) -> frozenset[str]:
        if self._cheap is None:
            names = {d for found in self.aliases.values() for d in found}
            names.update(d for found in self.table.values() for d in found)
            if self.environment is not None:
                names |= self.environment.names
            self._cheap = frozenset(names)
        return self._cheap

    def possible_providers(self, names: Iterable[str]) -> tuple[str, ...]:
        """Those of `names` that may provide an import nothing maps: no source lists their
        modules (sorted)."""
        return tuple(sorted(n for n in set(names) if not self.describes(n)))

    def _evidence(self, prefix: str) -> list[tuple[str, Source]]:
        found: list[tuple[str, Source]] = []
        found.extend((d, Source.ALIAS) for d in self.aliases.get(prefix, ()))
        if self.environment is not None:
            providers = self.environment.providers.get(prefix, ())
            found.extend((d, Source.INSTALLED) for d in providers)
        found.extend((d, Source.NAME) for d in self._by_name(prefix))
        table = self.table.get(prefix, ())
        # Wheels are opened only when nothing better answers: a table entry that names a
        # declared or locked distribution agrees with what Poetry has; any other may not.
        if not found and not any(d in self.known for d in table):
            found.extend((d, Source.WHEEL) for d in self.wheel_providers(prefix))
        found.extend((d, Source.TABLE) for d in table)
        return found

    def _by_name(self, prefix: str) -> tuple[str, ...]:
        """The known distributions named like `prefix` (docs/adr/0004, 0015). A dotted prefix
        whose top-level name is a distribution too (`poetry.core`: poetry-core, poetry) names
        both: the namespace part first (poetry-core), unless a lock shows the dotted one
        requires the top-level one, an extension (`flask.json`: flask, then flask-json). A
        project uses the one it declares (`choose`)."""
        name = dashed(prefix)
        if name not in self.known:
            return ()
        top, dot, _rest = prefix.partition(".")
        host = dashed(top)
        if not dot or host not in self.known or top in NAMESPACE_ROOTS:
            return (name,)
        return (host, name) if host in self.requires(name) else (name, host)

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
        return self._by_declared_names(name) or Resolution(
            name, parts[0], (guess(name),), Source.GUESS
        )

    def _by_declared_names(self, name: str) -> Resolution | None:
        """The namespace and part rules (module docstring), declared names before locked.
        Every declared (or locked) name counts, so two candidates mean no answer, but one whose
        modules a source lists is no answer: it would have matched already, and whether a
        virtualenv is there must not change the answer (with one, beautifulsoup4's files show
        it has no `BeautifulSoup`; without, the table knows it as bs4's)."""
        parts = name.split(".")
        top = parts[0]
        if any(r == top or r.startswith(top + ".") for r in NAMESPACE_ROOTS):
            return None  # `google.*`: many distributions share it, none claims it all
        if len(parts) > 1:
            owners = [d for d in self.declared if d.startswith(dashed(top) + "-")]
            if len(owners) == 1 and not self.describes(owners[0]):
                return Resolution(name, ".".join(parts[:2]), (owners[0],), Source.NAMESPACE)
        needle = squashed(top)
        if len(needle) < 4:
            return None
        for pool in (self.declared, self._named):
            owners = [d for d in pool if needle in self._squash(d)]
            if len(owners) == 1 and not self.describes(owners[0]):
                return Resolution(name, top, (owners[0],), Source.PART)
        return None


def resembles(import_name: str, distribution: str) -> bool:
    """Whether a distribution's name shares a run of 4 letters or digits (or all of a shorter
    name) with an import's top-level name: the twin of an import no evidence maps."""
    a, b = squashed(import_name.split(".", 1)[0]), squashed(distribution)
    size = min(4, len(a), len(b))
    return size > 0 and any(a[i : i + size] in b for i in range(len(a) - size + 1))


def choose(resolution: Resolution, *preferred: Iterable[str]) -> str:
    """The candidate a project uses: the first found in `preferred` sets, tried in order
    (e.g. declared, then present transitively), else the best candidate."""
    for names in preferred:
        pool = names if isinstance(names, (set, frozenset)) else set(names)
        for candidate in resolution.distributions:
            if candidate in pool:
                return candidate
    return resolution.distributions[0]
