"""The Grafana dashboard (deploy/grafana/dashboard.json) and docs/operations.md name only
metrics the processes export, and the docs list every one of them (issue 13, item 3)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client import Counter, Gauge, Histogram

from gateway import metrics as gateway_metrics
from kit import metrics as kit_metrics

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboard.json"
OPERATIONS = ROOT / "docs" / "operations.md"
PROMQL_WORDS = {"sum", "by", "rate", "increase", "max", "min", "avg", "histogram_quantile", "le", "without",
                "on", "ignoring", "and", "or", "unless", "count", "topk", "bottomk", "offset", "up"}


def exported() -> dict[str, set[str]]:
    """metric name → the sample names Prometheus stores for it."""
    found = {}
    for module in (kit_metrics, gateway_metrics):
        for value in vars(module).values():
            if isinstance(value, Counter):
                found[value._name + "_total"] = {value._name + "_total"}
            elif isinstance(value, Histogram):
                found[value._name] = {value._name + suffix for suffix in ("_bucket", "_sum", "_count")}
            elif isinstance(value, Gauge):
                found[value._name] = {value._name}
    return found


def queried_names(expression: str) -> set[str]:
    without_labels = re.sub(r"\{[^}]*\}", "", expression)
    without_strings = re.sub(r'"[^"]*"', "", without_labels)
    words = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", without_strings))
    return {w for w in words if w not in PROMQL_WORDS and not re.fullmatch(r"\d+[smhd]?", w)
            and "_" in w and w not in ("service", "method", "endpoint", "status", "channel", "outcome", "queue",
                                       "entrypoint", "kind")}


def test_the_dashboard_queries_only_exported_metrics():
    samples = set().union(*exported().values())
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    expressions = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    assert expressions
    unknown = {name for expression in expressions for name in queried_names(expression)} - samples
    assert not unknown, "the dashboard queries metrics nobody exports: {}".format(sorted(unknown))
    used = {name for expression in expressions for name in queried_names(expression)}
    unused = {metric for metric, names in exported().items() if not names & used}
    assert unused <= {"platform_metrics_probe_errors_total"}, "no panel shows {}".format(sorted(unused))


def test_docs_list_every_metric_and_alert_only_on_exported_ones():
    text = OPERATIONS.read_text(encoding="utf-8")
    for metric in exported():
        assert "`{}`".format(metric) in text, "docs/operations.md does not list {}".format(metric)
    samples = set().union(*exported().values())
    section = text.split("## What each alert should watch", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| alert")]
    alerts = [code for row in rows for code in re.findall(r"`([^`]+)`", row.replace("\\|", "|")) if "(" in code]
    assert len(alerts) >= 10
    names = {name for expression in alerts for name in queried_names(expression)}
    assert names - {"up"} and not names - samples, (
        "docs/operations.md alerts on metrics nobody exports: {}".format(sorted(names - samples)))
