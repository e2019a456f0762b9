"""Billing's printable documents (B10, adapters/documents.py): each PDF's text, read back with
poppler's pdftotext, holds both parties' requisites, the lines, the totals, the VAT and the
amount in words; the font is embedded."""
from __future__ import annotations

import subprocess
from datetime import date
from types import SimpleNamespace

from kit.pdf import NBSP, Party
from services.billing.adapters import documents
from services.billing.dependencies import SETTINGS, seller_of

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
    for item in expected:
        assert item in text, (item, text)


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
