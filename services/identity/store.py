"""Identity's named queries and locks: users by id, login or contact, one-time codes,
refresh tokens, the tables of companies and communities, personal-data requests."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update

from kit import listing
from kit import people as people_kit
from kit.context import Caller
from kit.store import insert_ignore
from services.identity import exceptions as exc
from services.identity.domain import people
from services.identity.models import (
    ActionEntry, ActionLogErasure, Community, CommunityMember, Company, CompanyMember, DataRequest, RefreshToken, User,
    VerificationCode,
)

PHONE_CODE_PURPOSES = ("phone_confirm", "phone_release")


# --- users ----------------------------------------------------------------------------

def user_by_id(session, user_id: str, *, for_update=False) -> User:
    """A user who is not deleted (``for_update``: locked until commit)."""
    query = select(User).where(User.id == user_id, User.status != "deleted")
    if for_update:
        query = query.with_for_update(of=User)
    user = session.execute(query).unique().scalar_one_or_none()
    if user is None:
        raise exc.UserNotFound("No such user")
    return user


def signed_in_user(session, caller: Caller) -> User:
    """The caller's own user, who must still be active (an access token outlives a disable)."""
    caller.require_user()
    user = user_by_id(session, caller.user_id)
    if user.status != "active":
        raise exc.InvalidCredentials("This user cannot sign in", code="user_not_active")
    return user


def user_by_login(session, login: str) -> User | None:
    """The user signing in with an e-mail address or a phone number, as typed."""
    login = login.strip()
    if people.is_email(login):
        return user_by_contact(session, email=people.normalize_email(login))
    phone = people.normalize_phone(login)
    if phone is None:
        return None
    return user_by_contact(session, phone=phone)


def user_by_contact(session, *, email: str | None = None, phone: str | None = None) -> User | None:
    """The user with this (normalized) e-mail address, or else with this phone number."""
    condition = User.email == email if email else User.phone == phone
    return session.execute(select(User).where(condition)).unique().scalar_one_or_none()


def email_taken(session, email: str) -> bool:
    return session.execute(select(User.id).where(User.email == email)).first() is not None


def ensure_contacts_free(session, *, email=None, phone=None, except_id=None) -> None:
    """Refuse ``email`` / ``phone`` if another user (not ``except_id``) already has it."""
    errors = {}
    for field, value in (("email", email), ("phone", phone)):
        if value is None:
            continue
        query = select(User.id).where(getattr(User, field) == value)
        if except_id:
            query = query.where(User.id != except_id)
        if session.execute(query).first():
            errors[field] = ["Already used by another person."]
    if errors:
        raise exc.AlreadyRegistered("Already registered", errors=errors)


def users_by_ids(session, user_ids) -> list[User]:
    return list(session.execute(select(User).where(User.id.in_(user_ids))).unique().scalars())


def active_member_ids(session, account_id: str) -> list[str]:
    return list(session.execute(select(User.id).where(
        User.account_id == account_id, User.status == "active").order_by(User.created_at)).scalars())


def like(term: str) -> str:
    """A LIKE pattern that matches ``term`` anywhere, its wildcards escaped with ``\\``."""
    return "%{}%".format(term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))


def page_of_users(session, conditions, order_by, page: int, per_page: int) -> tuple[int, list[User]]:
    """(total, the users of one page) matching ``conditions``."""
    total = session.execute(select(func.count()).select_from(User).where(*conditions)).scalar()
    users = session.execute(select(User).where(*conditions).order_by(*order_by)
                            .offset((page - 1) * per_page).limit(per_page)).unique().scalars().all()
    return total, users


def search_conditions(terms, *, company_id=None, community_id=None) -> list:
    """Active users whose name has every term, in the company / community if given."""
    conditions = [User.status == "active"]
    conditions += [User.search_name.like(like(term), escape="\\") for term in terms]
    if company_id:
        conditions.append(User.id.in_(select(CompanyMember.user_id).where(
            CompanyMember.company_id == company_id)))
    if community_id:
        conditions.append(User.id.in_(select(CommunityMember.user_id).where(
            CommunityMember.community_id == community_id)))
    return conditions


# --- one-time codes -------------------------------------------------------------------

def spend_open_codes(session, user_id: str, purposes, now: datetime) -> None:
    """Mark the user's unused codes of these purposes used: only the newest one works."""
    session.execute(update(VerificationCode).where(
        VerificationCode.user_id == user_id, VerificationCode.purpose.in_(purposes),
        VerificationCode.used_at.is_(None)).values(used_at=now))


def registration_code(session, token_digest: str) -> VerificationCode | None:
    """The registration link with this digest, locked."""
    return session.execute(select(VerificationCode).where(
        VerificationCode.digest == token_digest,
        VerificationCode.purpose == "register").with_for_update()).scalar_one_or_none()


def waiting_phone_codes(session, user_id: str, now: datetime) -> list[VerificationCode]:
    """The user's unused, unexpired phone codes, locked."""
    return session.execute(select(VerificationCode).where(
        VerificationCode.user_id == user_id,
        VerificationCode.purpose.in_(PHONE_CODE_PURPOSES),
        VerificationCode.used_at.is_(None), VerificationCode.expires_at > now,
    ).with_for_update()).scalars().all()


# --- refresh tokens -------------------------------------------------------------------

def refresh_token(session, token_digest: str, *, user_id: str | None = None,
                  for_update=False) -> RefreshToken | None:
    query = select(RefreshToken).where(RefreshToken.digest == token_digest)
    if user_id is not None:
        query = query.where(RefreshToken.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def revoke_user_tokens(session, user_id: str, now: datetime) -> int:
    """End every session of the user; the number of refresh tokens revoked."""
    return _revoke(session, now, RefreshToken.user_id == user_id)


def revoke_token_family(session, family_id: str, now: datetime) -> int:
    """End one session (a login and its rotations)."""
    return _revoke(session, now, RefreshToken.family_id == family_id)


def _revoke(session, now, condition) -> int:
    return session.execute(update(RefreshToken).where(RefreshToken.revoked_at.is_(None), condition)
                           .values(revoked_at=now)).rowcount


# --- companies and communities --------------------------------------------------------

@dataclass(frozen=True)
class GroupTables:
    """A kind of group: its table, its members' table, the members' column naming the
    group, and the error when one is missing."""

    kind: str
    model: type
    member_model: type
    key: str
    not_found: type

    @property
    def member_group_id(self):
        return getattr(self.member_model, self.key)


GROUPS = {"company": GroupTables("company", Company, CompanyMember, "company_id", exc.CompanyNotFound),
          "community": GroupTables("community", Community, CommunityMember, "community_id",
                                   exc.CommunityNotFound)}


def group_tables(kind: str) -> GroupTables:
    if kind not in GROUPS:
        raise exc.GroupKindUnknown("Unknown group kind")
    return GROUPS[kind]


def existing_group_ids(session, tables: GroupTables, ids) -> set[str]:
    return set(session.execute(select(tables.model.id).where(tables.model.id.in_(ids))).scalars())


def groups_by_ids(session, tables: GroupTables, ids) -> list:
    return list(session.execute(select(tables.model).where(tables.model.id.in_(list(ids)))
                                .order_by(tables.model.name)).scalars())


def group_name_taken(session, tables: GroupTables, name: str) -> bool:
    """A group whose name reads the same (its stored ``search_name``: case-folded in Python,
    ё as е, single spaces) exists: «КОМПАНИЯ №1» is «Компания №1», on SQLite as on PostgreSQL."""
    model = tables.model
    return session.execute(select(model.id).where(model.search_name == people.search_form(name))).first() is not None


def page_of_groups(session, tables: GroupTables, terms, page: int, per_page: int) -> tuple[int, list]:
    """(total, [(group, member count)]) of the groups whose name has every term."""
    model = tables.model
    conditions = [model.search_name.like(like(t), escape="\\") for t in terms]
    total = session.execute(select(func.count()).select_from(model).where(*conditions)).scalar()
    members = select(func.count()).where(tables.member_group_id == model.id).correlate(model).scalar_subquery()
    rows = session.execute(select(model, members).where(*conditions).order_by(model.name)
                           .offset((page - 1) * per_page).limit(per_page)).all()
    return total, rows


def add_member(session, tables: GroupTables, group_id: str, user_id: str) -> None:
    """Make the user a member (already one: nothing changes)."""
    insert_ignore(session, tables.member_model, user_id=user_id, **{tables.key: group_id})


def membership(session, tables: GroupTables, group_id: str, user_id: str):
    return session.get(tables.member_model, {tables.key: group_id, "user_id": user_id})


def memberships_of(session, user_id: str) -> list:
    """Every company and community membership of the user."""
    rows = []
    for member_model in (CompanyMember, CommunityMember):
        rows += session.execute(select(member_model).where(member_model.user_id == user_id)).scalars()
    return rows


# --- personal-data requests (I6) --------------------------------------------------------

def other_member_count(session, account_id: str | None, user_id: str) -> int:
    """Users of the account besides ``user_id`` who are not deleted."""
    if not account_id:
        return 0
    return session.execute(select(func.count()).select_from(User).where(
        User.account_id == account_id, User.id != user_id, User.status != "deleted")).scalar()


def open_request_kinds(session, user_id: str) -> set[str]:
    return set(session.execute(select(DataRequest.kind).where(
        DataRequest.user_id == user_id, DataRequest.status == "in_progress")).scalars())


def data_request(session, request_id: str, *, for_update=False) -> DataRequest | None:
    query = select(DataRequest).where(DataRequest.id == request_id)
    if for_update:
        query = query.with_for_update(of=DataRequest)
    return session.execute(query).scalar_one_or_none()


def data_request_by_download(session, digest: str) -> DataRequest | None:
    return session.execute(select(DataRequest).where(DataRequest.download_digest == digest)
                           .with_for_update(of=DataRequest)).scalar_one_or_none()


def page_of_data_requests(session, conditions, page: int, per_page: int) -> tuple[int, list[DataRequest]]:
    total = session.execute(select(func.count()).select_from(DataRequest).where(*conditions)).scalar()
    items = session.execute(select(DataRequest).where(*conditions)
                            .order_by(DataRequest.created_at.desc(), DataRequest.id)
                            .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    return total, list(items)


def refresh_tokens_of(session, user_id: str) -> list[RefreshToken]:
    return list(session.execute(select(RefreshToken).where(RefreshToken.user_id == user_id)
                                .order_by(RefreshToken.issued_at)).scalars())


def forget_codes_and_memberships(session, user_id: str) -> int:
    """An erased person's one-time codes and group memberships; how many rows went."""
    gone = session.execute(delete(VerificationCode).where(VerificationCode.user_id == user_id)).rowcount
    for member_model in (CompanyMember, CommunityMember):
        gone += session.execute(delete(member_model).where(member_model.user_id == user_id)).rowcount
    return gone


def drop_export_files(session, user_id: str) -> int:
    """The person's export files not downloaded yet (erasure: they go too)."""
    return session.execute(update(DataRequest).where(DataRequest.user_id == user_id, DataRequest.file.is_not(None))
                           .values(file=None)).rowcount


def expire_exports(session, now: datetime) -> int:
    """Exports whose link expired lose their file."""
    return session.execute(update(DataRequest).where(
        DataRequest.status == "ready", DataRequest.download_expires_at <= now).values(
        file=None, status="expired")).rowcount


# --- the action log (append-only: rows are inserted, never updated or deleted) --------------

#: what the action log may be sorted by
ACTION_COLUMNS = {"occurred_at": ActionEntry.occurred_at, "action": ActionEntry.action,
                  "object_type": ActionEntry.object_type, "actor_name": ActionEntry.actor_name}


def _action_search_text(row) -> str:
    """What ``q`` finds an entry by: its summary, actor's name, action and object."""
    return people_kit.search_text(row.get("summary"), row.get("actor_name"), row.get("action"), row.get("object_id"))


def add_action(session, row: dict) -> bool:
    """Append one entry; False when its event was already recorded (a redelivery)."""
    return insert_ignore(session, ActionEntry, **dict(row, search_text=_action_search_text(row)))


def actor_name(session, user_id: str) -> str:
    """The actor's name as the log keeps it (a deleted user's too)."""
    user = session.execute(select(User).where(User.id == user_id)).unique().scalar_one_or_none()
    return people.full_name(user.first_name, user.last_name) if user is not None else ""


def erased(session, user_id: str) -> bool:
    """Has this person asked for their erasure (an entry arriving late is pseudonymised too)?"""
    return session.execute(select(DataRequest.id).where(
        DataRequest.user_id == user_id, DataRequest.kind == "erase").limit(1)).first() is not None


def actions_of(session, user_id: str) -> list[ActionEntry]:
    """The entries a person made or that are about them (object ``user`` with their id), oldest first."""
    return list(session.execute(select(ActionEntry).where(
        (ActionEntry.actor_id == user_id) | ((ActionEntry.object_type == "user") & (ActionEntry.object_id == user_id)))
        .order_by(ActionEntry.occurred_at, ActionEntry.event_id)).scalars())


def pseudonymise_actions(session, user_id: str, changes: list[tuple[str, dict]], now: datetime) -> int:
    """The one change the action log allows (migration 0006): ``changes`` — (event id, new
    actor_name / ip / user_agent / summary) — applied to the entries of ``user_id`` through
    the erasure's door, opened and closed within this transaction. Returns how many changed."""
    session.add(ActionLogErasure(user_id=user_id, started_at=now))
    session.flush()
    for event_id, values in changes:
        entry = session.get(ActionEntry, event_id)
        kept = {"summary": entry.summary, "actor_name": entry.actor_name, "action": entry.action,
                "object_id": entry.object_id, **values}
        # the erased name must not stay findable through the stored search text either
        session.execute(update(ActionEntry).where(ActionEntry.event_id == event_id)
                        .values(**values, search_text=_action_search_text(kept)))
    session.execute(delete(ActionLogErasure).where(ActionLogErasure.user_id == user_id))
    session.flush()
    return len(changes)


def page_of_actions(session, data: dict, account_id: str | None) -> tuple[int, list[ActionEntry]]:
    """One page of the log (of ``account_id``'s objects, or of everything when None),
    filtered as ``data`` (an ``ActionQuery``) says."""
    conditions = [] if account_id is None else [ActionEntry.account_id == account_id]
    for name in ("actor_id", "action", "object_type", "object_id", "service"):
        if data.get(name) is not None:
            conditions.append(getattr(ActionEntry, name) == data[name])
    conditions += listing.within(ActionEntry.occurred_at, data)
    conditions += listing.matching(data.get("q"), [ActionEntry.search_text])
    query = listing.sorted_by(select(ActionEntry).where(*conditions), data["sort"], ACTION_COLUMNS,
                              ActionEntry.occurred_at.desc(), ActionEntry.event_id)
    return listing.page(session, query, data)
