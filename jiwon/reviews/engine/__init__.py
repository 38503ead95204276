"""The pure engines of evaluation: evaluator assignment and score aggregation.

No models, no queries: plain values in, plain values out, so the same code runs in a view, a
task, the tests and bench/assignment. See jiwon/reviews/README.md for the definitions.
"""
