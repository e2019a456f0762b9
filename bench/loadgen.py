"""wrk, the external load tool (Debian's package; ``scripts/ensure-infra.sh wrk``), with
``bench/wrk/report.lua``: the bearer token and a JSON body from the environment, and one
``BENCH_JSON`` line of figures at the end (requests/s, p50/p95/p99, errors)."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "wrk" / "report.lua"


def wrk(url: str, connections: int, seconds: float, token: str | None = None, method: str = "GET",
        body: dict | None = None) -> dict:
    """One wrk run; requests/s, latency percentiles in ms, and the errors it counted
    (``status_errors``: answers that were not 2xx/3xx)."""
    threads = max(1, min(2, connections))
    env = dict(os.environ, BENCH_TOKEN=token or "", BENCH_METHOD=method,
               BENCH_BODY=json.dumps(body, ensure_ascii=False) if body is not None else "")
    result = subprocess.run(["wrk", "-t{}".format(threads), "-c{}".format(connections),
                             "-d{}s".format(max(1, round(seconds))), "--timeout", "10s", "-s", str(SCRIPT), url],
                            capture_output=True, text=True, env=env, timeout=seconds + 60)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            figures = json.loads(line[len("BENCH_JSON "):])
            for name in ("p50", "p95", "p99", "max"):
                figures[name + "_ms"] = figures.pop(name + "_us") / 1000
            figures["mean_ms"] = figures.pop("mean_us") / 1000
            # answers that were not 2xx/3xx (a bulkhead's quick 503s) are no throughput
            figures["ok_rps"] = (figures["requests"] - figures["status_errors"]) / figures["seconds"]
            figures["errors"] = sum(figures[k] for k in ("connect_errors", "read_errors", "write_errors",
                                                         "status_errors", "timeouts"))
            return figures
    raise RuntimeError("wrk gave no figures (exit {}): {}{}".format(result.returncode, result.stdout[-1500:],
                                                                     result.stderr[-1500:]))
