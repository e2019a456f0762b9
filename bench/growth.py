"""Growth: do the lists and the search stay flat as their tables grow?

Through the gateway (the production shape the bench command started): my orders, the
administrator's user search, the coworking and the support ticket lists, asked as the demo's
Марина (or the administrator) at 10³, 10⁵ and, in full mode, 10⁶ rows in their tables.
The rows are bulk-loaded in SQL, not through the API: copies of a demo row made with
``INSERT … SELECT … FROM generate_series`` (new ids and numbers, other people as their
applicants/authors/visitors, one in a thousand Марина's, going back into the past), then
``VACUUM ANALYZE`` as autovacuum would. 10⁶ is built only when the estimate from the 10⁵
build fits the mode's budget.

And in process (:func:`bench_handlers`): the handler-level growth benchmarks of coworking and
support (the handler beside its own SQL replayed with psycopg2, 10³ vs 10⁵) and user search.
"""
from __future__ import annotations

import time

from bench import coworking_tickets, loadgen, raw, support_tickets, user_search

#: name pools for the copies (the folded search form: lower case, ё → е)
FIRST = ["Марина", "Алексей", "Мария", "Иван", "Анастасия", "Лера", "Ольга", "Павел", "Светлана", "Дмитрий",
         "Jill", "Anna", "Peter", "Oleg", "Elena", "Sergey", "Tatiana", "Nikita", "Роман", "Кирилл"]
LAST = ["Спиридонова", "Трошков", "Семенова", "Столповский", "Иванова", "Петрова", "Козлов", "Новикова", "Орлова",
        "Смирнов", "Fairy", "Smith", "Brown", "Kuznetsov", "Popova", "Volkov", "Sokolova", "Lebedev", "Morozova",
        "Egorov", "Васильев", "Соколов", "Михайлов", "Волков", "Лебедев", "Павлов", "Андреев", "Макаров", "Зайцев"]


def _array(values) -> str:
    return "ARRAY[{}]".format(", ".join("'{}'".format(v) for v in values))


def _uuid(expr: str) -> str:
    """A uuid-formatted text made from a SQL expression (md5 of it)."""
    return "md5({})::uuid::text".format(expr)


def _name(kind: str, seed: str = "g") -> str:
    pool = FIRST if kind == "first" else LAST
    return "({})[1 + ({}::bigint * {}) % {}]".format(_array(pool), seed, 7 if kind == "first" else 13, len(pool))


def clone(dsn: str, table: str, template_where: str, start: int, stop: int, overrides: dict[str, str]) -> int:
    """Copies ``start``..``stop - 1`` (``g``) of the row ``template_where`` picks, each
    column from the template unless ``overrides`` gives its SQL; returns rows inserted."""
    if stop <= start:
        return 0
    connection = raw.connect(dsn)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                           " AND table_schema = 'public' ORDER BY ordinal_position", (table,))
            columns = [row[0] for row in cursor.fetchall()]
            unknown = set(overrides) - set(columns)
            assert not unknown, unknown
            select = ", ".join(overrides.get(c, "src.{}".format(c)) for c in columns).replace("%", "%%")
            cursor.execute("INSERT INTO {t} ({cols}) SELECT {sel} FROM (SELECT * FROM {t} WHERE {w} LIMIT 1) src,"
                           " generate_series(%s, %s) g".format(t=table, cols=", ".join(columns), sel=select,
                                                               w=template_where.replace("%", "%%")), (start, stop - 1))
            inserted = cursor.rowcount
        vacuum = raw.connect(dsn)
        vacuum.autocommit = True
        with vacuum.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE {}".format(table))
        vacuum.close()
        return inserted
    finally:
        connection.close()


def count(dsn: str, table: str) -> int:
    connection = raw.connect(dsn)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM {}".format(table))
            return cursor.fetchone()[0]
    finally:
        connection.close()


def clone_users(system, n: int, tag: str, start: int = 0, services=()) -> list[str]:
    """``n`` active clients copied from a demo client (a name from the pools, an e-mail of
    their own, no phone); their ids."""
    ids_sql = _uuid("'{}' || g".format(tag))
    first, last = _name("first"), _name("last")
    clone(system.database_dsn("identity"), "users", "email = 'alexey@demo.platform.local'", start, start + n, {
        "id": ids_sql, "account_id": "NULL", "email": "'{}' || g || '@bench.platform.local'".format(tag),
        "phone": "NULL", "phone_confirmed": "false", "first_name": first, "last_name": last + " || g",
        "search_name": "replace(lower({} || ' ' || {} || g), 'ё', 'е')".format(first, last),
        "status": "'active'", "roles": "'[\"client\"]'::jsonb", "totp_secret": "NULL",
        "totp_pending_secret": "NULL"})
    connection = raw.connect(system.database_dsn("identity"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ids_sql + " FROM generate_series(%s, %s) g", (start, start + n - 1))
        ids = [row[0] for row in cursor.fetchall()]
    connection.close()
    for service in services:
        known_to(system, service, tag, start, start + n)
    return ids


def known_to(system, service: str, tag: str, start: int, stop: int) -> None:
    """The copies in ``service``'s people directory, as identity's events would have put them
    there (copies made in SQL publish no event; without this, the first request naming them
    would fetch them all from identity — a cold start, not the steady state)."""
    connection = raw.connect(system.database_dsn(service))
    with connection, connection.cursor() as cursor:
        cursor.execute("INSERT INTO people (user_id, account_id, full_name, email, phone, language, roles, status,"
                       " as_of) SELECT " + _uuid("%s || g") + ", NULL, %s || g, %s || g || '@bench.platform.local',"
                       " NULL, 'ru', '[\"client\"]', 'active', now() FROM generate_series(%s, %s) g"
                       " ON CONFLICT (user_id) DO NOTHING", (tag, "Человек ", tag, start, stop - 1))
    connection.close()


BIG = 1_000_000_000  # numbers of the copies: far above what the services' sequences hand out


def growers(system, data: dict) -> dict:
    """table key -> (service, table, function(start, stop) adding copies g = start..stop-1)"""
    marina = data["marina_id"]
    # other people: users the identity table holds (its copies are grown first), so the lists
    # find their names in the services' directories as they would in production
    someone = _uuid("'grow' || (100 + g % 800)")
    mine_1_in_1000 = "CASE WHEN g % 1000 = 0 THEN '{}' ELSE {} END".format(marina, someone)

    def orders(start, stop):
        return clone(system.database_dsn("orders"), "orders", "number = {}".format(data["order_number"]), start,
                     stop, {"id": _uuid("'order' || g"), "number": "{} + g".format(BIG),
                            "applicant_id": mine_1_in_1000, "created_by": mine_1_in_1000,
                            "idempotency_key": "NULL", "request_fingerprint": "NULL", "status": "'done'",
                            "created_at": "src.created_at - g * interval '1 minute'",
                            "updated_at": "src.created_at - g * interval '1 minute'"})

    def coworking(start, stop):
        return clone(system.database_dsn("coworking"), "tickets", "true", start, stop, {
            "id": _uuid("'cw' || g"), "number": "{} + g".format(BIG), "order_number": "{} + g".format(BIG),
            "status": "'done'", "order_status": "'done'", "visitor_id": mine_1_in_1000,
            "visitor_search": "replace(lower({} || ' ' || {}), 'ё', 'е')".format(_name("first"), _name("last")),
            # one hour every two, from 60 days back: no two copies on a workplace overlap
            "starts_at": "src.starts_at - interval '60 days' - g * interval '2 hours'",
            "ends_at": "src.starts_at - interval '60 days' - g * interval '2 hours' + interval '1 hour'",
            "created_at": "src.created_at - interval '60 days' - g * interval '2 hours'",
            "hold_expires_at": "NULL"})

    def support(start, stop):
        return clone(system.database_dsn("support"), "tickets", "true", start, stop, {
            "id": _uuid("'st' || g"), "number": "{} + g".format(BIG), "author_id": mine_1_in_1000,
            "request_key": "NULL", "order_number": "NULL", "subject": "'Заявка ' || g",
            "created_at": "src.created_at - g * interval '1 minute'",
            "updated_at": "src.created_at - g * interval '1 minute'"})

    def users(start, stop):
        clone_users(system, stop - start, "grow", start, services=("orders", "coworking", "support"))
        return stop - start

    return {"users": ("identity", "users", users), "orders": ("orders", "orders", orders),
            "coworking": ("coworking", "tickets", coworking), "support": ("support", "tickets", support)}


def cases(data: dict, admin_token: str) -> list[tuple]:
    """(key, title, table key, path, token)"""
    marina = data["tokens"]["marina@demo.platform.local"]
    return [("my_orders", "my orders", "orders", "/api/v1/orders?per_page=20", marina),
            ("user_search", "user search «мар спир» (administrator)", "users",
             "/api/v1/users?q=%D0%BC%D0%B0%D1%80%20%D1%81%D0%BF%D0%B8%D1%80&per_page=20", admin_token),
            ("coworking_list", "coworking ticket list", "coworking", "/api/v1/coworking/tickets?per_page=20", marina),
            ("support_list", "support ticket list", "support", "/api/v1/support/tickets?per_page=20", marina)]


def _label(n: int) -> str:
    return {1_000: "10³", 10_000: "10⁴", 100_000: "10⁵", 1_000_000: "10⁶"}.get(n, str(n))


def bench_gateway_growth(system, report, mode: dict, data: dict, say) -> None:
    group = "Growth through the gateway"
    report.sections[group] = (
        "One connection (wrk, {} s a run): p50 ms of the request (extra: p99) at each table size; the"
        " baseline is a primary-key SELECT of the same table with psycopg2. `growth` is p50 at the largest"
        " size / p50 at 10³. Rows are demo rows copied in SQL (other people's, one in a thousand Марина's)."
        .format(mode["growth_seconds"]))
    grow = growers(system, data)
    built = {key: count(system.database_dsn(service), table) for key, (service, table, _) in grow.items()}
    sizes_done = []
    for n in mode["growth_sizes"]:
        if n >= 1_000_000 and sizes_done:
            spent = report.extra.get("growth_build_s", {}).get(str(sizes_done[-1]), 0)
            estimate = spent * (n - sizes_done[-1]) / max(1, sizes_done[-1])
            if estimate > mode["growth_budget_s"]:
                report.notes.append("growth: {} rows not built (estimated {:.0f} s from the {} build, budget {} s)"
                                    .format(_label(n), estimate, _label(sizes_done[-1]), mode["growth_budget_s"]))
                break
        say("growth: building {} rows in each table".format(_label(n)))
        t0 = time.monotonic()
        for key, (service, table, add) in grow.items():
            if built[key] < n:
                add(built[key], n)
                built[key] = n
        report.extra.setdefault("growth_build_s", {})[str(n)] = round(time.monotonic() - t0, 1)
        sizes_done.append(n)
        the_cases = cases(data, system.admin_token())  # tokens signed in afresh when due
        for key, title, table_key, path, token in the_cases:
            service, table, _ = grow[table_key]
            select = raw.pk_select(system.database_dsn(service), table, "id", "no-such-id")
            for run in range(mode["runs"]):
                say("growth {}: {} run {}/{}".format(_label(n), key, run + 1, mode["runs"]))
                pk = raw.timed(lambda i: select, 0.5, 1, warmup=5)
                got = loadgen.wrk(system.base_url + path, 1, mode["growth_seconds"], token)
                if got["status_errors"] > got["requests"] / 2:
                    report.notes.append("growth {} at {}: {} of {} answers were errors".format(
                        key, _label(n), got["status_errors"], got["requests"]))
                report.figure("growth.pk.{}.{}".format(table_key, n), "primary-key SELECT on {}.{} at {}".format(
                    service, table, _label(n)), "ms", group=group).add(pk["p50"])
                report.figure("growth.{}.{}".format(key, n), "{} at {} rows: p50".format(title, _label(n)), "ms",
                              group=group, baseline="growth.pk.{}.{}".format(table_key, n)).add(
                    got["p50_ms"], p99=got["p99_ms"], errors=got["errors"])
            select.connection.close()
    for key, title, *_ in the_cases:
        small = report.figures.get("growth.{}.{}".format(key, sizes_done[0]))
        large = report.figures.get("growth.{}.{}".format(key, sizes_done[-1]))
        if small and large and small.values and large.values and len(sizes_done) > 1:
            g = report.figure("growth.{}.ratio".format(key), "{}: growth {} → {}".format(
                title, _label(sizes_done[0]), _label(sizes_done[-1])), "×", group=group, target=T_FLAT)
            for a, b in zip(small.values, large.values):
                g.add(b / a)
        top = report.figure("growth.{}.p99.1000000".format(key), "{} at 10⁶: p99".format(title), "ms", group=group,
                            target=T_P99_LARGE, note="" if 1_000_000 in sizes_done else "10⁶ not built in this run")
        big = report.figures.get("growth.{}.1000000".format(key))
        if big is not None:
            for value in big.extra.get("p99", []):
                top.add(value)


T_FLAT = {"op": "<=", "limit": 2.0, "text": "flat: ≤ 2× from 10³ to the largest size"}
T_P99_LARGE = {"op": "<=", "limit": 20, "text": "p99 ≤ 20 ms at 10⁶"}


def bench_handlers(report, mode: dict, say) -> None:
    """The in-process growth benchmarks (handler beside its raw SQL), folded into the report."""
    group = "Growth in process: handler beside its raw SQL"
    small, large = mode["handler_sizes"]
    report.sections[group] = (
        "The services' handlers called in process on fresh databases of {} and {} rows (bench/coworking_tickets.py,"
        " bench/support_tickets.py, bench/user_search.py), each beside the very SQL it sent replayed with"
        " psycopg2 (the baseline). The figure is the handler's p50 at {}; `growth` its p50 at {} / at {}."
        .format(_label(small), _label(large), _label(large), _label(large), _label(small)))
    for module, name in ((coworking_tickets, "coworking"), (support_tickets, "support")):
        module.ROUNDS = mode["handler_rounds"]
        say("handlers: {} at {} and {}".format(name, _label(small), _label(large)))
        rows = _patiently(lambda: module.run((small, large)), say)
        for case, row in rows.items():
            label, _, way = case.rpartition(" · ")
            key = "handlers.{}.{}.{}".format(name, label, way)
            fig = report.figure(key, "{}: {} ({}) at {}".format(name, label, way, _label(large)), "ms", group=group,
                                baseline="handlers.{}.{}.raw SQL".format(name, label) if way == "handler" else None)
            fig.add(row["large"]["p50_ms"], p50_small=row["small"]["p50_ms"], growth=row["ratio_p50"])
            if way == "handler":
                g = report.figure(key + ".growth", "{}: {} (handler) growth {} → {}".format(
                    name, label, _label(small), _label(large)), "×", group=group, target=T_FLAT)
                g.add(row["ratio_p50"])
    user_search.USERS = large
    say("handlers: user search at {} users".format(_label(large)))
    rows = _patiently(user_search.run, say)
    for case, row in rows.items():
        kind, _, way = case.partition(": ")
        base = "handlers.users.{}.raw SQL, trigram index".format(kind)
        report.figure("handlers.users.{}.{}".format(kind, way), "user search ({}): {} at {}".format(
            kind, way, _label(large)), "ms", group=group,
            baseline=base if way.startswith("service handler") else None).add(
            row["p50_ms"], p99=row["p99_ms"])


def _patiently(run, say, attempts: int = 3):
    """``run()``, again after a pause when the shared PostgreSQL had no connection left."""
    for attempt in range(attempts):
        try:
            return run()
        except Exception as exc:
            if "too many clients" not in str(exc) or attempt == attempts - 1:
                raise
            say("PostgreSQL has no connection left (shared machine); again in 15 s")
            time.sleep(15)
