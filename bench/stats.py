"""Timing helpers shared by the benchmarks."""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def measure(fn, repeat: int, warmup: int = 5) -> dict:
    for _ in range(warmup):
        fn()
    samples = []
    started = time.perf_counter()
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    samples.sort()

    def pct(p):
        return round(samples[min(len(samples) - 1, int(p / 100 * len(samples)))], 3)

    return {"n": repeat, "ops_per_s": round(repeat / elapsed, 1), "p50_ms": pct(50), "p95_ms": pct(95),
            "p99_ms": pct(99), "mean_ms": round(statistics.fmean(samples), 3)}


def report(name: str, rows: dict[str, dict], notes: dict | None = None) -> None:
    width = max(len(k) for k in rows)
    print("\n== {} ==".format(name))
    if notes:
        for key, value in notes.items():
            print("  {}: {}".format(key, value))
    print("  {:<{w}}  {:>10} {:>9} {:>9} {:>9}".format("case", "ops/s", "p50 ms", "p95 ms", "p99 ms", w=width))
    for case, row in rows.items():
        print("  {:<{w}}  {:>10} {:>9} {:>9} {:>9}".format(case, row["ops_per_s"], row["p50_ms"], row["p95_ms"],
                                                          row["p99_ms"], w=width))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "{}.json".format(name)).write_text(json.dumps({"notes": notes, "rows": rows}, indent=2, ensure_ascii=False))
