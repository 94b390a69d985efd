"""Benchmarks: `python -m bench [--json] [--runs N] [ids...]` prints one row per figure."""
