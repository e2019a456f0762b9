"""Manual 003 «Создание заявки в клиентском портале» and manual 004 «Как обратиться в службу
поддержки» (S1): HubEx's full form with the customer organisation, object, work type and
contract; manual 004's short form (department, subject, message, a service, files); the
deadline from the criticality's SLA; the ticket's own numbers; one ticket per request."""
from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta

from tests.integration.client import assert_problem
from tests.integration.support_fixtures import agents, company1, desk, full_form, organisation  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def upload(client, name, content, content_type):
    response = client.post("/support/attachments", files={"file": (name, io.BytesIO(content), content_type)})
    assert response.status_code == 201, response.text
    return response.json()


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_a_customer_creates_a_ticket_with_hubex_full_form(system, admin, make_user, agents, desk, company1, events):
    created = events("support", "ticket_created")
    photo = upload(company1.manager, "котел.png", PNG, "image/png")
    ticket = company1.manager.ok("POST", "/support/tickets", 201, json=full_form(
        desk, company1, attachment_ids=[photo["id"]]))
    assert ticket["status"] == "new" and ticket["subject"] == "Не греет котел"
    assert ticket["department"] == {"id": desk.tech["id"], "name": desk.tech["name"]}
    assert ticket["type"]["name"] == desk.repair["name"] and ticket["criticality"]["name"] == desk.urgent["name"]
    assert ticket["organisation"] == {"id": company1.id, "name": company1.name}
    assert ticket["object"]["name"] == "Котельная, котел Buderus 40 кВт"
    assert ticket["contract"]["number"] == "ТО-2026/15" and ticket["work_type"]["id"] == desk.diagnostics["id"]
    # the SLA of «Срочная»: a reply within 30 minutes, the resolution within 4 hours
    assert at(ticket["deadline"]) - at(ticket["created_at"]) == timedelta(minutes=240)
    assert at(ticket["first_reply_due"]) - at(ticket["created_at"]) == timedelta(minutes=30)
    assert ticket["overdue"] is False and ticket["author"]["id"] == company1.manager.user["id"]
    announced = created.wait(lambda e: e["data"]["ticket_number"] == ticket["number"])["data"]
    assert announced["agent_ids"] == [agents.tech.user["id"]] and announced["attachment_count"] == 1

    # a colleague of the organisation and the department's agent see it; nobody else does
    assert company1.colleague.ok("GET", "/support/tickets/{}".format(ticket["number"]))["side"] == "client"
    assert agents.tech.ok("GET", "/support/tickets/{}".format(ticket["number"]))["side"] == "staff"
    assert company1.colleague.get("/support/attachments/" + photo["id"]).content == PNG
    outsider = organisation(admin, make_user, "Компания №4 " + uuid.uuid4().hex[:6]).manager
    for stranger in (outsider, agents.accounting, make_user()):
        assert_problem(stranger.get("/support/tickets/{}".format(ticket["number"])), 404, "ticket_not_found")
        assert_problem(stranger.get("/support/attachments/" + photo["id"]), 404, "attachment_not_found")

    # numbers are the tickets' own sequence, increasing
    second = company1.colleague.ok("POST", "/support/tickets", 201, json=full_form(desk, company1, subject="Течь"))
    assert second["number"] > ticket["number"] >= 100001


def test_manual_004_short_form_with_a_service_and_files_and_the_default_sla(system, admin, make_user, desk):
    client = make_user()
    default = admin.ok("POST", "/support/criticalities", 201, json={
        "name": "Обычная " + uuid.uuid4().hex[:6], "first_reply_minutes": 60, "resolution_minutes": 1440,
        "is_default": True})
    files = [upload(client, "счет-{}.pdf".format(i), PDF, "application/pdf") for i in range(5)]
    ticket = client.ok("POST", "/support/tickets", 201, json={
        "department_id": desk.accounting["id"], "subject": "API", "message": "Как получить закрывающие документы?",
        "service_id": "VDS-1207", "attachment_ids": [f["id"] for f in files]})
    assert ticket["criticality"]["id"] == default["id"] and ticket["service_id"] == "VDS-1207"
    assert at(ticket["deadline"]) - at(ticket["created_at"]) == timedelta(hours=24)
    assert ticket["description"] == "Как получить закрывающие документы?" and ticket["organisation"] is None
    assert client.get("/support/attachments/" + files[4]["id"]).content == PDF


def test_a_retried_request_creates_no_second_ticket(system, make_user, desk, redis_client, test_run):
    client = make_user()
    key = "ticket-" + uuid.uuid4().hex
    payload = {"department_id": desk.accounting["id"], "subject": "Сверка", "message": "Нужен акт сверки"}
    first = client.ok("POST", "/support/tickets", 201, json=payload, headers={"Idempotency-Key": key})
    replay = client.post("/support/tickets", json=payload, headers={"Idempotency-Key": key})
    assert replay.json()["number"] == first["number"] and replay.headers.get("Idempotent-Replayed") == "true"
    # the gateway forgot the key (or the RPC ran twice): the service still finds the ticket
    for stored in redis_client.scan_iter(test_run.redis_prefix + "idem:*" + key):
        redis_client.delete(stored)
    again = client.ok("POST", "/support/tickets", 201, json=payload, headers={"Idempotency-Key": key})
    assert again["number"] == first["number"]


def test_creating_a_ticket_refuses_what_it_must_and_changes_nothing(system, admin, make_user, desk, company1):
    client = company1.manager
    photo = upload(client, "фото.png", PNG, "image/png")
    short = {"department_id": desk.tech["id"], "subject": "Котел", "message": "Не работает",
             "attachment_ids": [photo["id"]]}
    problem = assert_problem(client.post("/support/tickets", json=short), 422, "fields_required")
    assert set(problem["errors"]) == {"type_id", "criticality_id", "organisation_id", "object_id"}
    assert_problem(client.post("/support/tickets", json=full_form(desk, company1, object_id=company1.lift["id"])),
                   422, "contract_does_not_cover_object")
    other = organisation(admin, make_user, "Компания №5 " + uuid.uuid4().hex[:6])
    assert_problem(other.manager.post("/support/tickets", json=full_form(desk, company1)), 422,
                   "organisation_not_yours")
    assert_problem(client.post("/support/tickets", json=full_form(desk, company1, type_id=str(uuid.uuid4()))),
                   422, "reference_unknown")
    assert_problem(client.post("/support/tickets", json={"department_id": str(uuid.uuid4()), "subject": "x",
                                                         "message": "y"}), 422, "reference_unknown")
    assert_problem(client.post("/support/tickets", json={"department_id": desk.accounting["id"], "subject": " ",
                                                         "message": "y"}), 422)
    assert_problem(client.post("/support/tickets", json={"department_id": desk.accounting["id"], "subject": "x"}),
                   422, "fields_required")
    six = [upload(client, "{}.png".format(i), PNG, "image/png")["id"] for i in range(6)]
    assert_problem(client.post("/support/tickets", json=dict(short, department_id=desk.accounting["id"],
                                                             attachment_ids=six)), 422)
    stranger_file = upload(make_user(), "чужое.png", PNG, "image/png")
    assert_problem(client.post("/support/tickets", json=dict(short, department_id=desk.accounting["id"],
                                                             attachment_ids=[stranger_file["id"]])), 422)
    # nothing was kept: the photo is still unsent and goes with the ticket that is finally right
    ticket = client.ok("POST", "/support/tickets", 201, json=full_form(desk, company1, attachment_ids=[photo["id"]]))
    assert company1.colleague.get("/support/attachments/" + photo["id"]).status_code == 200
    assert ticket["status"] == "new"
