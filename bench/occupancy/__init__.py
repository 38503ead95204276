"""The occupancy benchmark (issue 13): see run.py and docs/benchmarks.md."""
