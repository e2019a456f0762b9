"""Coworking (issue 9): the rental manager's ticket list (C4) and the free-workplace query
(C1/C2) at 10³ and 10⁵ tickets on PostgreSQL, each beside its raw SQL baseline, in one run.

For each size a fresh database is created and migrated; one space with 20 workplaces gets
``N`` tickets at a constant density (about 50 a day: a longer history for a larger ``N`` —
under three weeks at 10³, five years at 10⁵ — and the same week of bookings around today at
both), visitors from a name pool (about N/8 people, a few regulars with many tickets),
statuses mixed as C3 derives them; then ``VACUUM ANALYZE`` (what autovacuum does to an
insert-only table).

Cases (inputs relative to today, so both sizes are asked the same question):
- ``list: all filters``: ``from``/``to`` this week, ``visitor`` part of a Cyrillic surname
  in another case, ``status`` new and confirmed (``number`` absent);
- ``list: number`` / ``period (this week)`` / ``period (a past week)`` / ``visitor`` /
  ``status``: each filter alone; "a past week" is the middle week of the history (days
  back at 10³, years back at 10⁵), as many tickets as this week;
- ``free workplaces``: the space's workplaces with ``free`` for tomorrow 09:00–21:00.

Each case is measured two ways:
- ``handler``: ``handlers.tickets.list_tickets`` / ``handlers.spaces.list_workplaces``
  through ``kit.db.Databases``' unit of work, as the service runs it (ORM, views, the
  people directory; the count and the page);
- ``raw SQL``: the very statements the handler sent (captured once from SQLAlchemy's
  ``before_cursor_execute``), replayed with psycopg2 and ``fetchall``, one transaction per
  call — the database's floor, no ORM.

Both databases stay up while measuring, and the sizes and ways take turns in rounds of
:func:`bench.stats.measure`, so whatever else loads the machine loads them alike. The
report puts 10³ and 10⁵ side by side with the ratio of the medians; a case is *flat* when
that ratio is at most 2. ``bench/results/coworking.json`` also keeps every statement and
its ``EXPLAIN (ANALYZE, BUFFERS)`` at both sizes.
"""
from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime, timedelta, timezone

import psycopg2
from psycopg2.extras import Json, execute_values

from bench.sqlcapture import capture, combine_rounds, explain, replay
from bench.stats import RESULTS, measure
from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from kit.people import search_form
from kit.schemas import load
from kit.testing import infra
from services.coworking import schemas
from services.coworking.dependencies import Deps, Settings
from services.coworking.handlers import spaces, tickets

SIZES = (1_000, 100_000)
#: a case is flat when its median at the larger size is at most this many times the smaller's
FLAT = 2.0
#: rounds of :func:`bench.stats.measure`, the sizes and ways taking turns (200 calls per figure)
ROUNDS, PER_ROUND, WARMUP = 10, 20, 3
WAYS = ("handler", "raw SQL")
MSK = timezone(timedelta(hours=3))
#: bookings exist up to this many days ahead (the same at both sizes)
FUTURE_DAYS = 7
WORKPLACES = 20
#: seats by how they are rented: residents by the month, some by the day, the rest by the hour
MONTHLY_SEATS, DAILY_SEATS = 2, 3

ADMIN = Caller(user_id="bench-admin", roles=frozenset({"admin"}))
MANAGERS = ["00000000-0000-4000-9000-00000000000{}".format(i) for i in range(1, 4)]
MANAGER = Caller(user_id=MANAGERS[0], roles=frozenset({"rental_manager"}))
DEPS = Deps(settings=Settings(hold_ttl=900, sweep_batch=100, invitation_url_template="http://bench/{token}"))
SERVICE_ID, SERVICE_NAME = "00000000-0000-4000-a000-000000000001", "Коворкинг на 2 этаже"

FEMALE = ["Марина", "Анастасия", "Мария", "Лера", "Ольга", "Светлана", "Екатерина", "Анна", "Юлия", "Наталья",
          "Ирина", "Татьяна", "Алёна", "Дарья", "Ксения"]
MALE = ["Иван", "Алексей", "Павел", "Дмитрий", "Сергей", "Андрей", "Михаил", "Никита", "Артём", "Олег",
        "Максим", "Егор", "Роман", "Кирилл", "Фёдор"]
#: surname stems (masculine form; the feminine adds «а»), most frequent first: a visitor's
#: surname is drawn with weight 1/(rank + 10): «Иванов(а)» about 1 in 20 people,
#: «Спиридонов(а)», rank 20, about 1 in 60 — as common as the commonest Russian surnames are,
#: so the visitor filter alone finds hundreds to thousands of tickets in a long history
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
            "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семенов", "Егоров", "Павлов", "Козлов",
            "Степанов", "Спиридонов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев",
            "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов",
            "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин",
            "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов",
            "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Столповский"]
LATIN = [("Anna", "Smith"), ("Peter", "Brown"), ("Jill", "Fairy"), ("Maria", "Garcia"), ("John", "Miller"),
         ("Elena", "Rossi"), ("Oliver", "Jones"), ("Sophie", "Martin")]
HOURLY = {"id": "t-hour", "name": "Почасовой", "unit": "hour"}
DAILY = {"id": "t-day", "name": "Суточный", "unit": "day"}
MONTHLY = {"id": "t-month", "name": "1-3 мес (7000 руб в месяц)", "unit": "month"}
RESIDENT = {"id": "v-resident", "name": "Резидент +"}
EXTRAS = [{"id": "m-locker", "name": "Шкафчик"}, {"id": "m-printer", "name": "Принтер"},
          {"id": "m-legal", "name": "Юридическое сопровождение"}]

#: what the manager types into «Посетитель»: part of a surname, not in the stored case
VISITOR = "СПИРИДОН"
STATUSES = "new,confirmed"


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=MSK).astimezone(timezone.utc)


# --- seed ------------------------------------------------------------------------------

def _people(rng: random.Random, count: int) -> list[dict]:
    weights = [1 / (rank + 10) for rank in range(1, len(SURNAMES) + 1)]
    people = []
    for i in range(count):
        if rng.random() < 0.08:
            first, last = rng.choice(LATIN)
        elif rng.random() < 0.5:
            first, last = rng.choice(FEMALE), rng.choices(SURNAMES, weights)[0] + "а"
        else:
            first, last = rng.choice(MALE), rng.choices(SURNAMES, weights)[0]
        people.append({"user_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                       "full_name": "{} {}".format(first, last), "phone": "+79{:09d}".format(rng.randrange(10**9)),
                       "email": "visitor{}@example.ru".format(i), "roles": ["client"]})
    return people


def _periods(rng: random.Random, seat: int, day: date):
    """(starts_at, ends_at, tariff) of one seat's tickets starting on ``day``."""
    if seat < MONTHLY_SEATS:
        if (day.toordinal() + 11 * seat) % 30 == 0 and rng.random() < 0.85:
            yield _at(day, 9), _at(day + timedelta(days=30), 9), MONTHLY
    elif seat < MONTHLY_SEATS + DAILY_SEATS:
        if rng.random() < 0.7:
            yield _at(day, 9), _at(day + timedelta(days=1), 9), DAILY
    else:
        hour = 9
        while True:
            hour += rng.choice((0, 0, 1, 1, 2, 3))
            length = rng.choice((1, 1, 2, 2, 3, 4))
            if hour + length > 21:
                return
            yield _at(day, hour), _at(day, hour + length), HOURLY
            hour += length


def _status(rng: random.Random, starts_at: datetime, ends_at: datetime, now: datetime) -> tuple[str, str]:
    """(ticket status, order status) as C3 derives them, with some cancellations."""
    roll = rng.random()
    if ends_at <= now:
        return ("cancelled", "cancelled") if roll < 0.12 else ("done", "done")
    if starts_at <= now:
        return ("cancelled", "cancelled") if roll < 0.08 else ("active", "confirmed")
    if roll < 0.10:
        return "cancelled", "cancelled"
    return ("new", "new") if roll < 0.45 else ("confirmed", "confirmed")


def _tickets(rng: random.Random, n: int, space_id: str, places: list[str], people: list[dict],
             now: datetime) -> list[tuple]:
    """``n`` tickets, the newest day first back into the past until there are enough."""
    today = now.astimezone(MSK).date()
    periods, day = [], today + timedelta(days=FUTURE_DAYS)
    while len(periods) < n:
        for seat, place in enumerate(places):
            periods.extend((starts, ends, tariff, place) for starts, ends, tariff in _periods(rng, seat, day))
        day -= timedelta(days=1)
    periods.sort(key=lambda p: p[0], reverse=True)
    periods = periods[:n]
    # regulars: a visitor's share of the tickets falls off with their rank
    weights = [1 / (rank ** 0.7) for rank in range(1, len(people) + 1)]
    visitors = rng.choices(people, weights, k=n)
    rows = []
    for (starts, ends, tariff, place), visitor in zip(periods, visitors):
        lead = timedelta(minutes=rng.randint(10, {"hour": 3, "day": 7, "month": 14}[tariff["unit"]] * 24 * 60))
        created = min(starts - lead, now - timedelta(minutes=rng.randint(1, 600)))
        status, order_status = _status(rng, starts, ends, now)
        validated = status in ("done", "active") and rng.random() < 0.85
        modifiers = rng.sample(EXTRAS, rng.choice((0, 1, 1, 2))) if tariff is MONTHLY else (
            [EXTRAS[1]] if rng.random() < 0.05 else [])
        rows.append([created, str(uuid.UUID(int=rng.getrandbits(128), version=4)), status, order_status,
                     place, starts, ends, visitor, tariff, modifiers,
                     starts + timedelta(minutes=5) if validated else None,
                     rng.choice(MANAGERS) if validated else None])
    rows.sort(key=lambda r: r[0])  # ticket numbers follow creation
    return [(ticket_id, number, 5_000 + 2 * number, status, order_status, created, space_id, place, starts,
             ends, visitor["user_id"], search_form(visitor["full_name"]), None, SERVICE_ID, SERVICE_NAME,
             Json(tariff), Json(RESIDENT if tariff is MONTHLY else None), Json(modifiers), validated_at, validated_by,
             1, created, created)
            for number, (created, ticket_id, status, order_status, place, starts, ends, visitor, tariff, modifiers,
                         validated_at, validated_by) in enumerate(rows, start=1)]



def seed(databases: Databases, dsn: str, n: int, now: datetime) -> dict:
    rng = random.Random(9)
    with databases.unit_of_work(ADMIN) as uow:
        room = spaces.create_space(uow, ADMIN, {"service_id": SERVICE_ID, "name": SERVICE_NAME,
                                                "workplaces": ["РМ №{}".format(i) for i in range(1, WORKPLACES + 1)]},
                                   DEPS)
    places = [p["id"] for p in room["workplaces"]]
    people = _people(rng, max(60, n // 8))
    rows = _tickets(rng, n, room["id"], places, people, now)
    staff = [{"user_id": m, "full_name": "Менеджер {}".format(i), "phone": None,
              "email": "manager{}@platform.local".format(i), "roles": ["rental_manager"]}
             for i, m in enumerate(MANAGERS, start=1)]
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        execute_values(cursor, "INSERT INTO people (user_id, account_id, full_name, email, phone, language, roles,"
                       " status, as_of) VALUES %s",
                       [(p["user_id"], None, p["full_name"], p["email"], p["phone"], "ru", Json(p["roles"]),
                         "active", now) for p in people + staff], page_size=1000)
        execute_values(cursor, "INSERT INTO tickets (id, number, order_number, status, order_status,"
                       " order_status_at, space_id, workplace_id, starts_at, ends_at, visitor_id, visitor_search,"
                       " account_id, service_id, service_name, tariff, variant, modifiers, validated_at,"
                       " validated_by, version, created_at, updated_at) VALUES %s", rows, page_size=1000)
        cursor.execute("SELECT setval('ticket_numbers', %s)", (n,))
    connection.close()
    vacuum = psycopg2.connect(dsn)
    vacuum.autocommit = True
    with vacuum.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT min(starts_at) FROM tickets")
        first = cursor.fetchone()[0]
    vacuum.close()
    days = (now - first).days + 1
    return {"space_id": room["id"], "people": len(people), "days": days,
            "per_day": round(n / (days + FUTURE_DAYS))}


# --- cases -----------------------------------------------------------------------------

def _week(first_day: date) -> dict:
    starts = datetime.combine(first_day, datetime.min.time(), MSK)
    return {"from": starts.isoformat(), "to": (starts + timedelta(days=7)).isoformat()}


def cases(space_id: str, n: int, history_days: int, now: datetime) -> dict:
    """label -> (handler, data): the same question at every size (a past week: the one in the
    middle of the history, as many tickets at both sizes, but ~6 days back at 10³, years at 10⁵)."""
    today = now.astimezone(MSK).date()
    week = _week(today - timedelta(days=3))
    past_week = _week(today - timedelta(days=history_days // 2 + 3))
    tomorrow = today + timedelta(days=1)

    def tickets_query(**query):
        return tickets.list_tickets, load(schemas.CoworkingTicketQuery(), dict(query, page=1, per_page=20))

    return {
        "list: all filters": tickets_query(visitor=VISITOR, status=STATUSES, **week),
        "list: number": tickets_query(number=n // 2),
        "list: period (this week)": tickets_query(**week),
        "list: period (a past week)": tickets_query(**past_week),
        "list: visitor": tickets_query(visitor=VISITOR),
        "list: status (2 values)": tickets_query(status=STATUSES),
        "free workplaces (a day)": (spaces.list_workplaces, dict(load(schemas.PeriodQuery(), {
            "from": _at(tomorrow, 9).isoformat(), "to": _at(tomorrow, 21).isoformat()}), space_id=space_id)),
    }


def prepare(n: int, now: datetime) -> dict:
    """A fresh, migrated, seeded and analysed database of ``n`` tickets, and the statements
    each case's handler sends to it."""
    name = "t_{}_bench_cw{}".format(infra.new_run_id(), n)
    url = infra.create_database(name)
    size = {"n": n, "name": name}
    try:
        upgrade("coworking", url)
        size["dsn"] = url.replace("postgresql+psycopg2://", "postgresql://")
        size["databases"] = databases = Databases(url, "coworking")
        size["facts"] = seed(databases, size["dsn"], n, now)
        size["connection"] = psycopg2.connect(size["dsn"])
        size["cases"] = {}
        for label, (handler, data) in cases(size["facts"]["space_id"], n, size["facts"]["days"], now).items():
            def via_handler(handler=handler, data=data):
                with databases.unit_of_work(MANAGER) as uow:
                    return handler(uow, MANAGER, data, DEPS)

            answer = {}
            statements = capture(databases, lambda: answer.update(via_handler()))
            if "items" in answer:  # C4: number descending, a full page when there are enough
                numbers = [item["number"] for item in answer["items"]]
                assert numbers == sorted(numbers, reverse=True) and len(numbers) == min(20, answer["total"]), label
            size["cases"][label] = {"handler": via_handler, "raw SQL": replay(size["connection"], statements),
                                    "statements": statements,
                                    "matches": answer["total"] if "total" in answer
                                    else sum(1 for p in answer["workplaces"] if p["free"])}
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


def measure_interleaved(sizes: list[dict], label: str) -> dict:
    """Both sizes (and both ways) take turns, round after round, so the load of whatever else
    runs on the machine falls on all of them alike."""
    rounds = {(size["n"], way): [] for size in sizes for way in WAYS}
    for turn in range(ROUNDS):
        for size in (sizes if turn % 2 == 0 else sizes[::-1]):
            for way in (WAYS if turn % 2 == 0 else WAYS[::-1]):
                rounds[(size["n"], way)].append(measure(size["cases"][label][way], PER_ROUND, WARMUP))
    return {key: combine_rounds(value) for key, value in rounds.items()}


# --- report ----------------------------------------------------------------------------

def run(ns=SIZES) -> dict:
    """Measure at the two sizes ``ns`` (smaller first); returns the report's rows."""
    now = datetime.now(timezone.utc)
    sizes = []
    try:
        for n in ns:
            sizes.append(prepare(n, now))
        labels = list(sizes[0]["cases"])
        figures = {label: measure_interleaved(sizes, label) for label in labels}
        for size in sizes:
            cursor = size["connection"].cursor()
            for label in labels:
                size["cases"][label]["explained"] = explain(cursor, size["cases"][label]["statements"])
        return report(sizes, labels, figures)
    finally:
        for size in sizes:
            close(size)


def report(sizes: list[dict], labels: list[str], figures: dict) -> dict:
    small, large = sizes
    print("\n== coworking: ticket list and free workplaces, 10³ vs 10⁵ tickets (PostgreSQL) ==")
    for size in sizes:
        facts = size["facts"]
        print("  {:>7} tickets: {} days of history + {} ahead (~{} tickets a day), {} visitors, {} workplaces".format(
            size["n"], facts["days"], FUTURE_DAYS, facts["per_day"], facts["people"], WORKPLACES))
    print("  inputs: this week = 3 days back to 4 days ahead of today (MSK); a past week = the middle week of the"
          " history;\n          visitor = {!r}; status = {}; number = N/2; free workplaces for tomorrow 09:00–21:00 MSK"
          .format(VISITOR, STATUSES))
    print("  ms per call: medians over {} interleaved rounds of {} calls; ratio = p50 at 10⁵ / p50 at 10³;"
          " flat if ≤ {}×;\n  matches: tickets found (list) or workplaces free (of {}) at 10³ / 10⁵"
          .format(ROUNDS, PER_ROUND, FLAT, WORKPLACES))
    width = max(len(label) for label in labels) + len(" · raw SQL")
    print("\n  {:<{w}} {:>12} {:>8} {:>8} {:>8} {:>8} {:>7}  {}".format(
        "case", "matches", "p50 10³", "p95 10³", "p50 10⁵", "p95 10⁵", "ratio", "flat", w=width))
    rows = {}
    for label in labels:
        for way in WAYS:
            a, b = figures[label][(small["n"], way)], figures[label][(large["n"], way)]
            matches = [small["cases"][label]["matches"], large["cases"][label]["matches"]]
            ratio = b["p50_ms"] / a["p50_ms"]
            flat = ratio <= FLAT
            case = "{} · {}".format(label, way)
            rows[case] = {"matches": matches, "small": a, "large": b, "ratio_p50": round(ratio, 2), "flat": flat}
            print("  {:<{w}} {:>12} {:>8.2f} {:>8.2f} {:>8.2f} {:>8.2f} {:>6.2f}×  {}".format(
                case, "{} / {}".format(*matches), a["p50_ms"], a["p95_ms"], b["p50_ms"], b["p95_ms"], ratio,
                "yes" if flat else "NO", w=width))
    print("\n  how PostgreSQL reads tickets at 10⁵ (count | page; the taken seats):")
    for label in labels:
        paths = ["; ".join(s["tickets_read_by"]) for s in large["cases"][label]["explained"] if s["tickets_read_by"]]
        print("    {}: {}".format(label, " | ".join(paths)))
    for way in WAYS:
        steep = [label for label in labels if not rows["{} · {}".format(label, way)]["flat"]]
        print("  {} flat within {}× in every case: {}".format(
            way, FLAT, "yes" if not steep else "NO — " + ", ".join(steep)))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "coworking.json").write_text(json.dumps(
        {"sizes": SIZES, "flat_within": FLAT, "rows": rows,
         "runs": {str(size["n"]): {"facts": size["facts"],
                                   "cases": {label: {"matches": size["cases"][label]["matches"],
                                                     "statements": size["cases"][label]["explained"]}
                                             for label in labels}}
                  for size in sizes}}, indent=2, ensure_ascii=False, default=str))
    return rows
