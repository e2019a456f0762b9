"""The 54-FZ receipt built from what a payment pays for (services/billing/domain/receipts.py)."""
from __future__ import annotations

import pytest

from services.billing.domain import receipts
from services.billing.tests.fake_yookassa import receipt_problem

TERMS = receipts.ReceiptTerms(vat_code=4, tax_system_code=1)


def test_a_cart_purchase_is_one_item_per_paid_line_plus_the_commission():
    lines = receipts.purchase_lines([
        {"name": "Облачный сервер", "period_months": 3, "paid": 90000},
        {"name": "Резервное копирование", "period_months": 1, "paid": 9950},
        {"name": "Бесплатный домен", "period_months": 12, "paid": 0},
    ])
    receipt = receipts.build(lines, commission=6000, charged=105950, currency="RUB",
                             contact=receipts.customer("buyer@example.test", "+79991112233"), terms=TERMS)
    assert receipt == {
        "customer": {"email": "buyer@example.test"},
        "tax_system_code": 1,
        "items": [
            {"description": "Облачный сервер, 3 мес.", "quantity": "1.00", "amount": {"value": "900.00", "currency": "RUB"},
             "vat_code": 4, "payment_subject": "service", "payment_mode": "full_payment"},
            {"description": "Резервное копирование, 1 мес.", "quantity": "1.00",
             "amount": {"value": "99.50", "currency": "RUB"}, "vat_code": 4, "payment_subject": "service",
             "payment_mode": "full_payment"},
            {"description": "Комиссия за оплату картой", "quantity": "1.00", "amount": {"value": "60.00", "currency": "RUB"},
             "vat_code": 4, "payment_subject": "service", "payment_mode": "full_payment"},
        ]}
    assert receipt_problem(receipt, "1059.50") is None  # what the local YooKassa accepts


def test_a_top_up_is_an_advance_and_an_order_a_prepayment():
    [advance] = receipts.top_up_lines(100000)
    assert (advance["payment_subject"], advance["payment_mode"]) == ("payment", "advance")
    [whole] = receipts.order_lines("Уборка", 17, 180000, 180000, 0)
    assert whole["description"] == "Уборка (заказ №17)" and whole["payment_mode"] == "full_prepayment"
    assert receipts.order_lines("Уборка", 17, 50000, 180000, 0)[0]["payment_mode"] == "partial_prepayment"
    assert receipts.order_lines("Уборка", 17, 130000, 180000, 50000)[0]["payment_mode"] == "partial_prepayment"
    assert receipts.order_lines("", 3, 100, 100, 0)[0]["description"] == "Заказ (заказ №3)"


def test_an_order_paid_whole_is_one_item_per_order_line():
    lines = [{"name": "Ручка шариковая", "quantity": 3, "unit_price": 5000, "amount": 15000},
             {"name": "Бумага А4", "quantity": 1, "unit_price": 30000, "amount": 30000}]
    items = receipts.order_lines("Канцтовары", 8, 45000, 45000, 0, lines)
    assert [(i["description"], i["quantity"], i["amount"], i["payment_mode"]) for i in items] == [
        ("Ручка шариковая", 3, 15000, "full_prepayment"), ("Бумага А4", 1, 30000, "full_prepayment")]
    receipt = receipts.build(items, commission=0, charged=45000, currency="RUB", contact={"email": "a@b.test"},
                             terms=TERMS)
    assert [(i["quantity"], i["amount"]["value"]) for i in receipt["items"]] == [("3.00", "50.00"), ("1.00", "300.00")]
    # a part of the order, or lines that do not add up to its total: one item for the order
    assert len(receipts.order_lines("Канцтовары", 8, 20000, 45000, 0, lines)) == 1
    assert len(receipts.order_lines("Канцтовары", 8, 50000, 50000, 0, lines)) == 1


def test_the_customer_and_the_settings():
    assert receipts.customer(None, "+7 (999) 111-22-33") == {"phone": "79991112233"}
    assert receipts.customer("", "") is None and receipts.customer(None, None) is None
    assert receipts.terms_of("", "") == receipts.ReceiptTerms(4, None)
    assert receipts.terms_of("11", "2") == receipts.ReceiptTerms(11, 2)
    for vat, tax in (("13", ""), ("4", "7"), ("0", "")):
        with pytest.raises(ValueError):
            receipts.terms_of(vat, tax)
    receipt = receipts.build(receipts.top_up_lines(500), commission=0, charged=500, currency="RUB",
                             contact={"phone": "79991112233"}, terms=receipts.ReceiptTerms())
    assert "tax_system_code" not in receipt and len(receipt["items"]) == 1


def test_items_must_add_up_to_what_the_card_pays():
    with pytest.raises(ValueError):
        receipts.build(receipts.top_up_lines(1000), commission=100, charged=1000, currency="RUB",
                       contact={"email": "a@b.test"}, terms=TERMS)
    with pytest.raises(ValueError):
        receipts.build(receipts.top_up_lines(1000), commission=0, charged=1000, currency="RUB", contact=None,
                       terms=TERMS)
    # a quantity the amount does not divide into whole kopecks
    with pytest.raises(ValueError):
        receipts.build([{"description": "x", "amount": 1000, "quantity": 3, "payment_subject": "service",
                         "payment_mode": "full_payment"}], commission=0, charged=1000, currency="RUB",
                       contact={"email": "a@b.test"}, terms=TERMS)
    three = receipts.build([{"description": "x" * 200, "amount": 900, "quantity": 3, "payment_subject": "service",
                             "payment_mode": "full_payment"}], commission=0, charged=900, currency="RUB",
                           contact={"email": "a@b.test"}, terms=TERMS)
    assert three["items"][0]["quantity"] == "3.00" and three["items"][0]["amount"]["value"] == "3.00"
    assert len(three["items"][0]["description"]) == 128
    assert receipt_problem(three, "9.00") is None and receipt_problem(three, "9.01") is not None


def test_lines_that_do_not_add_up_fall_back_to_one_item():
    lines = receipts.purchase_lines([{"name": "VPS", "period_months": 1, "paid": 1000},
                                     {"name": "IP", "period_months": 1, "paid": 500}])
    with pytest.raises(ValueError):
        receipts.build(lines, commission=0, charged=1400, currency="RUB", contact={"email": "a@b.test"}, terms=TERMS)
    [one] = receipts.as_one_line(lines, 1400)
    assert (one["description"], one["amount"], one["payment_mode"]) == ("VPS, 1 мес.", 1400, "full_payment")
    assert receipts.as_one_line([], 100)[0]["amount"] == 100
