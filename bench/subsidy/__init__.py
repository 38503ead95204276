"""The interest-subsidy benchmark (issue 12): see run.py and docs/benchmarks.md."""
