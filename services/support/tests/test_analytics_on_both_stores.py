"""Client analytics (S6) answer the same on SQLite (the embedded default) as on PostgreSQL:
the same tickets, written to a migrated database of each kind, give the same report for every
grouping — and the report is the one the tickets call for, worked out here by hand."""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from services.support.dependencies import Deps
from services.support.handlers.analytics import client_report
from services.support.models import Department, Organisation, OrganisationMember, SupportObject, Ticket

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
SINCE = datetime(2026, 9, 1, tzinfo=timezone.utc)
CLIENT = "00000000-0000-4000-8000-0000000000c1"
OTHER = "00000000-0000-4000-8000-0000000000c2"
ORG, OWN_ELSEWHERE, STRANGER = ("00000000-0000-4000-8000-00000000000{}".format(i) for i in (1, 2, 3))
DEPARTMENT = "00000000-0000-4000-8000-0000000000d1"
BOILER, LIFT, FAR = ("00000000-0000-4000-8000-0000000000e{}".format(i) for i in (1, 2, 3))


def _tickets() -> list[dict]:
    """Tickets of the client's organisation (by colleagues too), the client's own in an
    organisation they do not belong to, a stranger's (not the client's), one before the
    period; every status, with and without an object and a deadline, resolved in time, late,
    open past the deadline."""
    rows = []
    plan = [
        # (days before NOW, hours, organisation, author, object, status, minutes to resolve, deadline minutes)
        (1, 3, ORG, OTHER, BOILER, "new", None, 600),
        (1, 5, ORG, CLIENT, LIFT, "in_progress", None, 60 * 24 * 5),
        (3, 1, ORG, OTHER, None, "awaiting_customer", None, 60),           # open, past its deadline
        (8, 9, ORG, OTHER, BOILER, "resolved", 90, 120),                    # in time
        (8, 22, ORG, CLIENT, BOILER, "resolved", 300, 120),                 # late
        (15, 0, ORG, OTHER, LIFT, "closed", 45, None),                      # no deadline
        (33, 12, ORG, OTHER, LIFT, "closed", 1440, 2880),
        (40, 7, OWN_ELSEWHERE, CLIENT, FAR, "resolved", 20, 30),
        (62, 23, ORG, OTHER, None, "closed", 7200, 1440),                   # late
        (75, 4, ORG, OTHER, BOILER, "new", None, None),
        (2, 2, STRANGER, OTHER, None, "new", None, 60),                     # not the client's
        (100, 1, ORG, OTHER, BOILER, "resolved", 10, 60),                   # before the period
    ]
    for n, (days, hours, organisation, author, obj, status, resolve, deadline) in enumerate(plan):
        created = NOW - timedelta(days=days) + timedelta(hours=hours) - timedelta(hours=12)
        rows.append({
            "number": 100001 + n, "organisation_id": organisation, "author_id": author, "object_id": obj,
            "status": status, "created_at": created,
            "resolved_at": created + timedelta(minutes=resolve) if resolve is not None else None,
            "deadline": created + timedelta(minutes=deadline) if deadline is not None else None,
        })
    return rows


def _seed(databases: Databases) -> None:
    with databases.unit_of_work(Caller()) as uow:
        session = uow.session
        session.add(Department(id=DEPARTMENT, name="Техническая поддержка", required_fields=[], created_at=NOW,
                               updated_at=NOW))
        for organisation in (ORG, OWN_ELSEWHERE, STRANGER):
            session.add(Organisation(id=organisation, name="Компания " + organisation[-1]))
        session.flush()
        for obj, organisation, name in ((BOILER, ORG, "Котельная"), (LIFT, ORG, "Лифт №2"),
                                        (FAR, OWN_ELSEWHERE, "Склад")):
            session.add(SupportObject(id=obj, organisation_id=organisation, name=name))
        session.add(OrganisationMember(organisation_id=ORG, user_id=CLIENT))
        session.flush()
        for row in _tickets():
            session.add(Ticket(department_id=DEPARTMENT, subject="Заявка {}".format(row["number"]), description="",
                               message_seq=0, updated_at=row["created_at"], **row))


@pytest.fixture(scope="module")
def stores(test_run, tmp_path_factory):
    urls = {"sqlite": "sqlite:///{}".format(tmp_path_factory.mktemp("support") / "support.sqlite3"),
            "postgresql": test_run.database_url("support_analytics")}
    found = {}
    for kind, url in urls.items():
        upgrade("support", url)
        found[kind] = Databases(url, "support", now=lambda: NOW)
        _seed(found[kind])
    yield found
    for databases in found.values():
        databases.dispose()


def report(databases: Databases, group: str, **query) -> dict:
    caller = Caller(user_id=CLIENT, roles=frozenset({"client"}))
    with databases.unit_of_work(caller) as uow:
        return client_report(uow, caller, {"scope": "mine", "group": group, "from": SINCE, "to": NOW, **query},
                             Deps(settings=None))


def expected(group: str) -> dict:
    """The report worked out in Python from the same tickets."""
    mine = [t for t in _tickets() if SINCE <= t["created_at"] < NOW
            and (t["organisation_id"] == ORG or t["author_id"] == CLIENT)]

    def start(moment):
        day = moment.date()
        if group == "week":
            day -= timedelta(days=day.weekday())
        elif group == "month":
            day = day.replace(day=1)
        return day.isoformat()

    created = {}
    for t in mine:
        created[start(t["created_at"])] = created.get(start(t["created_at"]), 0) + 1
    took = sorted((t["resolved_at"] - t["created_at"]).total_seconds() for t in mine if t["resolved_at"])
    with_deadline = [t for t in mine if t["deadline"]]
    late = [t for t in with_deadline if (t["resolved_at"] and t["resolved_at"] > t["deadline"])
            or (not t["resolved_at"] and t["deadline"] < NOW)]
    by_status, by_object = {}, {}
    for t in mine:
        by_status[t["status"]] = by_status.get(t["status"], 0) + 1
        by_object[t["object_id"]] = by_object.get(t["object_id"], 0) + 1
    return {
        "total": len(mine), "by_status": by_status, "by_object": by_object,
        "created": sorted(created.items()),
        "resolution": {"resolved": len(took), "average_seconds": round(sum(took) / len(took)),
                       "p90_seconds": round(took[math.ceil(0.9 * len(took)) - 1])},
        "overdue": {"with_deadline": len(with_deadline), "overdue": len(late),
                    "share": round(len(late) / len(with_deadline), 4)},
    }


def essentials(answer: dict) -> dict:
    return {
        "total": answer["total"], "by_status": {s["status"]: s["count"] for s in answer["by_status"]},
        "by_object": {(o["object"] or {}).get("id"): o["count"] for o in answer["by_object"]},
        "created": [(c["period_start"], c["count"]) for c in answer["created"]],
        "resolution": answer["resolution"], "overdue": answer["overdue"],
    }


@pytest.mark.parametrize("group", ["day", "week", "month"])
def test_the_report_is_the_same_on_sqlite_and_postgresql_and_the_one_the_tickets_call_for(stores, group):
    on_sqlite, on_postgresql = report(stores["sqlite"], group), report(stores["postgresql"], group)
    assert on_sqlite == on_postgresql
    assert essentials(on_postgresql) == expected(group)


def test_one_organisation_and_its_object_names_the_same_on_both(stores):
    on_sqlite = report(stores["sqlite"], "month", organisation_id=ORG)
    on_postgresql = report(stores["postgresql"], "month", organisation_id=ORG)
    assert on_sqlite == on_postgresql
    # the client's own ticket of another organisation is not the organisation's
    assert on_postgresql["total"] == expected("month")["total"] - 1
    assert {(o["object"] or {}).get("name"): o["count"] for o in on_postgresql["by_object"]} == {
        "Котельная": 4, "Лифт №2": 3, None: 2}
