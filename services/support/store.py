"""Support's named queries and locks: reference data, customer organisations and who
belongs to them, tickets and their numbers, attachments."""
from __future__ import annotations

from sqlalchemy import (
    Float, Integer, String, and_, cast, delete, false, func, literal, not_, null, or_, select, union, union_all,
)

from kit.people import PEOPLE
from kit.store import dialect, insert_ignore, next_number
from services.support import exceptions as exc
from services.support.models import (
    FIRST_TICKET_NUMBER, Act, Attachment, Contract, Criticality, Department, DepartmentAgent, Organisation,
    OrganisationMember, SupportObject, TelegramLink, Ticket, TicketMessage, TicketRead, TicketType, WorkType,
)

#: the reference lists that are a name and a place in the list (criticalities add an SLA)
REFERENCE_KINDS = {"ticket_types": TicketType, "work_types": WorkType, "criticalities": Criticality}


def department(session, department_id: str, *, active_only: bool = False) -> Department:
    found = session.get(Department, department_id)
    if found is None or (active_only and not found.active):
        raise exc.DepartmentNotFound("No such department")
    return found


def departments(session, *, include_inactive: bool = False) -> list[Department]:
    query = select(Department).order_by(Department.position, Department.name)
    if not include_inactive:
        query = query.where(Department.active.is_(True))
    return list(session.execute(query).scalars())


def name_taken(session, model, name: str, but: str | None = None) -> bool:
    query = select(model.id).where(model.name == name)
    if but:
        query = query.where(model.id != but)
    return session.execute(query).first() is not None


def references(session, kind: str, *, include_inactive: bool = False) -> list:
    model = REFERENCE_KINDS[kind]
    query = select(model).order_by(model.position, model.name)
    if not include_inactive:
        query = query.where(model.active.is_(True))
    return list(session.execute(query).scalars())


def reference(session, kind: str, ref_id: str | None, *, active_only: bool = True):
    found = session.get(REFERENCE_KINDS[kind], ref_id) if ref_id else None
    if found is None or (active_only and not found.active):
        raise exc.ReferenceNotFound("No such entry of {}".format(kind))
    return found


def default_criticality(session) -> Criticality | None:
    return session.execute(select(Criticality).where(Criticality.is_default.is_(True), Criticality.active.is_(True))
                           .order_by(Criticality.position).limit(1)).scalar()


def clear_default_criticality(session, but: str) -> None:
    for other in session.execute(select(Criticality).where(Criticality.is_default.is_(True),
                                                           Criticality.id != but)).scalars():
        other.is_default = False


# --- customer organisations -------------------------------------------------------------

def organisation_ids_of(session, user_id: str) -> list[str]:
    """The customer organisations ``user_id`` belongs to (identity's companies)."""
    return list(session.execute(select(OrganisationMember.organisation_id)
                                .where(OrganisationMember.user_id == user_id)
                                .order_by(OrganisationMember.organisation_id)).scalars())


def organisations(session, ids=None) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.name)
    if ids is not None:
        query = query.where(Organisation.id.in_(list(ids)))
    return list(session.execute(query).scalars())


def remember_organisation(session, organisation_id: str, name: str) -> Organisation:
    insert_ignore(session, Organisation, id=organisation_id, name=name)
    found = session.get(Organisation, organisation_id)
    if found.name != name:
        found.name = name
    return found


def members_of(session, organisation_id: str) -> list[str]:
    return list(session.execute(select(OrganisationMember.user_id)
                                .where(OrganisationMember.organisation_id == organisation_id)).scalars())


def replace_memberships(session, user_id: str, organisation_ids: list[str]) -> None:
    session.execute(delete(OrganisationMember).where(OrganisationMember.user_id == user_id))
    for organisation_id in organisation_ids:
        insert_ignore(session, OrganisationMember, organisation_id=organisation_id, user_id=user_id)


def person_as_of(session, user_id: str):
    """When the kept copy of a person was last announced (None: not kept)."""
    return session.execute(select(PEOPLE.c.as_of).where(PEOPLE.c.user_id == user_id)).scalar()


def objects_of(session, organisation_id: str, *, include_inactive: bool = False) -> list[SupportObject]:
    query = select(SupportObject).where(SupportObject.organisation_id == organisation_id).order_by(SupportObject.name)
    if not include_inactive:
        query = query.where(SupportObject.active.is_(True))
    return list(session.execute(query).scalars())


def support_object(session, object_id: str | None) -> SupportObject:
    found = session.get(SupportObject, object_id) if object_id else None
    if found is None:
        raise exc.ObjectNotFound("No such object")
    return found


def object_names(session, ids) -> dict[str, str]:
    ids = list(ids)
    if not ids:
        return {}
    return dict(session.execute(select(SupportObject.id, SupportObject.name).where(SupportObject.id.in_(ids))).all())


def contracts_of(session, organisation_id: str, *, include_inactive: bool = False) -> list[Contract]:
    query = select(Contract).where(Contract.organisation_id == organisation_id).order_by(Contract.number)
    if not include_inactive:
        query = query.where(Contract.active.is_(True))
    return list(session.execute(query).scalars())


def contract(session, contract_id: str | None) -> Contract:
    found = session.get(Contract, contract_id) if contract_id else None
    if found is None:
        raise exc.ContractNotFound("No such contract")
    return found


# --- tickets -------------------------------------------------------------------------------

#: what a BIGINT cannot hold cannot exist
MAX_NUMBER = 2**63 - 1


def next_ticket_number(session) -> int:
    """Ticket numbers people see: their own sequence, apart from orders' and primary keys."""
    return next_number(session, "ticket", FIRST_TICKET_NUMBER)


def ticket_by_number(session, number: int, *, for_update: bool = False) -> Ticket:
    if not 0 < int(number) <= MAX_NUMBER:
        raise exc.TicketNotFound("No such ticket")
    query = select(Ticket).where(Ticket.number == int(number))
    if for_update:
        query = query.with_for_update(of=Ticket)
    found = session.execute(query).scalar_one_or_none()
    if found is None:
        raise exc.TicketNotFound("No such ticket")
    return found


def ticket_by_request(session, author_id: str, request_key: str | None) -> Ticket | None:
    if not request_key:
        return None
    return session.execute(select(Ticket).where(Ticket.author_id == author_id,
                                                Ticket.request_key == request_key)).scalar_one_or_none()


def agent_ids(session, department_id: str) -> list[str]:
    return list(session.execute(select(DepartmentAgent.user_id).where(DepartmentAgent.department_id == department_id)
                                .order_by(DepartmentAgent.user_id)).scalars())


def departments_of_agent(session, user_id: str) -> list[str]:
    return list(session.execute(select(DepartmentAgent.department_id)
                                .where(DepartmentAgent.user_id == user_id)).scalars())


def unsent_attachments(session, uploader_id: str, ids: list[str]) -> dict[str, Attachment]:
    """The caller's uploads among ``ids`` not attached to a message yet, locked."""
    if not ids:
        return {}
    return {a.id: a for a in session.execute(select(Attachment).where(
        Attachment.id.in_(ids), Attachment.uploader_id == uploader_id,
        Attachment.message_id.is_(None)).with_for_update()).scalars()}


def names_for(session, tickets) -> dict:
    """(model, id) → row for everything ``tickets`` refer to, in one query per kind."""
    wanted = {
        Department: {t.department_id for t in tickets}, TicketType: {t.type_id for t in tickets},
        Criticality: {t.criticality_id for t in tickets}, WorkType: {t.work_type_id for t in tickets},
        Organisation: {t.organisation_id for t in tickets}, SupportObject: {t.object_id for t in tickets},
        Contract: {t.contract_id for t in tickets},
    }
    found = {}
    for model, ids in wanted.items():
        ids = {i for i in ids if i}
        if ids:
            for row in session.execute(select(model).where(model.id.in_(ids))).scalars():
                found[(model, row.id)] = row
    return found


def client_branches(session, user_id: str, account_id: str | None, rights) -> list:
    """The alternatives of the tickets a person sees as a customer: their own, each of their
    organisations', and — without an organisation — their account's (``support`` right).
    Each alternative is one ordered index range (author, organisation, account by created_at)."""
    branches = [Ticket.author_id == user_id]
    branches += [Ticket.organisation_id == o for o in organisation_ids_of(session, user_id)]
    if account_id and "support" in rights:
        branches.append(and_(Ticket.organisation_id.is_(None), Ticket.account_id == account_id))
    return branches


def staff_branches(session, user_id: str, is_admin: bool) -> list | None:
    """The alternatives of the tickets staff answer: an agent their departments' (one each)
    and those assigned to them; an admin everything (None)."""
    if is_admin:
        return None
    return [Ticket.assignee_id == user_id] + [Ticket.department_id == d for d in departments_of_agent(session, user_id)]


def client_scope(session, user_id: str, account_id: str | None, rights) -> list:
    """Conditions of the tickets a person sees as a customer (:func:`client_branches`)."""
    return [or_(*client_branches(session, user_id, account_id, rights))]


def staff_scope(session, user_id: str, is_admin: bool) -> list:
    """Conditions of the tickets staff answer (:func:`staff_branches`)."""
    branches = staff_branches(session, user_id, is_admin)
    return [] if branches is None else [or_(*branches)]


def disjoint(branches: list) -> list:
    """The alternatives of a scope, each without the tickets of those before it: read one by
    one (each through its own index, ``UNION ALL``) they count every ticket once, where one
    ``OR`` of them would make PostgreSQL combine bitmaps and visit every ticket's row. The
    indexes of the alternatives carry the columns the counts and the exclusions read
    (``INCLUDE``, migration 0002), so they are answered from the index alone."""
    return [and_(branch, *[not_(func.coalesce(earlier, false())) for earlier in branches[:k]])
            for k, branch in enumerate(branches)]


#: the list counts its tickets exactly up to ten pages of 20 (or up to the page asked for)
COUNT_CAP = 200


def ticket_page(session, branches: list | None, conditions: list, page: int,
                per_page: int) -> tuple[int, bool, list[Ticket]]:
    """Newest first (S2): ``(total, exact, page)``. For the page each alternative of the scope
    is read on its own (its index in created_at order, at most the rows up to this page) and
    the results are merged: no sort of every matching ticket. The count is capped the same
    way: at most ``max(COUNT_CAP, page × per_page)`` tickets per alternative (:func:`disjoint`,
    read from the alternative's index), newest first, so it costs what the pages up to this
    one cost, not what the organisation's whole history holds (``bench/support_tickets.py``). ``exact`` False: more than ``total`` tickets match.
    ``branches`` None: every ticket."""
    newest = (Ticket.created_at.desc(), Ticket.number.desc())
    reach = page * per_page
    cap = max(COUNT_CAP, reach)
    if branches is None:
        counted = select(Ticket.id).where(*conditions).order_by(*newest).limit(cap + 1).subquery()
        rows = session.execute(select(Ticket).where(*conditions).order_by(*newest)
                               .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    else:
        heads = [select(Ticket.id, Ticket.created_at, Ticket.number).where(branch, *conditions).order_by(*newest)
                 .limit(reach).subquery() for branch in branches]
        merged = union(*[select(h.c.id, h.c.created_at, h.c.number) for h in heads]).subquery()
        ids = select(merged.c.id).order_by(merged.c.created_at.desc(), merged.c.number.desc()) \
            .offset((page - 1) * per_page).limit(per_page)
        rows = session.execute(select(Ticket).where(Ticket.id.in_(ids)).order_by(*newest)).scalars().all()
        tails = [select(Ticket.number).where(branch, *conditions).order_by(*newest).limit(cap + 1).subquery()
                 for branch in disjoint(branches)]
        counted = union_all(*[select(t.c.number) for t in tails]).subquery()
    found = session.execute(select(func.count()).select_from(counted)).scalar()
    return min(found, cap), found <= cap, list(rows)



# --- the chat's read marks (S3) -------------------------------------------------------------

def count_unread(session, ticket_id: str, user_id: str, after_seq: int) -> int:
    return session.execute(select(func.count()).select_from(TicketMessage).where(
        TicketMessage.ticket_id == ticket_id, TicketMessage.seq > after_seq,
        or_(TicketMessage.author_id.is_(None), TicketMessage.author_id != user_id))).scalar()


def reader(session, ticket: Ticket, user_id: str, side: str, *, for_update: bool = False) -> TicketRead:
    """The person's read mark, created on first need with the exact unread count."""
    query = select(TicketRead).where(TicketRead.ticket_id == ticket.id, TicketRead.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).scalar_one_or_none()
    if row is None:
        insert_ignore(session, TicketRead, ticket_id=ticket.id, user_id=user_id, side=side, last_read_seq=0,
                      unread=count_unread(session, ticket.id, user_id, 0))
        row = session.execute(query).scalar_one()
    if row.side != side:
        row.side = side
    return row


def unread_of(session, user_id: str, ticket_ids) -> dict[str, int]:
    """The person's unread counts of these tickets (tickets never opened: their messages,
    counted exactly)."""
    ids = list(ticket_ids)
    if not ids:
        return {}
    kept = dict(session.execute(select(TicketRead.ticket_id, TicketRead.unread).where(
        TicketRead.user_id == user_id, TicketRead.ticket_id.in_(ids))).all())
    missing = [i for i in ids if i not in kept]
    if missing:
        kept.update(dict(session.execute(select(TicketMessage.ticket_id, func.count()).where(
            TicketMessage.ticket_id.in_(missing),
            or_(TicketMessage.author_id.is_(None), TicketMessage.author_id != user_id))
            .group_by(TicketMessage.ticket_id)).all()))
    return {i: int(kept.get(i) or 0) for i in ids}


def message_by_request(session, author_id: str, request_key: str | None) -> TicketMessage | None:
    if not request_key:
        return None
    return session.execute(select(TicketMessage).where(TicketMessage.author_id == author_id,
                                                       TicketMessage.request_key == request_key)).scalar_one_or_none()


def message_page(session, conditions: list, page: int, per_page: int) -> tuple[int, list]:
    """Messages newest first with their tickets: ``[(message, ticket)]``."""
    total = session.execute(select(func.count()).select_from(TicketMessage)
                            .join(Ticket, Ticket.id == TicketMessage.ticket_id).where(*conditions)).scalar()
    rows = session.execute(select(TicketMessage, Ticket).join(Ticket, Ticket.id == TicketMessage.ticket_id)
                           .where(*conditions).order_by(TicketMessage.created_at.desc(), TicketMessage.seq.desc())
                           .offset((page - 1) * per_page).limit(per_page)).all()
    return total, [(m, t) for m, t in rows]


def unread_total(session, user_id: str, conditions: list) -> int:
    """The person's unread messages over the tickets ``conditions`` select (their read marks)."""
    return int(session.execute(select(func.coalesce(func.sum(TicketRead.unread), 0))
                               .join(Ticket, Ticket.id == TicketRead.ticket_id)
                               .where(TicketRead.user_id == user_id, *conditions)).scalar() or 0)



# --- SLA breaches (S8) -----------------------------------------------------------------------

#: statuses in which the provider still owes an answer / a resolution
AWAITING_PROVIDER = ("new", "in_progress")
UNRESOLVED = ("new", "in_progress", "awaiting_customer")


def claim_missed_first_replies(session, now, batch: int) -> list[Ticket]:
    """Tickets whose first staff reply is overdue and not yet warned of, locked with
    ``FOR UPDATE SKIP LOCKED`` (a replica ticking at the same time takes others)."""
    return list(session.execute(select(Ticket).where(
        Ticket.first_reply_due <= now, Ticket.first_replied_at.is_(None), Ticket.first_reply_warned_at.is_(None),
        Ticket.status.in_(AWAITING_PROVIDER)).order_by(Ticket.first_reply_due, Ticket.id).limit(batch)
        .with_for_update(skip_locked=True)).scalars())


def claim_missed_deadlines(session, now, batch: int) -> list[Ticket]:
    """Unresolved tickets past their deadline and not yet warned of (SKIP LOCKED)."""
    return list(session.execute(select(Ticket).where(
        Ticket.deadline <= now, Ticket.deadline_warned_at.is_(None), Ticket.status.in_(UNRESOLVED))
        .order_by(Ticket.deadline, Ticket.id).limit(batch).with_for_update(skip_locked=True)).scalars())



def act_of(session, ticket_id: str) -> Act | None:
    return session.execute(select(Act).where(Act.ticket_id == ticket_id)).scalar_one_or_none()


# --- client analytics (S6): computed by the database ---------------------------------------------

#: how a period is grouped: PostgreSQL's date_trunc unit / SQLite's strftime of its start
PERIODS = {"day": "day", "week": "week", "month": "month"}


def _seconds(session, later, earlier):
    """``later - earlier`` in seconds, as the database computes it (a float on both)."""
    if dialect(session) == "postgresql":
        return func.date_part("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _period_start(session, column, period: str):
    """The start of the period ``column`` falls in (UTC): a timestamp on PostgreSQL, the
    ``YYYY-MM-DD`` text on SQLite (:func:`_as_day` turns either into the text)."""
    if dialect(session) == "postgresql":
        # in UTC: the column is timestamptz; the session's zone must not move the bucket
        return func.date_trunc(period, func.timezone("UTC", column))
    if period == "day":
        return func.strftime("%Y-%m-%d", column)
    if period == "month":
        return func.strftime("%Y-%m-01", column)
    # ISO weeks start on Monday: go back (weekday + 6) % 7 days
    return func.date(column, func.printf("-%d days", (func.strftime("%w", column) + 6) % 7))


def _as_day(session, start):
    """A period's start as ``YYYY-MM-DD`` text (formatted once per period, not per ticket)."""
    return func.to_char(start, "YYYY-MM-DD") if dialect(session) == "postgresql" else start


def analytics(session, branches: list | None, conditions: list, period: str, now) -> dict:
    """S6 in one statement and one read of the tickets: the tickets of the scope's
    alternatives (``branches``, None: every ticket) that ``conditions`` select are gathered
    once (a CTE: each alternative from its own index, :func:`disjoint`) and every figure is a
    grouping or an aggregate of that set, sent back as rows ``(kind, key, count, value)``.
    Six statements read the same tickets six times (``bench/support_tickets.py``). The 90th
    percentile is the nearest rank, ``ceil(0.9 n)``-th of the resolution times in order (a
    window function on both stores).

    Returns ``{"by_status": {status: n}, "by_object": [(object id, n)] most first,
    "created": [(period start, n)] in order, "resolved": n, "average": s, "p90": s,
    "with_deadline": n, "overdue": n}``."""
    took = _seconds(session, Ticket.resolved_at, Ticket.created_at)
    columns = (Ticket.status, Ticket.object_id, Ticket.deadline, Ticket.resolved_at,
               _period_start(session, Ticket.created_at, PERIODS[period]).label("period_start"), took.label("took"))
    parts = [select(*columns).where(*conditions)] if branches is None else [
        select(*columns).where(branch, *conditions) for branch in disjoint(branches)]
    scoped = (parts[0] if len(parts) == 1 else union_all(*parts)).cte("scoped")
    s = scoped.c
    no_key, no_count, no_value = cast(null(), String), cast(null(), Integer), cast(null(), Float)
    ranked = select(s.took, func.row_number().over(order_by=s.took).label("rank"),
                    func.count().over().label("resolved")).where(s.took.is_not(None)).subquery()
    late = or_(s.resolved_at > s.deadline, and_(s.resolved_at.is_(None), s.deadline < now))
    rows = session.execute(union_all(
        select(literal("status"), s.status, func.count(), no_value).group_by(s.status),
        select(literal("object"), s.object_id, func.count(), no_value).group_by(s.object_id),
        select(literal("created"), _as_day(session, s.period_start), func.count(), no_value).group_by(s.period_start),
        select(literal("resolved"), no_key, func.count(s.took), cast(func.avg(s.took), Float)),
        select(literal("p90"), no_key, no_count, cast(ranked.c.took, Float))
        .where(ranked.c.rank == (9 * ranked.c.resolved + 9) // 10),
        select(literal("deadline"), no_key, func.count(), cast(func.count().filter(late), Float))
        .where(s.deadline.is_not(None)),
    )).all()
    found = {"by_status": {}, "by_object": [], "created": [], "resolved": 0, "average": None, "p90": None,
             "with_deadline": 0, "overdue": 0}
    for kind, key, count, value in rows:
        if kind == "status":
            found["by_status"][key] = int(count)
        elif kind == "object":
            found["by_object"].append((key, int(count)))
        elif kind == "created":
            found["created"].append((key, int(count)))
        elif kind == "resolved":
            found["resolved"], found["average"] = int(count), value
        elif kind == "p90":
            found["p90"] = value
        else:
            found["with_deadline"], found["overdue"] = int(count), int(value or 0)
    found["by_object"].sort(key=lambda row: (-row[1], row[0] is None, row[0] or ""))
    found["created"].sort()
    return found



# --- the Telegram support bot (S7) ----------------------------------------------------------------

def telegram_link_of(session, username: str) -> TelegramLink | None:
    if not username:
        return None
    return session.execute(select(TelegramLink).where(TelegramLink.username == username)).scalar_one_or_none()


def active_tickets(session, scope: list, limit: int) -> list[Ticket]:
    return list(session.execute(select(Ticket).where(*scope, Ticket.status != "closed")
                                .order_by(Ticket.created_at.desc()).limit(limit)).scalars())


def last_message(session, number: int) -> TicketMessage | None:
    return session.execute(select(TicketMessage).join(Ticket, Ticket.id == TicketMessage.ticket_id)
                           .where(Ticket.number == number).order_by(TicketMessage.seq.desc()).limit(1)).scalar()
