"""Support's ticket list (S2) and client analytics (S6) at 10³ and 10⁵ tickets on PostgreSQL.

Two freshly migrated support databases, one of each size, up together; the same customer
(a member of one of ten organisations, so a tenth of the tickets are theirs; 180 days of
history at both sizes) asks at both. Cases, each two ways:
- ``list`` — ``handlers.tickets.list_tickets``, page 1 of 20 of the open tickets (the
  customer's organisations, newest first, the capped count, names, unread counts);
- ``analytics`` — ``handlers.analytics.client_report`` for the last 30 days by day;
- **handler**: as the service runs it (ORM, unit of work); **raw SQL**: the statements that
  handler sent, captured once from SQLAlchemy and replayed with psycopg2 — the database's
  share, no ORM.
The sizes and ways take turns (rounds), so load from other processes falls on all alike.
The report gives each case's p50 at both sizes and its growth (flat: at most 2×), and how
PostgreSQL reads the tickets at 10⁵ (``EXPLAIN ANALYZE``; full plans in
``bench/results/support_tickets.json``).
"""
from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, timedelta, timezone

import psycopg2
from psycopg2.extras import execute_values

from bench.sqlcapture import capture, combine_rounds, explain, replay
from bench.stats import RESULTS, measure
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


CASES = ("list", "analytics")
WAYS = ("handler", "raw SQL")
ROUNDS, PER_ROUND, WARMUP = 10, 20, 5
FLAT = 2.0
CALLER = Caller(user_id=CLIENT, roles=frozenset({"client"}))
DEPS = Deps(settings=None)
QUERIES = {
    "list": (tickets.list_tickets, {"scope": "mine", "page": 1, "per_page": 20}),
    "analytics": (analytics.client_report, {"scope": "mine", "group": "day", "from": NOW - timedelta(days=30),
                                            "to": NOW}),
}


def prepare(n: int) -> dict:
    """A fresh, migrated database of ``n`` tickets (analysed), and for each case the
    handler and the statements it sends, captured for the raw replay."""
    name = "t_{}_bench_support{}".format(infra.new_run_id(), n)
    url = infra.create_database(name)
    size = {"n": n, "name": name}
    try:
        upgrade("support", url)
        size["connection"] = connection = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://"))
        connection.autocommit = True
        cursor = connection.cursor()
        seed_reference(cursor)
        seed_tickets(cursor, 0, n)
        connection.autocommit = False
        size["databases"] = databases = Databases(url, "support", now=lambda: NOW)
        size["cases"] = {}
        for label, (handler, data) in QUERIES.items():
            def via_handler(handler=handler, data=data):
                with databases.unit_of_work(CALLER) as uow:
                    return handler(uow, CALLER, dict(data), DEPS)

            answer = {}
            statements = capture(databases, lambda: answer.update(via_handler()))
            size["cases"][label] = {"handler": via_handler, "raw SQL": replay(connection, statements),
                                    "statements": statements, "matches": answer["total"]}
    except BaseException:
        close(size)
        raise
    return size


def close(size: dict) -> None:
    if size.get("connection") is not None:
        size["connection"].close()
    if size.get("databases") is not None:
        size["databases"].dispose()
    infra.drop_database(size["name"])


def run(ns=SIZES) -> dict:
    """Measure at the two sizes ``ns`` (smaller first); returns the report's rows."""
    sizes = []
    try:
        for n in ns:
            sizes.append(prepare(n))
        rounds = {(label, size["n"], way): [] for label in CASES for size in sizes for way in WAYS}
        for turn in range(ROUNDS):  # the sizes and ways take turns: other load falls on all alike
            for label in CASES:
                for size in (sizes if turn % 2 == 0 else sizes[::-1]):
                    for way in (WAYS if turn % 2 == 0 else WAYS[::-1]):
                        rounds[(label, size["n"], way)].append(measure(size["cases"][label][way], PER_ROUND, WARMUP))
        figures = {key: combine_rounds(value) for key, value in rounds.items()}
        for size in sizes:
            cursor = size["connection"].cursor()
            for label in CASES:
                size["cases"][label]["explained"] = explain(cursor, size["cases"][label]["statements"])
        return report(sizes, figures)
    finally:
        for size in sizes:
            close(size)


def report(sizes: list[dict], figures: dict) -> dict:
    small, large = sizes
    print("\n== support: ticket list (S2) and client analytics (S6), 10³ vs 10⁵ tickets (PostgreSQL) ==")
    print("  the customer: a member of one organisation of ten (a tenth of the tickets), 180 days of history;"
          "\n  list: page 1 of 20, open tickets; analytics: the last 30 days by day")
    print("  ms per call: medians over {} interleaved rounds of {} calls; ratio = p50 at 10⁵ / p50 at 10³;"
          " flat if ≤ {}×;\n  matches: the list's total / the report's total at 10³ / 10⁵".format(ROUNDS, PER_ROUND, FLAT))
    print("\n  {:<22} {:>12} {:>8} {:>8} {:>8} {:>8} {:>7}  {}".format(
        "case", "matches", "p50 10³", "p95 10³", "p50 10⁵", "p95 10⁵", "ratio", "flat"))
    rows = {}
    for label in CASES:
        for way in WAYS:
            a, b = figures[(label, small["n"], way)], figures[(label, large["n"], way)]
            matches = [small["cases"][label]["matches"], large["cases"][label]["matches"]]
            ratio = b["p50_ms"] / a["p50_ms"]
            case = "{} · {}".format(label, way)
            rows[case] = {"matches": matches, "small": a, "large": b, "ratio_p50": round(ratio, 2),
                          "flat": ratio <= FLAT}
            print("  {:<22} {:>12} {:>8.2f} {:>8.2f} {:>8.2f} {:>8.2f} {:>6.2f}×  {}".format(
                case, "{} / {}".format(*matches), a["p50_ms"], a["p95_ms"], b["p50_ms"], b["p95_ms"], ratio,
                "yes" if ratio <= FLAT else "NO"))
    print("\n  how PostgreSQL reads tickets at 10⁵ (each statement that reads them):")
    for label in CASES:
        paths = ["; ".join(s["tickets_read_by"]) for s in large["cases"][label]["explained"] if s["tickets_read_by"]]
        print("    {}: {}".format(label, " | ".join(paths)))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "support_tickets.json").write_text(json.dumps(
        {"sizes": SIZES, "flat_within": FLAT, "rows": rows,
         "runs": {str(size["n"]): {label: {"matches": size["cases"][label]["matches"],
                                           "statements": size["cases"][label]["explained"]} for label in CASES}
                  for size in sizes}}, indent=2, ensure_ascii=False, default=str))
    return rows
