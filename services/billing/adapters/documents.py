"""Billing's printable documents (B10, manual 004 «Бухгалтерские документы»): PDFs in Russian
with both parties' requisites, amounts, VAT and the amount in words, the font embedded
(``BILLING_FONT_PATH``, DejaVu Sans by default). Laid out with :mod:`kit.pdf`.

Each renderer is a plain function: plain data in (dates, kopecks, :class:`kit.pdf.Party`),
the PDF's bytes out; it reads no database and no clock. Prices include VAT 20 %.

- :func:`order_invoice_pdf` — счёт на оплату of one order (paying an order by invoice);
"""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from kit import pdf
from kit.pdf import Column, Party, Sheet, load_font
from services.billing.domain import money

CREATOR = "platform billing"
#: the lines of an invoice: №, name, quantity, unit, price, amount (they fill the page's width)
INVOICE_COLUMNS = [Column("№", 24), Column("Товары (работы, услуги)", 229), Column("Кол-во", 46, right=True),
                   Column("Ед.", 40), Column("Цена, ₽", 86, right=True), Column("Сумма, ₽", 90, right=True)]


def party_of_payer(payer) -> Party:
    """The buyer as billing's payer (its model or any object with its fields) prints: name,
    INN, KPP, OGRN, legal address (else the actual one), bank."""
    address = pdf.address_text(getattr(payer, "legal_address", None)) or pdf.address_text(
        getattr(payer, "actual_address", None))
    name = (payer.name or "").strip() or (payer.contact_person or "").strip()
    return Party(name=name, inn=payer.inn or "", kpp=payer.kpp or "", ogrn=getattr(payer, "ogrn", None) or "",
                 address=address, bank_name=getattr(payer, "bank_name", None) or "",
                 bik=getattr(payer, "bik", None) or "",
                 settlement_account=getattr(payer, "settlement_account", None) or "",
                 correspondent_account=getattr(payer, "correspondent_account", None) or "")


def _quantity_milli(value) -> int:
    return int((Decimal(str(value).replace(",", ".")) * 1000).to_integral_value(ROUND_HALF_UP))


def _line_amount(line: dict) -> int:
    if line.get("amount") is not None:
        return int(line["amount"])
    return int((Decimal(int(line["price"])) * _quantity_milli(line.get("quantity", 1)) / 1000)
               .quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _invoice(sheet: Sheet, title: str, seller: Party, buyer: Party, lines: list[dict], basis: str,
             due_on: date | None, vat_rate: int, notes: list[str]) -> int:
    """The body every invoice shares; returns its total."""
    bank = Party(seller.name, inn=seller.inn, kpp=seller.kpp, bank_name=seller.bank_name, bik=seller.bik,
                 settlement_account=seller.settlement_account, correspondent_account=seller.correspondent_account)
    sheet.facts([("Получатель:", bank.lines())], label_width=95, size=9)
    sheet.space(4)
    sheet.title(title, 14)
    sheet.parties([("Поставщик:", Party(seller.name, inn=seller.inn, kpp=seller.kpp, address=seller.address)),
                   ("Покупатель:", buyer)])
    if basis:
        sheet.facts([("Основание:", basis)])
    sheet.space(6)
    rows, total = [], 0
    for i, line in enumerate(lines, 1):
        amount = _line_amount(line)
        total += amount
        price = int(line["price"]) if line.get("price") is not None else amount
        rows.append([str(i), str(line["name"]), pdf.quantity_text(_quantity_milli(line.get("quantity", 1))),
                     str(line.get("unit") or "шт"), pdf.money_text(price), pdf.money_text(amount)])
    sheet.table(INVOICE_COLUMNS, rows)
    vat = money.vat_included(total, vat_rate)
    sheet.totals([("Итого:", pdf.money_text(total)),
                  ("В том числе НДС ({} %):".format(vat_rate), pdf.money_text(vat)),
                  ("Всего к оплате:", pdf.money_text(total))])
    sheet.paragraph("Всего наименований {}, на сумму {} ₽".format(len(rows), pdf.money_text(total)))
    sheet.paragraph(pdf.amount_in_words(total), bold=True)
    sheet.paragraph("{}.".format(pdf.vat_text(vat, vat_rate)))
    if due_on is not None:
        sheet.space(4)
        sheet.paragraph("Оплатить до {}.".format(pdf.date_text(due_on)), bold=True)
    for note in notes:
        sheet.paragraph(note, 9)
    sheet.signatures("Руководитель", "Бухгалтер")
    return total


def order_invoice_pdf(data: dict) -> bytes:
    """Счёт на оплату for one order (manual 001: «Безналичный расчет. Счет выставлен»).

    ``data``: ``number`` (as people see it, e.g. ``"2026-17"``), ``issued_on``, ``due_on``
    (dates), ``seller`` and ``buyer`` (:class:`kit.pdf.Party`; :func:`party_of_payer` makes
    the buyer of a payer), ``order_number``, ``lines`` (``name``, ``quantity`` (default 1),
    ``unit`` (default «шт»), ``price`` and/or ``amount`` in kopecks, VAT included), optional
    ``vat_rate`` (20) and ``font_path``.
    """
    sheet = Sheet(load_font(data.get("font_path") or pdf.DEFAULT_FONT))
    title = "Счёт на оплату № {} от {}".format(data["number"], pdf.long_date_text(data["issued_on"]))
    _invoice(sheet, title, data["seller"], data["buyer"], data["lines"],
             "Заказ № {}".format(data["order_number"]), data.get("due_on"), data.get("vat_rate", money.VAT_PERCENT),
             ["В назначении платежа укажите номер счёта и заказа: «Оплата по счёту № {}, заказ № {}».".format(
                 data["number"], data["order_number"])])
    return sheet.render("Счёт на оплату № {}".format(data["number"]), CREATOR)
