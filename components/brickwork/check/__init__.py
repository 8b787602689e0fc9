"""check (work in progress)."""
