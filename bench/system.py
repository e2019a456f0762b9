"""The system under measurement, in the production shape, started by the bench command.

- PostgreSQL: a database per service of its own (``t_<run id>_<service>``, dropped at the
  end), RabbitMQ: a vhost of its own (``t_<run id>``), Redis: a prefix of its own — the same
  isolation as a test run (:class:`kit.testing.fixtures.TestRun`), so a bench never touches
  ``make run`` or another run; stale leftovers of an interrupted run are removed by a later one;
- every service started by ``kit.launcher.System`` (``python -m kit.runner <service>``), and a
  second replica of :data:`REPLICATED` (two processes consuming the same queues);
- the gateway under gunicorn with ``gateway/gunicorn_conf.py`` and :data:`GATEWAY_WORKERS`
  workers on port :data:`PORT` (18xxx: never the 8080 of ``make run``);
- the demo data of the manuals (``python -m scripts.demo``): the people (real sign-ins, real
  tokens), their orders and chats, coworking and support tickets.
"""
from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from kit.config import ROOT, SERVICES
from kit.launcher import System, _free_port, _stop
from kit.testing.fixtures import TestRun

PORT = 18080
SANDBOX_PORT = 18090
#: the raw Flask baseline's gunicorn (the gateway's settings, a minimal app)
FLASK_PORT = 18081
GATEWAY_WORKERS = 3
GATEWAY_THREADS = 8
REPLICATED = "orders"
ADMIN_EMAIL = "bench-admin@platform.local"
DEMO_PASSWORD = "demo-password"


class BenchSystem:
    """``embedded``: the shape of ``make run`` instead — a SQLite file per service, one
    gateway worker, no replica — on ports 18180/18190, for the embedded-vs-production
    comparison."""

    def __init__(self, say=print, embedded: bool = False):
        self.say = say
        self.embedded = embedded
        self.port = PORT + 100 if embedded else PORT
        self.sandbox_port = SANDBOX_PORT + 100 if embedded else SANDBOX_PORT
        self.run = None
        self.system: System | None = None
        self.flask = None
        self.var_dir = Path(tempfile.mkdtemp(prefix="bench-var-"))
        self.password = "bench-" + secrets.token_hex(8)
        self.tokens: dict[str, str] = {}

    @property
    def base_url(self) -> str:
        return self.system.base_url

    @property
    def amqp_uri(self) -> str:
        return self.run.amqp_uri

    def env(self) -> dict:
        return {
            "AMQP_URI": self.run.amqp_uri, "REDIS_URL": self.run.redis_url, "REDIS_KEY_PREFIX": self.run.redis_prefix,
            "JWT_SECRET": secrets.token_hex(32), "BOOTSTRAP_ADMIN_EMAIL": ADMIN_EMAIL,
            "BOOTSTRAP_ADMIN_PASSWORD": self.password, "PUBLIC_BASE_URL": "http://127.0.0.1:{}".format(self.port),
            # the sandbox payment provider and development secrets: the bench is no production deploy
            "DEVELOPMENT_MODE": "1", "LOG_LEVEL": "WARNING", "LOG_FORMAT": "json", "VAR_DIR": str(self.var_dir),
            "GATEWAY_WORKERS": str(GATEWAY_WORKERS), "GATEWAY_THREADS": str(GATEWAY_THREADS),
            # a bulkhead as wide as a worker's threads: at 64 connections a narrower one answers
            # 503 at once, and those quick refusals would count as throughput
            "RPC_POOL_SIZE": str(GATEWAY_THREADS), "RPC_SERVICE_CONCURRENCY": str(GATEWAY_THREADS),
            # the load comes from one address (wrk on this host): the per-IP limits would throttle it
            "RATE_LIMIT_LOGIN_IP": "1000000/60", "RATE_LIMIT_REGISTER_IP": "1000000/60",
            "RATE_LIMIT_AUTH_IP": "1000000/60", "PAYMENT_WEBHOOK_SECRET": secrets.token_hex(16),
        }

    def start(self) -> "BenchSystem":
        self.run = TestRun().start()
        if self.embedded:
            database_urls = {name: "sqlite:///{}/{}.sqlite3".format(self.var_dir, name) for name in SERVICES}
        else:
            database_urls = {name: self.run.database_url(name) for name in SERVICES}
        self.database_urls = database_urls
        env = self.env()
        if self.embedded:  # make run's defaults (gateway/settings.py)
            for name in ("GATEWAY_WORKERS", "GATEWAY_THREADS", "RPC_POOL_SIZE", "RPC_SERVICE_CONCURRENCY"):
                env.pop(name)
        self.system = System(env, self.var_dir / "logs", self.port, database_urls=database_urls,
                             sandbox_port=self.sandbox_port)
        self.say("migrating {} databases{}".format(len(SERVICES), " (SQLite)" if self.embedded else ""))
        self.system.migrate()
        if self.embedded:
            self.say("starting {} services and the gateway as make run does".format(len(SERVICES)))
            self.system.start()
        else:
            self.say("starting {} services, a second {} and the gateway ({} workers)".format(
                len(SERVICES), REPLICATED, GATEWAY_WORKERS))
            self.system.start()
            replica_env = dict(self.system._env_for(REPLICATED),
                               WEB_SERVER_ADDRESS="127.0.0.1:{}".format(_free_port()))
            self.system._spawn(REPLICATED + "-2", [sys.executable, "-m", "kit.runner", REPLICATED], replica_env)
        self.system.wait_ready(timeout=120)
        self.say("loading the demo data of the manuals")
        self.system.load_demo()
        return self

    def start_flask(self) -> str:
        """The raw HTTP baseline: a minimal Flask app under the gateway's gunicorn settings."""
        env = dict(self.system._env_for(None), PORT=str(FLASK_PORT))
        log = open(self.var_dir / "logs" / "flask-baseline.log", "ab")
        self.flask = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "python:gateway.gunicorn_conf",
                                       "bench.minimal_app:app"], cwd=ROOT, env=env, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        url = "http://127.0.0.1:{}".format(FLASK_PORT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(url + "/ping", timeout=2).status_code == 200:
                    return url
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("the Flask baseline did not start; see {}".format(log.name))

    #: seconds a bearer token is used before signing in again (access tokens live 900 s, a full
    #: run 15+ minutes: an expired token turns every request into a quick 401)
    TOKEN_REUSE = 300

    def token(self, email: str, password: str = DEMO_PASSWORD) -> str:
        token, at = self.tokens.get(email, (None, 0.0))
        if token is None or time.monotonic() - at > self.TOKEN_REUSE:
            answer = requests.post(self.base_url + "/api/v1/auth/login", json={"login": email, "password": password},
                                   timeout=30)
            answer.raise_for_status()
            token = answer.json()["access_token"]
            self.tokens[email] = (token, time.monotonic())
        return token

    def admin_token(self) -> str:
        return self.token(ADMIN_EMAIL, self.password)

    def database_dsn(self, service: str) -> str:
        return self.database_urls[service].replace("postgresql+psycopg2://", "postgresql://")

    def stop(self) -> None:
        if self.flask is not None:
            _stop([self.flask], 10)
        if self.system is not None:
            self.system.stop()
        if self.run is not None:
            self.run.stop()
        shutil.rmtree(self.var_dir, ignore_errors=True)
