"""Paying an order by invoice (domain.order_invoices): who may ask for one, its number of the
year and due date, its lines' VAT, its status as money arrives, and whether a bank
statement's line pays it — manual 001's 50 ₽ rule included."""
from __future__ import annotations

from datetime import date

import pytest

from kit.errors import InputRuleBroken, RuleBroken
from services.billing.domain import order_invoices as rules
from services.billing.domain.order_invoices import InvoiceFacts

INN = "7707083893"


@pytest.mark.parametrize("kind, inn, code", [
    ("individual", "500100732259", "payer_not_business"),
    ("company", "", "payer_inn_missing"),
    ("sole_proprietor", None, "payer_inn_missing"),
])
def test_an_invoice_is_made_out_to_a_business_with_an_inn(kind, inn, code):
    with pytest.raises(InputRuleBroken) as refused:
        rules.check_payer(kind, inn)
    assert (refused.value.code, refused.value.field) == (code, "payer_id")
    rules.check_payer("company", INN)
    rules.check_payer("sole_proprietor", "500100732259")


@pytest.mark.parametrize("status, total, paid, code", [
    ("confirmed", 18000, 0, "order_not_invoiceable"),
    ("new_payment_pending", 18000, 0, "order_not_invoiceable"),
    ("new", 0, 0, "order_not_invoiceable"),
    ("new", 18000, 5000, "order_partly_paid"),
])
def test_only_a_new_unpaid_order_is_paid_by_invoice(status, total, paid, code):
    with pytest.raises(RuleBroken) as refused:
        rules.check_requestable(status, total, paid)
    assert refused.value.code == code
    rules.check_requestable("new", 18000, 0)


def test_an_invoice_is_issued_once_and_never_for_a_cancelled_order():
    rules.check_issuable(rules.AWAITING_ISSUE, cancelled=False)
    for status, cancelled, code in ((rules.ISSUED, False, "order_invoice_already_issued"),
                                    (rules.PAID, False, "order_invoice_already_issued"),
                                    (rules.AWAITING_ISSUE, True, "order_cancelled"),
                                    (rules.CANCELLED, False, "order_cancelled")):
        with pytest.raises(RuleBroken) as refused:
            rules.check_issuable(status, cancelled)
        assert refused.value.code == code


def test_numbers_start_again_each_year_and_read_as_year_and_six_digits():
    assert rules.number_text(2026, 123) == "2026-000123"
    assert rules.counter_name(2026) != rules.counter_name(2027)
    assert rules.due_on(date(2026, 12, 29), 5) == date(2027, 1, 3)


def test_each_line_carries_the_vat_its_amount_includes():
    lines = rules.lines_with_vat([{"name": "Ручка", "quantity": 3, "unit_price": 6000, "amount": 18000},
                                  {"name": "Доставка", "amount": 100}])
    assert [(line["name"], line["quantity"], line["amount"], line["vat"]) for line in lines] == [
        ("Ручка", 3, 18000, 3000), ("Доставка", 1, 100, 17)]


@pytest.mark.parametrize("amount, paid, current, status", [
    (18000, 0, rules.ISSUED, rules.ISSUED),
    (18000, 9000, rules.ISSUED, rules.PARTIALLY_PAID),
    (18000, 18000, rules.PARTIALLY_PAID, rules.PAID),
    (18000, 18000, rules.CANCELLED, rules.CANCELLED),
    (18000, 0, rules.AWAITING_ISSUE, rules.AWAITING_ISSUE),
])
def test_the_status_follows_the_money(amount, paid, current, status):
    assert rules.status_of(amount, paid, current) == status


def _invoice(number="2026-000017", status=rules.ISSUED, inn=INN, remaining=18000) -> InvoiceFacts:
    return InvoiceFacts(number, status, inn, remaining)


@pytest.mark.parametrize("numbers, invoices, inn, amount, expected", [
    # the purpose names the invoice, the payer's INN is the invoice's: recorded
    (["2026-000017"], [_invoice()], INN, 18000, ("2026-000017", None)),
    # manual 001: a part payment leaves at least 50 ₽
    (["2026-000017"], [_invoice()], INN, 10000, ("2026-000017", None)),
    (["2026-000017"], [_invoice()], INN, 13000, ("2026-000017", None)),       # exactly 50 ₽ left
    (["2026-000017"], [_invoice()], INN, 13001, (None, "remaining_too_small")),
    (["2026-000017"], [_invoice()], INN, 17951, (None, "remaining_too_small")),
    (["2026-000017"], [_invoice()], INN, 18001, (None, "amount_exceeds_remaining")),
    # what does not match, and why
    ([], [], INN, 18000, (None, "no_invoice_number")),
    (["2026-000099"], [], INN, 18000, (None, "invoice_not_found")),
    (["2026-000017"], [_invoice()], "7701234507", 18000, (None, "payer_inn_mismatch")),
    (["2026-000017"], [_invoice(status=rules.PAID, remaining=0)], INN, 18000, (None, "invoice_paid")),
    (["2026-000017"], [_invoice(status=rules.CANCELLED)], INN, 18000, (None, "invoice_cancelled")),
    (["2026-000017"], [_invoice(status=rules.AWAITING_ISSUE)], INN, 18000, (None, "invoice_not_issued")),
    # two numbers: the first that the line pays; else the first one's reason
    (["2026-000016", "2026-000017"], [_invoice()], INN, 18000, ("2026-000017", None)),
    (["2026-000016", "2026-000017"], [_invoice(inn="7701234507")], INN, 18000, (None, "invoice_not_found")),
])
def test_a_statement_line_pays_the_invoice_its_purpose_names(numbers, invoices, inn, amount, expected):
    chosen = rules.match(numbers, {i.number: i for i in invoices}, inn, amount)
    assert (chosen.number, chosen.reason) == expected
    assert chosen.matched == (expected[1] is None)
    assert expected[1] is None or expected[1] in rules.REASONS


def test_a_person_may_assign_a_line_from_another_inn_but_not_break_the_50_rub_rule():
    rules.check_assignable(_invoice(inn="someone else"), 18000)
    with pytest.raises(InputRuleBroken) as refused:
        rules.check_assignable(_invoice(), 17990)
    assert (refused.value.code, refused.value.field) == ("remaining_too_small", "invoice_number")
    with pytest.raises(RuleBroken) as refused:
        rules.check_assignable(_invoice(status=rules.PAID, remaining=0), 100)
    assert refused.value.code == "invoice_paid"


def test_a_resolved_line_is_not_resolved_again():
    rules.check_line_open("unmatched")
    for status in ("matched", "dismissed"):
        with pytest.raises(RuleBroken):
            rules.check_line_open(status)
