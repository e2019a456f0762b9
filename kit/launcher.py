"""Start the whole system as processes: every service and the gateway.

Used by ``make run`` (``python -m kit.launcher``) and by the integration tests, so what
the tests drive is what an operator runs: ``kit.migrate`` once per service, then
``kit.runner <service>`` per service, then gunicorn with the gateway.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from kit.config import ROOT
from kit.config import SERVICES


class ProcessFailed(RuntimeError):
    pass


class System:
    def __init__(self, env: dict, log_dir: Path, port: int, services=SERVICES,
                 database_urls: dict | None = None):
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1", "SERVICES": ",".join(services),
                    "PORT": str(port)}
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.port = port
        self.services = list(services)
        self.database_urls = database_urls or {}
        self.processes: dict[str, subprocess.Popen] = {}

    @property
    def base_url(self) -> str:
        return "http://127.0.0.1:{}".format(self.port)

    def _env_for(self, service: str | None) -> dict:
        env = dict(self.env)
        if service and service in self.database_urls:
            env["DATABASE_URL"] = self.database_urls[service]
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
        log = open(self.log_path(name), "ab")
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)

    def start(self) -> None:
        for service in self.services:
            self._spawn(service, [sys.executable, "-m", "kit.runner", service], self._env_for(service))
        self._spawn("gateway", [sys.executable, "-m", "gunicorn", "--config", "python:gateway.gunicorn_conf",
                                "gateway.wsgi:app"], self._env_for(None))

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise ProcessFailed("{} exited with {}; last log lines:\n{}".format(
                    name, process.returncode, self.tail(name)))

    def tail(self, name: str, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path(name).read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                response = requests.get(self.base_url + "/readyz", timeout=5)
                if response.status_code == 200:
                    return
                last = response.text
            except requests.RequestException as exc:
                last = repr(exc)
            time.sleep(0.3)
        raise ProcessFailed("the system was not ready within {} s: {}\n{}".format(
            timeout, last, "\n".join(self.tail(n, 15) for n in self.processes)))

    def stop(self, grace: float = 20.0) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def main() -> int:
    """``make run``: migrate, start everything, load demo data, run until Ctrl-C."""
    from kit import config

    port = int(config.get("PORT", "8080"))
    env = {
        "BOOTSTRAP_ADMIN_EMAIL": config.get("BOOTSTRAP_ADMIN_EMAIL", "admin@platform.local"),
        "BOOTSTRAP_ADMIN_PASSWORD": config.get("BOOTSTRAP_ADMIN_PASSWORD", "admin-change-me"),
        "PUBLIC_BASE_URL": config.get("PUBLIC_BASE_URL", "http://127.0.0.1:{}".format(port)),
    }
    system = System(env, Path(config.get("VAR_DIR")) / "logs", port)
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        print("Migrating databases and declaring queues ...", flush=True)
        system.migrate()
        print("Starting {} and the gateway ...".format(", ".join(system.services)), flush=True)
        system.start()
        system.wait_ready(timeout=90)
        from scripts import demo_data

        print("Loading demo data from the manuals ...", flush=True)
        demo_data.load(system.base_url, env["BOOTSTRAP_ADMIN_EMAIL"], env["BOOTSTRAP_ADMIN_PASSWORD"])
        print("""
The platform is up.
  API:       {url}/api/v1
  API docs:  {url}/api/v1/docs   (OpenAPI: {url}/api/v1/openapi.json)
  Health:    {url}/healthz  {url}/readyz  {url}/metrics
  Admin:     {email} / {password}
  Demo users (password "demo-password"): see README, "Demo data"
  Logs:      {logs}
Press Ctrl-C to stop.""".format(url=system.base_url, email=env["BOOTSTRAP_ADMIN_EMAIL"],
                                 password=env["BOOTSTRAP_ADMIN_PASSWORD"], logs=system.log_dir), flush=True)
        while not stopping:
            system.check_alive()
            time.sleep(0.5)
    except ProcessFailed as failure:
        print(str(failure), file=sys.stderr)
        return 1
    finally:
        print("Stopping ...", flush=True)
        system.stop()
    print("Stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
