"""Benchmarks for `sinergi dedupe`: a synthetic data generator with ground truth, quality
metrics with baselines, and speed/memory measurements. Not shipped with the package."""
