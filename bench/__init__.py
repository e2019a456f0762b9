"""Benchmarks: throughput and latency percentiles beside a raw baseline from the same run.

    python -m bench [name ...]     # make bench

They report numbers; they are not tests and assert nothing about speed.
"""
