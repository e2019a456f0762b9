"""PostgreSQL unavailable for a few seconds (issue 12): orders' database refuses
connections and its open ones are terminated; requests answer 503 `database_unavailable`
(never 500) and write nothing; once the database is back, the same service process serves
again without a restart and a retry with the client's key makes exactly one order."""
from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from kit.testing import infra
from kit.testing.wait import wait_for
from tests.integration.client import assert_problem


def _database(name: str, allow: bool) -> None:
    connection = infra._admin()
    try:
        with connection.cursor() as cursor:
            cursor.execute("ALTER DATABASE {} ALLOW_CONNECTIONS {}".format(name, "true" if allow else "false"))
            if not allow:
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
    finally:
        connection.close()


def test_orders_database_down_for_a_while_answers_503_and_recovers(system, make_user, catalog, test_run):  # noqa: F811
    client = make_user()
    order = {"service_id": catalog.request["id"], "fields": {"text": "Пропуск"}}
    first = client.ok("POST", "/orders", 201, json=order)
    database = urlsplit(test_run.database_url("orders")).path.lstrip("/")
    pid = system.processes["orders"].pid
    key = uuid.uuid4().hex
    _database(database, allow=False)
    try:
        assert_problem(client.post("/orders", json=order, headers={"Idempotency-Key": key}), 503,
                       "database_unavailable")
        assert_problem(client.get("/orders"), 503, "database_unavailable")
    finally:
        _database(database, allow=True)

    def created():
        response = client.post("/orders", json=order, headers={"Idempotency-Key": key})
        return response.json() if response.status_code == 201 else None

    second = wait_for(created, timeout=30, interval=0.5, message="orders serving again")
    numbers = sorted(o["number"] for o in client.ok("GET", "/orders", params={"per_page": 100})["items"])
    assert numbers == sorted([first["number"], second["number"]])
    assert system.processes["orders"].pid == pid and system.processes["orders"].poll() is None
