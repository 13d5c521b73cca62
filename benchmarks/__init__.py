"""Benchmarks of copydesk against other extractors on the shared development splits."""
