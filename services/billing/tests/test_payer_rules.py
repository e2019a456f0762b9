"""Manual 004: "if a payer has unpaid expenses that went into a completion act, the system
will not let you choose a new payer when creating a payment" — pay them, or re-issue the act.
Acts arrive with the documents issue (B10); here one is put on an expense directly."""
from __future__ import annotations

from datetime import datetime, timezone

from kit.db import make_engine
from services.billing.models import Expense
from tests.integration.client import assert_problem

PAYER = {"kind": "individual", "contact_person": "Иван Столповский"}


def unpaid_expense_in_an_act(mini, account_id, payer_id):
    engine = make_engine(mini.database_url, pool_size=1)
    try:
        with engine.begin() as connection:
            now = datetime.now(timezone.utc)
            connection.execute(Expense.__table__.insert().values(
                account_id=account_id, payer_id=payer_id, name="Аренда, февраль", charged_at=now, amount=120000,
                unpaid=120000, vat=20000, vat_rate=20, act_id="act-2024-02", refunded=0, created_at=now))
    finally:
        engine.dispose()


def test_a_payer_with_unpaid_expenses_in_an_act_keeps_the_payments(mini):
    client = mini.client()
    debtor = client.ok("POST", "/billing/payers", 201, json=PAYER)
    other = client.ok("POST", "/billing/payers", 201, json=dict(PAYER, contact_person="ООО «Тестовый плательщик»"))
    unpaid_expense_in_an_act(mini, client.user["account_id"], debtor["id"])

    refused = assert_problem(client.post("/billing/top-ups", json={"amount": 10000, "payer_id": other["id"]}), 409,
                             "payer_has_unpaid_act_expenses")
    assert "payer_id" in refused["errors"]
    assert client.ok("POST", "/billing/top-ups", 201, json={"amount": 10000, "payer_id": debtor["id"]})
    assert client.ok("POST", "/billing/top-ups", 201, json={"amount": 10000})   # no payer chosen

    assert client.ok("GET", "/billing/payers/" + debtor["id"])["unpaid"] == 120000
    assert_problem(client.delete("/billing/payers/" + debtor["id"]), 409, "payer_has_unpaid_expenses")
    assert_problem(client.post("/billing/payers/merge", json={"main_payer_id": other["id"],
                                                              "merged_payer_id": debtor["id"]}), 409,
                   "payer_has_unpaid_act_expenses")
    expenses = client.ok("GET", "/billing/expenses")
    assert (expenses["total"], expenses["sum_unpaid"], expenses["sum_vat"]) == (1, 120000, 20000)
