"""Benchmarks that measure Kurs against the ceilings of its own stack, in ratios."""
