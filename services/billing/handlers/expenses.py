"""History of expenses (B8, manual 004 "Финансы — Расходы")."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from sqlalchemy import func, select

from kit import listing
from kit.context import Caller
from services.billing import views
from services.billing.dependencies import Deps
from services.billing.handlers import access
from services.billing.models import Expense

#: what the expenses list sorts by (schemas.ExpenseQuery)
EXPENSE_COLUMNS = {"charged_at": Expense.charged_at, "amount": Expense.amount, "name": Expense.name}


def list_expenses(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    conditions = [Expense.account_id == account_id, *listing.within(Expense.charged_at, data),
                  *listing.matching(data.get("q"), [Expense.search_text], numbers=[Expense.order_number])]
    if data.get("date_from"):
        conditions.append(Expense.charged_at >= datetime.combine(data["date_from"], time.min, timezone.utc))
    if data.get("date_to"):
        conditions.append(Expense.charged_at < datetime.combine(data["date_to"] + timedelta(days=1), time.min,
                                                                timezone.utc))
    if data.get("payer_id"):
        conditions.append(Expense.payer_id == data["payer_id"])
    sums = uow.session.execute(select(func.count(), func.coalesce(func.sum(Expense.amount), 0),
                                      func.coalesce(func.sum(Expense.unpaid), 0),
                                      func.coalesce(func.sum(Expense.vat), 0)).where(*conditions)).one()
    query = listing.sorted_by(select(Expense).where(*conditions), data["sort"], EXPENSE_COLUMNS, Expense.id.desc())
    rows = uow.session.execute(query.offset((data["page"] - 1) * data["per_page"]).limit(data["per_page"])).scalars()
    return dict(views.page([views.expense_view(e) for e in rows], sums[0], data), sum_amount=int(sums[1]),
                sum_unpaid=int(sums[2]), sum_vat=int(sums[3]))
