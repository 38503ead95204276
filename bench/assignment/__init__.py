"""The evaluator-assignment benchmark (issue 5): see run.py and docs/benchmarks.md."""
