"""Brickwork's public address is written with one placeholder owner (`OWNER`), in the files
docs/ci.md's "Where Brickwork lives" lists; its one-line replacement leaves none behind, and the
release workflow refuses to publish while one is left. Every pinned ref names the version."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import tomlkit

from test.bases.brickwork.poetry_plugin.test_ci_workflow import load_yaml

REPO = Path(__file__).resolve().parents[2]
PLACEHOLDER = "OWNER" + "/brickwork"
OLD_PLACEHOLDERS = ["<this repository>", "<the Brickwork repository URL>", "<a release tag>"]
DOCS = ["README.md", "docs/ci.md", "docs/deploy.md", "projects/poetry_brickwork/README.md"]


def section(title: str) -> str:
    docs = (REPO / "docs/ci.md").read_text(encoding="utf-8")
    return docs.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def listed_files() -> set[str]:
    return set(re.findall(r"^- `([^`]+)`", section("Where Brickwork lives"), re.M))


def files_with(text: str, root: Path) -> set[str]:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True
    ).stdout.split(b"\0")
    found = set()
    for name in filter(None, tracked):
        path = root / name.decode()
        if path.is_file() and text.encode() in path.read_bytes():
            found.add(name.decode())
    return found


def version() -> str:
    text = (REPO / "projects/poetry_brickwork/pyproject.toml").read_text(encoding="utf-8")
    return str(tomlkit.parse(text)["project"]["version"])


def test_every_file_that_holds_the_placeholder_is_listed_where_docs_say_to_replace_it() -> None:
    holders = files_with(PLACEHOLDER, REPO)

    assert holders <= listed_files(), f"add to docs/ci.md: {sorted(holders - listed_files())}"
    assert all((REPO / name).is_file() for name in listed_files())


def test_no_doc_uses_another_spelling_for_the_repository() -> None:
    for name in DOCS:
        text = (REPO / name).read_text(encoding="utf-8")
        assert not [old for old in OLD_PLACEHOLDERS if old in text], name


def test_every_pinned_ref_is_the_version_being_released() -> None:
    tag = f"v{version()}"
    texts = {
        name: (REPO / name).read_text(encoding="utf-8")
        for name in [*DOCS, ".github/workflows/example-poly.yml"]
    }
    refs = [
        (name, ref)
        for name, text in texts.items()
        for ref in re.findall(r"setup-brickwork@([\w.]+)|rev: (v[\w.]+)|--branch (v[\w.]+)", text)
    ]

    assert refs
    assert {next(r for r in ref if r) for _, ref in refs} == {tag}, refs


def release_guard() -> str:
    workflow = load_yaml((REPO / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "no placeholder address left"]
    return str(step["run"])


def test_the_documented_replacement_leaves_no_placeholder_and_lets_a_release_through(
    tmp_path: Path,
) -> None:
    clone = tmp_path / "brickwork"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    block = re.search(r"```sh\n(.*?)```", section("Where Brickwork lives"), re.S)
    assert block is not None
    replace = block.group(1).strip()
    assert replace.startswith("git grep -l ")

    def sh(command: str) -> int:
        return subprocess.run(["bash", "-c", command], cwd=clone, capture_output=True).returncode

    held = files_with(PLACEHOLDER, clone)
    before = sh(release_guard())
    replaced = sh(replace)

    assert before == (1 if any(n.startswith("projects/poetry_brickwork/") for n in held) else 0)
    if held:
        assert replaced == 0
    assert files_with(PLACEHOLDER, clone) == set()
    new = re.search(r"s#OWNER\[/\]brickwork#([^#]+)#g", replace)
    assert new is not None
    assert files_with(new.group(1), clone) <= listed_files()
    assert sh(release_guard()) == 0
