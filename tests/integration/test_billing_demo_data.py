"""`make run`'s demo data includes billing's (manual 004) and loading it twice changes nothing:
the launcher's step itself (``python -m scripts.demo``), run twice."""
from __future__ import annotations

from pathlib import Path

from kit import config
from scripts.demo import billing as demo_billing
from scripts.demo.api import DEMO_PASSWORD
from tests.integration.client import Client


def test_demo_payers_and_top_up_load_once(system, admin):
    for _ in range(2):
        system.load_demo()
    marina = Client(system.base_url).login("marina@demo.platform.local", DEMO_PASSWORD)
    payers = {p["display_name"]: p for p in marina.ok("GET", "/billing/payers")["items"]}
    assert set(payers) == {"Компания №1", "Иван"}
    assert payers["Компания №1"]["kind"] == "company" and payers["Компания №1"]["contracts"]
    assert marina.ok("GET", "/billing/account")["balance"] == 300000
    assert marina.ok("GET", "/billing/payments")["total"] == 1
    products = {p["code"]: p for p in marina.ok("GET", "/billing/products", params={"per_page": 100})["items"]}
    assert {"resident", "virtual-office", "parking", "vps-dc16", "hosting", "domain-ru", "ssl"} <= set(products)
    assert products["domain-ru"]["renewal_lead_days"] == 60 and products["resident"]["name"] == "Резидент + 1-3 мес"
    ivan = Client(system.base_url).login("ivan@demo.platform.local", DEMO_PASSWORD)
    assert [p["name"] for p in ivan.ok("GET", "/billing/payers")["items"]] == ["ООО «Тестовый плательщик»"]

    # Марина's coffee order paid by bank transfer: its invoice issued once, and the bank's
    # statement that pays it written for the operator to import
    (invoice,) = marina.ok("GET", "/billing/order-invoices")["items"]
    assert (invoice["status"], invoice["payer_name"], invoice["amount"]) == ("issued", "Компания №1", 18000)
    statement = Path(system.env.get("VAR_DIR") or config.get("VAR_DIR")) / demo_billing.STATEMENT_FILE
    content = statement.read_bytes()
    assert invoice["number"] in content.decode("cp1251")
    imported = admin.ok("POST", "/billing/bank-statements", 201,
                        files={"file": (statement.name, content, "text/plain")})
    assert (imported["matched"], imported["unmatched"]) == (1, 0)
    assert marina.ok("GET", "/billing/order-invoices/" + invoice["id"])["status"] == "paid"
    again = admin.ok("POST", "/billing/bank-statements", 201, files={"file": (statement.name, content, "text/plain")})
    assert (again["new_lines"], again["duplicates"]) == (0, 1)
    system.load_demo()  # the invoice paid: nothing new, no second invoice
    assert [i["id"] for i in marina.ok("GET", "/billing/order-invoices")["items"]] == [invoice["id"]]
