"""Billing's printable documents (B10, adapters/documents.py): each PDF's text, read back with
poppler's pdftotext, holds both parties' requisites, the lines, the totals, the VAT and the
amount in words; the font is embedded."""
from __future__ import annotations

import subprocess
from datetime import date, datetime, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from kit.errors import InputRuleBroken
from kit.pdf import NBSP, Party
from services.billing.adapters import documents
from services.billing.dependencies import SETTINGS, seller_of
from services.billing.domain import documents as rules

SELLER = seller_of(SETTINGS)
BUYER = Party("ООО «Ромашка»", inn="7707083893", kpp="773601001", address="101000, Москва, ул. Мира, 1")


def text_of(content: bytes, tmp_path, name: str = "doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.replace(NBSP, " ")


def embedded(content: bytes, tmp_path) -> bool:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return "CID TrueType" in fonts and all(" yes " in line for line in fonts.splitlines()[2:])


def assert_holds(text: str, *expected: str) -> None:
    """Each of ``expected`` is in the text (lines wrapped and columns spaced as laid out: any
    run of white space counts as one space)."""
    flat = " ".join(text.split())
    for item in expected:
        assert item in flat, (item, text)


def test_the_seller_is_the_operator_of_the_settings():
    assert SELLER.name == "ООО «Астра Клауд»" and SELLER.inn == "7701234507" and SELLER.kpp == "770101001"
    assert seller_of(dict(SETTINGS, BILLING_SELLER_NAME="ИП Сидоров", BILLING_SELLER_KPP="")).lines()[0] == \
        "ИП Сидоров, ИНН 7701234507, ОГРН 1237700000009"


def test_a_payer_is_the_buyer_with_its_requisites():
    payer = SimpleNamespace(name="", contact_person="Иванов Иван", inn="500100732259", kpp=None, ogrn=None,
                            legal_address=None, actual_address={"city": "Пермь", "address": "ул. Ленина, 1"},
                            bank_name=None, bik=None, settlement_account=None, correspondent_account=None)
    assert documents.party_of_payer(payer).lines() == ["Иванов Иван, ИНН 500100732259", "Пермь, ул. Ленина, 1"]


def test_an_order_invoice_holds_both_parties_its_lines_vat_total_words_and_due_date(tmp_path):
    content = documents.order_invoice_pdf({
        "number": "2026-17", "issued_on": date(2026, 12, 1), "due_on": date(2026, 12, 4),
        "seller": SELLER, "buyer": BUYER, "order_number": 1010042,
        "lines": [{"name": "Аренда переговорной комнаты «Байкал»", "quantity": 2, "unit": "ч", "price": 150000},
                  {"name": "Кофе-брейк", "amount": 45050}]})
    text = text_of(content, tmp_path)
    assert_holds(text, "Счёт на оплату № 2026-17 от 1 декабря 2026 г.",
                 "Поставщик:", "ООО «Астра Клауд», ИНН 7701234507, КПП 770101001",
                 "р/с 40702810000000000006", "БИК 044525974",
                 "Покупатель:", "ООО «Ромашка», ИНН 7707083893, КПП 773601001", "101000, Москва, ул. Мира, 1",
                 "Заказ № 1010042", "Аренда переговорной комнаты «Байкал»", "1 500,00", "3 000,00", "Кофе-брейк",
                 "450,50", "Итого: 3 450,50", "В том числе НДС (20 %): 575,08", "Всего к оплате: 3 450,50",
                 "Три тысячи четыреста пятьдесят рублей 50 копеек", "Оплатить до 04.12.2026",
                 "Оплата по счёту № 2026-17, заказ № 1010042")
    assert embedded(content, tmp_path)


def test_the_monthly_invoice_of_the_credit_cycle(tmp_path):
    content = documents.monthly_invoice_pdf({
        "number": 7, "issued_on": date(2027, 1, 1), "due_on": date(2027, 1, 15), "block_on": date(2027, 1, 30),
        "period_start": date(2026, 12, 1), "seller": SELLER, "buyer": BUYER, "amount": 250000, "paid": 30000,
        "lines": [{"name": "VPS", "day": date(2026, 12, 3), "amount": 100000},
                  {"name": "Продление: Хостинг #11320", "day": date(2026, 12, 20), "amount": 150000}]})
    text = text_of(content, tmp_path)
    assert_holds(text, "Счёт на оплату № 7 от 1 января 2027 г.", "ИНН 7707083893, КПП 773601001",
                 "ИНН 7701234507, КПП 770101001", "Услуги в кредит за декабрь 2026 г.", "VPS (03.12.2026)",
                 "Продление: Хостинг #11320 (20.12.2026)", "Итого: 2 500,00", "В том числе НДС (20 %): 416,67",
                 "Две тысячи пятьсот рублей 00 копеек", "Оплатить до 15.01.2027",
                 "Оплачено: 300,00 ₽; осталось оплатить: 2 200,00 ₽", "30.01.2027")
    assert embedded(content, tmp_path)


def test_a_months_completion_act(tmp_path):
    content = documents.completion_act_pdf({
        "number": 12, "issued_on": date(2026, 12, 31), "period_start": date(2026, 12, 1), "seller": SELLER,
        "buyer": BUYER, "contract": "Д-181",
        "lines": [{"name": "VPS", "day": date(2026, 12, 3), "amount": 100000, "vat": 16667},
                  {"name": "Домен example.ru", "day": date(2026, 12, 9), "amount": 59900, "vat": 9983}]})
    text = text_of(content, tmp_path)
    assert_holds(text, "Акт выполненных работ (оказанных услуг) № 12 от 31 декабря 2026 г.",
                 "Исполнитель:", "ИНН 7701234507, КПП 770101001", "Заказчик:", "ИНН 7707083893, КПП 773601001",
                 "Договор № Д-181", "декабрь 2026 г.", "Домен example.ru", "09.12.2026", "599,00", "Итого: 1 599,00",
                 "В том числе НДС (20 %): 266,50", "Всего оказано услуг 2, на сумму 1 599,00 ₽",
                 "Одна тысяча пятьсот девяносто девять рублей 00 копеек")
    assert embedded(content, tmp_path)


def test_a_reconciliation_act_from_the_opening_to_the_closing_balance(tmp_path):
    found = rules.reconcile(50000, [rules.Movement(date(2026, 12, 10), "Списание: VPS", -100000),
                                    rules.Movement(date(2026, 12, 2), "Платёж № 15", 20000)])
    assert [(r[0].day, r[2], r[3]) for r in found.rows] == [(2, 0, 20000), (10, 100000, 0)]
    assert (found.debit, found.credit, found.closing) == (100000, 20000, -30000)
    content = documents.reconciliation_pdf({
        "seller": SELLER, "buyer": BUYER, "date_from": date(2026, 12, 1), "date_to": date(2026, 12, 31),
        "reconciliation": found, "vat": 16667})
    text = text_of(content, tmp_path)
    assert_holds(text, "Акт сверки взаимных расчётов", "за период с 01.12.2026 по 31.12.2026",
                 "между ООО «Астра Клауд» и ООО «Ромашка»", "ИНН 7707083893, КПП 773601001",
                 "Сальдо начальное на 01.12.2026", "500,00", "02.12.2026", "Платёж № 15", "10.12.2026",
                 "Списание: VPS", "1 000,00", "Обороты за период", "Сальдо конечное на 31.12.2026", "300,00",
                 "в том числе НДС 20 %: 166,67", "сальдо в пользу поставщика: 300,00 ₽ (Триста рублей 00 копеек)")
    assert embedded(content, tmp_path)


def test_the_contract_is_the_offer_with_both_parties_requisites(tmp_path):
    content = documents.contract_pdf({
        "number": "Д-181", "signed_on": date(2026, 12, 2), "seller": SELLER, "buyer": BUYER,
        "buyer_signatory": "в лице генерального директора Иванова Ивана Ивановича, действующего на основании Устава",
        "credit_limit": 500000})
    text = " ".join(text_of(content, tmp_path).split())
    assert_holds(text, "Договор № Д-181", "2 декабря 2026 г.", "ООО «Ромашка», в лице генерального директора",
                 "Цены включают НДС 20 %", "кредитный лимит 5 000,00 ₽ (Пять тысяч рублей 00 копеек)",
                 "Реквизиты сторон", "ООО «Астра Клауд», ИНН 7701234507, КПП 770101001",
                 "ООО «Ромашка», ИНН 7707083893, КПП 773601001")
    assert embedded(content, tmp_path)


def test_the_operators_month_its_last_day_and_title():
    moscow = ZoneInfo("Europe/Moscow")
    assert rules.month_of(datetime(2026, 11, 30, 21, 10, tzinfo=timezone.utc), moscow) == date(2026, 12, 1)
    assert rules.month_of(datetime(2026, 11, 30, 20, 50, tzinfo=timezone.utc), moscow) == date(2026, 11, 1)
    assert [rules.month_end(date(2027, m, 1)).day for m in (1, 2, 4, 12)] == [31, 28, 30, 31]
    assert rules.month_end(date(2028, 2, 1)) == date(2028, 2, 29)
    assert rules.month_title(date(2026, 12, 1)) == "декабрь 2026 г."
    groups = rules.by_month([datetime(2026, 12, 2, tzinfo=timezone.utc), datetime(2026, 11, 2, tzinfo=timezone.utc),
                             datetime(2026, 12, 9, tzinfo=timezone.utc)], lambda m: m, moscow)
    assert list(groups) == [date(2026, 11, 1), date(2026, 12, 1)] and len(groups[date(2026, 12, 1)]) == 2


def test_what_an_expense_puts_into_an_act_and_the_reconciliations_period():
    assert rules.act_amount(59900, 9900) == 50000 and rules.act_amount(100, 200) == 0
    assert rules.act_vat(59900, 0, 9983) == 9983 and rules.act_vat(59900, 9900, 9983) == 8333
    rules.check_period(date(2026, 12, 1), date(2026, 12, 1))
    for start, end, code in ((date(2026, 12, 2), date(2026, 12, 1), "period_invalid"),
                             (date(2023, 1, 1), date(2026, 12, 31), "period_too_long")):
        with pytest.raises(InputRuleBroken) as refused:
            rules.check_period(start, end)
        assert refused.value.code == code
    assert [rules.balance_side(x) for x in (1, -1, 0)] == ["в пользу покупателя", "в пользу поставщика",
                                                          "задолженность отсутствует"]
    assert rules.reconcile(0, []).closing == 0
