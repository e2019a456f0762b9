"""Billing's printable documents (B10, manual 004 «Бухгалтерские документы»): PDFs in Russian
with both parties' requisites, amounts, VAT and the amount in words, the font embedded
(``BILLING_FONT_PATH``, DejaVu Sans by default). Laid out with :mod:`kit.pdf`.

Each renderer is a plain function: plain data in (dates, kopecks, :class:`kit.pdf.Party`),
the PDF's bytes out; it reads no database and no clock. Prices include VAT 20 %.

- :func:`order_invoice_pdf` — счёт на оплату of one order (paying an order by invoice);
- :func:`monthly_invoice_pdf` — the credit cycle's invoice for a month bought on credit (B9);
- :func:`completion_act_pdf` — акт выполненных работ: the account's expenses of a month;
- :func:`reconciliation_pdf` — акт сверки: a payer's period, opening balance, debits and
  credits by date, closing balance;
- :func:`contract_pdf` — договор: the offer's text (``templates/contract.txt``) with both
  parties' requisites.
"""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from kit import pdf
from kit.pdf import Column, Party, Sheet, load_font
from services.billing.domain import documents as rules, money

CREATOR = "platform billing"
CONTRACT_TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "contract.txt"
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


def monthly_invoice_pdf(data: dict) -> bytes:
    """The credit cycle's invoice (B9): last month's expenses bought on credit.

    ``data``: ``number``, ``issued_on``, ``due_on``, ``block_on``, ``period_start`` (dates),
    ``seller``, ``buyer`` (:class:`kit.pdf.Party`), ``lines`` (``name``, ``day``, ``amount``),
    ``amount`` (the invoice's total), ``paid``, optional ``font_path``.
    """
    sheet = Sheet(load_font(data.get("font_path") or pdf.DEFAULT_FONT))
    lines = [{"name": "{} ({})".format(line["name"], pdf.date_text(line["day"])), "quantity": 1, "unit": "усл.",
              "amount": line["amount"], "price": line["amount"]} for line in data["lines"]]
    difference = data["amount"] - sum(line["amount"] for line in data["lines"])
    if difference:  # the invoice's own total decides
        lines.append({"name": "Корректировка", "quantity": 1, "unit": "усл.", "amount": difference,
                      "price": difference})
    notes = []
    if data.get("paid"):
        notes.append("Оплачено: {} ₽; осталось оплатить: {} ₽.".format(
            pdf.money_text(data["paid"]), pdf.money_text(data["amount"] - data["paid"])))
    if data.get("block_on"):
        notes.append("Не оплаченный до {} счёт блокирует оплату и продление услуг из лицевого счёта.".format(
            pdf.date_text(data["block_on"])))
    title = "Счёт на оплату № {} от {}".format(data["number"], pdf.long_date_text(data["issued_on"]))
    _invoice(sheet, title, data["seller"], data["buyer"], lines,
             "Услуги в кредит за {}".format(rules.month_title(data["period_start"])), data.get("due_on"),
             money.VAT_PERCENT, notes)
    return sheet.render("Счёт на оплату № {}".format(data["number"]), CREATOR)


ACT_COLUMNS = [Column("№", 24), Column("Наименование работ, услуг", 231), Column("Дата", 66),
               Column("Кол-во", 42, right=True), Column("Ед.", 40), Column("Сумма, ₽", 112, right=True)]


def completion_act_pdf(data: dict) -> bytes:
    """Акт выполненных работ (оказанных услуг) for a month: the account's expenses of it.

    ``data``: ``number``, ``issued_on`` (the month's last day), ``period_start``, ``seller``,
    ``buyer``, ``contract`` (its number or None), ``lines`` (``name``, ``day``, ``amount``,
    ``vat``), optional ``font_path``.
    """
    sheet = Sheet(load_font(data.get("font_path") or pdf.DEFAULT_FONT))
    sheet.title("Акт выполненных работ (оказанных услуг) № {} от {}".format(
        data["number"], pdf.long_date_text(data["issued_on"])), 14)
    sheet.parties([("Исполнитель:", data["seller"]), ("Заказчик:", data["buyer"])])
    sheet.facts([("Основание:", "Договор № {}".format(data["contract"]) if data.get("contract") else "Договор-оферта"),
                 ("Период:", rules.month_title(data["period_start"]))])
    sheet.space(6)
    rows = [[str(i), line["name"], pdf.date_text(line["day"]), "1", "усл.", pdf.money_text(line["amount"])]
            for i, line in enumerate(data["lines"], 1)]
    sheet.table(ACT_COLUMNS, rows)
    total, vat = sum(line["amount"] for line in data["lines"]), sum(line["vat"] for line in data["lines"])
    sheet.totals([("Итого:", pdf.money_text(total)), ("В том числе НДС ({} %):".format(money.VAT_PERCENT),
                                                       pdf.money_text(vat))])
    sheet.paragraph("Всего оказано услуг {}, на сумму {} ₽".format(len(rows), pdf.money_text(total)))
    sheet.paragraph(pdf.amount_in_words(total), bold=True)
    sheet.paragraph("{}.".format(pdf.vat_text(vat)))
    sheet.space(4)
    sheet.paragraph("Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по объёму, "
                    "качеству и срокам оказания услуг не имеет.", 9)
    sheet.signatures("Исполнитель: {}".format(data["seller"].name), "Заказчик: {}".format(data["buyer"].name))
    return sheet.render("Акт № {}".format(data["number"]), CREATOR)


RECONCILIATION_COLUMNS = [Column("Дата", 70), Column("Документ", 245), Column("Дебет, ₽", 100, right=True),
                          Column("Кредит, ₽", 100, right=True)]


def _balance_cells(balance: int) -> tuple[str, str]:
    """A balance in the act's columns: the customer's debt on the debit side, their advance on
    the credit side."""
    return (pdf.money_text(-balance), "") if balance < 0 else ("", pdf.money_text(balance))


def reconciliation_pdf(data: dict) -> bytes:
    """Акт сверки взаимных расчётов for a payer and a period.

    ``data``: ``seller``, ``buyer``, ``date_from``, ``date_to``, ``reconciliation``
    (:class:`services.billing.domain.documents.Reconciliation`), ``vat`` (inside the period's
    debits), ``issued_on``, optional ``font_path``.
    """
    found: rules.Reconciliation = data["reconciliation"]
    seller, buyer = data["seller"], data["buyer"]
    start, end = pdf.date_text(data["date_from"]), pdf.date_text(data["date_to"])
    sheet = Sheet(load_font(data.get("font_path") or pdf.DEFAULT_FONT))
    sheet.title("Акт сверки взаимных расчётов", 14)
    sheet.paragraph("за период с {} по {} между {} и {}".format(start, end, seller.name, buyer.name))
    sheet.space(4)
    sheet.parties([("Поставщик:", seller), ("Покупатель:", buyer)])
    sheet.space(6)
    rows = [["", "Сальдо начальное на {}".format(start), *_balance_cells(found.opening)]]
    rows += [[pdf.date_text(day), what, pdf.money_text(debit) if debit else "", pdf.money_text(credit) if credit else ""]
             for day, what, debit, credit in found.rows]
    rows.append(["", "Обороты за период", pdf.money_text(found.debit), pdf.money_text(found.credit)])
    rows.append(["", "Сальдо конечное на {}".format(end), *_balance_cells(found.closing)])
    sheet.table(RECONCILIATION_COLUMNS, rows)
    sheet.paragraph("Оказано услуг за период на сумму {} ₽, {}.".format(
        pdf.money_text(found.debit), pdf.vat_text(data["vat"]).replace("В том", "в том")))
    sheet.paragraph("Оплачено за период: {} ₽.".format(pdf.money_text(found.credit)))
    sheet.space(4)
    side = rules.balance_side(found.closing)
    if found.closing:
        sheet.paragraph("По данным {} на {} сальдо {}: {} ₽ ({}).".format(
            seller.name, end, side, pdf.money_text(abs(found.closing)), pdf.amount_in_words(abs(found.closing))),
            bold=True)
    else:
        sheet.paragraph("По данным {} на {} {} ({}).".format(seller.name, end, side, pdf.amount_in_words(0)),
                        bold=True)
    sheet.signatures("От поставщика: {}".format(seller.name), "От покупателя: {}".format(buyer.name))
    return sheet.render("Акт сверки {} — {}".format(start, end), CREATOR)


def contract_pdf(data: dict) -> bytes:
    """Договор: the offer's text with both parties and their requisites.

    ``data``: ``number``, ``signed_on``, ``seller``, ``buyer``, ``buyer_signatory`` («в лице
    генерального директора Иванова И. И., действующего на основании Устава» or empty),
    ``credit_limit`` (kopecks, 0: none), ``template`` (the offer's text, default
    ``templates/contract.txt``), optional ``font_path``.
    """
    seller, buyer = data["seller"], data["buyer"]
    text = (data.get("template") or CONTRACT_TEMPLATE.read_text(encoding="utf-8")).format_map({
        "seller": seller.name, "buyer": buyer.name,
        "buyer_signatory": (", " + data["buyer_signatory"]) if data.get("buyer_signatory") else "",
        "vat_rate": money.VAT_PERCENT,
        "credit": ("Исполнитель предоставляет Заказчику кредитный лимит {} ₽ ({}).".format(
            pdf.money_text(data["credit_limit"]), pdf.amount_in_words(data["credit_limit"]))
            if data.get("credit_limit") else "Кредитный лимит Заказчику не предоставлен."),
    })
    sheet = Sheet(load_font(data.get("font_path") or pdf.DEFAULT_FONT))
    sheet.title("Договор № {}".format(data["number"]), 15)
    sheet.paragraph(pdf.long_date_text(data["signed_on"]))
    sheet.space(6)
    for block in text.strip().split("\n\n"):
        for line in block.splitlines():
            heading = line.startswith("#")
            sheet.paragraph(line.lstrip("# "), 10 if heading else 9, bold=heading)
        sheet.space(3)
    sheet.space(6)
    sheet.title("Реквизиты сторон", 11)
    sheet.parties([("Исполнитель:", seller), ("Заказчик:", buyer)])
    sheet.signatures("Исполнитель: {}".format(seller.name), "Заказчик: {}".format(buyer.name))
    return sheet.render("Договор № {}".format(data["number"]), CREATOR)
