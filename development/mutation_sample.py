"""Run a seeded random sample of a component's mutants (mutmut's mutation operators) against
its tests, in a clone made by `mutation.py --sample N`; print each survivor and the score.

Runs with the interpreter of `.venv-mutmut` (it imports mutmut); called by `mutation.py`, not
by hand. A full `mutmut run` of a large component takes hours on a small machine; a sample of
a few hundred mutants measures the same score within a few points, and lists survivors to kill.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

from mutmut import ALL, Context, RelativeMutationID, list_mutations, mutate  # type: ignore[import-not-found]


def mutants(files: list[Path]) -> list[RelativeMutationID]:
    found: list[RelativeMutationID] = []
    for file in files:
        found.extend(list_mutations(Context(filename=str(file), mutation_id=ALL)))
    return found


def killed(mutant: RelativeMutationID, runner: str, timeout: float) -> bool:
    file = Path(mutant.filename)
    original = file.read_text(encoding="utf-8")
    mutated, count = mutate(Context(filename=str(file), mutation_id=mutant))
    if count == 0:
        return True  # nothing changed: not a mutant
    file.write_text(mutated, encoding="utf-8")
    try:
        run = subprocess.run(runner, shell=True, capture_output=True, timeout=timeout, check=False)
        return run.returncode != 0
    except subprocess.TimeoutExpired:
        return True
    finally:
        file.write_text(original, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runner", required=True)
    parser.add_argument("--sample", type=int, required=True)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    every = mutants(args.files)
    chosen = random.Random(args.seed).sample(every, min(args.sample, len(every)))
    chosen.sort(key=lambda m: (m.filename, m.line_number, m.index))
    survivors = 0
    started = time.monotonic()
    for number, mutant in enumerate(chosen, 1):
        if not killed(mutant, args.runner, args.timeout):
            survivors += 1
            sys.stdout.write(
                f"survived {mutant.filename}:{mutant.line_number + 1} "
                f"(mutation {mutant.index} of: {mutant.line.strip()})\n"
            )
            sys.stdout.flush()
        if number % 25 == 0:
            sys.stderr.write(f"{number}/{len(chosen)} in {time.monotonic() - started:.0f} s\n")
    total = len(chosen)
    sys.stdout.write(f"sample: {total - survivors} / {total} killed of {len(every)} mutants\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
