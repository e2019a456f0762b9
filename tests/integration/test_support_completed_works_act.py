"""Manual 003 «Акт выполненных работ» (S5): the executor records the works, which make the
act; the customer prints it — a PDF in Russian with the organisation, object, contract, works
and totals — and accepts it, after which it is frozen."""
from __future__ import annotations

import subprocess
import uuid

from tests.integration.client import assert_problem
from tests.integration.support_fixtures import agents, company1, desk, full_form, organisation  # noqa: F401

WORKS = [{"name": "Диагностика котла", "quantity": "1", "unit": "усл.", "price": 250000},
         {"name": "Замена датчика тяги", "quantity": "1", "unit": "шт", "price": 180000},
         {"name": "Работа мастера", "quantity": "1.5", "unit": "ч", "price": 60000}]


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "act.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_executor_records_works_and_the_customer_prints_and_accepts_the_act(
        story, admin, make_user, agents, desk, company1, tmp_path):
    customer, agent = company1.manager, agents.tech
    ticket = customer.ok("POST", "/support/tickets", 201, json=full_form(desk, company1))
    path = "/support/tickets/{}/act".format(ticket["number"])
    assert_problem(customer.get(path), 404, "act_not_found")

    act = agent.ok("POST", path, json={"works": WORKS})
    assert [w["amount"] for w in act["works"]] == [250000, 180000, 90000] and act["total"] == 520000
    assert act["works"][2]["quantity"] == "1.5" and act["frozen"] is False and act["accepted_by"] is None
    notice = story.inbox_entry(customer, "ticket_act_issued", lambda n: n["data"]["ticket_number"] == ticket["number"])
    assert notice["title"] == "Акт выполненных работ по заявке №{}".format(ticket["number"])
    assert company1.colleague.ok("GET", path)["total"] == 520000

    printed = customer.get(path + "/pdf")
    assert printed.status_code == 200 and printed.headers["Content-Type"] == "application/pdf"
    text = pdf_text(printed.content, tmp_path)
    for expected in ("Акт выполненных работ № {}".format(ticket["number"]), company1.name,
                     "Котельная, котел Buderus 40 кВт, Пермь, ул. Ленина, 1", "№ ТО-2026/15",
                     "«Техническое обслуживание котельной»", "Диагностика котла", "Замена датчика тяги",
                     "Работа мастера", "1,5", "2 500,00", "Итого: 5 200,00 ₽", "Заказчик: не принят"):
        assert expected in text.replace("\u00a0", " "), (expected, text)

    accepted = customer.ok("POST", path + "/accept")
    assert accepted["accepted_by"]["id"] == customer.user["id"] and accepted["frozen"] is True
    story.inbox_entry(agent, "ticket_act_accepted", lambda n: n["data"]["ticket_number"] == ticket["number"])
    assert "Принял: {}".format(customer.user["full_name"]) in pdf_text(customer.get(path + "/pdf").content, tmp_path)
    assert_problem(agent.post(path, json={"works": WORKS[:1]}), 409, "act_accepted")
    assert_problem(company1.colleague.post(path + "/accept"), 409, "act_accepted")
    assert customer.ok("GET", path)["total"] == 520000


def test_the_act_refuses_what_it_must(system, admin, make_user, agents, desk, company1):
    customer, agent = company1.manager, agents.tech
    ticket = customer.ok("POST", "/support/tickets", 201, json=full_form(desk, company1))
    path = "/support/tickets/{}/act".format(ticket["number"])
    assert_problem(customer.post(path, json={"works": WORKS}), 403, "staff_only")
    assert_problem(agent.post(path, json={"works": []}), 422)
    assert_problem(agent.post(path, json={"works": [dict(WORKS[0], quantity="0")]}), 422)
    assert_problem(agent.post(path, json={"works": [dict(WORKS[0], price=-1)]}), 422)
    assert_problem(agent.post(path, json={"works": [dict(WORKS[0], name=" ")]}), 422)
    assert_problem(customer.post(path + "/accept"), 404, "act_not_found")
    agent.ok("POST", path, json={"works": WORKS[:1]})
    assert_problem(agent.post(path + "/accept"), 403, "customer_only")
    other = organisation(admin, make_user, "Компания №9 " + uuid.uuid4().hex[:6]).manager
    for stranger in (other, agents.accounting):
        assert_problem(stranger.get(path), 404, "ticket_not_found")
        assert_problem(stranger.get(path + "/pdf"), 404, "ticket_not_found")
        assert_problem(stranger.post(path + "/accept"), 404, "ticket_not_found")
    assert customer.ok("GET", path)["accepted_at"] is None
