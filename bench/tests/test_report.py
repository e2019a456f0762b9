"""The report's arithmetic: medians, spreads, ratios to the baseline and the targets' verdicts.
No timing here: the figures are made up, the benchmarks themselves are never tests."""
import json

import pytest

from bench import stats
from bench.report import Report


def test_median_and_spread_of_runs():
    assert stats.median([3, 1, 2]) == 2
    assert stats.median([4, 1, 2, 3]) == 2.5
    assert stats.median([5, None, 1, 3]) == 3  # a run that measured nothing does not count
    assert stats.spread([90, 100, 110]) == {"min": 90, "max": 110, "relative": 0.2}
    with pytest.raises(ValueError):
        stats.median([])


def test_ratio_to_the_baseline():
    assert stats.ratio(8.0, 4.0) == 2.0
    assert stats.ratio(1.0, 3.0) == 0.33
    assert stats.ratio(1.0, 0) is None and stats.ratio(None, 1.0) is None


def test_targets_met_or_missed_by_how_much():
    at_most = {"op": "<=", "limit": 50, "text": "p99 ≤ 50 ms"}
    assert stats.evaluate(at_most, 50)["met"] is True
    missed = stats.evaluate(at_most, 75)
    assert missed["met"] is False and missed["verdict"].startswith("missed by 50%")
    at_least = {"op": ">=", "limit": 1000}
    assert stats.evaluate(at_least, 1000)["verdict"] == "met"
    assert stats.evaluate(at_least, 250)["verdict"].startswith("missed by 75%")
    assert stats.evaluate(at_least, None)["verdict"] == "not measured"
    assert stats.evaluate(None, 3) is None


def test_report_puts_the_baseline_beside_each_figure_and_judges_the_target(tmp_path):
    report = Report("test")
    raw = report.figure("amqp", "raw AMQP round trip", "ms", group="RPC")
    pool = report.figure("pool", "RPC through the pool", "ms", baseline="amqp", group="RPC",
                         target={"op": "<=", "limit": 2.0, "of": "ratio", "text": "≤ 2× raw AMQP"})
    rate = report.figure("rate", "order view", "req/s", better="higher", group="HTTP",
                         target={"op": ">=", "limit": 1000, "text": "≥ 1 000 req/s"})
    for value in (1.0, 1.2, 0.8):
        raw.add(value)
    for value in (3.0, 2.0, 3.3):
        pool.add(value)
    rate.add(500, p99=40)
    rate.add(700, p99=60)
    rows = {row["key"]: row for row in report.as_dict()["figures"]}
    assert rows["pool"]["median"] == 3.0 and rows["pool"]["baseline_median"] == 1.0
    assert rows["pool"]["ratio"] == 3.0
    assert rows["pool"]["evaluation"]["met"] is False  # 3× the raw round trip, the target is 2×
    assert rows["pool"]["evaluation"]["verdict"].startswith("missed by 50%")
    assert rows["rate"]["median"] == 600 and rows["rate"]["extra"] == {"p99": 50}
    assert rows["rate"]["evaluation"]["verdict"].startswith("missed by 40%")
    assert rows["amqp"]["evaluation"] is None and rows["amqp"]["ratio"] is None
    md, js = report.write(tmp_path)
    text = md.read_text()
    assert "| RPC through the pool | 3 ms |" in text and "3.00×" in text and "≤ 2× raw AMQP" in text
    assert "**missed by 50%" in text
    assert json.loads(js.read_text())["figures"][1]["ratio"] == 3.0


def test_a_figure_without_runs_says_not_measured():
    report = Report("test")
    report.figure("growth", "my orders at 10⁶", "ms", target={"op": "<=", "limit": 20, "text": "p99 ≤ 20 ms"},
                  note="skipped in quick mode")
    row = report.as_dict()["figures"][0]
    assert row["median"] is None and row["evaluation"]["verdict"] == "not measured"
    assert "not measured (skipped in quick mode)" in report.markdown()
