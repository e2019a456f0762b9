"""I6: billing's part of a person's export and erasure (``kit.personal_data``).

Money records stay as the law requires (accounting documents are kept for years): the
ledger, payments, refunds, invoices, expenses and contracts are neither exported away nor
erased; they name payers and accounts by id. What is the person's own is erased: when
nobody else uses their account (``sole_member``), its payers who are private persons
(``individual``) lose name, contacts, passport, addresses and bank details, and its saved
payment methods are deleted (no more charges to them). Payers that are companies or sole
proprietors are business records and stay. Billing's copy of the person (kit.people: names
on payments lists) is exported and forgotten like every service's.
"""
from __future__ import annotations

from sqlalchemy import select

from kit import people
from kit.context import Caller
from kit.personal_data import rows
from services.billing.models import Payer, Payment, PaymentMethod

PAYMENT_COLUMNS = ("number", "purpose", "order_number", "method", "amount", "commission", "currency", "status",
                   "description", "comment", "refunded", "created_at", "paid_at")
PAYER_COLUMNS = ("number", "kind", "name", "contact_person", "phone", "email", "inn", "legal_address",
                 "actual_address", "passport", "bank_name", "bik", "settlement_account", "created_at")
#: what an erased private person's payer keeps: kind, number, account and dates (its payments name it)
ERASED_PAYER = {"name": "", "contact_person": "", "phone": None, "fax": None, "email": None, "inn": None,
                "kpp": None, "ogrn": None, "passport": None, "legal_address": None, "actual_address": None,
                "bank_name": None, "bik": None, "settlement_account": None, "correspondent_account": None,
                "accounting_notes": None, "contract_data": {}, "documents_delivery": []}


def _own_payers(session, data: dict) -> list[Payer]:
    if not data.get("sole_member") or not data.get("account_id"):
        return []
    return list(session.execute(select(Payer).where(Payer.account_id == data["account_id"],
                                                    Payer.kind == "individual").order_by(Payer.number)).scalars())


def _own_methods(session, data: dict) -> list[PaymentMethod]:
    if not data.get("sole_member") or not data.get("account_id"):
        return []
    return list(session.execute(select(PaymentMethod).where(PaymentMethod.account_id == data["account_id"],
                                                            PaymentMethod.deleted_at.is_(None))).scalars())


def export(uow, caller: Caller, data: dict, deps) -> dict:
    session = uow.session
    payments = session.execute(select(Payment).where(Payment.user_id == data["user_id"])
                               .order_by(Payment.created_at)).scalars()
    return {"payments": rows(payments, PAYMENT_COLUMNS),
            "payers": rows(_own_payers(session, data), PAYER_COLUMNS),
            "payment_methods": rows(_own_methods(session, data), ("title", "name", "status", "created_at")),
            # billing's copy of the person (names on payments lists)
            "person": rows(people.export(session, data["user_id"]), people.FIELDS)}


def erase(uow, caller: Caller, data: dict, deps) -> dict:
    session, now = uow.session, uow.now()
    payers = _own_payers(session, data)
    for payer in payers:
        for column, value in ERASED_PAYER.items():
            setattr(payer, column, value)
        payer.updated_at = now
    methods = _own_methods(session, data)
    for method in methods:
        method.name, method.title, method.deleted_at, method.updated_at = None, "", now, now
    return {"payers": len(payers), "payment_methods": len(methods),
            "people": people.erase(session, data["user_id"], data["requested_at"])}
