class DemoDataError(Exception):
    """The database lacks reference data the demo needs (usually: migrations not run)."""
