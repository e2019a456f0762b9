"""The local copy of identity's people that other services keep (names on orders, contacts
to notify), written once.

Identity owns people; it announces every change (``user_registered``, ``user_updated``,
``user_enabled``, ``user_disabled``, ``user_deleted``, each carrying the user's view). A
service that shows names or reaches people keeps the ``people`` table
(``new_metadata(people=True)``) from those events — the newest ``occurred_at`` wins, so a
late, older event never overwrites a newer one — and asks identity (``fetch``, a bounded
RPC) only for someone whose events have not arrived yet.

    class OrdersService(PeopleProjection, BaseService): ...   # subscribes to the five events
    people = Directory(uow.session, fetch=identity.get_users)
    people.ref(order.client_id)        # {"id": ..., "name": ...}
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable

from marshmallow import fields
from sqlalchemy import Column, MetaData, String, Table, event, select, update
from sqlalchemy.dialects import postgresql, sqlite

from kit.context import STAFF_ROLES, SYSTEM
from kit.contracts import ReadSchema, occurred_at
from kit.errors import ValidationFailed
from kit.events import event_handler
from kit.types import NAMING_CONVENTION, JsonType, UtcDateTime

_metadata = MetaData(naming_convention=NAMING_CONVENTION)

PEOPLE = Table(
    "people", _metadata,
    Column("user_id", String(36), primary_key=True),
    Column("account_id", String(36), index=True),
    Column("full_name", String(201), nullable=False, default=""),
    #: the name as searched (:func:`search_form`, folded in Python: the same on every store)
    Column("search_name", String(201), nullable=False, default="", server_default=""),
    Column("email", String(254)),
    Column("phone", String(20)),
    Column("language", String(5), nullable=False, default="ru"),
    Column("roles", JsonType, nullable=False, default=list),
    #: active | disabled | deleted
    Column("status", String(20), nullable=False, default="active"),
    #: ``occurred_at`` of the event this copy comes from (an older event does not overwrite it)
    Column("as_of", UtcDateTime(), nullable=False),
)

#: identity's events about a person, and the status each one sets (None: keeps it)
EVENTS = {"user_registered": "active", "user_updated": None, "user_enabled": "active",
          "user_disabled": "disabled", "user_deleted": "deleted"}
LANGUAGES = ("ru", "en")
FIELDS = ("user_id", "account_id", "full_name", "email", "phone", "language", "roles", "status")


def search_form(text: str | None) -> str:
    """Case-folded, ё as е, single spaces: the form names are stored and searched in
    (Cyrillic and Latin alike; SQLite's LOWER() folds ASCII only, so it is done here)."""
    text = (text or "").casefold().replace("ё", "е")
    return " ".join(text.split())


def search_terms(query: str | None) -> list[str]:
    """Each word of a partial-name query must match part of the first or the last name."""
    return [term for term in search_form(query).split(" ") if term]


def search_text(*parts: str | None) -> str:
    """What a row is searched in, kept beside the texts it comes from (like ``search_name``):
    each text in :func:`search_form`, one per line, so that a term (never containing a line
    break) is found within one of them, never across two. Compare a stored one with
    :func:`search_terms`: ``Payment.search_text.contains(term, autoescape=True)``."""
    return "\n".join(search_form(part) for part in parts if part)


def keeps_search_text(model, *sources: str, column: str = "search_text") -> None:
    """``model.<column>`` = :func:`search_text` of the ``sources`` attributes, set by the ORM
    before every insert and update of a ``model`` object. Rows written with Core statements
    (``insert_ignore``, ``update(...)``) set it themselves."""

    def keep(_mapper, _connection, target):
        setattr(target, column, search_text(*(getattr(target, name) for name in sources)))

    event.listen(model, "before_insert", keep)
    event.listen(model, "before_update", keep)


def named(term: str):
    """A ``select`` of the ids of kept people whose name contains ``term`` (one of
    :func:`search_terms`): ``Order.applicant_id.in_(named("мар"))``."""
    return select(PEOPLE.c.user_id).where(PEOPLE.c.search_name.contains(term, autoescape=True))


def name_matches(column, query: str | None) -> list:
    """Conditions: the person ``column`` (a user id) names is called like ``query`` — every
    word part of their name (manual 002: «набирая начальные буквы имени или фамилии»)."""
    return [column.in_(named(term)) for term in search_terms(query)]


def define_table(metadata: MetaData) -> None:
    PEOPLE.to_metadata(metadata)


def _row(view: dict) -> dict:
    language = view.get("language")
    return {
        "user_id": str(view.get("user_id") or view["id"]),
        "account_id": view.get("account_id"),
        "full_name": view.get("full_name") or "",
        "search_name": search_form(view.get("full_name")),
        "email": view.get("email"),
        "phone": view.get("phone"),
        "language": language if language in LANGUAGES else "ru",
        "roles": list(view.get("roles") or []),
    }


def remember(session, view: dict, status: str | None, as_of: datetime) -> dict:
    """Keep ``view`` (an identity user) as of ``as_of`` unless something newer is known;
    returns the person as now kept. ``status`` None keeps the known status."""
    row = _row(view)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    fresh = dict(row, status=status or "active", as_of=as_of)
    changes = dict(row, as_of=as_of)
    if status:
        changes["status"] = status
    statement = insert(PEOPLE).values(**fresh)
    session.execute(statement.on_conflict_do_update(
        index_elements=[PEOPLE.c.user_id], set_=changes, where=PEOPLE.c.as_of <= as_of))
    return get(session, [row["user_id"]])[row["user_id"]]


def remember_event(session, envelope: dict) -> dict:
    """Apply one of identity's person events (see :data:`EVENTS`)."""
    return remember(session, envelope["data"], EVENTS[envelope["type"]], occurred_at(envelope))


def get(session, user_ids) -> dict[str, dict]:
    wanted = sorted({str(i) for i in user_ids if i})
    if not wanted:
        return {}
    rows = session.execute(select(PEOPLE).where(PEOPLE.c.user_id.in_(wanted))).mappings()
    return {row["user_id"]: {key: row[key] for key in FIELDS} for row in rows}


def export(session, user_id: str) -> list[dict]:
    """The copy kept of one person (their part of a personal-data export, I6)."""
    found = get(session, [user_id]).get(str(user_id))
    return [found] if found else []


def erase(session, user_id: str, as_of: datetime) -> int:
    """Forget a person who asked for erasure (I6): no name, contacts or roles, status
    ``deleted``, kept as of ``as_of`` so a late event about them restores nothing (a
    tombstone is written if they were not known). Returns 1."""
    remember(session, {"user_id": user_id}, "deleted", as_of)
    session.execute(update(PEOPLE).where(PEOPLE.c.user_id == str(user_id)).values(
        full_name="", search_name="", email=None, phone=None, roles=[], status="deleted"))
    return 1


def account_members(session, account_id: str) -> list[str]:
    """Active people of an account as last announced (identity owns membership: ask it first)."""
    return list(session.execute(select(PEOPLE.c.user_id).where(
        PEOPLE.c.account_id == account_id, PEOPLE.c.status == "active").order_by(PEOPLE.c.user_id)).scalars())


class Directory:
    """Names and contacts of people within one unit of work: the local copy, then
    ``fetch(user_ids) -> [identity user view]`` for anyone not known yet, kept as of
    ``now`` so the next event about them still wins if it is newer. People identity
    reports as ``pending`` (registration not finished) are not kept, and returned only with
    ``pending=True``."""

    def __init__(self, session, fetch: Callable | None = None, now: Callable | None = None,
                 pending: bool = False):
        self.session = session
        self.fetch = fetch
        self.now = now
        #: also answer with people identity reports as ``pending`` (added by staff, not
        #: confirmed yet): a manager may give a coworking ticket to someone just added (C7)
        self.pending = pending
        self._known: dict[str, dict] = {}

    def get(self, user_ids) -> dict[str, dict]:
        wanted = {str(i) for i in user_ids if i}
        missing = wanted - set(self._known)
        if missing:
            self._known.update(get(self.session, missing))
            missing = wanted - set(self._known)
        if missing and self.fetch is not None:
            for view in self.fetch(sorted(missing)) or []:
                status = view.get("status") or "active"
                if status == "pending":
                    if self.pending:  # known to identity, not kept here until they confirm
                        self._known[str(view.get("user_id") or view["id"])] = dict(_row(view), status=status)
                    continue
                if self.now is not None:
                    person = remember(self.session, view, status, self.now())
                else:
                    person = dict(_row(view), status=status)
                self._known[person["user_id"]] = person
        return {i: self._known[i] for i in wanted if i in self._known}

    def require(self, user_ids, field: str, *, staff: bool = False, error=ValidationFailed) -> dict[str, dict]:
        """Known, active people (``staff``: with a staff role), else ``error`` (422) on ``field``."""
        found = self.get(user_ids)
        problems = []
        for user_id in user_ids:
            person = found.get(str(user_id))
            if person is None or person.get("status") not in (None, "active") + (("pending",) if self.pending else ()):
                problems.append("Unknown user {}.".format(user_id))
            elif staff and not set(person.get("roles") or ()) & STAFF_ROLES:
                problems.append("{} is not staff.".format(person.get("full_name") or user_id))
        if problems:
            raise error("Unknown users", errors={field: problems})
        return found

    def ref(self, user_id, *, contacts: bool = False) -> dict | None:
        """``{"id", "name"}`` (and ``phone``, ``email`` with ``contacts``) of one person."""
        if not user_id:
            return None
        person = self.get([user_id]).get(str(user_id)) or {}
        view = {"id": user_id, "name": person.get("full_name")}
        if contacts:
            view.update(phone=person.get("phone"), email=person.get("email"))
        return view


class PersonRead(ReadSchema):
    """What the projection reads of identity's person events."""

    user_id = fields.String(required=True)
    account_id = fields.String(allow_none=True)
    full_name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    roles = fields.List(fields.String(), allow_none=True)


class PeopleProjection:
    """Mixin for a service class: keeps the ``people`` table from identity's five person
    events, each applied once (``<service>.people``). Override :meth:`person_changed` to
    do more in the same transaction (notifications forgets a deleted person's devices)."""

    @event_handler("identity", "user_registered", reads=PersonRead)
    def on_user_registered(self, envelope):
        self._remember_person(envelope)

    @event_handler("identity", "user_updated", reads=PersonRead)
    def on_user_updated(self, envelope):
        self._remember_person(envelope)

    @event_handler("identity", "user_enabled", reads=PersonRead)
    def on_user_enabled(self, envelope):
        self._remember_person(envelope)

    @event_handler("identity", "user_disabled", reads=PersonRead)
    def on_user_disabled(self, envelope):
        self._remember_person(envelope)

    @event_handler("identity", "user_deleted", reads=PersonRead)
    def on_user_deleted(self, envelope):
        self._remember_person(envelope)

    def _remember_person(self, envelope) -> None:
        caller = replace(SYSTEM, correlation_id=envelope.get("correlation_id"))
        with self.db.unit_of_work(caller) as uow:
            if uow.first_delivery(envelope, "{}.people".format(self.name)):
                self.person_changed(uow, remember_event(uow.session, envelope), envelope)

    def person_changed(self, uow, person: dict, envelope: dict) -> None:
        """What else happens when a person changes (nothing by default)."""


def identity_fetch(identity) -> Callable:
    """``fetch(user_ids) -> [user]`` through identity's internal ``get_users`` (``identity``
    is a :class:`kit.remote.Remote`: bounded, 503 when it cannot answer)."""

    def fetch(user_ids):
        return identity.get_users(sorted(user_ids)) if user_ids else []

    return fetch
