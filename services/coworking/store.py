"""Coworking's named queries and locks."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.exc import IntegrityError

from kit.people import search_terms
from kit.store import dialect
from services.coworking import exceptions as exc
from services.coworking.domain.tickets import FREEING, HELD, ACTIVE, CONFIRMED
from services.coworking.models import Space, Ticket, Workplace

MAX_NUMBER = 2**63 - 1


def space(session, space_id: str, *, for_update: bool = False) -> Space:
    query = select(Space).where(Space.id == str(space_id))
    if for_update:
        query = query.with_for_update(of=Space)
    found = session.execute(query).unique().scalar_one_or_none()
    if found is None:
        raise exc.SpaceNotFound("No such coworking space")
    return found


def spaces(session, service_id: str | None = None) -> list[Space]:
    query = select(Space).order_by(Space.name, Space.id)
    if service_id:
        query = query.where(Space.service_id == service_id)
    return list(session.execute(query).unique().scalars())


def workplace(session, workplace_id: str, *, space_id: str | None = None) -> Workplace:
    found = session.get(Workplace, str(workplace_id))
    if found is None or (space_id is not None and found.space_id != space_id):
        raise exc.WorkplaceNotFound("No such workplace in this space")
    return found


def _occupying():
    return Ticket.status.not_in(sorted(FREEING))


def overlapping(session, starts_at: datetime, ends_at: datetime):
    """Tickets whose half-open period overlaps ``[starts_at, ends_at)``: on PostgreSQL as a
    range overlap the GiST index ``ix_tickets_period_range`` answers, however long the history."""
    if dialect(session) == "postgresql":
        mine = func.tstzrange(Ticket.starts_at, Ticket.ends_at, literal("[)"))
        return mine.op("&&")(func.tstzrange(starts_at, ends_at, literal("[)")))
    return and_(Ticket.starts_at < ends_at, Ticket.ends_at > starts_at)


def taken_workplace_ids(session, space_id: str, starts_at: datetime, ends_at: datetime,
                        except_ticket_id: str | None = None) -> set[str]:
    """Workplaces of the space with a ticket overlapping ``[starts_at, ends_at)``."""
    places = select(Workplace.id).where(Workplace.space_id == space_id)
    query = select(Ticket.workplace_id).where(
        Ticket.workplace_id.in_(places), _occupying(), overlapping(session, starts_at, ends_at))
    if except_ticket_id:
        query = query.where(Ticket.id != except_ticket_id)
    return set(session.execute(query).scalars())


def ticket_by_number(session, number: int, *, for_update: bool = False) -> Ticket:
    if not 0 < int(number) <= MAX_NUMBER:
        raise exc.TicketNotFound("No such ticket")
    query = select(Ticket).where(Ticket.number == int(number), Ticket.status != HELD)
    if for_update:
        query = query.with_for_update(of=Ticket)
    found = session.execute(query).unique().scalar_one_or_none()
    if found is None:
        raise exc.TicketNotFound("No such ticket")
    return found


def ticket_of_order(session, order_number: int, *, for_update: bool = False) -> Ticket | None:
    query = select(Ticket).where(Ticket.order_number == int(order_number))
    if for_update:
        query = query.with_for_update(of=Ticket)
    return session.execute(query).unique().scalar_one_or_none()


def filtered_tickets(session, query, *, number=None, starts_at=None, ends_at=None, visitor=None, statuses=None):
    """C4's filters, combinable: number, period overlap, visitor's partial name, statuses."""
    query = query.where(Ticket.status.not_in((HELD, "released")))
    if number is not None:
        query = query.where(Ticket.number == number)
    if starts_at is not None and ends_at is not None:
        query = query.where(overlapping(session, starts_at, ends_at))
    for term in search_terms(visitor):
        query = query.where(Ticket.visitor_search.contains(term, autoescape=True))
    if statuses:
        query = query.where(Ticket.status.in_(statuses))
    return query


def page_of_tickets(session, filters: dict, page: int, per_page: int) -> tuple[list[Ticket], int]:
    """A page of C4's list, number descending, and the total.

    With a period the page is sorted by ``number + 0``, the same order but one no index
    offers: numbers follow creation, so a period's tickets lie together in number order,
    and the planner, which assumes they are spread evenly, would otherwise walk the number
    index down from the newest ticket through every later one (years of history for an old
    week; ``bench/coworking_tickets.py``, "a past week"). Sorted this way the page is read
    through the range index like the count, so it costs what the period holds, not what
    came after it."""
    total = session.execute(filtered_tickets(session, select(func.count(Ticket.id)), **filters)).scalar()
    by_period = filters.get("starts_at") is not None and filters.get("ends_at") is not None
    order = (Ticket.number + 0) if by_period else Ticket.number
    rows = session.execute(filtered_tickets(session, select(Ticket), **filters).order_by(order.desc())
                           .limit(per_page).offset((page - 1) * per_page)).unique().scalars().all()
    return list(rows), int(total)


def tickets_in(session, space_id: str, starts_at: datetime, ends_at: datetime) -> list[Ticket]:
    return list(session.execute(select(Ticket).where(
        Ticket.space_id == space_id, Ticket.status.not_in((HELD, "released")),
        overlapping(session, starts_at, ends_at)).order_by(Ticket.starts_at, Ticket.number))
        .unique().scalars())


def tickets_of_visitor(session, user_id: str) -> list[Ticket]:
    return list(session.execute(select(Ticket).where(Ticket.visitor_id == user_id)).unique().scalars())


def claim_due_for_time(session, now: datetime, batch: int) -> list[Ticket]:
    """Tickets whose status the clock changes (C3): confirmed whose period started, active
    whose period ended (their order may be done); SKIP LOCKED so replicas split them."""
    return list(session.execute(select(Ticket).where(or_(
        and_(Ticket.status == CONFIRMED, Ticket.starts_at <= now),
        and_(Ticket.status == ACTIVE, Ticket.ends_at <= now, Ticket.order_status == "done"),
    )).order_by(Ticket.starts_at, Ticket.id).limit(batch).with_for_update(skip_locked=True, of=Ticket))
        .unique().scalars())


def claim_lapsed_holds(session, now: datetime, batch: int) -> list[Ticket]:
    return list(session.execute(select(Ticket).where(Ticket.status == HELD, Ticket.hold_expires_at <= now)
                                .order_by(Ticket.hold_expires_at, Ticket.id).limit(batch)
                                .with_for_update(skip_locked=True, of=Ticket)).unique().scalars())


#: the database's refusal of a double booking (migration 0001): PostgreSQL's exclusion
#: constraint, SQLite's trigger
SEAT_CONSTRAINT = "ex_tickets_workplace_period"


def flush_seat(session) -> None:
    """Flush a ticket's seat; the database refusing an overlap becomes 409 workplace_taken."""
    try:
        session.flush()
    except IntegrityError as error:
        text = str(error.orig)
        if SEAT_CONSTRAINT in text or "workplace_taken" in text or getattr(error.orig, "pgcode", None) == "23P01":
            raise exc.WorkplaceTaken("This workplace is taken for that period") from None
        raise
