"""Support's ticket list (S2) and client analytics (S6) at 10³ and 10⁵ tickets on PostgreSQL.

One freshly migrated support database; the same customer (a member of one of ten
organisations, so a tenth of the tickets are theirs) asks at both sizes. Cases, each beside
its floor in the same run:
- ``list: service handler`` — ``handlers.tickets.list_tickets`` as the service runs it (ORM,
  unit of work, the customer's organisations, count, newest page merged from ordered index
  reads, names, unread counts); ``list: raw SQL`` — the same count and page with psycopg2;
- ``analytics: service handler`` — ``handlers.analytics.client_report`` for the last 30 days
  (six grouped queries); ``analytics: raw SQL`` — the same aggregates with psycopg2.
The report gives, per size, the handler's p50 over the raw SQL's, and each case's growth
from 10³ to 10⁵ (the database does the work: both should stay flat within 2×).
"""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone

import psycopg2
from psycopg2.extras import execute_values

from bench.stats import measure, report
from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from kit.testing import infra
from services.support.dependencies import Deps
from services.support.handlers import analytics, tickets

SIZES = (1_000, 100_000)
ORGANISATIONS = 10
STATUSES = ("new", "in_progress", "awaiting_customer", "resolved", "closed")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
CLIENT = "00000000-0000-4000-8000-000000000001"


def _id(kind: int, i: int) -> str:
    return "00000000-0000-4{:03d}-8000-{:012d}".format(kind, i)


def seed_reference(cursor) -> None:
    cursor.execute("INSERT INTO departments (id, name, position, active, required_fields, created_at, updated_at)"
                   " VALUES (%s, 'Техническая поддержка', 0, true, '[]', now(), now())", (_id(1, 0),))
    for o in range(ORGANISATIONS):
        cursor.execute("INSERT INTO organisations (id, name) VALUES (%s, %s)", (_id(2, o), "Компания №{}".format(o)))
        for j in range(10):
            cursor.execute("INSERT INTO objects (id, organisation_id, name, address, active) VALUES (%s, %s, %s, '',"
                           " true)", (_id(3, o * 10 + j), _id(2, o), "Объект {}-{}".format(o, j)))
    cursor.execute("INSERT INTO organisation_members (organisation_id, user_id) VALUES (%s, %s)", (_id(2, 0), CLIENT))


def seed_tickets(cursor, start: int, stop: int) -> None:
    rng = random.Random(start)
    rows = []
    for n in range(start, stop):
        organisation = n % ORGANISATIONS
        created = NOW - timedelta(minutes=rng.randint(1, 180 * 24 * 60))
        status = rng.choice(STATUSES)
        resolved = created + timedelta(minutes=rng.randint(10, 5000)) if status in ("resolved", "closed") else None
        rows.append((str(uuid.UUID(int=n + 1)), 100001 + n, _id(1, 0), "Заявка {}".format(n), "",
                     _id(2, organisation), _id(3, organisation * 10 + rng.randint(0, 9)),
                     CLIENT if n % 97 == 0 else str(uuid.UUID(int=10 ** 12 + n)), status,
                     created + timedelta(minutes=60), created + timedelta(minutes=2880), resolved,
                     resolved if status == "closed" else None, created, created))
    execute_values(cursor, "INSERT INTO tickets (id, number, department_id, subject, description, organisation_id,"
                           " object_id, author_id, status, first_reply_due, deadline, resolved_at, closed_at,"
                           " message_seq, created_at, updated_at) VALUES %s",
                   [r[:13] + (0,) + r[13:] for r in rows], page_size=5000)
    cursor.execute("VACUUM ANALYZE tickets")  # what autovacuum keeps up in production


LIST_COUNT = ("SELECT count(*) FROM tickets WHERE (author_id = %(client)s OR organisation_id IN %(orgs)s)"
              " AND status <> 'closed'")
LIST_PAGE = ("SELECT * FROM tickets WHERE id IN (SELECT id FROM ("
             "(SELECT id, created_at, number FROM tickets WHERE author_id = %(client)s AND status <> 'closed'"
             " ORDER BY created_at DESC, number DESC LIMIT 20) UNION"
             " (SELECT id, created_at, number FROM tickets WHERE organisation_id = %(org)s AND status <> 'closed'"
             " ORDER BY created_at DESC, number DESC LIMIT 20)) heads ORDER BY created_at DESC, number DESC LIMIT 20)"
             " ORDER BY created_at DESC, number DESC")
SCOPE = ("(author_id = %(client)s OR organisation_id IN %(orgs)s) AND created_at >= %(since)s"
         " AND created_at < %(until)s")
ANALYTICS = [
    "SELECT status, count(*) FROM tickets WHERE " + SCOPE + " GROUP BY status",
    "SELECT object_id, count(*) FROM tickets WHERE " + SCOPE + " GROUP BY object_id",
    "SELECT date_trunc('day', timezone('UTC', created_at)) d, count(*) FROM tickets WHERE " + SCOPE
    + " GROUP BY d ORDER BY d",
    "SELECT count(*), avg(extract(epoch FROM resolved_at - created_at)) FROM tickets WHERE " + SCOPE
    + " AND resolved_at IS NOT NULL",
    "SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)) FROM tickets"
    " WHERE " + SCOPE + " AND resolved_at IS NOT NULL",
    "SELECT count(*), count(*) FILTER (WHERE resolved_at > deadline OR (resolved_at IS NULL AND deadline < %(until)s))"
    " FROM tickets WHERE " + SCOPE + " AND deadline IS NOT NULL",
]


def run() -> None:
    name = "t_{}_bench_support".format(infra.new_run_id())
    url = infra.create_database(name)
    dsn = url.replace("postgresql+psycopg2://", "postgresql://")
    try:
        upgrade("support", url)
        connection = psycopg2.connect(dsn)
        connection.autocommit = True
        cursor = connection.cursor()
        seed_reference(cursor)
        databases = Databases(url, "support", now=lambda: NOW)
        caller = Caller(user_id=CLIENT, roles=frozenset({"client"}))
        deps = Deps(settings=None)
        params = {"client": CLIENT, "orgs": (_id(2, 0),), "org": _id(2, 0), "since": NOW - timedelta(days=30), "until": NOW}
        rows, seeded = {}, 0

        def handler_list():
            with databases.unit_of_work(caller) as uow:
                tickets.list_tickets(uow, caller, {"scope": "mine", "page": 1, "per_page": 20}, deps)

        def raw_list():
            cursor.execute(LIST_COUNT, params)
            cursor.fetchone()
            cursor.execute(LIST_PAGE, params)
            cursor.fetchall()

        def handler_report():
            with databases.unit_of_work(caller) as uow:
                analytics.client_report(uow, caller, {"scope": "mine", "group": "day", "from": params["since"],
                                                      "to": params["until"]}, deps)

        def raw_report():
            for statement in ANALYTICS:
                cursor.execute(statement, params)
                cursor.fetchall()

        for size in SIZES:
            seed_tickets(cursor, seeded, size)
            seeded = size
            label = "10^{}".format(len(str(size)) - 1)
            rows[label + " list: service handler"] = measure(handler_list, 300)
            rows[label + " list: raw SQL"] = measure(raw_list, 300)
            rows[label + " analytics: service handler"] = measure(handler_report, 200)
            rows[label + " analytics: raw SQL"] = measure(raw_report, 200)
        connection.close()
        databases.dispose()
        notes = {"tickets": ", ".join(str(s) for s in SIZES), "the customer's": "a tenth (one organisation of ten)"}
        for case in ("list: service handler", "list: raw SQL", "analytics: service handler", "analytics: raw SQL"):
            small, large = rows["10^3 " + case]["p50_ms"], rows["10^5 " + case]["p50_ms"]
            notes["growth 10^3→10^5, " + case] = "{:.2f}×".format(large / small if small else float("inf"))
        for size in ("10^3", "10^5"):
            for what in ("list", "analytics"):
                handler = rows["{} {}: service handler".format(size, what)]["p50_ms"]
                raw = rows["{} {}: raw SQL".format(size, what)]["p50_ms"]
                notes["{} {}: handler / raw SQL".format(size, what)] = "{:.2f}×".format(handler / raw if raw else 0)
        report("support_tickets", rows, notes)
    finally:
        infra.drop_database(name)
