"""Manual 004 «Операции с тикетами» (S4): the statuses the customer sees — Есть новые
сообщения, Находится на рассмотрении, Ожидает вашего ответа, Просмотрен — follow the
ticket's state machine and their unread messages; the customer archives a resolved ticket
and finds it in the archive; an illegal change is 409 and changes nothing."""
from __future__ import annotations

from tests.integration.client import assert_problem
from tests.integration.support_fixtures import agents, company1, desk, full_form  # noqa: F401


def test_the_customer_follows_a_ticket_to_the_archive(system, agents, desk, company1, events):
    changed = events("support", "ticket_status_changed")
    customer, agent = company1.manager, agents.tech
    ticket = customer.ok("POST", "/support/tickets", 201, json=full_form(desk, company1))
    path = "/support/tickets/{}".format(ticket["number"])
    assert (ticket["client_status"], ticket["client_status_label"]) == ("under_review", "Находится на рассмотрении")
    assert ticket["actions"] == []

    taken = agent.ok("PATCH", path, json={"status": "in_progress"})
    assert taken["status"] == "in_progress" and taken["status_label"] == "В работе"
    assert set(taken["actions"]) == {"await_customer", "resolve", "close"}
    agent.ok("POST", path + "/messages", 201, json={"text": "Заменили датчик тяги. Проверьте, пожалуйста."})
    seen = customer.ok("GET", path)
    assert seen["status"] == "awaiting_customer" and seen["first_replied_at"] is not None
    assert (seen["client_status"], seen["client_status_label"]) == ("new_messages", "Есть новые сообщения")
    customer.ok("POST", path + "/messages/read", json={})
    seen = customer.ok("GET", path)
    assert (seen["client_status"], seen["client_status_label"]) == ("awaiting_reply", "Ожидает вашего ответа")
    assert seen["actions"] == ["archive"]

    # the customer answers: back under review; staff resolve; the customer archives
    customer.ok("POST", path + "/messages", 201, json={"text": "Снова ошибка EA"})
    assert customer.ok("GET", path)["client_status"] == "under_review"
    assert agent.ok("GET", path)["status"] == "in_progress"
    resolved = agent.ok("PATCH", path, json={"status": "resolved"})
    assert resolved["resolved_at"] is not None and resolved["actions"] == ["reopen", "close"]
    assert customer.ok("GET", path)["client_status"] == "awaiting_reply"
    archived = customer.ok("POST", path + "/archive")
    assert (archived["status"], archived["client_status_label"]) == ("closed", "Просмотрен")
    assert archived["actions"] == [] and archived["closed_at"] is not None
    moves = [changed.wait(lambda e, a=a: e["data"]["ticket_number"] == ticket["number"] and e["data"]["action"] == a)
             for a in ("take", "staff_reply", "customer_reply", "resolve", "archive")]
    assert moves[-1]["data"]["changed_by"] == customer.user["id"] and moves[-1]["data"]["to_status"] == "closed"

    # the archive is a filter: gone from the open list, there in the archive
    def listed(**params):
        return [t["number"] for t in customer.ok("GET", "/support/tickets", params={"per_page": 100, **params})["items"]]

    assert ticket["number"] not in listed()
    assert ticket["number"] in listed(archive="true")
    assert ticket["number"] in [t["number"] for t in company1.colleague.ok(
        "GET", "/support/tickets", params={"archive": "true", "per_page": 100})["items"]]


def test_illegal_changes_are_409_and_change_nothing(system, agents, desk, company1):
    customer, agent = company1.manager, agents.tech
    ticket = customer.ok("POST", "/support/tickets", 201, json=full_form(desk, company1))
    path = "/support/tickets/{}".format(ticket["number"])
    assert_problem(customer.post(path + "/archive"), 409, "ticket_transition_not_allowed")  # not answered yet
    assert_problem(agent.post(path + "/archive"), 403, "customer_only")
    assert_problem(customer.patch(path, json={"status": "resolved"}), 403, "staff_only")
    assert_problem(agent.patch(path, json={"status": "new"}), 422)
    agent.ok("PATCH", path, json={"status": "closed"})
    assert_problem(agent.patch(path, json={"status": "in_progress"}), 409, "ticket_transition_not_allowed")
    assert_problem(customer.post(path + "/messages", json={"text": "А как же?"}), 409, "ticket_closed")
    assert_problem(customer.post(path + "/archive"), 409, "ticket_transition_not_allowed")
    seen = customer.ok("GET", path)
    assert seen["status"] == "closed" and customer.ok("GET", path + "/messages")["total"] == 1
