"""The gateway as gunicorn runs it (issue 13, items 3–5): a local run listens on the
loopback only, keeps its control socket to itself, sums the metrics of all its workers,
and writes gunicorn's own lines as JSON like every other line."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from kit.config import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the IPv4 sockets listening on ``port`` (from /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("var")
    port = free_port()
    env = {**os.environ, "PORT": str(port), "VAR_DIR": str(var_dir), "GATEWAY_WORKERS": "2",
           "GATEWAY_THREADS": "2", "JWT_SECRET": "x" * 40, "AMQP_URI": "amqp://guest:guest@127.0.0.1:1/",
           "LOG_FORMAT": "json", "PYTHONUNBUFFERED": "1"}
    for name in ("HOST", "PROMETHEUS_MULTIPROC_DIR"):
        env.pop(name, None)
    log = var_dir / "gateway.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "python:gateway.gunicorn_conf",
                                    "gateway.wsgi:app"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base = "http://127.0.0.1:{}".format(port)
    deadline = time.monotonic() + 60
    booted = 0
    while time.monotonic() < deadline and booted < 2:
        assert process.poll() is None, log.read_text()[-3000:]
        booted = log.read_text().count("Booting worker")
        time.sleep(0.2)
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.2)
    yield {"base": base, "port": port, "var_dir": var_dir, "log": log, "process": process}
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def test_a_local_run_listens_on_the_loopback_only(gunicorn):
    assert listening_addresses(gunicorn["port"]) == {"127.0.0.1"}


def test_the_control_socket_belongs_to_this_run(gunicorn):
    sockets = list(Path(gunicorn["var_dir"]).rglob("gunicorn.ctl"))
    assert [p.relative_to(gunicorn["var_dir"]) for p in sockets] == [
        Path("run", "gateway-{}".format(gunicorn["port"]), "gunicorn.ctl")]


def healthz_count(base: str) -> float:
    text = requests.get(base + "/metrics", headers={"Connection": "close"}, timeout=5).text
    samples = {(s.name, s.labels.get("endpoint"), s.labels.get("status")): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    return samples.get(("gateway_http_requests_total", "/healthz", "200"), 0.0)


def healthz_pids(log: Path) -> set:
    return {json.loads(line)["pid"] for line in log.read_text().splitlines() if '"path": "/healthz"' in line}


def test_metrics_add_up_over_every_worker(gunicorn):
    before = {healthz_count(gunicorn["base"]) for _ in range(6)}
    assert len(before) == 1  # every scrape, whichever worker answers it, sees the same sum
    sent = 0
    # new connections until both workers have served some (which one accepts is up to the
    # kernel; on a busy machine one may take many in a row), at least 30
    while sent < 30 or (len(healthz_pids(gunicorn["log"])) < 2 and sent < 600):
        assert requests.get(gunicorn["base"] + "/healthz", headers={"Connection": "close"}, timeout=5).ok
        sent += 1
    assert len(healthz_pids(gunicorn["log"])) == 2, "one worker served every request"
    after = {healthz_count(gunicorn["base"]) for _ in range(6)}
    assert after == {next(iter(before)) + sent}


def test_gunicorns_own_lines_are_json(gunicorn):
    lines = [line for line in gunicorn["log"].read_text().splitlines() if line.strip()]
    assert any("Booting worker" in line for line in lines)
    for line in lines:
        record = json.loads(line)
        assert record["service"] == "gateway" and record["level"] and record["timestamp"], line
