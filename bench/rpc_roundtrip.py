"""A request through the gateway, beside its raw parts, on a running system of this run.

- ``HTTP only``: ``GET /healthz`` on the gateway (gunicorn + Flask, no RPC) — the HTTP floor;
- ``standalone RPC``: ``identity.ping`` with a Nameko ClusterRpcProxy (one DB ``SELECT 1``) — the RPC floor;
- ``gateway → identity.ping``: ``GET /readyz`` is not used (it fans out); ``GET /api/v1/me``
  authenticates, calls ``identity.get_me`` (one unit of work) and dumps the response.
"""
from __future__ import annotations

import secrets
import socket
import tempfile
from pathlib import Path

import requests
from nameko.standalone.rpc import ClusterRpcProxy

from bench.stats import measure, report
from kit.config import SERVICES
from kit.launcher import System
from kit.testing.fixtures import TestRun


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run() -> None:
    test_run = TestRun().start()
    port = _free_port()
    password = "bench-" + secrets.token_hex(6)
    env = {"AMQP_URI": test_run.amqp_uri, "REDIS_URL": test_run.redis_url, "REDIS_KEY_PREFIX": test_run.redis_prefix,
           "JWT_SECRET": secrets.token_hex(32), "BOOTSTRAP_ADMIN_EMAIL": "bench@platform.local",
           "BOOTSTRAP_ADMIN_PASSWORD": password, "LOG_LEVEL": "WARNING", "RATE_LIMIT_LOGIN_IP": "100000/60",
           "DEVELOPMENT_MODE": "1"}
    system = System(env, Path(tempfile.mkdtemp()), port,
                    database_urls={name: test_run.database_url(name) for name in SERVICES})
    try:
        system.migrate()
        system.start()
        system.wait_ready()
        http = requests.Session()
        token = http.post(system.base_url + "/api/v1/auth/login",
                          json={"login": "bench@platform.local", "password": password}).json()["access_token"]
        http.headers["Authorization"] = "Bearer " + token
        rows = {"HTTP only (GET /healthz)": measure(lambda: http.get(system.base_url + "/healthz").raise_for_status(), 500)}
        with ClusterRpcProxy({"AMQP_URI": test_run.amqp_uri}, timeout=10) as rpc:
            rows["standalone RPC identity.ping"] = measure(rpc.identity.ping, 500)
        rows["gateway GET /api/v1/me"] = measure(lambda: http.get(system.base_url + "/api/v1/me").raise_for_status(), 500)
        report("rpc_roundtrip", rows, {"sequential": "one client, one request at a time"})
    finally:
        system.stop()
        test_run.stop()
