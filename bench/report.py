"""The benchmark report: every figure's runs, median and spread, the raw baseline measured
in the same run beside it as a ratio, and issue 14's target with "met" or by how much it is
missed — written as ``bench/results/report.md`` and ``report.json``.

A figure is one number measured several times (runs); a figure may name another figure as
its ``baseline`` (the raw floor of the same kind: a plain AMQP round trip, a minimal Flask
endpoint, a primary-key SELECT). ``better`` says which way is good ("lower" for times,
"higher" for rates), which decides how the ratio reads. A ``target`` is
``{"op": "<=" | ">=", "limit": x, "of": "median" | "ratio", "text": "…"}``.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from bench import stats

PACKAGES = ("nameko", "kombu", "amqp", "eventlet", "Flask", "gunicorn", "SQLAlchemy", "psycopg2-binary",
            "redis", "marshmallow", "pika")


class Figure:
    def __init__(self, key: str, title: str, unit: str, better: str = "lower", baseline: str | None = None,
                 target: dict | None = None, group: str = "", note: str = ""):
        assert better in ("lower", "higher"), better
        self.key, self.title, self.unit, self.better = key, title, unit, better
        self.baseline, self.target, self.group, self.note = baseline, target, group, note
        self.values: list[float] = []
        #: other numbers of each run (p50/p95/p99 beside requests/s): name -> [value per run]
        self.extra: dict[str, list[float]] = {}

    def add(self, value: float | None, **extra) -> None:
        if value is not None:
            self.values.append(float(value))
        for name, v in extra.items():
            if v is not None:
                self.extra.setdefault(name, []).append(float(v))


class Report:
    def __init__(self, mode: str):
        self.mode = mode
        self.started = datetime.now(timezone.utc)
        self.figures: dict[str, Figure] = {}
        self.sections: dict[str, str] = {}  # group -> what it measures (a line under its heading)
        self.notes: list[str] = []
        self.machine = machine()
        self.versions: dict[str, str] = {}
        self.extra: dict = {}

    def figure(self, key: str, *args, **kwargs) -> Figure:
        if key not in self.figures:
            self.figures[key] = Figure(key, *args, **kwargs)
        return self.figures[key]

    # --- summary ----------------------------------------------------------------------

    def summary(self, key: str) -> dict:
        f = self.figures[key]
        row = {"key": f.key, "group": f.group, "title": f.title, "unit": f.unit, "better": f.better,
               "runs": f.values, "note": f.note}
        if not f.values:
            row.update(median=None, spread=None, baseline=f.baseline, baseline_median=None, ratio=None,
                       target=f.target, evaluation=stats.evaluate(f.target, None) if f.target else None)
            return row
        row["median"] = round(stats.median(f.values), 3)
        row["spread"] = stats.spread(f.values)
        row["extra"] = {name: round(stats.median(values), 3) for name, values in f.extra.items()}
        row["baseline"] = f.baseline
        base = self.figures.get(f.baseline) if f.baseline else None
        row["baseline_median"] = round(stats.median(base.values), 3) if base and base.values else None
        row["ratio"] = stats.ratio(row["median"], row["baseline_median"])
        row["target"] = f.target
        if f.target:
            value = row["ratio"] if f.target.get("of") == "ratio" else row["median"]
            row["evaluation"] = stats.evaluate(f.target, value)
        else:
            row["evaluation"] = None
        return row

    def as_dict(self) -> dict:
        return {"mode": self.mode, "started": self.started.isoformat(),
                "finished": datetime.now(timezone.utc).isoformat(), "machine": self.machine,
                "versions": self.versions, "notes": self.notes, "extra": self.extra,
                "figures": [self.summary(key) for key in self.figures]}

    # --- writing ----------------------------------------------------------------------

    def markdown(self) -> str:
        data = self.as_dict()
        m = data["machine"]
        lines = ["# Benchmark report ({} mode)".format(self.mode), "",
                 "Started {}, finished {}.".format(data["started"][:19] + "Z", data["finished"][:19] + "Z"), "",
                 "## Machine", "",
                 "- CPU: {} ({} cores)".format(m.get("cpu_model"), m.get("cores")),
                 "- load average at the start: {}".format(m.get("load_start")),
                 "- load average at the end: {}".format(" ".join("{:.2f}".format(x) for x in os.getloadavg())),
                 "- memory: {}".format(m.get("memory")),
                 "- system: {}".format(m.get("system")), "", "## Versions", ""]
        lines += ["- {}: {}".format(name, version) for name, version in data["versions"].items()]
        if data["notes"]:
            lines += ["", "## Notes", ""] + ["- " + note for note in data["notes"]]
        lines += ["", "Each figure: the median of its runs, the spread (min–max over the runs, and that range as a"
                      " share of the median), the raw baseline measured in this run and the ratio"
                      " figure / baseline, and issue 14's target: met, or missed by how much.", ""]
        group = None
        for row in data["figures"]:
            if row["group"] != group:
                group = row["group"]
                lines += ["", "## " + group, ""]
                if group in self.sections:
                    lines += [self.sections[group], ""]
                lines += ["| figure | median | spread (runs) | more | baseline | ratio | target | verdict |",
                          "|---|---|---|---|---|---|---|---|"]
            lines.append(_row(row, self.figures))
        return "\n".join(lines) + "\n"

    def write(self, directory: Path) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        md, js = directory / "report.md", directory / "report.json"
        js.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False, default=str))
        md.write_text(self.markdown())
        return md, js


def _num(value) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return "{:,.0f}".format(value).replace(",", " ")
    if abs(value) >= 10:
        return "{:.1f}".format(value)
    return "{:.3g}".format(value)


def _row(row: dict, figures: dict) -> str:
    if row["median"] is None:
        return "| {} | not measured{} | | | | | {} | {} |".format(
            row["title"], " ({})".format(row["note"]) if row["note"] else "",
            (row["target"] or {}).get("text", ""), (row["evaluation"] or {}).get("verdict", ""))
    s = row["spread"]
    spread = "{}–{} (±{:.0%}, {} runs)".format(_num(s["min"]), _num(s["max"]), (s["relative"] or 0) / 2,
                                              len(row["runs"]))
    extra = ", ".join("{} {}".format(name, _num(v)) for name, v in row.get("extra", {}).items())
    base = ""
    if row["baseline"]:
        title = figures[row["baseline"]].title if row["baseline"] in figures else row["baseline"]
        base = "{} {} ({})".format(_num(row["baseline_median"]), row["unit"], title)
    ratio = "{:.2f}×".format(row["ratio"]) if row["ratio"] is not None else ""
    target = (row["target"] or {}).get("text", "")
    verdict = (row["evaluation"] or {}).get("verdict", "")
    if verdict and verdict != "met":
        verdict = "**" + verdict + "**"
    title = row["title"] + (" — " + row["note"] if row["note"] else "")
    return "| {} | {} {} | {} | {} | {} | {} | {} | {} |".format(title, _num(row["median"]), row["unit"], spread,
                                                               extra, base, ratio, target, verdict)


# --- the machine and the versions ---------------------------------------------------------

def machine() -> dict:
    model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = "{:.1f} GiB".format(int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return {"cpu_model": model or platform.processor(), "cores": os.cpu_count(),
            "load_start": " ".join("{:.2f}".format(x) for x in os.getloadavg()), "memory": memory,
            "system": "{} {}".format(platform.system(), platform.release()), "at": time.time()}


def package_versions() -> dict:
    found = {"Python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def tool_version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "not found"
    text = (result.stdout or result.stderr).strip().splitlines()
    return text[0] if text else "unknown"
