"""How a run is carried out: forked copies and pools, input recording, the stat key, cache files.

- Forking (`process`, `pool`): the one "may I fork" (`can_fork`), a copy that answers once
  (`fork_copy`/`read_answer`), work beside this process (`beside`), chunks shared by several
  copies (`fork_map`), a pool of forked workers or threads (`worker_pool`, `stop_workers`),
  how a pool's workers start (`start_method`) and a pool of another start method
  (`process_pool`).
- Input recording (`inputs`): every read that feeds an analysis goes through `is_file`, `is_dir`,
  `list_folder`, `probe` or `note_input`, so that `recording()` knows
  every file, folder and missing path a run read, with the stat it saw.
- The stat key (`stat_key`): the one key of every cached thing (size, mtime, change time,
  inode) and the one "can I trust this stat" (`trusted`: the racy window).
- Cache files (`files`): the one format (header, checksum, marshalled body) and atomic writes.
"""

from __future__ import annotations

from brickwork.runs.files import (
    MARSHAL_VERSION,
    MISS,
    code_version,
    content_digest,
    dump_cache,
    load_cache,
    modules_digest,
    read_cache,
    same_content,
    save_cache_file,
    wrap_cache,
    write_atomic,
    write_cache,
)
from brickwork.runs.inputs import (
    WHOLE,
    Inputs,
    Notes,
    Stat,
    current_inputs,
    is_dir,
    is_file,
    list_folder,
    listed_name,
    names_digest,
    note_entries,
    note_input,
    note_listing,
    probe,
    recording,
)
from brickwork.runs.pool import (
    fork_map,
    in_pool_worker,
    process_pool,
    start_method,
    stop_workers,
    worker_pool,
)
from brickwork.runs.process import (
    Pending,
    beside,
    can_fork,
    fork_copy,
    read_answer,
    single_threaded,
    stop_copy,
    usable_cpus,
)
from brickwork.runs.stat_key import KEY_WIDTH, RACY_NS, StatKey, key_of, stat_key, trusted

__all__ = [
    "KEY_WIDTH",
    "MARSHAL_VERSION",
    "MISS",
    "RACY_NS",
    "WHOLE",
    "Inputs",
    "Notes",
    "Pending",
    "Stat",
    "StatKey",
    "beside",
    "can_fork",
    "code_version",
    "content_digest",
    "current_inputs",
    "dump_cache",
    "fork_copy",
    "fork_map",
    "in_pool_worker",
    "is_dir",
    "is_file",
    "key_of",
    "list_folder",
    "listed_name",
    "load_cache",
    "modules_digest",
    "names_digest",
    "note_entries",
    "note_input",
    "note_listing",
    "probe",
    "process_pool",
    "read_answer",
    "read_cache",
    "recording",
    "same_content",
    "save_cache_file",
    "single_threaded",
    "start_method",
    "stat_key",
    "stop_copy",
    "stop_workers",
    "trusted",
    "usable_cpus",
    "worker_pool",
    "wrap_cache",
    "write_atomic",
    "write_cache",
]
