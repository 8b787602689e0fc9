"""libs (work in progress)."""
