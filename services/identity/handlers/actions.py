"""The action log (issue 13 item 11; manual 004 «Конфиденциальность»: the list of actions):
every service announces its people's changes as ``<service>.action_recorded`` (from the
transaction of the change, :meth:`kit.db.UnitOfWork.record_action`); identity appends each
once and lists them to the account's administrator (their account's) and to administrators
(everything)."""
from __future__ import annotations

from kit.context import Caller
from services.identity import store, views
from services.identity.dependencies import Deps
from services.identity.domain import actions


def record_action(uow, caller: Caller, envelope: dict, deps: Deps) -> bool:
    """Append the entry an ``action_recorded`` event announces; a redelivery appends nothing
    (the event's id is the entry's key). True when it was appended."""
    row = actions.entry(envelope, actor_name=store.actor_name(uow.session, envelope["data"]["actor_id"]),
                        recorded_at=uow.now())
    return store.add_action(uow.session, row)


def list_account_actions(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The caller's account's actions; its administrator only (403 otherwise)."""
    me = store.signed_in_user(uow.session, caller)
    account_id = actions.account_scope(account_id=me.account_id, is_owner=me.is_owner, rights=me.rights)
    return _page(uow, data, account_id)


def list_actions(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Every account's actions (or ``account_id``'s); administrators only."""
    me = store.signed_in_user(uow.session, caller)
    return _page(uow, data, actions.admin_scope(me.roles, data.get("account_id")))


def _page(uow, data: dict, account_id: str | None) -> dict:
    total, entries = store.page_of_actions(uow.session, data, account_id)
    return views.page([views.action_view(e) for e in entries], total, data)
