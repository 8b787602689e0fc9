"""Workspace -> files -> imports: scan the files `listing` names, parse what the cache lacks.

Cold scans of many files run in a process pool (plain data in, plain data out); small
scans stay in this process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from brickwork.imports.cache import (
    UNTRUSTED,
    Decoder,
    Entry,
    ImportCache,
    cache_location,
    encode_rows,
    scan_digest,
)
from brickwork.imports.listing import (
    FileSpec,
    Spec,
    WorkspaceFiles,
    test_modules,
    workspace_files,
)
from brickwork.imports.model import BrickImports, FileImports, WorkspaceImports
from brickwork.imports.scan import imported_bricks, scan_rows
from brickwork.imports.shipped import entry_point_modules, split_developer_only
from brickwork.runs import (
    KEY_WIDTH,
    StatKey,
    content_digest,
    current_inputs,
    fork_map,
    in_pool_worker,
    key_of,
    process_pool,
    same_content,
    start_method,
    stat_key,
    trusted,
    usable_cpus,
)
from brickwork.workspace import Workspace

PARALLEL_MIN_FILES = {"fork": 1000, "spawn": 3000, "forkserver": 3000}
"""Below this many files to parse, more processes cost more than they save. Measured in a
Poetry process: one file ~35-60 us; a forked copy ~15-30 ms (the fork, pages copied on write
in both processes, the exit); starting 2 workers with spawn or forkserver 0.5-0.9 s (each
starts Python and imports Brickwork)."""
_CHUNKS_PER_WORKER = 4
_CHUNKS_PER_PROCESS = 16
"""Forked copies take chunks as they become free: small chunks even out their speeds."""
_MIN_FILES_PER_WORKER = 100
_MAX_WORKERS = 32
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)

_Result = tuple[StatKey, bytes, str, str | None, int | None, bytes]
"""(stat key, digest, imports, error, error_line, `scan_digest` of the three before it, made
where the file was scanned); `UNTRUSTED` and digest b"" if unreadable."""
_Found = tuple[str, str | None, int | None]
"""(encoded imports, error, error_line)."""


def _read(path: str) -> tuple[os.stat_result, bytes]:
    """A file's stat and content, with plain system calls (a file object costs more, and
    a cold scan reads thousands of small files)."""
    fd = os.open(path, _READ_FLAGS)
    try:
        stat = os.fstat(fd)
        data = os.read(fd, stat.st_size + 1)
        if len(data) != stat.st_size:  # a short read, or the file changed: read to the end
            chunks = [data]
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
        return stat, data
    finally:
        os.close(fd)


def _scan_task(task: Spec) -> _Result:
    path, module, is_package = task
    try:
        stat, data = _read(path)
    except OSError as err:
        unread = f"cannot read file: {err.strerror or err}"
        return UNTRUSTED, b"", "", unread, None, scan_digest("", unread, None)
    rows, error, line = scan_rows(data, module, is_package)
    imports = encode_rows(rows)
    found = scan_digest(imports, error, line)
    return key_of(stat), content_digest(data), imports, error, line, found


def same_scan(path: str, effect: Any) -> tuple[bytes, str, bool, bytes] | None:
    """For a result that may be reused (`reuse.reuse`): the file's scan effect now,
    when a scan finds in it what it found when the result was made (a touched file, or an
    edit that changed no import), else None."""
    _, module, is_package, found = effect
    seen, now, _, _, _, found_now = _scan_task((path, module, is_package))
    if seen[0] < 0 or found_now != found:
        return None
    return (now, module, is_package, found)


def scan_tasks(tasks: Sequence[Spec]) -> list[_Result]:
    """Scan files in this process (also the unit of work of a pool worker)."""
    return [_scan_task(task) for task in tasks]


def _parallel_min_files(method: str) -> int:
    return PARALLEL_MIN_FILES.get(method, 3000)


def _run(tasks: list[Spec], jobs: int | None) -> list[_Result]:
    """Scan `tasks`, in parallel when that pays off (`jobs`: None = automatic)."""
    if jobs == 1 or (jobs is None and len(tasks) < min(PARALLEL_MIN_FILES.values())):
        return scan_tasks(tasks)  # a warm run: no pool, no multiprocessing import
    method = start_method()
    automatic = usable_cpus() if len(tasks) >= _parallel_min_files(method) else 1
    automatic = min(automatic, -(-len(tasks) // _MIN_FILES_PER_WORKER), _MAX_WORKERS)
    workers = min(automatic if jobs is None else max(jobs, 1), len(tasks))
    if workers <= 1 or in_pool_worker():
        return scan_tasks(tasks)
    if method == "fork":  # this process and forked copies share the chunks
        count = min(workers * _CHUNKS_PER_PROCESS, len(tasks), 255)
        size = -(-len(tasks) // count)
        chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
        return [result for chunk in fork_map(scan_tasks, chunks, workers) for result in chunk]
    size = -(-len(tasks) // (workers * _CHUNKS_PER_WORKER))
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    try:
        with process_pool(workers, method) as pool:
            return [result for chunk in pool.map(scan_tasks, chunks) for result in chunk]
    except (OSError, RuntimeError, ImportError, EOFError):
        # No process pool here (sandbox, no /dev/shm, broken worker): scan in this process.
        return scan_tasks(tasks)


def _keyer(root: str) -> Callable[[str], str]:
    """Path -> cache key: relative to the workspace root, with `/`."""
    prefix = root.rstrip(os.sep) + os.sep

    def key(path: str) -> str:
        relative = path[len(prefix) :] if path.startswith(prefix) else path
        return relative if os.sep == "/" else relative.replace(os.sep, "/")

    return key


def _with_stat(entry: Entry, stat: StatKey) -> Entry:
    return (*stat, *entry[4:])


def _still_valid(
    entry: Entry, path: str, cache: ImportCache, key: str, started: int
) -> StatKey | None:
    """The file's stat key when the cached entry describes it as it is now (stat first, then
    hash); None when it does not."""
    current = stat_key(path)
    if current is None:
        return None
    if entry[0] >= 0 and entry[:KEY_WIDTH] == current:
        return current
    if not same_content(path, entry[4]):
        return None
    cache.put(key, _with_stat(entry, current if trusted(current, started) else UNTRUSTED))
    return current


def _scan(
    root: str, specs: Sequence[Spec], cache: ImportCache, jobs: int | None
) -> tuple[list[_Found], list[str], int]:
    """(encoded imports, error, line) of every spec, from the cache or scanned; cache keys;
    how many files were parsed (the others came from the cache)."""
    started = time.time_ns()
    key = _keyer(root)
    keys = [key(path) for path, _, _ in specs]
    found: list[_Found | None] = []
    missing: list[int] = []
    inputs = current_inputs()  # the stats are the inputs of a run that may be reused
    for index, (path, module, is_package) in enumerate(specs):
        name = keys[index]
        entry = cache.get(name, module, is_package)
        seen = _still_valid(entry, path, cache, name, started) if entry is not None else None
        if entry is not None and seen is not None:
            found.append((entry[7], entry[8], entry[9]))
            if inputs is not None:
                effect = (entry[4], module, is_package, entry[10])
                inputs.note_stat(path, seen, ("scan", effect))
        else:
            found.append(None)
            missing.append(index)
    for index, result in zip(missing, _run([specs[i] for i in missing], jobs), strict=True):
        seen, content, imports, error, line, scanned = result
        found[index] = (imports, error, line)
        path, module, is_package = specs[index]
        if inputs is not None:
            effect = (content, module, is_package, scanned)
            inputs.note_stat(path, seen, ("scan", effect))
        if content:
            stat = seen if trusted(seen, started) else UNTRUSTED
            entry = (*stat, content, module, is_package, imports, error, line, scanned)
            cache.put(keys[index], entry)
    return [f for f in found if f is not None], keys, len(missing)


def _child(folder: Path, name: str) -> Path:
    """`folder / name` for a plain file name (one place to make it cheaper, public API only)."""
    return folder / name


def _file_imports(
    specs: Sequence[Spec], found: Sequence[_Found], known: Iterable[Path] = ()
) -> list[FileImports]:
    """`FileImports` of every spec; `known` folders (the bricks') lend their `Path` objects."""
    decode = Decoder()
    child = _child
    files: list[FileImports] = []
    folders: dict[str, Path] = {str(folder): folder for folder in known}
    with _gc_paused():
        for (path, module, is_package), (imports, error, line) in zip(specs, found, strict=True):
            try:
                decoded = decode(imports)
            except (ValueError, IndexError):  # a damaged cache entry: scan the file again
                _, _, again, error, line, _ = _scan_task((path, module, is_package))
                decoded = decode(again)
            # a file's Path as its folder's Path / name: one short parse instead of a long one
            folder, _, name = path.rpartition(os.sep)
            parent = folders.get(folder)
            if parent is None:
                parent = folders[folder] = Path(folder or os.sep)
            files.append(FileImports(child(parent, name), module, decoded, error, line))
    return files


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Many new objects that all live on, without cycles: collecting meanwhile is wasted."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def scan_files(
    root: Path,
    specs: Sequence[FileSpec],
    cache: ImportCache | None = None,
    jobs: int | None = None,
) -> list[FileImports]:
    """The imports of `specs`, in order; files the cache knows unchanged are not parsed."""
    plain = [(str(path), module, is_package) for path, module, is_package in specs]
    found, _, _ = _scan(str(root), plain, cache if cache is not None else ImportCache(None), jobs)
    return _file_imports(plain, found)


def scan_file(path: Path, module: str, is_package: bool = False) -> FileImports:
    """The imports of one file, without cache."""
    return scan_files(path.parent, [(path, module, is_package)], jobs=1)[0]


def scan_workspace(
    ws: Workspace, *, use_cache: bool = True, jobs: int | None = None
) -> WorkspaceImports:
    """Every import of every brick (package files and tests) and of the development
    project's own packages, with the on-disk cache unless `use_cache` is false or the
    workspace turns it off. `jobs`: worker processes (None: all cores for big cold scans).
    A package's developer-only files (`DEVELOPER_ONLY`: tests, scripts) are among its tests;
    the split is made after the cache answers, so the cache never holds it (ADR 0024)."""
    location = cache_location(ws) if use_cache else None
    with _gc_paused():
        cache = ImportCache.load(location)
    scanned, keys = _scan_listed(ws, workspace_files(ws), cache, jobs)
    if location is not None:
        cache.keep_only(set(keys))
        cache.save()
    return scanned


def scan_reach(
    ws: Workspace,
    bricks: Iterable[str],
    projects: Collection[str],
    *,
    use_cache: bool = True,
    jobs: int | None = None,
) -> WorkspaceImports:
    """`scan_workspace` of what some projects reach: the `bricks` named (those the projects
    include), every brick their files import (any import: tests and type-only ones too),
    transitively, the development project's own packages (which names are its own) and the
    own packages of `projects` (their imports are followed too). The files of other bricks
    are neither listed nor read; their cache entries stay (ADR 0030)."""
    location = cache_location(ws) if use_cache else None
    with _gc_paused():
        cache = ImportCache.load(location)
    known = {b.name for b in ws.bricks}
    namespace, nested = ws.namespace, ws.nested
    found: dict[str, BrickImports] = {}
    development: tuple[FileImports, ...] = ()
    own: dict[str, tuple[FileImports, ...]] = {}
    parsed = 0
    wanted = {b for b in bricks if b in known}
    first = True
    while first or wanted:
        listed = workspace_files(ws, wanted, development=first, projects=projects if first else ())
        scanned, _ = _scan_listed(ws, listed, cache, jobs)
        found.update(scanned.bricks)
        parsed += scanned.parsed
        followed = [f for b in scanned.bricks.values() for f in (*b.files, *b.tests)]
        if first:
            development, own = scanned.development, dict(scanned.projects)
            followed += [f for files in own.values() for f in files]
            first = False
        wanted = {
            brick
            for file in followed
            for imp in file.imports
            for brick in imported_bricks(imp, namespace, nested)
            if brick in known and brick not in found
        }
    if location is not None:
        cache.save()
    in_order = {b.name: found[b.name] for b in ws.bricks if b.name in found}
    unread = test_modules(ws, known - found.keys())
    return WorkspaceImports(in_order, development, own, tuple(unread), parsed)


def scan_partly(ws: Workspace, bricks: Collection[str]) -> WorkspaceImports:
    """`scan_workspace` of the files of `bricks` (package and tests), the development
    project's own files and the deployables' own packages only; no other brick is listed or
    read. What an analysis that keeps the rest from an earlier one of the same workspace
    needs (ADR 0031): a few files, read without the cache (their scans are noted as inputs
    all the same)."""
    scanned, _ = _scan_listed(ws, workspace_files(ws, bricks), ImportCache(None), 1)
    return scanned


def _scan_listed(
    ws: Workspace, listed: WorkspaceFiles, cache: ImportCache, jobs: int | None
) -> tuple[WorkspaceImports, list[str]]:
    """The imports of the files `listed` names, and their cache keys."""
    specs, spans, local = listed.specs, listed.spans, listed.projects
    dev_start, dev_end = listed.development
    found, keys, parsed = _scan(str(ws.root), specs, cache, jobs)
    files = _file_imports(specs, found, (f for b in ws.bricks for f in (b.path, b.test_path)))
    bricks = split_developer_only(files, spans, entry_point_modules(ws.projects))
    by_path = {str(file.path): file for file in files[dev_start:]} if local else {}
    projects = {
        name: tuple(by_path[p] for p in paths if p in by_path) for name, paths in local.items()
    }
    scanned = WorkspaceImports(bricks, tuple(files[dev_start:dev_end]), projects, parsed=parsed)
    return scanned, keys
