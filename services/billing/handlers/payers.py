"""Payers (B2): list, create, edit, delete, merge (with or without their contracts)."""
from __future__ import annotations

from sqlalchemy import delete, func, select, update

from kit.context import Caller
from kit.errors import ValidationFailed
from services.billing import exceptions as exc, store, views
from services.billing.dependencies import Deps
from services.billing.domain import payers as rules
from services.billing.handlers import access
from services.billing.models import Contract, Expense, Payer, Payment, PaymentMethod


def _as_json(value):
    """Nested loaded values (dates in passports) as they are stored and sent: ISO strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _view(session, payer: Payer, language: str) -> dict:
    return views.payer_view(payer, store.payer_contracts(session, payer.id), store.payer_unpaid(session, payer.id),
                            language)


def _own(session, caller: Caller, payer_id: str, *, lock: bool = False) -> Payer:
    account_id = access.require_account(caller)
    payer = store.payer(session, payer_id, lock=lock)
    if payer is None or payer.account_id != account_id or payer.deleted_at is not None:
        raise exc.PayerNotFound("No such payer")
    return payer


def _apply(payer: Payer, data: dict) -> None:
    for name in views.PAYER_COLUMNS:
        if name in data:
            setattr(payer, name, _as_json(data[name]))
    contract = dict(payer.contract_data or {})
    for name in views.CONTRACT_FIELDS:
        if name in data:
            contract[name] = data[name]
    payer.contract_data = {k: v for k, v in contract.items() if v not in (None, "")}
    if payer.actual_same_as_legal and payer.legal_address:
        payer.actual_address = dict(payer.legal_address)


def list_payers(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    conditions = [Payer.account_id == account_id, Payer.deleted_at.is_(None)]
    if data.get("kind"):
        conditions.append(Payer.kind == data["kind"])
    total, rows = store.page(uow.session, Payer, conditions, [Payer.number.desc()], data)
    return views.page([_view(uow.session, p, caller.language) for p in rows], total, data)


def get_payer(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return _view(uow.session, _own(uow.session, caller, data["payer_id"]), caller.language)


def create_payer(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    now = uow.now()
    payer = Payer(account_id=account_id, number=store.next_payer_number(uow.session), country="RU",
                  documents_delivery=[], contract_data={}, actual_same_as_legal=False, created_at=now, updated_at=now)
    _apply(payer, data)
    if not payer.name:
        payer.name = rules.display_name(data)
    uow.session.add(payer)
    uow.session.flush()
    uow.record_action("payer.created", "payer", payer.id, payer.name, account_id=account_id)
    return _view(uow.session, payer, caller.language)


def update_payer(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``data``: ``{payer_id, changes}``; the merged result is checked again as a whole."""
    payer = _own(uow.session, caller, data["payer_id"], lock=True)
    changes = data["changes"]
    problems = rules.problems({**views.payer_data(payer), **changes})
    if problems:
        raise ValidationFailed("Some fields are invalid", errors=problems)
    _apply(payer, changes)
    payer.updated_at = uow.now()
    uow.record_action("payer.updated", "payer", payer.id, "{}: изменено {}".format(
        payer.name, ", ".join(sorted(changes))), account_id=payer.account_id)
    return _view(uow.session, payer, caller.language)


def delete_payer(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    payer = _own(uow.session, caller, data["payer_id"], lock=True)
    rules.check_delete(store.payer_unpaid(uow.session, payer.id))
    payer.deleted_at = payer.updated_at = uow.now()
    uow.record_action("payer.deleted", "payer", payer.id, payer.name, account_id=payer.account_id)
    return {"deleted": payer.id}


def merge_payers(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """manual 004 "Объединение плательщиков": the merged payer is deleted; its contracts move to
    the main payer with ``move_contracts``, else they are deleted; its payments, saved methods
    and expenses move to the main payer. ``dry_run`` shows what would be done."""
    main_id, merged_id = data["main_payer_id"], data["merged_payer_id"]
    rules.check_merge(main_id, merged_id, False)
    first, second = sorted([main_id, merged_id])  # lock in one order: two merges cannot deadlock
    locked = {first: _own(uow.session, caller, first, lock=True), second: _own(uow.session, caller, second, lock=True)}
    main, merged = locked[main_id], locked[merged_id]
    in_act = uow.session.execute(select(func.count()).select_from(Expense).where(
        Expense.payer_id == merged.id, Expense.act_id.is_not(None), Expense.unpaid > 0)).scalar_one()
    rules.check_merge(main.id, merged.id, bool(in_act))

    def count(model, column):
        return uow.session.execute(select(func.count()).select_from(model).where(column == merged.id)).scalar_one()

    plan = rules.merge_plan(data["move_contracts"], count(Contract, Contract.payer_id),
                            count(Payment, Payment.payer_id), count(PaymentMethod, PaymentMethod.payer_id),
                            count(Expense, Expense.payer_id))
    result = {"dry_run": data["dry_run"], "main_payer_id": main.id, "merged_payer_id": merged.id, **plan}
    if data["dry_run"]:
        return dict(result, payer=_view(uow.session, main, caller.language))
    if data["move_contracts"]:
        uow.session.execute(update(Contract).where(Contract.payer_id == merged.id).values(payer_id=main.id))
    else:
        uow.session.execute(delete(Contract).where(Contract.payer_id == merged.id))
    for model in (Payment, PaymentMethod, Expense):
        uow.session.execute(update(model).where(model.payer_id == merged.id).values(payer_id=main.id))
    merged.deleted_at = merged.updated_at = main.updated_at = uow.now()
    uow.session.flush()
    uow.record_action("payer.merged", "payer", main.id, "{} ← {}".format(main.name, merged.name),
                      account_id=main.account_id)
    return dict(result, payer=_view(uow.session, main, caller.language))
