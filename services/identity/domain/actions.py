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


#: how an entry's summary names a changed field of a person (never its value: no password,
#: no contact is copied into the log)
FIELD_LABELS = {"first_name": "имя", "last_name": "фамилия", "language": "язык", "password": "пароль",
                "phone": "телефон", "email": "e-mail", "roles": "роли", "rights": "права"}


def changed(data: dict) -> str:
    """``{"first_name": …, "password": …}`` → ``"Изменено: имя, пароль"`` (the fields sent);
    switching a user on or off says so."""
    parts = []
    names = [label for field, label in FIELD_LABELS.items() if field in data]
    if names:
        parts.append("изменено: " + ", ".join(names))
    if "enabled" in data:
        parts.append("включён" if data["enabled"] else "выключен")
    text = "; ".join(parts) or "без изменений"
    return text[:1].upper() + text[1:]


# --- a person's erasure (I6) and the log --------------------------------------------------------

#: what the log names an erased actor: the entry stays (evidence of what was done, by which
#: user id), the person is no longer identifiable from it
ERASED_NAME = "Удаленный пользователь"
#: what replaces an erased person's name in a summary
ERASED_MARK = "[удалено]"


def pseudonymised(*, actor_id: str, object_type: str, object_id: str, summary: str, actor_name: str,
                  ip, user_agent, user_id: str, names) -> dict:
    """What an entry keeps once ``user_id`` is erased (only the fields that change): their own
    entries lose the name, the address and the client; every entry of theirs or about them
    loses their name (any of ``names``: full name, first, last) from its summary. The action,
    the object, the time, the account and the user id stay: the log remains evidence."""
    values = {}
    if actor_id == user_id and (actor_name != ERASED_NAME or ip is not None or user_agent is not None):
        values.update(actor_name=ERASED_NAME, ip=None, user_agent=None)
    text = summary
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = text.replace(name, ERASED_MARK)
    if text != summary:
        values["summary"] = text
    return values


def erased_entry(row: dict) -> dict:
    """An entry arriving after its actor's erasure (an event still in flight then) is recorded
    already pseudonymised."""
    return dict(row, actor_name=ERASED_NAME, ip=None, user_agent=None)
