"""Benchmarks and the large synthetic registers they run on (not part of the product)."""
