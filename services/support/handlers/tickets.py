"""Tickets (S1, S2): create one — manual 004's short form or HubEx's full one —, see it, list
them (the client: their organisations'; staff: their departments'; admins: all) and assign one
to an agent."""
from __future__ import annotations

from kit.context import Caller
from kit.errors import InputRuleBroken
from services.support import events
from services.support import exceptions as exc
from services.support import store
from services.support.dependencies import Deps
from services.support.domain import sla, states
from services.support.domain import tickets as rules
from services.support.handlers.access import answers, visible_ticket
from services.support.handlers.chat import add_readers, claim_attachments, post
from services.support.handlers.statuses import move
from services.support.models import Ticket
from services.support.views import ticket_summary, ticket_view

#: HubEx's reference fields and the list each one is picked from
REFERENCES = {"type_id": "ticket_types", "criticality_id": "criticalities", "work_type_id": "work_types"}


def _references(uow, data: dict) -> dict:
    """Each named entry of the reference lists, active; a field error (422) otherwise."""
    found = {}
    for field, kind in REFERENCES.items():
        if data.get(field):
            try:
                found[field] = store.reference(uow.session, kind, data[field])
            except exc.ReferenceNotFound:
                raise InputRuleBroken("reference_unknown", "No such entry", field=field)
    return found


def _customer(uow, caller: Caller, data: dict) -> tuple:
    """(object, contract) checked against the organisation and the author's membership."""
    found_object = found_contract = None
    if data.get("object_id"):
        try:
            found_object = store.support_object(uow.session, data["object_id"])
        except exc.ObjectNotFound:
            raise InputRuleBroken("reference_unknown", "No such object", field="object_id")
    if data.get("contract_id"):
        try:
            found_contract = store.contract(uow.session, data["contract_id"])
        except exc.ContractNotFound:
            raise InputRuleBroken("reference_unknown", "No such contract", field="contract_id")
    if found_object is not None and not found_object.active:
        raise InputRuleBroken("reference_unknown", "No such object", field="object_id")
    if found_contract is not None and not found_contract.active:
        raise InputRuleBroken("reference_unknown", "No such contract", field="contract_id")
    rules.check_fit(organisation_id=data.get("organisation_id"),
                    member_of=store.organisation_ids_of(uow.session, caller.user_id),
                    object_org=found_object.organisation_id if found_object else None,
                    contract_org=found_contract.organisation_id if found_contract else None,
                    contract_objects=found_contract.object_ids if found_contract else None,
                    object_id=data.get("object_id"))
    return found_object, found_contract


def create_ticket(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """A new ticket with its first message; a retried request (same Idempotency-Key) gets the
    ticket it created."""
    caller.require_user()
    session = uow.session
    again = store.ticket_by_request(session, caller.user_id, data.get("request_key"))
    if again is not None:
        return get_ticket(uow, caller, {"number": again.number}, deps)
    try:
        department = store.department(session, data["department_id"], active_only=True)
    except exc.DepartmentNotFound:
        raise InputRuleBroken("reference_unknown", "No such department", field="department_id")
    rules.check_form(department.required_fields or [], data)
    references = _references(uow, data)
    _customer(uow, caller, data)
    attachments = claim_attachments(uow, caller, data.get("attachment_ids"))
    criticality = references.get("criticality_id") or store.default_criticality(session)
    now = uow.now()
    message = (data.get("message") or "").strip()
    description = (data.get("description") or "").strip() or message
    ticket = Ticket(
        number=store.next_ticket_number(session), department_id=department.id, subject=data["subject"].strip(),
        description=description, type_id=data.get("type_id"), criticality_id=criticality.id if criticality else None,
        work_type_id=data.get("work_type_id"), organisation_id=data.get("organisation_id"),
        object_id=data.get("object_id"), contract_id=data.get("contract_id"), order_number=data.get("order_number"),
        service_id=data.get("service_id"), author_id=caller.user_id, account_id=caller.account_id, assignee_id=None,
        status="new", first_reply_due=sla.due(now, criticality.first_reply_minutes if criticality else None),
        deadline=sla.due(now, criticality.resolution_minutes if criticality else None), message_seq=0,
        request_key=data.get("request_key"), created_at=now, updated_at=now)
    session.add(ticket)
    session.flush()
    add_readers(session, ticket)
    first = post(uow, ticket, author_id=caller.user_id, author_kind="client", text=message or description,
                 attachments=attachments)
    uow.emit("ticket_created", events.ticket_created(ticket, department, first, store.agent_ids(session, department.id)))
    uow.record_action("support_ticket.created", "support_ticket", ticket.number, ticket.subject,
                      account_id=ticket.account_id)
    return get_ticket(uow, caller, {"number": ticket.number}, deps)


def get_ticket(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    ticket, rel = visible_ticket(uow.session, caller, data["number"])
    directory = deps.people(uow.session)
    directory.get({ticket.author_id, ticket.assignee_id})
    mark = store.reader(uow.session, ticket, caller.user_id, rel.side)
    view = ticket_view(ticket, store.names_for(uow.session, [ticket]), directory, uow.now(), rel.side,
                       caller.language, mark.unread)
    view["chat"] = {"unread": mark.unread, "last_read_seq": mark.last_read_seq}
    return view


def _filters(data: dict) -> list:
    conditions = []
    if data.get("status"):
        conditions.append(Ticket.status.in_(data["status"]))
    elif data.get("archive"):
        conditions.append(Ticket.status == "closed")
    elif data["scope"] == "mine":
        conditions.append(Ticket.status != "closed")  # the archive is a filter of its own
    for field in ("department_id", "object_id", "organisation_id", "assignee_id"):
        if data.get(field):
            conditions.append(getattr(Ticket, field) == data[field])
    if data.get("number"):
        conditions.append(Ticket.number == data["number"])
    if data.get("from"):
        conditions.append(Ticket.created_at >= data["from"])
    if data.get("to"):
        conditions.append(Ticket.created_at < data["to"])
    return conditions


def list_tickets(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``scope=mine`` (default): the tickets the caller sees as a customer; ``scope=staff``:
    the tickets they answer (an admin: all). Newest first, filtered, a page at a time."""
    caller.require_user()
    session = uow.session
    if data["scope"] == "staff":
        if not caller.is_staff:
            raise exc.StaffOnly("Only staff list the tickets they answer")
        branches = store.staff_branches(session, caller.user_id, caller.is_admin)
    else:
        branches = store.client_branches(session, caller.user_id, caller.account_id, caller.rights)
    total, exact, found = store.ticket_page(session, branches, _filters(data), data["page"], data["per_page"])
    names, now = store.names_for(session, found), uow.now()
    unread = store.unread_of(session, caller.user_id, [t.id for t in found])
    return {"items": [ticket_summary(t, names, now, caller.language, unread[t.id]) for t in found], "total": total,
            "total_exact": exact, "page": data["page"], "per_page": data["per_page"]}


def update_ticket(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Staff answering the ticket change its status (through the state machine) and assign it
    to an agent of its department (or to nobody: ``assignee_id`` null)."""
    ticket, rel = visible_ticket(uow.session, caller, data["number"], for_update=True)
    if not answers(uow.session, caller, ticket):
        raise exc.StaffOnly("Only staff answering this ticket may do this")
    if data.get("status") and data["status"] != ticket.status:
        move(uow, ticket, states.for_target(ticket.status, data["status"]), "staff", changed_by=caller.user_id)
    if "assignee_id" in data and data["assignee_id"] != ticket.assignee_id:
        assignee = data["assignee_id"]
        if assignee is not None:
            person = deps.people(uow.session).require([assignee], "assignee_id", staff=True, error=exc.InvalidTicket)
            is_admin = "admin" in (person[assignee].get("roles") or [])
            if not is_admin and assignee not in store.agent_ids(uow.session, ticket.department_id):
                raise InputRuleBroken("assignee_not_agent", "Not an agent of the ticket's department",
                                      field="assignee_id")
        previous, ticket.assignee_id, ticket.updated_at = ticket.assignee_id, assignee, uow.now()
        uow.emit("ticket_assigned", events.ticket_assigned(ticket, previous, caller.user_id))
        uow.record_action("support_ticket.assigned", "support_ticket", ticket.number, "{}: {}".format(
            ticket.subject, "назначен исполнитель" if assignee else "исполнитель снят"), account_id=ticket.account_id)
    return get_ticket(uow, caller, {"number": ticket.number}, deps)


def archive_ticket(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Manual 004: the customer puts a resolved ticket (one «Ожидает вашего ответа») in the
    archive; anything else is 409."""
    ticket, rel = visible_ticket(uow.session, caller, data["number"], for_update=True)
    if rel.staff:
        raise exc.CustomerOnly("Only the customer archives a ticket; staff close it")
    move(uow, ticket, "archive", "client", changed_by=caller.user_id)
    return get_ticket(uow, caller, {"number": ticket.number}, deps)
