"""Manual 003 «Клиентская аналитика» (S6, «Аналитика – Отчет для клиента»): for a period, the
customer's tickets by status and by object, created per day / week / month, the average and
90th-percentile resolution time and the overdue share."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from tests.integration.client import assert_problem
from tests.integration.support_fixtures import agents, desk, organisation  # noqa: F401


def test_the_client_report_of_a_company(story, admin, make_user, agents, desk):
    org = organisation(admin, make_user, "Компания №10 " + uuid.uuid4().hex[:6])
    base = "/support/organisations/{}".format(org.id)
    boiler = admin.ok("POST", base + "/objects", 201, json={"name": "Котельная"})
    lift = admin.ok("POST", base + "/objects", 201, json={"name": "Лифт"})

    def ticket(found_object, subject):
        return org.manager.ok("POST", "/support/tickets", 201, json={
            "department_id": desk.tech["id"], "subject": subject, "message": subject, "type_id": desk.repair["id"],
            "criticality_id": desk.urgent["id"], "organisation_id": org.id, "object_id": found_object["id"]})

    started = story.now() - timedelta(minutes=1)
    first, second = ticket(boiler, "Котел"), ticket(lift, "Лифт стоит")
    story.advance(3600)
    agents.tech.ok("PATCH", "/support/tickets/{}".format(first["number"]), json={"status": "resolved"})
    story.advance(24 * 3600)
    third = ticket(boiler, "Снова котел")
    story.advance(2 * 3600)
    agents.tech.ok("PATCH", "/support/tickets/{}".format(second["number"]), json={"status": "resolved"})
    story.advance(5 * 3600)   # the third is open past its four hours
    period = {"from": started.isoformat(), "to": (story.now() + timedelta(minutes=1)).isoformat()}

    report = org.colleague.ok("GET", "/support/analytics", params=period)
    assert report["total"] == 3
    assert [(s["status"], s["count"]) for s in report["by_status"]] == [("new", 1), ("resolved", 2)]
    assert report["by_status"][1]["label"] == "Выполнена"
    assert [(o["object"]["name"], o["count"]) for o in report["by_object"]] == [("Котельная", 2), ("Лифт", 1)]
    days = {}
    for created in (first, second, third):
        day = datetime.fromisoformat(created["created_at"]).date().isoformat()
        days[day] = days.get(day, 0) + 1
    assert {c["period_start"]: c["count"] for c in report["created"]} == days
    resolution = report["resolution"]
    assert resolution["resolved"] == 2
    assert abs(resolution["average_seconds"] - 14 * 3600) < 120   # (1 h + 27 h) / 2
    assert abs(resolution["p90_seconds"] - 27 * 3600) < 120
    assert report["overdue"] == {"with_deadline": 3, "overdue": 2, "share": 0.6667}
    monthly = org.manager.ok("GET", "/support/analytics", params=dict(period, group="month"))
    assert sum(c["count"] for c in monthly["created"]) == 3
    assert org.manager.ok("GET", "/support/analytics", params=dict(period, organisation_id=org.id))["total"] == 3

    # another company sees none of it; bad input is refused
    other = organisation(admin, make_user, "Компания №11 " + uuid.uuid4().hex[:6]).manager
    assert other.ok("GET", "/support/analytics", params=period)["total"] == 0
    assert_problem(other.get("/support/analytics", params=dict(period, organisation_id=org.id)), 404,
                   "organisation_not_found")
    assert_problem(other.get("/support/analytics", params={"from": "2026-01-01"}), 422)
    assert_problem(other.get("/support/analytics", params=dict(period, group="year")), 422)
    assert_problem(other.get("/support/analytics", params={"from": period["to"], "to": period["from"]}), 422)
    assert admin.ok("GET", "/support/analytics", params=dict(period, scope="staff"))["total"] >= 3
