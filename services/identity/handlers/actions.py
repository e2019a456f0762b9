"""The action log (issue 13 item 11; manual 004 «Конфиденциальность»: the list of actions):
every service announces its people's changes as ``<service>.action_recorded`` (from the
transaction of the change, :meth:`kit.db.UnitOfWork.record_action`); identity appends each
once and lists them to the account's administrator (their account's) and to administrators
(everything)."""
from __future__ import annotations

import uuid

from kit.context import Caller
from services.identity import store, views
from services.identity.dependencies import Deps
from services.identity.domain import actions


def record_action(uow, caller: Caller, envelope: dict, deps: Deps) -> bool:
    """Append the entry an ``action_recorded`` event announces; a redelivery appends nothing
    (the event's id is the entry's key). True when it was appended."""
    actor_id = envelope["data"]["actor_id"]
    row = actions.entry(envelope, actor_name=store.actor_name(uow.session, actor_id), recorded_at=uow.now())
    if actor_id and store.erased(uow.session, actor_id):
        row = actions.erased_entry(row)
    return store.add_action(uow.session, row)


def pseudonymise(uow, user, deps: Deps | None = None) -> int:
    """The erasure's part in the log (I6; ``user`` still named): every entry they made or
    that is about them pseudonymised through the database's one allowed door, and the
    erasure itself recorded as an entry (the audit of that change). Returns how many changed."""
    names = [store.actor_name(uow.session, user.id), user.first_name, user.last_name]
    changes = []
    for entry in store.actions_of(uow.session, user.id):
        values = actions.pseudonymised(
            actor_id=entry.actor_id, object_type=entry.object_type, object_id=entry.object_id, summary=entry.summary,
            actor_name=entry.actor_name, ip=entry.ip, user_agent=entry.user_agent, user_id=user.id, names=names)
        if values:
            changes.append((entry.event_id, values))
    changed = store.pseudonymise_actions(uow.session, user.id, changes, uow.now())
    now = uow.now()
    store.add_action(uow.session, {
        "event_id": str(uuid.uuid4()), "occurred_at": now, "recorded_at": now, "service": "identity",
        "action": "personal_data.erased", "object_type": "user", "object_id": user.id,
        "summary": "Персональные данные удалены по запросу; записей журнала обезличено: {}".format(changed),
        "account_id": user.account_id, "actor_id": user.id, "actor_account_id": user.account_id,
        "actor_name": actions.ERASED_NAME, "actor_roles": list(user.roles or []), "ip": None, "user_agent": None})
    return changed


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
