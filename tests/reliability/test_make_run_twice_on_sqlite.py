"""``make run`` twice on the embedded default (SQLite) leaves one copy of everything
(issue 13, item 6): the second run's demo loader finds what the first one loaded — the
catalog, the people, their payers, orders, tickets, e-mails — and adds nothing. Between the
runs and after them the searches the demo and the people rely on find Russian names typed in
any case, as on PostgreSQL.

The test runs what an operator runs: ``python -m kit.launcher`` (what ``make run`` starts) with
its own ``VAR_DIR`` (the SQLite files, the sandbox's e-mails), ports, RabbitMQ vhost and
Redis prefix, waits for "The platform is up.", lets it settle, stops it with SIGTERM as
Ctrl-C would, and does it all again. Every table of every service's SQLite file is counted
after each run."""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kit.config import ROOT, SERVICES
from kit.redis import connect
from kit.testing import infra

ADMIN_EMAIL, ADMIN_PASSWORD = "admin@sqlite.platform.local", "sqlite-admin-password-1"
UP = "The platform is up."
#: what a run may take to migrate, start and load the demo on a busy machine
START_TIMEOUT = 600
#: rows a second run adds without copying anything: each sign-in of the demo loader keeps a
#: refresh token, and is an entry of the action log, published through identity's outbox
#: (exactly one of each per sign-in, below); nothing else may grow
SIGN_INS = {("identity", "refresh_tokens"), ("identity", "action_log"), ("identity", "outbox")}
SESSION_ENTRIES = ("identity", "action_log: sign-ins and sign-outs")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


def make_run(env: dict, log: Path) -> subprocess.Popen:
    """``make run``: the launcher in its own process group, until :data:`UP` or a failure."""
    with open(log, "ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "kit.launcher"], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if UP in log.read_text(errors="replace").split("=== run")[-1]:
            return process
        if process.poll() is not None:
            raise AssertionError("make run exited with {}:\n{}".format(process.returncode, tail(log)))
        time.sleep(1)
    stop(process)
    raise AssertionError("make run was not up within {} s:\n{}".format(START_TIMEOUT, tail(log)))


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C: the launcher stops every process it started, then itself."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    assert process.returncode == 0, "make run did not stop cleanly ({})".format(process.returncode)


def counts(var_dir: Path) -> dict:
    """(service, table) → rows, for every table of every service's SQLite file, and the
    e-mails the sandbox wrote."""
    found = {}
    for service in SERVICES:
        connection = sqlite3.connect("file:{}?mode=ro".format(var_dir / "{}.sqlite3".format(service)), uri=True,
                                     timeout=30)
        try:
            tables = [row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            for table in tables:
                found[(service, table)] = connection.execute('SELECT count(*) FROM "{}"'.format(table)).fetchone()[0]
            if service == "identity":
                found[SESSION_ENTRIES] = connection.execute(
                    "SELECT count(*) FROM action_log WHERE action LIKE 'session.%'").fetchone()[0]
        finally:
            connection.close()
    found[("sandbox", "e-mails")] = len(list((var_dir / "sandbox" / "mail").glob("*.eml")))
    return found


def settled(var_dir: Path, quiet: float = 6.0, timeout: float = 180.0) -> dict:
    """The counts once nothing has changed for ``quiet`` seconds (events handled, e-mails sent)."""
    deadline = time.monotonic() + timeout
    last, since = counts(var_dir), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(1)
        now = counts(var_dir)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return now
    raise AssertionError("the run did not settle within {} s".format(timeout))


def duplicates(var_dir: Path) -> dict:
    """Values that must be one of a kind: the catalog's names, people's e-mails, payers' names
    per account, support's departments and ticket subjects per author."""
    checks = {
        "orders": "SELECT name, count(*) FROM catalog_services GROUP BY name HAVING count(*) > 1",
        "identity": "SELECT email, count(*) FROM users GROUP BY email HAVING count(*) > 1",
        "support": "SELECT subject, count(*) FROM tickets GROUP BY author_id, subject HAVING count(*) > 1",
        "billing": "SELECT name, count(*) FROM payers GROUP BY account_id, name HAVING count(*) > 1",
    }
    found = {}
    for service, statement in checks.items():
        connection = sqlite3.connect("file:{}?mode=ro".format(var_dir / "{}.sqlite3".format(service)), uri=True)
        try:
            rows = connection.execute(statement).fetchall()
        finally:
            connection.close()
        if rows:
            found[service] = rows
    return found


def search(base_url: str) -> dict:
    """The searches of the demo people through the gateway, typed in capitals and with ё."""
    api = requests.Session()
    token = api.post(base_url + "/api/v1/auth/login", json={"login": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
                     timeout=30).json()["access_token"]
    api.headers["Authorization"] = "Bearer " + token

    def names(path, q, key="name", **params):
        answer = api.get(base_url + "/api/v1" + path, params={"q": q, "per_page": 100, **params}, timeout=30)
        assert answer.status_code == 200, answer.text
        return sorted(item[key] for item in answer.json()["items"])

    return {
        "catalog": names("/catalog/services", "КОНСУЛЬТАЦИЯ бухгалтера"),
        "catalog, two words": names("/catalog/services", "КОФЕ ЕДА"),
        "people": names("/users", "МАРИНА", key="email"),
        "companies": names("/companies", "КОМПАНИЯ №1"),
    }


@pytest.mark.integration
@pytest.mark.timeout(1500)
def test_make_run_twice_on_sqlite_leaves_one_copy_of_everything(tmp_path):
    name = "t_{}_sqlite".format(infra.new_run_id())
    amqp_uri = infra.create_vhost(name)
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "TEST_CLOCK", "PORT")}
    env.update({
        "VAR_DIR": str(tmp_path / "var"), "PORT": str(port), "SANDBOX_PROVIDER_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),  # not PORT + 1, which another process may hold
        "AMQP_URI": amqp_uri, "REDIS_URL": infra.REDIS_URL, "REDIS_KEY_PREFIX": name + ":",
        "BOOTSTRAP_ADMIN_EMAIL": ADMIN_EMAIL, "BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PUBLIC_BASE_URL": "http://127.0.0.1:{}".format(port), "LOG_LEVEL": "WARNING",
    })
    var_dir, log = tmp_path / "var", tmp_path / "make-run.log"
    base_url = "http://127.0.0.1:{}".format(port)
    try:
        log.write_text("=== run 1\n")
        first_run = make_run(env, log)
        try:
            first = settled(var_dir)
            searched = search(base_url)
        finally:
            stop(first_run)
        assert first[("orders", "catalog_services")] > 0 and first[("sandbox", "e-mails")] > 0

        with open(log, "a") as out:
            out.write("=== run 2\n")
        second_run = make_run(env, log)
        try:
            second = settled(var_dir)
            assert search(base_url) == searched
        finally:
            stop(second_run)
    finally:
        infra.delete_vhost(name)
        infra.delete_prefix(connect(infra.REDIS_URL), name + ":")

    grown = {key: (first[key], second.get(key)) for key in first if second.get(key) != first[key]
             and key not in SIGN_INS and key != SESSION_ENTRIES}
    # the log and the outbox grew by the second run's sign-ins, one entry and one event each
    sign_ins = second[SESSION_ENTRIES] - first[SESSION_ENTRIES]
    assert sign_ins > 0
    for key in (("identity", "action_log"), ("identity", "outbox")):
        assert second[key] - first[key] == sign_ins, (key, first[key], second[key], sign_ins)
    assert grown == {}, "the second make run changed these (rows after the first → after the second): {}".format(grown)
    assert duplicates(var_dir) == {}
    assert searched == {
        "catalog": ["Консультация бухгалтера"],
        "catalog, two words": ["Кофе и еда от Monkey Grinder"],
        "people": ["marina@demo.platform.local"],
        "companies": ["Компания №1"],
    }
