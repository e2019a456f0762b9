"""The action log's event: what a person changed, recorded by the service that changed it.

Every service declares ``"action_recorded": ActionRecorded`` in its ``events.py`` and
records a change made by a person with one line in the handler that made it::

    uow.record_action("order.cancelled", "order", order.number, "Заказ отменён", account_id=order.account_id)

The event enters the outbox in the transaction of the change (never lost, never recorded
without the change); identity collects every service's ``action_recorded`` into its
append-only action log (docs/architecture.md «Action log»). Who, from which address and
with which client come from the caller; when is the event's ``occurred_at``.
"""
from __future__ import annotations

from marshmallow import fields, validate

from kit.context import Caller
from kit.contracts import EventSchema

#: the event every service publishes for its people's changes
EVENT = "action_recorded"
MAX_SUMMARY = 500
#: ``account_id`` left out: the object is the caller's account's (None: the platform's, such
#: as the catalog or a template, which no account's administrator sees)
CALLERS_ACCOUNT = "callers-account"


class ActionRecorded(EventSchema):
    """``action_recorded``: a person changed something (who, what, which object, from where)."""

    action = fields.String(required=True, validate=validate.Length(min=1, max=80),
                           metadata={"description": "what was done: `<object>.<verb>`, e.g. `order.cancelled`"})
    object_type = fields.String(required=True, validate=validate.Length(min=1, max=40),
                                metadata={"description": "the kind of object changed: order, payment, user…"})
    object_id = fields.String(required=True, validate=validate.Length(min=1, max=80),
                              metadata={"description": "the object's id or number"})
    summary = fields.String(required=True, validate=validate.Length(max=MAX_SUMMARY),
                            metadata={"description": "a short human description of the change"})
    account_id = fields.String(required=True, allow_none=True,
                               metadata={"description": "the customer account the object belongs to "
                                                        "(its administrator sees the entry); null: none"})
    actor_id = fields.String(required=True, metadata={"description": "the user who made the change"})
    actor_account_id = fields.String(required=True, allow_none=True)
    actor_roles = fields.List(fields.String(), required=True)
    ip = fields.String(required=True, allow_none=True, metadata={"description": "the client's address"})
    user_agent = fields.String(required=True, allow_none=True)


def payload(caller: Caller, action: str, object_type: str, object_id, summary: str = "",
            account_id: str | None = CALLERS_ACCOUNT) -> dict:
    """The event's data for a change ``caller`` made to an object of ``account_id`` (left
    out: the caller's own account; None: no account's)."""
    return {
        "action": action, "object_type": object_type, "object_id": str(object_id),
        "summary": (summary or "")[:MAX_SUMMARY],
        "account_id": caller.account_id if account_id == CALLERS_ACCOUNT else account_id,
        "actor_id": caller.user_id, "actor_account_id": caller.account_id,
        "actor_roles": sorted(caller.roles), "ip": caller.ip, "user_agent": caller.user_agent,
    }
