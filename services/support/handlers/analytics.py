"""Client analytics (S6, manual 003 «Аналитика – Отчет для клиента»): for a period, the
tickets of the customer's organisations by status and by object, created per day / week /
month, average and 90th-percentile resolution time, the overdue share — grouped and
aggregated by the database in one statement (``store.analytics``), never by loading the
tickets."""
from __future__ import annotations

from datetime import timedelta

from kit.context import Caller
from services.support import exceptions as exc
from services.support import store
from services.support.dependencies import Deps
from services.support.domain import states
from services.support.models import Ticket


def _scope(uow, caller: Caller, data: dict) -> tuple[list | None, list]:
    """(the alternatives of the tickets the caller's report counts — None: every ticket —,
    conditions on all of them)."""
    session = uow.session
    if data.get("organisation_id"):
        if not (caller.is_staff or data["organisation_id"] in store.organisation_ids_of(session, caller.user_id)):
            raise exc.OrganisationNotFound("No such organisation")
        theirs = Ticket.organisation_id == data["organisation_id"]
        if caller.is_staff and not caller.is_admin:
            return store.staff_branches(session, caller.user_id, False), [theirs]
        return [theirs], []
    if data["scope"] == "staff":
        if not caller.is_staff:
            raise exc.StaffOnly("Only staff see the analytics of the tickets they answer")
        return store.staff_branches(session, caller.user_id, caller.is_admin), []
    return store.client_branches(session, caller.user_id, caller.account_id, caller.rights), []


def client_report(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    now = uow.now()
    until = data.get("to") or now
    since = data.get("from") or until - timedelta(days=30)
    branches, conditions = _scope(uow, caller, data)
    conditions += [Ticket.created_at >= since, Ticket.created_at < until]
    found = store.analytics(uow.session, branches, conditions, data["group"], now)
    statuses, objects = found["by_status"], found["by_object"]
    names = store.object_names(uow.session, [i for i, _ in objects if i])
    average, p90, with_deadline, overdue = found["average"], found["p90"], found["with_deadline"], found["overdue"]
    return {
        "from": since.isoformat(), "to": until.isoformat(), "group": data["group"],
        "total": sum(statuses.values()),
        "by_status": [{"status": s, "label": states.label(s, caller.language), "count": statuses[s]}
                      for s in states.STATUSES if s in statuses],
        "by_object": [{"object": {"id": i, "name": names.get(i)} if i else None, "count": n} for i, n in objects],
        "created": [{"period_start": start, "count": n} for start, n in found["created"]],
        "resolution": {"resolved": found["resolved"], "average_seconds": round(average) if average is not None else None,
                       "p90_seconds": round(p90) if p90 is not None else None},
        "overdue": {"with_deadline": with_deadline, "overdue": overdue,
                    "share": round(overdue / with_deadline, 4) if with_deadline else 0.0},
    }
