"""The 54-FZ receipt a card payment carries to YooKassa (its «чек»: YooKassa passes it to the
online cash register): who gets it (an e-mail or a phone) and what was paid for, line by
line, each with its VAT code, payment subject and payment mode. Rules only: plain data in,
YooKassa's ``receipt`` object out; money is integer kopecks until it is written.

- a top-up is an advance (``payment_subject`` ``payment``, mode ``advance``): what it will buy
  is not known yet;
- an order paid before it is done is a prepayment of the service (``full_prepayment``, or
  ``partial_prepayment`` when it pays part of the order);
- a cart's purchase is paid in full for services that start at once (``full_payment``), one
  item per line, at what is paid for the line after its share of the discount;
- the card commission is an item of its own, so the items add up to what the card pays.
"""
from __future__ import annotations

from dataclasses import dataclass

#: YooKassa's vat_code: 1 no VAT, 2 0 %, 3 10 %, 4 20 %, 5 10/110, 6 20/120, 11 22 %, 12 22/122
VAT_CODES = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
#: YooKassa's tax_system_code: the operator's taxation system (1 ОСН … 6 ПСН)
TAX_SYSTEMS = frozenset({1, 2, 3, 4, 5, 6})
DESCRIPTION_MAX = 128


@dataclass(frozen=True)
class ReceiptTerms:
    """The operator's receipt settings (YOOKASSA_VAT_CODE, YOOKASSA_TAX_SYSTEM_CODE)."""

    vat_code: int = 4
    tax_system_code: int | None = None

    def __post_init__(self):
        if self.vat_code not in VAT_CODES:
            raise ValueError("YOOKASSA_VAT_CODE must be one of YooKassa's vat codes, not {!r}".format(self.vat_code))
        if self.tax_system_code is not None and self.tax_system_code not in TAX_SYSTEMS:
            raise ValueError("YOOKASSA_TAX_SYSTEM_CODE must be 1..6, not {!r}".format(self.tax_system_code))


def terms_of(vat_code: str | int | None, tax_system_code: str | int | None) -> ReceiptTerms:
    """From settings as written ("" = not set)."""
    vat = str(vat_code or "").strip()
    tax = str(tax_system_code or "").strip()
    return ReceiptTerms(vat_code=int(vat) if vat else 4, tax_system_code=int(tax) if tax else None)


def value(kopecks: int) -> str:
    return "{}.{:02d}".format(kopecks // 100, kopecks % 100)


def customer(email: str | None, phone: str | None) -> dict | None:
    """Where the receipt is sent: the e-mail when known, else the phone as digits
    (E.164 without «+», as YooKassa wants it); None when neither is known."""
    if email:
        return {"email": email.strip()}
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    return {"phone": digits} if digits else None


def top_up_lines(amount: int) -> list[dict]:
    return [{"description": "Пополнение лицевого счета", "amount": amount,
             "payment_subject": "payment", "payment_mode": "advance"}]


def order_lines(service_name: str, order_number: int, amount: int, order_total: int, paid_before: int,
                lines: list[dict] | None = None) -> list[dict]:
    """An order paid before it is done. Paid whole at once, one item per order line
    (``[{name, quantity, unit_price, amount}]`` from orders' snapshot, when they add up to
    the total); a part of it, one item for the order."""
    whole = paid_before == 0 and amount >= order_total
    if whole and lines and sum(line["amount"] for line in lines) == order_total and all(
            line["amount"] == line["quantity"] * line["unit_price"] for line in lines):
        return [{"description": line["name"], "quantity": line["quantity"], "amount": line["amount"],
                 "payment_subject": "service", "payment_mode": "full_prepayment"}
                for line in lines if line["amount"] > 0]
    return [{"description": "{} (заказ №{})".format(service_name or "Заказ", order_number), "amount": amount,
             "payment_subject": "service", "payment_mode": "full_prepayment" if whole else "partial_prepayment"}]


def purchase_lines(lines: list[dict]) -> list[dict]:
    """A cart's lines ``[{name, period_months, paid}]``; lines paid nothing are left out."""
    out = []
    for line in lines:
        if line["paid"] <= 0:
            continue
        months = line.get("period_months")
        name = "{}, {} мес.".format(line["name"], months) if months else line["name"]
        out.append({"description": name, "amount": line["paid"], "payment_subject": "service",
                    "payment_mode": "full_payment"})
    return out


def as_one_line(lines: list[dict], amount: int) -> list[dict]:
    """``lines`` as one item of ``amount`` (their first's subject and mode): the fallback
    when they do not add up to what is paid."""
    first = lines[0] if lines else {"description": "Оплата", "payment_subject": "service",
                                    "payment_mode": "full_payment"}
    return [{"description": first["description"], "amount": amount, "payment_subject": first["payment_subject"],
             "payment_mode": first["payment_mode"]}]


def build(lines: list[dict], *, commission: int, charged: int, currency: str, contact: dict,
          terms: ReceiptTerms) -> dict:
    """YooKassa's ``receipt``: ``lines`` (``[{description, amount, payment_subject,
    payment_mode, quantity?}]``, amounts in kopecks for the whole line) plus the commission
    as its own item. The items must add up to ``charged`` (what the card pays); a line's
    amount must divide by its quantity into whole kopecks."""
    if not contact:
        raise ValueError("a receipt needs the customer's e-mail or phone")
    items = []
    for line in lines + ([{"description": "Комиссия за оплату картой", "amount": commission,
                           "payment_subject": "service", "payment_mode": "full_payment"}] if commission else []):
        quantity = int(line.get("quantity") or 1)
        if quantity <= 0 or line["amount"] % quantity:
            raise ValueError("{!r}: the amount does not divide into {} whole-kopeck units".format(
                line["description"], quantity))
        items.append({"description": line["description"][:DESCRIPTION_MAX], "quantity": "{}.00".format(quantity),
                      "amount": {"value": value(line["amount"] // quantity), "currency": currency},
                      "vat_code": terms.vat_code, "payment_subject": line["payment_subject"],
                      "payment_mode": line["payment_mode"]})
    total = sum(line["amount"] for line in lines) + commission
    if total != charged:
        raise ValueError("the receipt's items add up to {} but the card pays {}".format(total, charged))
    receipt = {"customer": dict(contact), "items": items}
    if terms.tax_system_code is not None:
        receipt["tax_system_code"] = terms.tax_system_code
    return receipt
