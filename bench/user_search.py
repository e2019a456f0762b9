"""Partial-name user search (I5) at 100k users on PostgreSQL.

Cases, all in one run against one freshly migrated identity database:
- ``service handler``: ``handlers.people.search_users`` as the service runs it (ORM, unit of
  work, count + page), using the pg_trgm GIN index;
- ``raw SQL, trigram index``: the same LIKE query with psycopg2 and no ORM — the floor;
- ``raw SQL, sequential scan``: the same query with index scans disabled — what it would
  cost without the index.
"""
from __future__ import annotations

import random

import psycopg2
from psycopg2.extras import execute_values

from bench.stats import measure, report
from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from kit.testing import infra
from services.identity.domain.people import search_form
from services.identity.handlers import people

USERS = 100_000
FIRST = ["Марина", "Алексей", "Мария", "Иван", "Анастасия", "Лера", "Ольга", "Павел", "Светлана", "Дмитрий",
         "Jill", "Anna", "Peter", "Maria", "Ivan", "Oleg", "Elena", "Sergey", "Tatiana", "Nikita"]
LAST = ["Спиридонова", "Трошков", "Семенова", "Столповский", "Иванова", "Петрова", "Козлов", "Новикова", "Орлова",
        "Смирнов", "Fairy", "Smith", "Brown", "Kuznetsov", "Popova", "Volkov", "Sokolova", "Lebedev", "Morozova", "Egorov"]
#: broad: a few letters, thousands of matches (the total is counted); narrow: a name a
#: person would finish typing, a handful of matches
BROAD = ["мар", "спирид", "иванов", "fairy", "оль нов", "smi", "ПЕТР", "serg leb"]
NARROW = ["спиридонова17", "трошков 25", "fairy512", "мария семенова3", "ivan smith77", "орлова 404"]


def seed(dsn: str) -> None:
    rng = random.Random(7)
    rows = []
    for i in range(USERS):
        first, last = rng.choice(FIRST), rng.choice(LAST) + str(rng.randint(1, 999))
        rows.append(("00000000-0000-4000-8000-{:012d}".format(i), first, last,
                     search_form("{} {}".format(first, last))))
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        execute_values(
            cursor, "INSERT INTO users (id, first_name, last_name, search_name, phone_confirmed, status, roles, rights,"
            " language, created_at, updated_at) VALUES %s", rows,
            template="(%s, %s, %s, %s, false, 'active', '[\"client\"]', '[]', 'ru', now(), now())", page_size=5000)
        cursor.execute("ANALYZE users")


def run() -> dict:
    name = "t_{}_bench_search".format(infra.new_run_id())
    url = infra.create_database(name)
    dsn = url.replace("postgresql+psycopg2://", "postgresql://")
    try:
        upgrade("identity", url)
        seed(dsn)
        databases = Databases(url, "identity")
        caller = Caller(user_id="bench", roles=frozenset({"admin"}))
        connection = psycopg2.connect(dsn)
        cursor = connection.cursor()

        def via_handler(queries):
            def call():
                with databases.unit_of_work(caller) as uow:
                    people.search_users(uow, caller, {"q": next(queries), "page": 1, "per_page": 20}, None)
            return call

        def raw_sql(queries):
            def call():
                terms = search_form(next(queries)).split()
                where = " AND ".join(["search_name LIKE %s"] * len(terms))
                params = ["%{}%".format(t) for t in terms]
                cursor.execute("SELECT count(*) FROM users WHERE status = 'active' AND " + where, params)
                cursor.execute("SELECT id, first_name, last_name FROM users WHERE status = 'active' AND " + where
                               + " ORDER BY last_name, first_name, id LIMIT 20", params)
                cursor.fetchall()
            return call

        rows = {}
        for label, queries in (("broad", BROAD), ("narrow", NARROW)):
            rows[label + ": service handler (ORM, index)"] = measure(via_handler(iter(queries * 1000)), 300)
            rows[label + ": raw SQL, trigram index"] = measure(raw_sql(iter(queries * 1000)), 300)
        cursor.execute("SET enable_bitmapscan = off")
        cursor.execute("SET enable_indexscan = off")
        for label, queries in (("broad", BROAD), ("narrow", NARROW)):
            rows[label + ": raw SQL, sequential scan"] = measure(raw_sql(iter(queries * 1000)), 40, warmup=2)
        connection.close()
        databases.dispose()
        report("user_search", rows, {"users": USERS, "broad": ", ".join(BROAD), "narrow": ", ".join(NARROW)})
        return rows
    finally:
        infra.drop_database(name)
