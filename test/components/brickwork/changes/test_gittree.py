"""A commit's workspace written from git objects: only what the analysis reads, byte for byte,
nothing in the work tree or the index touched."""

from __future__ import annotations

import hashlib
from pathlib import Path

from brickwork.changes import Git, open_repository
from brickwork.changes.gittree import materialize, private_parent, tree_files
from test.gitrepo import GitRepo


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_a_commit_is_written_with_only_what_the_analysis_reads_byte_for_byte(
    tmp_path: Path,
) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    wanted = {
        "ws/workspace.toml": b'[tool.polylith]\nnamespace = "acme"\n',
        "ws/pyproject.toml": b'[project]\r\nname = "dev"\r\n',
        "ws/components/acme/log/__init__.py": b"from acme import user\r\n",
        "ws/bases/acme/api/__init__.py": b"",
        "ws/projects/svc/pyproject.toml": b'[project]\nname = "svc"\n',
        "ws/development/notes.py": b"import acme\n",
    }
    skipped = {
        "ws/test/components/acme/log/test_log.py": b"from acme import api\n",
        "ws/README.md": b"readme\n",
        "ws/components/acme/log/data.bin": b"\x00\xff",
        "ws/projects/svc/Dockerfile": b"FROM python\n",
        "ws/poetry.lock": b"# lock\n",
        "outside/workspace.toml": b"[tool.polylith]\n",
    }
    for path, data in {**wanted, **skipped}.items():
        (repo.root / path).parent.mkdir(parents=True, exist_ok=True)
        (repo.root / path).write_bytes(data)
    (repo.root / "ws/components/acme/log/link.py").symlink_to("__init__.py")
    commit = repo.commit("initial")
    (repo.root / "ws/components/acme/log/__init__.py").write_bytes(b"changed on disk\n")
    index = hashlib.sha256((repo.root / ".git/index").read_bytes()).digest()
    status = repo.git("status", "--porcelain")
    git, prefix = open_repository(repo.root / "ws")
    dest = tmp_path / "then"

    listed = tree_files(git, commit, prefix)
    written = materialize(git, commit, listed, dest)

    assert prefix == "ws/"
    assert written == len(wanted)
    assert files_of(dest) == {k.removeprefix("ws/"): v for k, v in wanted.items()}
    assert sorted(size for _, _, size in listed) == sorted(len(v) for v in wanted.values())
    assert hashlib.sha256((repo.root / ".git/index").read_bytes()).digest() == index
    assert repo.git("status", "--porcelain") == status


def test_a_commit_without_workspace_files_writes_nothing(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    commit = repo.commit("readme", {"README.md": "x\n"})

    assert (
        materialize(Git(repo.root), commit, tree_files(Git(repo.root), commit, ""), tmp_path / "d")
        == 0
    )
    assert not (tmp_path / "d").exists()


def test_a_private_folder_goes_to_memory_only_when_it_fits() -> None:
    assert private_parent(1 << 60) is None  # never fits: the system's temporary folder
