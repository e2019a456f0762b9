"""Isolation of a test run: its own RabbitMQ vhost, PostgreSQL databases, Redis prefix.

Names start with ``t_<run id>``, the run id starting with a UTC timestamp, so leftovers
of an interrupted run are recognised and removed by a later one after a few hours,
and can never be mistaken for the current run's.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from datetime import datetime, timezone
from urllib.parse import quote

import psycopg2
import requests

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_HOST_URL = os.environ.get("TEST_PG_URL_BASE", "postgresql+psycopg2://postgres@127.0.0.1:5432")
AMQP_BASE = os.environ.get("TEST_AMQP_BASE", "amqp://guest:guest@127.0.0.1:5672")
RABBIT_API = os.environ.get("TEST_RABBIT_API", "http://guest:guest@127.0.0.1:15672")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
STALE_AFTER_SECONDS = 6 * 3600


def new_run_id() -> str:
    return "{:%Y%m%d%H%M%S}_{}".format(datetime.now(timezone.utc), uuid.uuid4().hex[:6])


def _run_started(name: str) -> float | None:
    """The start time encoded in a ``t_<YYYYmmddHHMMSS>_...`` name."""
    try:
        stamp = name.split("_")[1]
        return datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc).timestamp()
    except (IndexError, ValueError):
        return None


def _stale(name: str) -> bool:
    started = _run_started(name)
    return started is not None and time.time() - started > STALE_AFTER_SECONDS


# --- RabbitMQ -------------------------------------------------------------------------

def _rabbitmqctl(*args: str) -> str:
    return subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def _use_rabbitmqctl() -> bool:
    return shutil.which("rabbitmqctl") is not None and os.environ.get("TEST_RABBIT_ADMIN") != "api"


def create_vhost(name: str) -> str:
    """Create vhost ``name`` with full rights for guest; return its AMQP URI."""
    if _use_rabbitmqctl():
        _rabbitmqctl("add_vhost", name)
        _rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    else:
        requests.put("{}/api/vhosts/{}".format(RABBIT_API, quote(name, safe=""))).raise_for_status()
        requests.put("{}/api/permissions/{}/guest".format(RABBIT_API, quote(name, safe="")),
                     json={"configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
    return "{}/{}".format(AMQP_BASE, quote(name, safe=""))


def delete_vhost(name: str) -> None:
    if _use_rabbitmqctl():
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", name], capture_output=True, timeout=60)
    else:
        requests.delete("{}/api/vhosts/{}".format(RABBIT_API, quote(name, safe="")))


def remove_stale_vhosts() -> None:
    if not _use_rabbitmqctl():
        return
    try:
        names = _rabbitmqctl("list_vhosts", "name").split()
    except subprocess.SubprocessError:
        return
    for name in names:
        if name.startswith("t_") and _stale(name):
            delete_vhost(name)


# --- PostgreSQL -----------------------------------------------------------------------

def _admin():
    connection = psycopg2.connect(PG_ADMIN_URL)
    connection.autocommit = True
    return connection


def create_database(name: str) -> str:
    """Create database ``name`` (UTF-8, so trigram indexes see Cyrillic letters)."""
    connection = _admin()
    try:
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS {}".format(name))
            cursor.execute("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0 "
                           "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'".format(name))
    finally:
        connection.close()
    return "{}/{}".format(PG_HOST_URL, name)


def drop_database(name: str) -> None:
    connection = _admin()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
            cursor.execute("DROP DATABASE IF EXISTS {}".format(name))
    finally:
        connection.close()


def remove_stale_databases() -> None:
    connection = _admin()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'")
            names = [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
    for name in names:
        if _stale(name):
            drop_database(name)


# --- Redis ----------------------------------------------------------------------------

def delete_prefix(redis_client, prefix: str) -> None:
    for name in redis_client.scan_iter(match=prefix + "*", count=500):
        redis_client.delete(name)
