"""Rules of the action log (issue 13 item 11; manual 004: the list of actions of an account):
who may read which entries, and what an entry keeps of the event that announced it."""
from __future__ import annotations

from kit.contracts import occurred_at
from kit.errors import NotPermitted

#: what one entry keeps of a producer's ``action_recorded`` data
FIELDS = ("action", "object_type", "object_id", "summary", "account_id", "actor_id",
          "actor_account_id", "actor_roles", "ip", "user_agent")


def account_scope(*, account_id: str | None, is_owner: bool, rights) -> str:
    """The account whose actions an account's user may list: their own, when they administer
    it (its first user, or a user with the "users" right); anyone else is refused."""
    if account_id is None or not (is_owner or "users" in set(rights)):
        raise NotPermitted("account_admin_required",
                           "The account's actions are listed to its administrator (the \"users\" right)")
    return account_id


def admin_scope(roles, account_id: str | None) -> str | None:
    """An administrator of the platform lists everything, or one account's entries."""
    if "admin" not in set(roles):
        raise NotPermitted("admin_required", "Only an administrator lists every account's actions")
    return account_id


def entry(envelope: dict, *, actor_name: str, recorded_at) -> dict:
    """The row an ``<service>.action_recorded`` envelope becomes: its data, the service that
    made the change, when it happened (the event's ``occurred_at``), the actor's name then."""
    data = envelope["data"]
    row = {name: data.get(name) for name in FIELDS}
    row["actor_roles"] = list(row["actor_roles"] or [])
    row.update(event_id=envelope["event_id"], service=envelope["producer"],
               occurred_at=occurred_at(envelope),
               recorded_at=recorded_at, actor_name=actor_name or "")
    return row
