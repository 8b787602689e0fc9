"""graph (work in progress)."""
