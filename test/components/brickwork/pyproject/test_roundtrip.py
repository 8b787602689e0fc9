"""Random edits on random project files: the data after each edit is the intended model, and
the lines the edit does not name are byte-identical."""

from __future__ import annotations

import difflib
import posixpath
import sys
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from brickwork import pyproject

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

NAMES = ("alpha", "beta", "gamma", "delta", "log", "api")
LIBS = ("attrs", "click", "requests", "rich", "typer")


@dataclass
class Model:
    style: str  # pep621 | poetry | polylith
    prefix: str
    theme: str
    bricks: list[tuple[str, str]]  # (kind folder, name)
    deps: list[str]
    literal: bool = False
    comments: bool = True
    expected_bricks: set[str] = field(default_factory=set)
    expected_deps: set[str] = field(default_factory=set)

    def include(self, kind: str, name: str) -> tuple[str, str]:
        origin = f"{self.prefix}{kind}" + (f"/{name}/src" if self.theme == "tdd" else "")
        return f"acme/{name}", origin

    def packages(self) -> list[str]:
        note = "  # note" if self.comments else ""
        lines = ["packages = [\n", "    # the bricks\n" if self.comments else ""]
        for kind, name in self.bricks:
            include, origin = self.include(kind, name)
            lines.append(f'    {{ include = "{include}", from = "{origin}" }},{note}\n')
        return [*lines, "]\n"]

    def text(self) -> str:
        note = "  # note" if self.comments else ""
        q = "'" if self.literal else '"'
        lines = ["# a project file\n" if self.comments else ""]
        if self.style == "pep621":
            lines.append('[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = [\n')
            lines += [f"    {q}{d}>=1{q},{note}\n" for d in self.deps]
            lines += ["]\n\n[tool.poetry]\n", *self.packages(), "\n"]
        else:
            lines.append('[tool.poetry]\nname = "svc"\nversion = "0.1.0"\n')
            lines += [*self.packages(), "\n"] if self.style == "poetry" else ["\n"]
            lines.append('[tool.poetry.dependencies]\npython = "^3.10"\n')
            lines += [f'{d} = "^1"{note}\n' for d in self.deps]
            lines.append("\n")
        if self.style == "polylith":
            lines.append("[tool.polylith.bricks]\n")
            for kind, name in self.bricks:
                include, origin = self.include(kind, name)
                lines.append(f'"{origin}/{include}" = "{include}"{note}\n')
            lines.append("\n")
        lines.append('[build-system]\nrequires = ["poetry-core>=2.0"]  # keep\n')
        return "".join(lines)


def bricks_of(text: str) -> set[str]:
    data = tomllib.loads(text)
    poetry = data.get("tool", {}).get("poetry", {})
    found = {posixpath.join(p["from"], p["include"]) for p in poetry.get("packages", [])}
    return found | set(data.get("tool", {}).get("polylith", {}).get("bricks", {}))


def folder(path: str) -> str:
    return next(part for part in path.split("/") if part not in ("..", "."))


def ordered_bricks(text: str) -> list[str]:
    data = tomllib.loads(text)
    poetry = data.get("tool", {}).get("poetry", {})
    found = [posixpath.join(p["from"], p["include"]) for p in poetry.get("packages", [])]
    return found + list(data.get("tool", {}).get("polylith", {}).get("bricks", {}))


def deps_of(text: str) -> set[str]:
    data = tomllib.loads(text)
    listed = {
        d.split(">")[0].split(";")[0] for d in data.get("project", {}).get("dependencies", [])
    }
    table = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    return listed | {k for k in table if k != "python"}


brick = st.tuples(st.sampled_from(("components", "bases")), st.sampled_from(NAMES))
models = st.builds(
    Model,
    style=st.sampled_from(("pep621", "poetry", "polylith")),
    prefix=st.sampled_from(("", "../../", "../../../")),
    theme=st.sampled_from(("loose", "tdd")),
    bricks=st.lists(brick, unique_by=lambda b: b[1], max_size=5),
    deps=st.lists(st.sampled_from(LIBS), unique=True, max_size=4),
    literal=st.booleans(),
    comments=st.booleans(),
)
edits = st.lists(
    st.one_of(
        st.tuples(st.just("add"), brick, st.booleans()),
        st.tuples(st.just("remove"), brick, st.booleans()),
        st.tuples(st.just("repoint"), brick, st.booleans()),
        st.tuples(st.just("add-dep"), st.sampled_from(LIBS), st.booleans()),
        st.tuples(st.just("remove-dep"), st.sampled_from(LIBS), st.booleans()),
    ),
    max_size=8,
)


def changed_lines(old: str, new: str) -> list[str]:
    diff = difflib.ndiff(old.splitlines(), new.splitlines())
    return [line[2:] for line in diff if line[:2] in ("+ ", "- ")]


@settings(max_examples=150, deadline=None)
@given(models, edits)
def test_random_edits_give_the_intended_data_and_touch_only_their_lines(
    model: Model, steps: list[tuple[str, object, bool]]
) -> None:
    text = model.text()
    wanted_bricks = bricks_of(text)
    wanted_deps = deps_of(text)
    for action, subject, sort in steps:
        before = text
        if action in ("add", "remove", "repoint"):
            assert isinstance(subject, tuple)
            include, origin = model.include(*subject)
            key = posixpath.join(origin, include)
            if action == "repoint":
                moved = posixpath.join(f"../{origin}", include)
                if moved in wanted_bricks or key not in wanted_bricks:
                    continue
                text = pyproject.set_include_from(text, include, origin, f"../{origin}")
                wanted_bricks = (wanted_bricks - {key}) | {moved}
            elif action == "add":
                if any(b.endswith(f"/{include}") for b in wanted_bricks if b != key):
                    continue  # one brick name, one include
                listed = ordered_bricks(text)
                text = pyproject.add_brick(text, include, origin, sort=sort)
                wanted_bricks.add(key)
                if sort and listed == sorted(listed) and key not in listed:
                    same = [b for b in ordered_bricks(text) if folder(b) == folder(key)]
                    assert same == sorted(same)
            else:
                text = pyproject.remove_brick(text, include, origin)
                wanted_bricks.discard(key)
            needle = include
        else:
            assert isinstance(subject, str)
            if action == "add-dep":
                text = pyproject.add_dependency(text, subject, ">=2" if sort else "")
                wanted_deps.add(subject)
            else:
                text = pyproject.remove_dependency(text, subject)
                wanted_deps.discard(subject)
            needle = subject
        assert bricks_of(text) == wanted_bricks
        assert deps_of(text) == wanted_deps
        changed = changed_lines(before, text)
        assert all(needle in line or line.strip() in ("]", "],") for line in changed), changed
        if text == before:
            assert changed == []
    assert text.startswith("# a project file\n") or not model.comments
    assert text.endswith('requires = ["poetry-core>=2.0"]  # keep\n')
