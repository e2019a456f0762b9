"""The demo's bank statement (scripts/demo/billing.py) is one billing imports and matches to
the demo's order invoice: read by billing's own 1C reader, its one payment names the invoice,
comes from the invoice payer's INN, goes to the operator and pays the invoice whole."""
from __future__ import annotations

from scripts.demo import billing as demo
from scripts.demo.people import MARINA
from services.billing.domain import order_invoices as rules, statements

INVOICE = {"id": "x", "number": "2026-000007", "order_number": 1007783, "status": "issued", "payer_name": "Компания №1",
           "payer_inn": "7707083893", "service_name": "Кофе и еда от Monkey Grinder", "amount": 18000, "vat": 3000,
           "paid": 0, "remaining": 18000, "issued_on": "2026-12-01"}
COMPANY = next(p for p in demo.PAYERS[MARINA] if p.get("name") == "Компания №1")


def test_the_demo_statement_pays_the_demo_invoice_when_billing_reads_it():
    seller = demo.seller()
    raw = demo.statement_text(INVOICE, seller, COMPANY).encode("cp1251")
    statement = statements.parse(raw)
    (document,) = statement.documents
    assert (document.amount, document.payer_inn, document.recipient_inn) == (18000, "7707083893", seller["inn"])
    assert document.day.isoformat() == "2026-12-01" and document.payer_name == "Компания №1"
    numbers = statements.invoice_numbers(document.purpose)
    assert numbers[0] == "2026-000007"
    facts = {INVOICE["number"]: rules.InvoiceFacts(INVOICE["number"], "issued", INVOICE["payer_inn"], 18000)}
    assert rules.match(numbers, facts, document.payer_inn, document.amount).matched
    # the seller is billing's: its default INN unless BILLING_SELLER_INN says otherwise
    assert seller["inn"] == "7701234507"
