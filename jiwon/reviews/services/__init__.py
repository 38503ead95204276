"""See the modules: one per concern (pool, conflicts, assignment, scoring, ...)."""
