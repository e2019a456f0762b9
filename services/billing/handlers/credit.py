"""The credit-limit cycle (B9): invoices for last month's unpaid expenses issued on the 1st,
their reminders and the block on the 30th (the credit job's steps, one transaction each),
money arriving paying the oldest invoice first and lifting the block, the dashboard, and the
account's invoices. Lock order: the personal account, then its invoices."""
from __future__ import annotations

from datetime import timedelta

from kit.context import Caller
from services.billing import events, exceptions as exc, store, views
from services.billing.dependencies import Deps
from services.billing.domain import credit, lifecycle, money
from services.billing.handlers import access
from services.billing.models import Invoice, PersonalAccount

BATCH = 50
#: a claimed invoice is taken over by another replica after this long
CLAIM_LEASE = timedelta(minutes=10)


def _schedule(invoice: Invoice) -> credit.Schedule:
    return credit.Schedule(invoice.issued_on, invoice.due_on, invoice.block_on)


def _next_action(invoice: Invoice, deps: Deps):
    day = credit.next_stage_day(_schedule(invoice), set(invoice.notices or ()))
    return credit.local_midnight(day, deps.settings.zone) if day is not None else None


# --- issuing (the 1st) --------------------------------------------------------------------

def issue_invoices(uow, caller: Caller, data: dict, deps: Deps) -> int:
    """Accounts with unpaid expenses bought before this month began and not yet invoiced get
    one invoice (once: one per account and month, the account's row locked, SKIP LOCKED
    between replicas). A job that was down on the 1st issues it when it is back."""
    now, zone = uow.now(), deps.settings.zone
    this_month = credit.month_start(credit.today(now, zone))
    bound = credit.local_midnight(this_month, zone)
    accounts = store.claim_accounts_to_invoice(uow.session, bound, data.get("batch", BATCH))
    schedule = credit.Schedule.of_month(this_month)
    for account in accounts:
        expenses = store.uninvoiced_unpaid(uow.session, account.account_id, bound)
        period = credit.previous_month(this_month)
        amount = sum(e.unpaid for e in expenses)
        earlier = store.invoice_for(uow.session, account.account_id, period)
        if earlier is not None:  # bought before the 1st, recorded after the invoice: billed with it
            earlier.amount += amount
            earlier.vat = money.vat_included(earlier.amount)
            earlier.status = credit.status_of(earlier.amount, earlier.paid)
            for expense in expenses:
                expense.invoice_id = earlier.id
            continue
        invoice = Invoice(number=store.next_invoice_number(uow.session), account_id=account.account_id,
                          period_start=period, issued_on=schedule.issued_on, due_on=schedule.due_on,
                          block_on=schedule.block_on, amount=amount, vat=money.vat_included(amount), paid=0,
                          status=credit.TO_PAY, notices=[], created_at=now)
        invoice.next_action_at = _next_action(invoice, deps)
        uow.session.add(invoice)
        uow.session.flush()
        for expense in expenses:
            expense.invoice_id = invoice.id
        uow.emit("invoice_issued", events.invoice_event(invoice, "issued"))
    return len(accounts)


# --- reminders and the block --------------------------------------------------------------

def claim_notices(uow, caller: Caller, data: dict, deps: Deps) -> list[str]:
    return store.claim_invoice_actions(uow.session, uow.now(), CLAIM_LEASE, data.get("batch", BATCH))


def send_notices(uow, caller: Caller, data: dict, deps: Deps) -> None:
    """Each notice whose day has come, once: 3 days before the due date, the day after it,
    5 days before blocking; on the blocking day the account is blocked."""
    invoice = uow.session.get(Invoice, data["invoice_id"])
    if invoice is None:
        return
    account = store.personal_account(uow.session, invoice.account_id, uow.now(), lock=True)
    invoice = uow.session.get(Invoice, data["invoice_id"], with_for_update=True, populate_existing=True)
    if invoice.status == credit.PAID:
        invoice.next_action_at = None
        return
    day = credit.today(uow.now(), deps.settings.zone)
    sent = list(invoice.notices or ())
    for stage in credit.notices_due(_schedule(invoice), day, set(sent)):
        sent.append(stage)
        if stage == "blocked":
            if account.blocked_at is None:
                account.blocked_at = uow.now()
                uow.emit("account_blocked", events.account_blocked(account, invoice))
        else:
            uow.emit("invoice_reminder", events.invoice_event(invoice, stage))
    invoice.notices = sent
    invoice.next_action_at = _next_action(invoice, deps)


# --- money arriving ------------------------------------------------------------------------

def apply_money(uow, account: PersonalAccount, amount: int) -> None:
    """Money onto the account (its row lock held) pays the oldest invoice first; once nothing
    that blocked the account is unpaid the block lifts, and suspended services renewed from the
    balance are renewed at once (the renewal job takes them)."""
    invoices = store.unpaid_invoices(uow.session, account.account_id, lock=True)
    now = uow.now()
    shares = credit.apply_money(amount, [i.amount - i.paid for i in invoices])
    for invoice, share in zip(invoices, shares):
        if share:
            invoice.paid += share
            invoice.status = credit.status_of(invoice.amount, invoice.paid)
            if invoice.status == credit.PAID:
                invoice.paid_at, invoice.next_action_at = now, None
    # what is left pays what was bought on credit since the last invoice, oldest first
    left = amount - sum(shares)
    if left > 0:
        expenses = store.uninvoiced_unpaid(uow.session, account.account_id, None)
        for expense, share in zip(expenses, credit.apply_money(left, [e.unpaid for e in expenses])):
            expense.unpaid -= share
    if account.blocked_at is not None and not any(
            "blocked" in (i.notices or ()) and i.status != credit.PAID for i in invoices):
        account.blocked_at = None
        uow.emit("account_unblocked", events.account_unblocked(account))
        store.resume_balance_renewals(uow.session, account.account_id, lifecycle.SUSPENDED, now)


def is_blocked(uow, account_id: str) -> bool:
    return store.personal_account(uow.session, account_id, uow.now()).blocked_at is not None


# --- what the account sees -----------------------------------------------------------------

def dashboard(uow, account: PersonalAccount, balance: int, deps: Deps) -> dict:
    day = credit.today(uow.now(), deps.settings.zone)
    unpaid = store.unpaid_invoices(uow.session, account.account_id)
    overdue = sum(i.amount - i.paid for i in unpaid if _schedule(i).overdue(day))
    awaiting = sum(i.amount - i.paid for i in unpaid if not _schedule(i).overdue(day))
    spent = store.uninvoiced_unpaid_total(uow.session, account.account_id)
    board = credit.dashboard(account.credit_limit, balance, account.blocked_at is not None, overdue, awaiting, spent)
    oldest = unpaid[0] if unpaid else None
    return dict(board, blocked=account.blocked_at is not None,
                due_date=oldest.due_on.isoformat() if oldest else None,
                block_date=oldest.block_on.isoformat() if oldest else None)


def list_invoices(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    conditions = [Invoice.account_id == account_id]
    if data.get("status"):
        conditions.append(Invoice.status == data["status"])
    total, rows = store.page(uow.session, Invoice, conditions, [Invoice.period_start.desc()], data)
    return views.page([views.invoice_view(i, caller.language) for i in rows], total, data)


def get_invoice(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    invoice = uow.session.get(Invoice, data["invoice_id"])
    if invoice is None or invoice.account_id != account_id:
        raise exc.InvoiceNotFound("No such invoice")
    return views.invoice_view(invoice, caller.language)
