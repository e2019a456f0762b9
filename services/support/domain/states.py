"""The ticket's state machine (S4) and the status a customer sees.

One table both refuses an illegal change (409 ``ticket_transition_not_allowed``, nothing
changed) and lists the actions each side may take. Our design, after Zammad's states (new,
open, pending, closed) and BILLmanager's support center (manual 004):

    new ──take──> in_progress ──await_customer──> awaiting_customer
     │  (a staff reply moves new / in_progress to awaiting_customer; a customer's reply
     │   moves awaiting_customer / resolved back to in_progress)
     └──resolve (from new, in_progress, awaiting_customer)──> resolved ──reopen──> in_progress
    archive (the customer, from awaiting_customer or resolved: manual 004 «Поместить в архив
    решенный тикет, который находится в статусе Ожидает вашего ответа») ──> closed
    close (staff, from anything open) ──> closed;  closed is final: no messages, no actions.

The customer sees four statuses (manual 004 «Операции с тикетами»), derived from the state
and their unread messages: ``new_messages`` «Есть новые сообщения» (something from the
provider they have not read), ``under_review`` «Находится на рассмотрении» (the provider
works on it), ``awaiting_reply`` «Ожидает вашего ответа» (the provider answered or resolved
it), ``closed`` «Просмотрен» (closed or archived). The archive is the closed tickets.
"""
from __future__ import annotations

from kit import i18n
from kit.errors import RuleBroken

STATUSES = ("new", "in_progress", "awaiting_customer", "resolved", "closed")
OPEN = ("new", "in_progress", "awaiting_customer", "resolved")

CLIENT_STATUSES = ("new_messages", "under_review", "awaiting_reply", "closed")

#: action -> (from which statuses, to which status, who may: "staff" | "client" | "system")
TRANSITIONS = {
    "take": (("new",), "in_progress", "staff"),
    "await_customer": (("new", "in_progress"), "awaiting_customer", "staff"),
    "resolve": (("new", "in_progress", "awaiting_customer"), "resolved", "staff"),
    "reopen": (("resolved",), "in_progress", "staff"),
    "close": (OPEN, "closed", "staff"),
    "archive": (("awaiting_customer", "resolved"), "closed", "client"),
    # what a message does (never offered as an action)
    "staff_reply": (("new", "in_progress"), "awaiting_customer", "system"),
    "customer_reply": (("awaiting_customer", "resolved"), "in_progress", "system"),
}


def apply(status: str, action: str, actor: str) -> str:
    """The status ``action`` leads to from ``status`` for ``actor``; refused otherwise."""
    sources, target, who = TRANSITIONS.get(action, ((), None, None))
    if status not in sources or who != actor:
        raise RuleBroken("ticket_transition_not_allowed",
                         "{} is not possible for a ticket that is {}".format(action, status))
    return target


def actions(status: str, side: str) -> list[str]:
    """What ``side`` (client | staff) may do now, in the table's order."""
    return [name for name, (sources, _, who) in TRANSITIONS.items() if who == side and status in sources]


def for_target(status: str, target: str) -> str:
    """The staff action that takes ``status`` to ``target`` (a PATCH names the status)."""
    for name, (sources, to, who) in TRANSITIONS.items():
        if who == "staff" and to == target and status in sources:
            return name
    raise RuleBroken("ticket_transition_not_allowed", "A ticket that is {} cannot become {}".format(status, target))


def after_message(status: str, side: str) -> str | None:
    """The action a message from ``side`` sets off (None: the status stays); a closed ticket
    takes no messages."""
    if status == "closed":
        raise RuleBroken("ticket_closed", "The ticket is closed; write a new one")
    action = "staff_reply" if side == "staff" else "customer_reply"
    return action if status in TRANSITIONS[action][0] else None


def client_status(status: str, unread: int) -> str:
    if status == "closed":
        return "closed"
    if unread:
        return "new_messages"
    if status in ("awaiting_customer", "resolved"):
        return "awaiting_reply"
    return "under_review"


def label(status: str, language: str) -> str:
    """The status's name (the catalog's ``support.ticket_status``, kit/locale)."""
    return i18n.label("support.ticket_status", status, language)


def client_label(code: str, language: str) -> str:
    """The status the customer sees (the catalog's ``support.client_status``)."""
    return i18n.label("support.client_status", code, language)
