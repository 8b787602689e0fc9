"""`deps --why X`: the import chains by which projects need a brick or a library, as text
and as the JSON envelope (schema `schemas/deps.json`, its `why` result)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork.report.findings import plural, relative
from brickwork.report.formats import document

if TYPE_CHECKING:
    from brickwork.check import ProjectWhy, WhyTarget
    from brickwork.graph import WhyChain, WhyHop
    from brickwork.imports import ImportSite

CHAINS_SHOWN = 10
"""Chains shown per project in text without `--all` (JSON lists every one found)."""


def _mark(site: ImportSite) -> str:
    """` [optional]`, ` [guarded, lazy]`...: how a site that is not a plain module-level
    import runs (ADR 0023)."""
    context = site.context
    words = [context.kind] if context.kind != "required" else []
    words += ["lazy"] if context.lazy else []
    return f" [{', '.join(words)}]" if words else ""


def _site(site: ImportSite, root: Path) -> str:
    return f"{relative(site.path, root)}:{site.line} imports {site.module}{_mark(site)}"


def _start(chain: WhyChain, kinds: Mapping[str, str]) -> str:
    root = chain.root
    if root.origin == "package":
        return f"package {root.package}"
    kind = kinds.get(root.brick, "brick")
    if root.origin == "base":
        return f"base {root.brick}"
    label = {"allow": "allowed", "listed": "listed", "unneeded": "listed, unneeded"}
    return f"{kind} {root.brick} ({label.get(root.origin, root.origin)})"


def _hop(hop: WhyHop, kinds: Mapping[str, str], root: Path) -> str:
    text = f"{kinds.get(hop.brick, 'brick')} {hop.brick}"
    return text if hop.site is None else f"{text} ({_site(hop.site, root)})"


def chain_line(chain: WhyChain, target: WhyTarget, kinds: Mapping[str, str], root: Path) -> str:
    """One chain: `base api -> component orders (bases/acme/api/core.py:3 imports acme.orders)
    -> sqlalchemy (components/acme/orders/repo.py:1 imports sqlalchemy)`."""
    parts = [_start(chain, kinds)]
    hops = chain.hops
    if chain.root.origin != "package" and hops:
        hops = hops[1:]  # the first brick is the start itself
    parts += [_hop(h, kinds, root) for h in hops]
    if chain.end is not None:
        parts.append(f"{target.name} ({_site(chain.end, root)})")
    return " -> ".join(parts)


def _what(target: WhyTarget) -> str:
    return (
        f"{target.brick_kind or 'brick'} {target.name}"
        if target.kind == "brick"
        else (f"library {target.name}")
    )


def why_lines(
    answers: Sequence[ProjectWhy],
    target: WhyTarget,
    kinds: Mapping[str, str],
    root: Path,
    *,
    every: bool = False,
) -> list[str]:
    """Per project, why it needs `target` (its chains), or that it does not."""
    what = _what(target)
    lines: list[str] = []
    not_needed: list[str] = []
    for answer in answers:
        name = answer.project.name
        block: list[str] = []
        needed, unneeded = answer.needed, answer.unneeded
        if answer.provider is not None:
            through = " -> ".join(answer.provider.through)
            block.append(
                f"{name} gets {what} with its dependency {through} (project "
                f"{answer.provider.project.name}): that wheel ships it, not {name}'s"
            )
        if needed:
            block.append(f"{name} needs {what} ({plural(len(needed), 'chain')}):")
            block += _chains(needed, target, kinds, root, every)
            if answer.missing:
                block.append(f"  {name} does not include it (BW101: `poetry poly sync` adds it)")
        elif unneeded and all(c.root.brick == target.name for c in unneeded):
            block.append(
                f"{name} lists {what} but does not need it: nothing it needs imports it "
                "(BW108: `poetry poly sync --prune` removes it)"
            )
            unneeded = ()
        elif unneeded:
            block.append(
                f"{name} does not need {what}; it lists bricks that lead to it but that nothing "
                "it needs imports (BW108: `poetry poly sync --prune` removes them):"
            )
        if unneeded and needed:
            block.append("  and through bricks it lists but does not need (BW108):")
        if unneeded:
            block += _chains(unneeded, target, kinds, root, every)
        if not needed and answer.type_only:
            block.append(
                f"{name} does not need {what} at runtime; only type-checking imports reach it:"
            )
            block += [f"  {_site(s, root)}" for s in answer.type_only]
        if block:
            lines += [*([""] if lines else []), *block]
        else:
            not_needed.append(name)
    if not_needed:
        names = ", ".join(not_needed)
        verb = "does" if len(not_needed) == 1 else "do"
        lines += [*([""] if lines else []), f"{names} {verb} not need {what}"]
    return lines


def _chains(
    chains: Sequence[WhyChain],
    target: WhyTarget,
    kinds: Mapping[str, str],
    root: Path,
    every: bool,
) -> list[str]:
    shown = chains if every else chains[:CHAINS_SHOWN]
    lines = [f"  {chain_line(c, target, kinds, root)}" for c in shown]
    if len(chains) > len(shown):
        more = len(chains) - len(shown)
        lines.append(f"  ... and {plural(more, 'more chain')} (--all shows every one)")
    return lines


def _site_data(site: ImportSite, root: Path) -> dict[str, Any]:
    return {
        "path": relative(site.path, root),
        "line": site.line,
        "module": site.module,
        "class": site.context.kind,
        "lazy": site.context.lazy,
    }


def _chain_data(chain: WhyChain, kinds: Mapping[str, str], root: Path) -> dict[str, Any]:
    return {
        "origin": chain.root.origin,
        "package": chain.root.package or None,
        "required": chain.required,
        "hops": [
            {
                "brick": h.brick,
                "kind": kinds.get(h.brick, "component"),
                "site": None if h.site is None else _site_data(h.site, root),
            }
            for h in chain.hops
        ],
        "end": None if chain.end is None else _site_data(chain.end, root),
    }


def why_data(
    answers: Sequence[ProjectWhy],
    target: WhyTarget,
    kinds: Mapping[str, str],
    root: Path,
    exit_code: int = 0,
) -> dict[str, Any]:
    """The JSON document of `poly deps --why X --output json`."""
    projects = [
        {
            "project": a.project.name,
            "needs": a.needs,
            "missing": a.missing,
            "provided_by": None
            if a.provider is None
            else {"project": a.provider.project.name, "through": list(a.provider.through)},
            "chains": [_chain_data(c, kinds, root) for c in a.chains],
            "type_only": [_site_data(s, root) for s in a.type_only],
        }
        for a in answers
    ]
    result = {
        "why": {"asked": target.asked, "kind": target.kind, "name": target.name},
        "projects": projects,
    }
    counts = {
        "projects": len(projects),
        "needing": sum(1 for a in answers if a.needs),
        "chains": sum(len(a.needed) for a in answers),
    }
    return document("deps", root, exit_code, counts, result)
