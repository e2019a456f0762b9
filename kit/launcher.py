"""Start the whole system as processes: every service, the gateway and, for local runs and
tests, the sandbox payment provider.

Used by ``make run`` (``python -m kit.launcher``) and by the integration tests, so what
the tests drive is what an operator runs: ``kit.migrate`` once per service, then the
sandbox provider (``python -m sandbox``), ``kit.runner <service>`` per service and gunicorn
with the gateway; ``make run`` then loads the demo data with ``python -m scripts.demo``.
Everything is started as a command, never imported: the kit does not depend on the
sandbox or the demo scripts, which production never ships.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests

from kit import config
from kit.config import ROOT, SERVICES
from kit.redis import STARTUP_PENDING, connect, key as redis_key
from kit.testing.infra import create_vhost  # the same vhosts as a test run's, for a local run

SANDBOX_PROVIDER = "sandbox-provider"
#: seconds the startup mark lives if the launcher dies before deleting it
STARTUP_KEY_TTL = 900


class ProcessFailed(RuntimeError):
    pass


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


class SandboxProvider:
    """The sandbox payment provider (``python -m sandbox``, a development stand-in for a real
    provider) as a process of its own on ``port``; billing reaches it at :attr:`url`
    (``SANDBOX_PROVIDER_URL``). ``env`` needs ``REDIS_URL``, ``REDIS_KEY_PREFIX``,
    ``PAYMENT_WEBHOOK_SECRET`` and ``PUBLIC_BASE_URL`` (the gateway, where its webhooks go;
    or ``SANDBOX_PROVIDER_WEBHOOK_URL``). Usable from any conftest::

        sandbox = SandboxProvider(env, log_dir / "sandbox.log").start()
        ...  # SANDBOX_PROVIDER_URL=sandbox.url in billing's config
        sandbox.stop()
    """

    def __init__(self, env: dict, log_path: Path, port: int | None = None):
        self.port = port or _free_port()
        self.url = "http://127.0.0.1:{}".format(self.port)
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1", "SANDBOX_PROVIDER_PORT": str(self.port)}
        self.log_path = Path(log_path)
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> "SandboxProvider":
        """Start it and wait until it answers ``/healthz``."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "sandbox"], cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ProcessFailed("the sandbox provider exited with {}:\n{}".format(
                    self.process.returncode, _tail(self.log_path)))
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException as exc:
                last = repr(exc)
            time.sleep(0.1)
        raise ProcessFailed("the sandbox provider did not answer within {} s: {}\n{}".format(
            timeout, last, _tail(self.log_path)))

    def stop(self, grace: float = 10.0) -> None:
        if self.process is not None:
            _stop([self.process], grace)
            self.process = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(processes, grace: float) -> None:
    """SIGTERM each process group, SIGKILL what is still running after ``grace`` seconds."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Restart:
    """One supervised process's backoff: the next delay, when the restart is due."""

    FIRST, LONGEST, STABLE = 1.0, 30.0, 60.0

    def __init__(self, now: float):
        self.delay = self.FIRST
        self.due: float | None = None
        self.since = now

    def running(self, now: float) -> None:
        if now - self.since >= self.STABLE:
            self.delay = self.FIRST

    def started(self, now: float) -> None:
        self.due = None
        self.since = now
        self.delay = min(self.delay * 2, self.LONGEST)


class System:
    """``sandbox_port``: also run the sandbox payment provider on that port (local runs and
    tests); every process gets ``SANDBOX_PROVIDER_URL`` pointing at it. ``web_port``: also
    run the web app (``web/``, gunicorn) there; it reaches the API at :attr:`base_url`
    (``GATEWAY_URL``) and its own links are under :attr:`web_base_url`."""

    def __init__(self, env: dict, log_dir: Path, port: int, services=SERVICES,
                 database_urls: dict | None = None, sandbox_port: int | None = None,
                 web_port: int | None = None):
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1", "SERVICES": ",".join(services),
                    "PORT": str(port)}
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.port = port
        self.services = list(services)
        self.database_urls = database_urls or {}
        #: each service's own web server (/healthz, /readyz, /metrics) on the loopback
        self.web_ports = {service: _free_port() for service in self.services}
        self.processes: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, tuple[list[str], dict]] = {}
        self.restarts: dict[str, Restart] = {}
        self.web_port = web_port
        self.sandbox = None
        if sandbox_port:
            self.sandbox = SandboxProvider(env, self.log_path(SANDBOX_PROVIDER), sandbox_port)
            self.env["SANDBOX_PROVIDER_URL"] = self.sandbox.url

    @property
    def sandbox_url(self) -> str | None:
        """Where the sandbox payment provider answers (its API and confirmation pages)."""
        return self.sandbox.url if self.sandbox else None

    @property
    def base_url(self) -> str:
        return "http://127.0.0.1:{}".format(self.port)

    @property
    def web_base_url(self) -> str | None:
        """Where the web app answers (None: this system runs without it)."""
        return "http://127.0.0.1:{}".format(self.web_port) if self.web_port else None

    def _web_env(self) -> dict:
        return {**self._env_for(None), "GATEWAY_URL": self.base_url, "WEB_HOST": "127.0.0.1",
                "WEB_PORT": str(self.web_port), "PUBLIC_BASE_URL": self.web_base_url}

    def web_url(self, service: str) -> str:
        """Where ``service`` answers ``/healthz``, ``/readyz`` and ``/metrics``."""
        return "http://127.0.0.1:{}".format(self.web_ports[service])

    def _env_for(self, service: str | None) -> dict:
        env = dict(self.env)
        if service and service in self.database_urls:
            env["DATABASE_URL"] = self.database_urls[service]
        if service in self.web_ports:
            env["WEB_SERVER_ADDRESS"] = "127.0.0.1:{}".format(self.web_ports[service])
        return env

    def log_path(self, name: str) -> Path:
        return self.log_dir / "{}.log".format(name)

    def migrate(self) -> None:
        for service in self.services:
            result = subprocess.run([sys.executable, "-m", "kit.migrate", service], cwd=ROOT,
                                    env=self._env_for(service), capture_output=True, text=True)
            if result.returncode != 0:
                raise ProcessFailed("migrating {} failed:\n{}{}".format(service, result.stdout[-3000:], result.stderr[-3000:]))

    def _spawn(self, name: str, command: list[str], env: dict) -> None:
        self.commands[name] = (command, env)
        with open(self.log_path(name), "ab") as log:
            self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                                    stderr=subprocess.STDOUT, start_new_session=True)

    def start(self) -> None:
        if self.sandbox:
            self.sandbox.start()
            self.processes[SANDBOX_PROVIDER] = self.sandbox.process
        for service in self.services:
            self._spawn(service, [sys.executable, "-m", "kit.runner", service], self._env_for(service))
        self._spawn("gateway", [sys.executable, "-m", "gunicorn", "--config", "python:gateway.gunicorn_conf",
                                "gateway.wsgi:app"], self._env_for(None))
        if self.web_port:
            self._spawn("web", [sys.executable, "-m", "gunicorn", "--config", "python:web.gunicorn_conf",
                                "web.wsgi:app"], self._web_env())

    def restart(self, service: str, timeout: float = 60.0) -> None:
        """Stop one service (SIGTERM, as a deploy does) and start it again, then wait until the
        system is ready: what it keeps must survive (tests of state kept in the database)."""
        process = self.processes.pop(service)
        _stop([process], 20.0)
        self._spawn(service, [sys.executable, "-m", "kit.runner", service], self._env_for(service))
        self.wait_ready(timeout)

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise ProcessFailed("{} exited with {}; last log lines:\n{}".format(
                    name, process.returncode, self.tail(name)))

    def supervise(self, now: float | None = None, say=print) -> list[str]:
        """Restart every process that has exited, each with its own backoff (1 s, doubling up
        to 30 s; back to 1 s once it has stayed up for a minute), and say so in the log.
        One crash never stops the rest. Returns the names restarted by this call."""
        now = time.monotonic() if now is None else now
        restarted = []
        for name, process in list(self.processes.items()):
            restart = self.restarts.setdefault(name, Restart(now))
            if process.poll() is None:
                restart.running(now)
                continue
            if restart.due is None:
                restart.due = now + restart.delay
                say("{} exited with {}; restarting it in {:g} s (last log lines in {})".format(
                    name, process.returncode, restart.delay, self.log_path(name)), flush=True)
            if now < restart.due:
                continue
            if name == SANDBOX_PROVIDER and self.sandbox:
                self._respawn_sandbox()
            else:
                command, env = self.commands[name]
                self._spawn(name, command, env)
            restart.started(now)
            say("{} restarted (pid {})".format(name, self.processes[name].pid), flush=True)
            restarted.append(name)
        return restarted

    def _respawn_sandbox(self) -> None:
        with open(self.sandbox.log_path, "ab") as log:
            self.sandbox.process = subprocess.Popen([sys.executable, "-m", "sandbox"], cwd=ROOT, env=self.sandbox.env,
                                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes[SANDBOX_PROVIDER] = self.sandbox.process

    def tail(self, name: str, lines: int = 40) -> str:
        return _tail(self.log_path(name), lines)

    def wait_ready(self, timeout: float = 60.0, starting: bool = False) -> None:
        """Wait until the gateway's ``/readyz`` says ready, and the web app's when it runs;
        ``starting``: until everything but the startup itself is (the demo data is still to
        be loaded, :func:`main`)."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                response = requests.get(self.base_url + "/readyz", timeout=5)
                if response.status_code == 200 and self.web_port:
                    web = requests.get(self.web_base_url + "/readyz", timeout=5)
                    if web.status_code != 200:
                        last = "web: " + web.text
                        time.sleep(0.3)
                        continue
                if response.status_code == 200:
                    return
                last = response.text
                if starting and response.status_code == 503 and _only_startup_pending(response):
                    return
            except requests.RequestException as exc:
                last = repr(exc)
            time.sleep(0.3)
        raise ProcessFailed("the system was not ready within {} s: {}\n{}".format(
            timeout, last, "\n".join(self.tail(n, 15) for n in self.processes)))

    def stop(self, grace: float = 20.0) -> None:
        _stop(list(self.processes.values()), grace)
        self.processes.clear()
        if self.sandbox:
            self.sandbox.process = None

    def load_demo(self, today: date | None = None, timeout: float = 600.0) -> None:
        """The demo data from the manuals, through the gateway (``python -m scripts.demo``,
        signing in as ``BOOTSTRAP_ADMIN_EMAIL``/``BOOTSTRAP_ADMIN_PASSWORD``); loading it
        again changes nothing. ``today`` places the demo's bookings (default: the date)."""
        command = [sys.executable, "-m", "scripts.demo", "--base-url", self.base_url]
        if today is not None:
            command += ["--today", today.isoformat()]
        result = subprocess.run(command, cwd=ROOT, env=self._env_for(None), capture_output=True, text=True,
                                timeout=timeout)
        if result.returncode != 0:
            raise ProcessFailed("loading the demo data failed:\n{}{}".format(result.stdout[-3000:],
                                                                            result.stderr[-3000:]))


def _only_startup_pending(response) -> bool:
    """A 503 from ``/readyz`` whose only failing check is the startup (see :func:`main`)."""
    try:
        checks = response.json().get("checks") or {}
    except ValueError:
        return False
    return bool(checks) and all(value == "ok" for name, value in checks.items() if name != "startup")


class Stopped(Exception):
    """The launcher was told to stop (Ctrl-C, SIGTERM, or SIGHUP: its terminal closed)."""


def stop_on_signals() -> threading.Event:
    """Ctrl-C, SIGTERM and SIGHUP stop the run: the first one raises :class:`Stopped` in the
    main thread (interrupting a start-up step too; :func:`subprocess.run` kills its child),
    later ones are ignored while everything stops. Returns the event that says so."""
    stopping = threading.Event()

    def stop(signum, frame):
        if stopping.is_set():
            return
        stopping.set()
        raise Stopped(signal.Signals(signum).name)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    return stopping


def supervise_until_stopped(system: System, stopping: threading.Event) -> None:
    while not stopping.is_set():
        system.supervise()
        stopping.wait(0.5)


def _own_vhost(amqp_uri: str) -> None:
    """Create the run's RabbitMQ vhost (``kit.config.local_run``) if it is missing."""
    vhost = unquote(urlsplit(amqp_uri).path.lstrip("/"))
    if vhost and vhost != "/":
        try:
            create_vhost(vhost)
        except (OSError, subprocess.SubprocessError, requests.RequestException) as exc:
            raise ProcessFailed("could not create this run's RabbitMQ vhost {!r} ({}): create it (rabbitmqctl "
                                "add_vhost {} and set_permissions), or set AMQP_URI".format(vhost, exc, vhost))


def main() -> int:
    """``make run``: migrate, start everything, load demo data, run until Ctrl-C, SIGTERM or
    SIGHUP (closing the terminal), then stop every process it started."""
    port = int(config.get("PORT", "8080"))
    # the web app on the next port; people open it, so the links the platform sends point
    # to it (PUBLIC_BASE_URL), while what must reach the API names the gateway explicitly
    web_port = int(config.get("WEB_PORT", str(port + 1)))
    gateway_url = "http://127.0.0.1:{}".format(port)
    own = config.local_run(port)
    env = {
        # a local run: development secrets and the sandbox payment provider are fine here
        "DEVELOPMENT_MODE": config.get("DEVELOPMENT_MODE", "1"),
        "BOOTSTRAP_ADMIN_EMAIL": config.get("BOOTSTRAP_ADMIN_EMAIL", "admin@platform.local"),
        "BOOTSTRAP_ADMIN_PASSWORD": config.get("BOOTSTRAP_ADMIN_PASSWORD", "admin-change-me"),
        "PUBLIC_BASE_URL": config.get("PUBLIC_BASE_URL", "http://127.0.0.1:{}".format(web_port)),
        # the sandbox provider's webhooks go to the gateway, not to PUBLIC_BASE_URL (the web app)
        "SANDBOX_PROVIDER_WEBHOOK_URL": config.get("SANDBOX_PROVIDER_WEBHOOK_URL",
                                                   gateway_url + "/api/v1/billing/providers/sandbox/webhook"),
        "WEB_SECRET_KEY": config.get("WEB_SECRET_KEY", "dev-insecure-web-secret-change-me"),
        # this run's own vhost and Redis prefix: another run on another PORT is another system
        **own,
    }
    system = System(env, Path(config.get("VAR_DIR")) / "logs", port,
                    sandbox_port=int(config.get("SANDBOX_PROVIDER_PORT", "8090")), web_port=web_port)
    redis = connect(config.get("REDIS_URL"))
    startup_key = redis_key(own, STARTUP_PENDING)

    def start_up():
        _own_vhost(own["AMQP_URI"])
        # the gateway's /readyz says "not ready" until the demo data is in (gateway.blueprints.ops)
        redis.set(startup_key, "loading demo data", ex=STARTUP_KEY_TTL)
        print("Migrating databases and declaring queues ...", flush=True)
        system.migrate()
        print("Starting the sandbox payment provider, {}, the gateway and the web app ...".format(
            ", ".join(system.services)),
              flush=True)
        system.start()
        system.wait_ready(timeout=90, starting=True)
        print("Loading demo data from the manuals ...", flush=True)
        system.load_demo()
        redis.delete(startup_key)
        print("""
The platform is up.
  Web app:   {web}   (the client's cabinet; the links in e-mails lead here)
  API:       {url}/api/v1
  API docs:  {url}/api/v1/docs  {url}/api/v1/redoc   (OpenAPI: {url}/api/v1/openapi.json)
  Health:    {url}/healthz  {url}/readyz  {url}/metrics
  Services:  {services}   (each: /healthz /readyz /metrics)
  Sandbox:   {sandbox}   (the payment provider where card payments are confirmed)
  Admin:     {email} / {password}
  Demo users (password "demo-password"): see README, "Demo data"
  Logs:      {logs}
Press Ctrl-C to stop.""".format(url=system.base_url, web=system.web_base_url, email=env["BOOTSTRAP_ADMIN_EMAIL"],
                                 password=env["BOOTSTRAP_ADMIN_PASSWORD"], logs=system.log_dir,
                                 sandbox=system.sandbox_url,
                                 services="  ".join("{} {}".format(name, system.web_url(name))
                                                    for name in system.services)), flush=True)

    try:
        return serve(system, start_up)
    finally:
        try:
            redis.delete(startup_key)
        except Exception:  # Redis gone: the key expires by itself
            pass


def serve(system: System, start_up) -> int:
    """Run ``start_up()``, then supervise ``system`` until Ctrl-C, SIGTERM or SIGHUP (also
    during the start-up), then stop every process it started."""
    stopping = stop_on_signals()
    try:
        start_up()
        supervise_until_stopped(system, stopping)
    except Stopped:
        pass
    except ProcessFailed as failure:
        print(str(failure), file=sys.stderr)
        return 1
    finally:
        print("Stopping ...", flush=True)
        system.stop()
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
