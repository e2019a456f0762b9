"""Manual 004 «Уведомления» (S8): «Сотрудники провайдера также получают уведомления о новых
тикетах в центре поддержки»; the customer hears of staff replies and status changes (in
their language), staff of the customer's messages, the department of a missed SLA — through
the routing table, in every channel."""
from __future__ import annotations

import uuid

from tests.integration.support_fixtures import agents, company1, desk, full_form, member_of, organisation  # noqa: F401


def about(number):
    return lambda n: n["data"].get("ticket_number") == number


def test_staff_hear_of_new_tickets_and_customers_of_replies(story, admin, make_user, agents, desk, fakes):
    org = organisation(admin, make_user, "Компания №8 " + uuid.uuid4().hex[:6])
    english = make_user(first_name="John", language="en", company_ids=[org.id])
    member_of(english, org.id)
    boiler = admin.ok("POST", "/support/organisations/{}/objects".format(org.id), 201, json={"name": "Котел"})
    device = "fcm-support-agent-{}-{}".format(uuid.uuid4().hex[:8], "q" * 20)
    agents.tech.ok("POST", "/notifications/devices", 201, json={"token": device, "platform": "android"})

    ticket = english.ok("POST", "/support/tickets", 201, json={
        "department_id": desk.tech["id"], "subject": "Boiler is cold", "message": "Error EA on the boiler",
        "type_id": desk.repair["id"], "criticality_id": desk.usual["id"], "organisation_id": org.id,
        "object_id": boiler["id"]})
    number = ticket["number"]
    notice = story.inbox_entry(agents.tech, "ticket_created", about(number))
    assert notice["title"] == "Новая заявка №{}: Boiler is cold".format(number) and notice["category"] == "support"
    push = [p for p in fakes.wait("push", device, timeout=10) if str(number) in p["title"]]
    assert push and push[0]["title"].startswith("Новая заявка")

    path = "/support/tickets/{}".format(number)
    agents.tech.ok("POST", path + "/messages", 201, json={"text": "Мастер выедет завтра"})
    reply = story.inbox_entry(english, "ticket_message_posted", about(number))
    assert reply["title"] == "New message on ticket No. {}".format(number) and reply["body"] == "Мастер выедет завтра"
    english.ok("POST", path + "/messages", 201, json={"text": "Thank you, waiting"})
    assert story.inbox_entry(agents.tech, "ticket_message_posted", about(number))["body"] == "Thank you, waiting"

    agents.tech.ok("PATCH", path, json={"status": "resolved"})
    done = story.inbox_entry(english, "ticket_status_changed", about(number))
    assert done["title"] == "Ticket No. {}: resolved".format(number)
    # the messages' own status changes were not announced twice
    kinds = [n["type"] for n in english.ok("GET", "/notifications", params={"per_page": 100})["items"]
             if n["data"].get("ticket_number") == number]
    assert kinds.count("ticket_status_changed") == 1
    # the author is never told of their own ticket, nor the colleague who did not write
    assert not [n for n in org.manager.ok("GET", "/notifications", params={"per_page": 100})["items"]
                if n["data"].get("ticket_number") == number]
    assert not [n for n in english.ok("GET", "/notifications", params={"per_page": 100})["items"]
                if n["type"] == "ticket_created" and n["data"].get("ticket_number") == number]


def test_the_department_hears_of_a_missed_sla(story, agents, desk, company1):
    ticket = company1.manager.ok("POST", "/support/tickets", 201, json=full_form(desk, company1))
    number = ticket["number"]
    story.advance(31 * 60)   # «Срочная»: the first reply was due in 30 minutes
    late = story.inbox_entry(agents.tech, "ticket_sla_breached", about(number))
    assert late["title"] == "Нарушен срок по заявке №{}".format(number) and "нет первого ответа" in late["body"]
    agents.tech.ok("POST", "/support/tickets/{}/messages".format(number), 201, json={"text": "Уже едем"})
    story.advance(4 * 3600)  # and the resolution in four hours
    story.inbox_entry(agents.tech, "ticket_sla_breached",
                      lambda n: about(number)(n) and "не выполнена" in n["body"])
    assert agents.tech.ok("GET", "/support/tickets/{}".format(number))["overdue"] is True
    warned = [n for n in agents.tech.ok("GET", "/notifications", params={"per_page": 100})["items"]
              if n["type"] == "ticket_sla_breached" and n["data"].get("ticket_number") == number]
    assert len(warned) == 2  # once per kind, however many sweeps ran
