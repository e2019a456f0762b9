"""SLA breach warnings (S8): the department hears once when a ticket's first reply or its
resolution is overdue. A sweep over what is due (kit.periodic): idempotent (a warned ticket
is not due again), catches up after downtime, safe with replicas (SKIP LOCKED)."""
from __future__ import annotations

from kit.context import Caller
from services.support import events
from services.support import store
from services.support.dependencies import Deps
from services.support.models import Department


def warn_breaches(uow, caller: Caller, data: dict, deps: Deps) -> int:
    """At most ``batch`` warnings of each kind; returns how many tickets were handled."""
    now, session, batch = uow.now(), uow.session, data["batch"]
    missed = [("first_reply", t) for t in store.claim_missed_first_replies(session, now, batch)]
    missed += [("resolution", t) for t in store.claim_missed_deadlines(session, now, batch)]
    for kind, ticket in missed:
        if kind == "first_reply":
            ticket.first_reply_warned_at = now
        else:
            ticket.deadline_warned_at = now
        department = session.get(Department, ticket.department_id)
        uow.emit("ticket_sla_breached", events.ticket_sla_breached(
            ticket, kind, department, store.agent_ids(session, ticket.department_id)))
    return max(sum(1 for k, _ in missed if k == "first_reply"), sum(1 for k, _ in missed if k == "resolution"))
