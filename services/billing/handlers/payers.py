"""Payers (B2): list, create, edit, delete, merge (with or without their contracts)."""
from __future__ import annotations

from sqlalchemy import delete, func, select, update

from kit.context import Caller
from kit.errors import ValidationFailed
from services.billing import exceptions as exc
from services.billing.domain import payers as rules
from services.billing.domain.labels import label
from services.billing.handlers import common
from services.billing.handlers.common import checked
from services.billing.models import Contract, Expense, Payer, Payment, PaymentMethod

COLUMNS = ("kind", "country", "name", "contact_person", "phone", "fax", "email", "documents_delivery",
           "legal_address", "actual_address", "actual_same_as_legal", "inn", "kpp", "ogrn", "bank_name", "bik",
           "settlement_account", "correspondent_account", "accounting_notes", "passport")
CONTRACT_FIELDS = ("director_name", "director_position", "director_name_genitive", "director_position_genitive",
                   "director_name_dative", "director_position_dative", "acting_on_basis")


def _as_json(value):
    """Nested loaded values (dates in passports) as they are stored and sent: ISO strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _data_of(payer: Payer) -> dict:
    data = {name: getattr(payer, name) for name in COLUMNS}
    data.update({name: (payer.contract_data or {}).get(name) for name in CONTRACT_FIELDS})
    return data


def _unpaid(session, payer_id: str) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Expense.unpaid), 0))
                               .where(Expense.payer_id == payer_id)).scalar_one())


def payer_view(session, payer: Payer, language: str = "ru") -> dict:
    view = {"id": payer.id, "number": payer.number, "kind_label": label("payer_kind", payer.kind, language),
            "display_name": rules.display_name(_data_of(payer)), **_data_of(payer),
            "documents_delivery": payer.documents_delivery or [],
            "contracts": [{"id": c.id, "number": c.number, "created_at": common.iso(c.created_at)}
                          for c in session.execute(select(Contract).where(Contract.payer_id == payer.id)
                                                   .order_by(Contract.created_at)).scalars()],
            "unpaid": _unpaid(session, payer.id),
            "created_at": common.iso(payer.created_at), "updated_at": common.iso(payer.updated_at)}
    return view


def _own(session, caller: Caller, payer_id: str, *, lock: bool = False) -> Payer:
    account_id = common.require_account(caller)
    query = select(Payer).where(Payer.id == payer_id)
    if lock:
        query = query.with_for_update()
    payer = session.execute(query).scalar_one_or_none()
    if payer is None or payer.account_id != account_id or payer.deleted_at is not None:
        raise exc.PayerNotFound("No such payer")
    return payer


def _apply(payer: Payer, data: dict) -> None:
    for name in COLUMNS:
        if name in data:
            setattr(payer, name, _as_json(data[name]))
    contract = dict(payer.contract_data or {})
    for name in CONTRACT_FIELDS:
        if name in data:
            contract[name] = data[name]
    payer.contract_data = {k: v for k, v in contract.items() if v not in (None, "")}
    if payer.actual_same_as_legal and payer.legal_address:
        payer.actual_address = dict(payer.legal_address)


def list_payers(uow, caller: Caller, query: dict) -> dict:
    account_id = common.require_account(caller)
    conditions = [Payer.account_id == account_id, Payer.deleted_at.is_(None)]
    if query.get("kind"):
        conditions.append(Payer.kind == query["kind"])
    total = uow.session.execute(select(func.count()).select_from(Payer).where(*conditions)).scalar_one()
    rows = uow.session.execute(select(Payer).where(*conditions).order_by(Payer.number.desc())
                               .offset((query["page"] - 1) * query["per_page"]).limit(query["per_page"])).scalars()
    return common.page([payer_view(uow.session, p, caller.language) for p in rows], total, query)


def get_payer(uow, caller: Caller, payer_id: str) -> dict:
    return payer_view(uow.session, _own(uow.session, caller, payer_id), caller.language)


def create_payer(uow, caller: Caller, data: dict) -> dict:
    account_id = common.require_account(caller)
    now = uow.now()
    payer = Payer(account_id=account_id, number=common.next_number(uow.session, "payer", 101), country="RU",
                  documents_delivery=[], contract_data={}, actual_same_as_legal=False, created_at=now, updated_at=now)
    _apply(payer, data)
    if not payer.name:
        payer.name = rules.display_name(data)
    uow.session.add(payer)
    uow.session.flush()
    return payer_view(uow.session, payer, caller.language)


def update_payer(uow, caller: Caller, payer_id: str, data: dict) -> dict:
    payer = _own(uow.session, caller, payer_id, lock=True)
    merged = {**_data_of(payer), **data}
    problems = rules.problems(merged)
    if problems:
        raise ValidationFailed("Some fields are invalid", errors=problems)
    _apply(payer, data)
    payer.updated_at = uow.now()
    return payer_view(uow.session, payer, caller.language)


def delete_payer(uow, caller: Caller, payer_id: str) -> dict:
    payer = _own(uow.session, caller, payer_id, lock=True)
    checked(rules.check_delete, _unpaid(uow.session, payer.id))
    payer.deleted_at = payer.updated_at = uow.now()
    return {"deleted": payer.id}


def merge_payers(uow, caller: Caller, data: dict) -> dict:
    """manual 004 "Объединение плательщиков": the merged payer is deleted; its contracts move to
    the main payer with ``move_contracts``, else they are deleted; its payments, saved methods
    and expenses move to the main payer. ``dry_run`` shows what would be done."""
    main_id, merged_id = data["main_payer_id"], data["merged_payer_id"]
    checked(rules.check_merge, main_id, merged_id, False)
    first, second = sorted([main_id, merged_id])  # lock in one order: two merges cannot deadlock
    locked = {first: _own(uow.session, caller, first, lock=True), second: _own(uow.session, caller, second, lock=True)}
    main, merged = locked[main_id], locked[merged_id]
    in_act = uow.session.execute(select(func.count()).select_from(Expense).where(
        Expense.payer_id == merged.id, Expense.act_id.is_not(None), Expense.unpaid > 0)).scalar_one()
    checked(rules.check_merge, main.id, merged.id, bool(in_act))

    def count(model, column):
        return uow.session.execute(select(func.count()).select_from(model).where(column == merged.id)).scalar_one()

    plan = rules.merge_plan(data["move_contracts"], count(Contract, Contract.payer_id),
                            count(Payment, Payment.payer_id), count(PaymentMethod, PaymentMethod.payer_id),
                            count(Expense, Expense.payer_id))
    result = {"dry_run": data["dry_run"], "main_payer_id": main.id, "merged_payer_id": merged.id, **plan}
    if data["dry_run"]:
        return dict(result, payer=payer_view(uow.session, main, caller.language))
    if data["move_contracts"]:
        uow.session.execute(update(Contract).where(Contract.payer_id == merged.id).values(payer_id=main.id))
    else:
        uow.session.execute(delete(Contract).where(Contract.payer_id == merged.id))
    for model in (Payment, PaymentMethod, Expense):
        uow.session.execute(update(model).where(model.payer_id == merged.id).values(payer_id=main.id))
    merged.deleted_at = merged.updated_at = main.updated_at = uow.now()
    uow.session.flush()
    return dict(result, payer=payer_view(uow.session, main, caller.language))
