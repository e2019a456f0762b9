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


# --- figures over several runs, their baselines and targets (the report) --------------------

def median(values) -> float:
    values = [v for v in values if v is not None]
    if not values:
        raise ValueError("no values")
    return float(statistics.median(values))


def spread(values) -> dict:
    """How far the runs of one figure lie apart: their minimum, maximum, and the range as a
    share of the median (0.1 = the runs lie within 10 % of the median's size)."""
    values = [v for v in values if v is not None]
    mid = median(values)
    low, high = min(values), max(values)
    return {"min": low, "max": high, "relative": round((high - low) / mid, 3) if mid else None}


def ratio(value: float, baseline: float) -> float | None:
    """``value`` / ``baseline`` (None when the baseline is zero or missing)."""
    if value is None or not baseline:
        return None
    return round(value / baseline, 2)


def evaluate(target: dict | None, value: float | None) -> dict | None:
    """Whether ``value`` meets ``target`` ({"op": "<=" or ">=", "limit": x, "text": ...}),
    and by how much it misses: ``{"met": bool, "verdict": "met" | "missed by …"}``. The
    value compared is the figure's median, or its ratio to the baseline when the target is
    a ratio (the caller passes what the target speaks of)."""
    if target is None:
        return None
    if value is None:
        return {"met": False, "verdict": "not measured"}
    limit, op = target["limit"], target["op"]
    if op == "<=":
        met = value <= limit
        verdict = "met" if met else "missed by {:.0%} (value {:.3g}, limit {:.3g})".format(value / limit - 1, value,
                                                                                          limit)
    elif op == ">=":
        met = value >= limit
        verdict = "met" if met else "missed by {:.0%} (value {:.3g}, target {:.3g})".format(1 - value / limit, value,
                                                                                           limit)
    else:
        raise ValueError("unknown target op {!r}".format(op))
    return {"met": met, "verdict": verdict}
