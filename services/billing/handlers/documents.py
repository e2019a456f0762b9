"""Accounting documents (B10, manual 004 «Бухгалтерские документы»): the credit cycle's
invoices, completion acts of a month, the reconciliation act of a payer's period and the
contract, printed as PDFs with the payer's requisites (manual 004: «Реквизиты в отчетных
документах берутся из данных о плательщике»).

A month's completion act is issued once the operator's month is over, by the credit job's
tick (one per account and month, SKIP LOCKED between replicas; a job that was down issues it
when it is back; an expense recorded late joins its month's act). Everything here reads only
the caller's own account: another account's document is 404."""
from __future__ import annotations

import base64
from datetime import timedelta

from kit.context import Caller
from services.billing import exceptions as exc, store, views
from services.billing.adapters import documents as printing
from services.billing.dependencies import Deps
from services.billing.domain import credit, documents as rules, money
from services.billing.domain.labels import label
from services.billing.handlers import access
from services.billing.models import Act, Contract, Invoice

BATCH = 50


def _file(content: bytes, filename: str) -> dict:
    return {"content_type": "application/pdf", "filename": filename, "data": base64.b64encode(content).decode()}


def _buyer(session, account_id: str, payer_id: str | None):
    """The payer a document prints: the one it names, else the account's first payer; none →
    409 (the requisites come from the payer: add one first)."""
    found = store.payer(session, payer_id) if payer_id else None
    if found is None or found.deleted_at is not None or found.account_id != account_id:
        found = store.first_payer(session, account_id)
    if found is None:
        raise exc.PayerRequired("Documents print the payer's requisites: add a payer first (Клиент — Плательщики)")
    return found


def _contract_number(session, payer_id: str) -> str | None:
    contracts = store.payer_contracts(session, payer_id)
    return contracts[0].number if contracts else None


# --- issuing a month's completion acts (the credit job's tick) ------------------------------

def issue_acts(uow, caller: Caller, data: dict, deps: Deps) -> int:
    """Accounts with expenses charged before this month began and in no act yet get one act
    per month of them (once: one per account and month, the account's row locked)."""
    now, zone = uow.now(), deps.settings.zone
    bound = credit.local_midnight(credit.month_start(credit.today(now, zone)), zone)
    accounts = store.claim_accounts_to_act(uow.session, bound, data.get("batch", BATCH))
    for account in accounts:
        expenses = store.expenses_without_act(uow.session, account.account_id, bound)
        for period, group in rules.by_month(expenses, lambda e: e.charged_at, zone).items():
            act = store.act_for(uow.session, account.account_id, period)
            if act is None:
                act = Act(number=store.next_act_number(uow.session), account_id=account.account_id,
                          payer_id=next((e.payer_id for e in group if e.payer_id), None), period_start=period,
                          issued_on=rules.month_end(period), amount=0, vat=0, created_at=now)
                uow.session.add(act)
                uow.session.flush()
            for expense in group:
                expense.act_id = act.id
                act.amount += rules.act_amount(expense.amount, expense.refunded)
                act.vat += rules.act_vat(expense.amount, expense.refunded, expense.vat)
    return len(accounts)


# --- completion acts ------------------------------------------------------------------------

def _own_act(uow, caller: Caller, act_id: str) -> Act:
    account_id = access.require_account(caller)
    act = uow.session.get(Act, act_id)
    if act is None or act.account_id != account_id:
        raise exc.ActNotFound("No such act")
    return act


def list_acts(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    total, rows = store.page(uow.session, Act, [Act.account_id == account_id],
                             [Act.period_start.desc(), Act.number.desc()], data)
    return views.page([views.act_view(a) for a in rows], total, data)


def get_act(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return views.act_view(_own_act(uow, caller, data["act_id"]))


def act_pdf(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    act = _own_act(uow, caller, data["act_id"])
    payer = _buyer(uow.session, act.account_id, act.payer_id)
    zone = deps.settings.zone
    lines = [{"name": e.name, "day": e.charged_at.astimezone(zone).date(),
              "amount": rules.act_amount(e.amount, e.refunded), "vat": rules.act_vat(e.amount, e.refunded, e.vat)}
             for e in store.act_expenses(uow.session, act.id)]
    lines = [line for line in lines if line["amount"]]
    content = printing.completion_act_pdf({
        "number": act.number, "issued_on": act.issued_on, "period_start": act.period_start,
        "seller": deps.settings.seller, "buyer": printing.party_of_payer(payer),
        "contract": _contract_number(uow.session, payer.id), "lines": lines, "font_path": deps.settings.font_path})
    return _file(content, "Акт-{}.pdf".format(act.number))


# --- the credit cycle's invoices ---------------------------------------------------------

def invoice_pdf(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    invoice = uow.session.get(Invoice, data["invoice_id"])
    if invoice is None or invoice.account_id != account_id:
        raise exc.InvoiceNotFound("No such invoice")
    expenses = store.invoice_expenses(uow.session, invoice.id)
    payer = _buyer(uow.session, account_id, next((e.payer_id for e in expenses if e.payer_id), None))
    zone = deps.settings.zone
    content = printing.monthly_invoice_pdf({
        "number": invoice.number, "issued_on": invoice.issued_on, "due_on": invoice.due_on,
        "block_on": invoice.block_on, "period_start": invoice.period_start, "seller": deps.settings.seller,
        "buyer": printing.party_of_payer(payer), "amount": invoice.amount, "paid": invoice.paid,
        "lines": [{"name": e.name, "day": e.charged_at.astimezone(zone).date(), "amount": e.unpaid}
                  for e in expenses if e.unpaid],
        "font_path": deps.settings.font_path})
    return _file(content, "Счет-{}.pdf".format(invoice.number))


# --- the reconciliation act ----------------------------------------------------------------

def reconciliation_pdf(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Акт сверки of the personal account for one of the account's payers and a period (the
    operator's dates, both included): the balance before it, each movement by date, the
    balance after it."""
    account_id = access.require_account(caller)
    payer = store.payer(uow.session, data["payer_id"])
    if payer is None or payer.deleted_at is not None or payer.account_id != account_id:
        raise exc.PayerNotFound("No such payer")
    rules.check_period(data["date_from"], data["date_to"])
    zone = deps.settings.zone
    start = credit.local_midnight(data["date_from"], zone)
    end = credit.local_midnight(data["date_to"] + timedelta(days=1), zone)
    movements = [rules.Movement(e.created_at.astimezone(zone).date(),
                                e.description or label("entry_kind", e.kind), e.amount)
                 for e in store.entries_between(uow.session, account_id, start, end)]
    found = rules.reconcile(store.balance_before(uow.session, account_id, start), movements)
    content = printing.reconciliation_pdf({
        "seller": deps.settings.seller, "buyer": printing.party_of_payer(payer), "date_from": data["date_from"],
        "date_to": data["date_to"], "reconciliation": found,
        "vat": store.charges_vat_between(uow.session, account_id, start, end), "font_path": deps.settings.font_path})
    return _file(content, "Акт-сверки-{}-{}.pdf".format(data["date_from"].isoformat(), data["date_to"].isoformat()))


# --- contracts -------------------------------------------------------------------------------

def list_contracts(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    rows = store.account_contracts(uow.session, account_id)
    return {"items": [views.contract_view(c) for c in rows], "total": len(rows)}


def contract_pdf(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The contract formed after the payer's first payment (manual 004 «Договор»): the offer's
    text with the payer's requisites and who signs for it (its contract data)."""
    account_id = access.require_account(caller)
    contract = uow.session.get(Contract, data["contract_id"])
    if contract is None or contract.account_id != account_id:
        raise exc.ContractNotFound("No such contract")
    payer = store.payer(uow.session, contract.payer_id)
    terms = payer.contract_data or {}
    signatory = ""
    if terms.get("director_name_genitive"):
        signatory = "в лице {} {}, действующего на основании {}".format(
            terms.get("director_position_genitive") or "руководителя", terms["director_name_genitive"],
            terms.get("acting_on_basis") or "Устава")
    account = store.personal_account(uow.session, account_id, uow.now())
    content = printing.contract_pdf({
        "number": contract.number, "signed_on": contract.created_at.astimezone(deps.settings.zone).date(),
        "seller": deps.settings.seller, "buyer": printing.party_of_payer(payer), "buyer_signatory": signatory,
        "credit_limit": account.credit_limit, "font_path": deps.settings.font_path})
    return _file(content, "Договор-{}.pdf".format(contract.number))
