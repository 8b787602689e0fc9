"""Look inside built wheels and sdists: file lists, METADATA, RECORD (hashes checked), entry
points. Import it from any test: `from test.artifacts import Wheel, Sdist`."""

from __future__ import annotations

import base64
import hashlib
import tarfile
import zipfile
from dataclasses import dataclass
from email.message import Message
from email.parser import Parser
from pathlib import Path


def parse_metadata(text: str) -> Message:
    """METADATA / PKG-INFO as an email message: `meta["Name"]`, `meta.get_all("Requires-Dist")`."""
    return Parser().parsestr(text)


@dataclass(frozen=True)
class RecordEntry:
    path: str
    hash: str
    size: str


@dataclass(frozen=True)
class Wheel:
    path: Path

    def names(self) -> list[str]:
        """Every entry of the archive, in archive order."""
        with zipfile.ZipFile(self.path) as archive:
            return archive.namelist()

    def read(self, name: str) -> bytes:
        with zipfile.ZipFile(self.path) as archive:
            return archive.read(name)

    def text(self, name: str) -> str:
        return self.read(name).decode("utf-8")

    @property
    def dist_info(self) -> str:
        return next(n.split("/")[0] for n in self.names() if n.split("/")[0].endswith(".dist-info"))

    def files(self) -> list[str]:
        """The files outside `.dist-info`, sorted."""
        return sorted(n for n in self.names() if not n.startswith(self.dist_info + "/"))

    def metadata(self) -> Message:
        return parse_metadata(self.text(f"{self.dist_info}/METADATA"))

    def requires(self) -> list[str]:
        return list(self.metadata().get_all("Requires-Dist") or [])

    def record(self) -> list[RecordEntry]:
        lines = self.text(f"{self.dist_info}/RECORD").splitlines()
        return [RecordEntry(*line.rsplit(",", 2)) for line in lines if line.strip()]

    def verify_record(self) -> None:
        """Every file is in RECORD with its size and sha256; RECORD lists nothing else."""
        entries = {e.path: e for e in self.record()}
        names = set(self.names())
        assert set(entries) == names, set(entries) ^ names
        for name, entry in entries.items():
            if name.endswith("/RECORD"):
                assert entry.hash == entry.size == "", entry
                continue
            data = self.read(name)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert entry.hash == "sha256=" + digest.decode("ascii"), name
            assert entry.size == str(len(data)), name

    def entry_points(self) -> dict[str, dict[str, str]]:
        """group -> {name: target} from entry_points.txt (empty when there is none)."""
        name = f"{self.dist_info}/entry_points.txt"
        if name not in self.names():
            return {}
        groups: dict[str, dict[str, str]] = {}
        current: dict[str, str] = {}
        for line in self.text(name).splitlines():
            line = line.strip()
            if line.startswith("[") and line.endswith("]"):
                current = groups.setdefault(line[1:-1], {})
            elif "=" in line:
                key, value = line.split("=", 1)
                current[key.strip()] = value.strip()
        return groups


@dataclass(frozen=True)
class Sdist:
    path: Path

    def names(self) -> list[str]:
        with tarfile.open(self.path) as archive:
            return archive.getnames()

    def files(self) -> list[str]:
        """Member paths without the `name-version/` folder, sorted."""
        return sorted(n.split("/", 1)[1] for n in self.names() if "/" in n)

    def text(self, relative: str) -> str:
        with tarfile.open(self.path) as archive:
            top = self.names()[0].split("/")[0]
            member = archive.extractfile(f"{top}/{relative}")
            assert member is not None, relative
            return member.read().decode("utf-8")

    def metadata(self) -> Message:
        return parse_metadata(self.text("PKG-INFO"))

    def extract(self, into: Path) -> Path:
        """Unpack into `into`; returns the project folder inside it."""
        with tarfile.open(self.path) as archive:
            archive.extractall(into, filter="data")
            top = archive.getnames()[0].split("/")[0]
        return into / top
