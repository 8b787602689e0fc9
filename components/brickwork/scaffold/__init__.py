"""scaffold (work in progress)."""
