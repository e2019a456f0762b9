"""What the growth benchmarks share: the statements a handler sends, captured from
SQLAlchemy and replayed with psycopg2 (the database's share, no ORM), their plans, and one
figure from several interleaved rounds of :func:`bench.stats.measure`."""
from __future__ import annotations

import statistics

from sqlalchemy import event


def capture(databases, call) -> list[tuple[str, dict]]:
    """The statements (and their parameters) one call sends to the database."""
    sent = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(databases.engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(databases.engine, "before_cursor_execute", listener)
    return sent


def access_paths(plan: dict) -> list[str]:
    """How each table is read in a JSON plan: ``Index Scan Backward uq_tickets_number on
    tickets``, ``Bitmap Heap Scan on tickets (ix_a & ix_b)``…"""
    def indexes(node):
        combine = {"BitmapAnd": " & ", "BitmapOr": " | "}.get(node["Node Type"])
        if combine:
            return "(" + combine.join(indexes(child) for child in node.get("Plans", ())) + ")"
        return node.get("Index Name") or " ".join(indexes(child) for child in node.get("Plans", ()))

    node_type, relation = plan["Node Type"], plan.get("Relation Name")
    if relation:
        direction = " Backward" if plan.get("Scan Direction") == "Backward" else ""
        used = indexes(plan) if node_type == "Bitmap Heap Scan" else plan.get("Index Name")
        return ["{}{}{} on {}".format(node_type, direction, " " + used if used else "", relation)]
    return [path for child in plan.get("Plans", ()) for path in access_paths(child)]


def explain(cursor, statements) -> list[dict]:
    explained = []
    for statement, parameters in statements:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, parameters)
        plan = cursor.fetchone()[0][0]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        text = "\n".join(row[0] for row in cursor.fetchall())
        explained.append({"sql": cursor.mogrify(statement, parameters).decode(), "plan": text,
                          "tickets_read_by": [p for p in access_paths(plan["Plan"]) if p.endswith("on tickets")],
                          "execution_ms": plan["Execution Time"]})
    cursor.connection.rollback()
    return explained


def replay(connection, statements):
    cursor = connection.cursor()

    def raw_sql():
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        connection.commit()
    return raw_sql


def combine_rounds(rounds: list[dict]) -> dict:
    """One figure from several rounds of :func:`bench.stats.measure`: medians of the rounds'."""
    def median(key):
        return round(statistics.median(r[key] for r in rounds), 3)
    return {"n": sum(r["n"] for r in rounds), "ops_per_s": median("ops_per_s"), "p50_ms": median("p50_ms"),
            "p95_ms": median("p95_ms"), "p99_ms": median("p99_ms"), "mean_ms": median("mean_ms"),
            "rounds": len(rounds)}
