"""Eligibility benchmark: `python -m bench.eligibility --help`."""
