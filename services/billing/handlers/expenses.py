"""History of expenses (B8, manual 004 "Финансы — Расходы")."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from sqlalchemy import func, select

from kit.context import Caller
from services.billing.domain import money
from services.billing.handlers import common
from services.billing.models import Expense


def expense_view(expense: Expense) -> dict:
    return {"id": expense.id, "name": expense.name, "charged_at": common.iso(expense.charged_at),
            "amount": expense.amount, "unpaid": expense.unpaid, "vat": expense.vat, "vat_rate": expense.vat_rate,
            "payment_id": expense.payment_id, "payment_number": expense.payment_number,
            "payer_id": expense.payer_id, "order_number": expense.order_number, "refunded": expense.refunded,
            "currency": money.CURRENCY}


def list_expenses(uow, caller: Caller, query: dict) -> dict:
    account_id = common.require_account(caller)
    conditions = [Expense.account_id == account_id]
    if query.get("date_from"):
        conditions.append(Expense.charged_at >= datetime.combine(query["date_from"], time.min, timezone.utc))
    if query.get("date_to"):
        conditions.append(Expense.charged_at < datetime.combine(query["date_to"] + timedelta(days=1), time.min,
                                                                timezone.utc))
    if query.get("payer_id"):
        conditions.append(Expense.payer_id == query["payer_id"])
    sums = uow.session.execute(select(func.count(), func.coalesce(func.sum(Expense.amount), 0),
                                      func.coalesce(func.sum(Expense.unpaid), 0),
                                      func.coalesce(func.sum(Expense.vat), 0)).where(*conditions)).one()
    rows = uow.session.execute(select(Expense).where(*conditions).order_by(Expense.charged_at.desc(), Expense.id.desc())
                               .offset((query["page"] - 1) * query["per_page"]).limit(query["per_page"])).scalars()
    return dict(common.page([expense_view(e) for e in rows], sums[0], query), sum_amount=int(sums[1]),
                sum_unpaid=int(sums[2]), sum_vat=int(sums[3]))
