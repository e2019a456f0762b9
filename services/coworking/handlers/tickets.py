"""The rental manager's tickets (manual 002): list and view (C4, C10), validation and its
reset (C5), the entry check (C6), change of visitor (C7) and workplace (C8), the calendar (C9)."""
from __future__ import annotations

from kit.context import Caller
from kit.people import Directory, search_form
from services.coworking import events
from services.coworking import exceptions as exc
from services.coworking import store, views
from services.coworking.domain import tickets as rules
from services.coworking.domain.periods import period
from services.coworking.handlers.access import is_staff, require_staff, visible_ticket
from services.coworking.models import Ticket


def _directory(uow, deps) -> Directory:
    """People by id; someone staff added who has not confirmed yet counts too (C7)."""
    return Directory(uow.session, deps.fetch_users, pending=True)


def view_for(uow, caller: Caller, ticket: Ticket, deps) -> dict:
    state = views.state(ticket)
    actions = rules.staff_actions(state, uow.now()) if is_staff(caller) else rules.client_actions(state)
    return views.ticket(ticket, _directory(uow, deps), language=caller.language, actions=actions)


def changed(uow, ticket: Ticket) -> None:
    """Every change of a ticket: a new version, and orders hears of it (the order view's block)."""
    ticket.version += 1
    ticket.updated_at = uow.now()
    uow.session.flush()
    uow.emit("ticket_changed", events.ticket_changed(ticket))


def list_tickets(uow, caller: Caller, data: dict, deps) -> dict:
    require_staff(caller)
    filters = {"number": data.get("number"), "visitor": data.get("visitor"), "statuses": data.get("status")}
    if data.get("starts_at") is not None or data.get("ends_at") is not None:
        wanted = period(data.get("starts_at"), data.get("ends_at"), field="to")
        filters.update(starts_at=wanted.starts_at, ends_at=wanted.ends_at)
    items, total = store.page_of_tickets(uow.session, filters, data["page"], data["per_page"])
    directory = _directory(uow, deps)
    directory.get([t.visitor_id for t in items] + [t.validated_by for t in items if t.validated_by])
    return {"items": [views.ticket(t, directory, language=caller.language,
                                   actions=rules.staff_actions(views.state(t), uow.now())) for t in items],
            "total": total, "page": data["page"], "per_page": data["per_page"]}


def get_ticket(uow, caller: Caller, data: dict, deps) -> dict:
    return view_for(uow, caller, visible_ticket(uow.session, caller, data["number"]), deps)


def validate_ticket(uow, caller: Caller, data: dict, deps) -> dict:
    """C5 «Выполнить»: the manager checked the visitor's passport."""
    require_staff(caller)
    ticket = store.ticket_by_number(uow.session, data["number"], for_update=True)
    rules.check_may_validate(views.state(ticket))
    ticket.validated_at, ticket.validated_by = uow.now(), caller.user_id
    changed(uow, ticket)
    uow.record_action("ticket.validated", "ticket", ticket.number, "Билет {} (заказ {}): документы проверены".format(
        ticket.number, ticket.order_number), account_id=ticket.account_id)
    return view_for(uow, caller, ticket, deps)


def reset_validation(uow, caller: Caller, data: dict, deps) -> dict:
    """C5 «Сбросить»: the check time and the responsible manager are cleared."""
    require_staff(caller)
    ticket = store.ticket_by_number(uow.session, data["number"], for_update=True)
    rules.check_may_reset_validation(views.state(ticket))
    ticket.validated_at = ticket.validated_by = None
    changed(uow, ticket)
    uow.emit("ticket_validation_reset", events.ticket_validation_reset(ticket, caller.user_id))
    uow.record_action("ticket.validation_reset", "ticket", ticket.number, "Билет {}: проверка сброшена".format(
        ticket.number), account_id=ticket.account_id)
    return view_for(uow, caller, ticket, deps)


def entry(uow, caller: Caller, data: dict, deps) -> dict:
    """C6: may the visitor enter now (the door or the app asks, as the visitor or staff)."""
    ticket = visible_ticket(uow.session, caller, data["number"])
    allowed, reason = rules.entry(views.state(ticket), uow.now())
    return views.entry(ticket, allowed, reason, caller.language)


def set_visitor(uow, ticket: Ticket, user_id: str, changed_by: str, how: str, deps) -> None:
    """The visitor of the ticket and of its order become ``user_id`` (C7, O10)."""
    person = _directory(uow, deps).require([user_id], "user_id", error=exc.UserUnknown)[user_id]
    previous = ticket.visitor_id
    if previous == user_id:
        raise exc.InvalidTicketRequest("This person is the visitor already",
                                       errors={"user_id": ["This person is the visitor already."]})
    ticket.visitor_id, ticket.visitor_search = user_id, search_form(person.get("full_name"))
    ticket.account_id = person.get("account_id")
    changed(uow, ticket)
    uow.emit("ticket_visitor_changed", events.ticket_visitor_changed(ticket, previous, changed_by, how))


def change_visitor(uow, caller: Caller, data: dict, deps) -> dict:
    """C7: only on a new or confirmed ticket; the order's visitor changes too."""
    require_staff(caller)
    ticket = store.ticket_by_number(uow.session, data["number"], for_update=True)
    rules.check_may_change_visitor(views.state(ticket))
    set_visitor(uow, ticket, data["user_id"], caller.user_id, "manager", deps)
    uow.record_action("ticket.visitor_changed", "ticket", ticket.number, "Билет {}: сменен посетитель".format(
        ticket.number), account_id=ticket.account_id)
    return view_for(uow, caller, ticket, deps)


def change_workplace(uow, caller: Caller, data: dict, deps) -> dict:
    """C8: another free workplace of the same space for the whole period (409 when taken)."""
    require_staff(caller)
    ticket = store.ticket_by_number(uow.session, data["number"], for_update=True)
    rules.check_may_change_workplace(views.state(ticket), uow.now())
    place = store.workplace(uow.session, data["workplace_id"], space_id=ticket.space_id)
    if place.id == ticket.workplace_id:
        return view_for(uow, caller, ticket, deps)
    if not place.in_service:
        raise exc.WorkplaceNotFound("This workplace is out of service", code="workplace_out_of_service")
    if place.id in store.taken_workplace_ids(uow.session, ticket.space_id, ticket.starts_at, ticket.ends_at,
                                             except_ticket_id=ticket.id):
        raise exc.WorkplaceTaken("This workplace is taken for that period")
    ticket.workplace_id = place.id
    store.flush_seat(uow.session)
    uow.session.refresh(ticket, ["workplace"])
    changed(uow, ticket)
    uow.record_action("ticket.workplace_changed", "ticket", ticket.number, "Билет {}: место {}".format(
        ticket.number, place.name), account_id=ticket.account_id)
    return view_for(uow, caller, ticket, deps)


def calendar(uow, caller: Caller, data: dict, deps) -> dict:
    """C9: the space's workplaces × the tickets of the period."""
    require_staff(caller)
    wanted = period(data["starts_at"], data["ends_at"], field="to")
    room = store.space(uow.session, data["space_id"])
    tickets = store.tickets_in(uow.session, room.id, wanted.starts_at, wanted.ends_at)
    directory = _directory(uow, deps)
    directory.get([t.visitor_id for t in tickets])
    return views.calendar(room, wanted.starts_at, wanted.ends_at, tickets, directory)
