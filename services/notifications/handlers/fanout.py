"""N3, N5: who hears about an event and on which channels — inbox entries now, one queued
delivery per (recipient, channel) for the delivery flow to send."""
from __future__ import annotations

from dataclasses import dataclass

import structlog

from kit import people
from kit.context import Caller
from services.notifications import store
from services.notifications.adapters.templates import Content, Texts
from services.notifications.dependencies import Deps
from services.notifications.domain.messages import LANGUAGES
from services.notifications.domain.planning import Reach, plan
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.domain.routing import AccountUsers, Address, Route, User, account_copies, route_for
from services.notifications.events import PUSH_DATA_FIELDS
from services.notifications.models import Preference, new_id

log = structlog.get_logger(__name__)

CONSUMER = "notifications.fan_out"


@dataclass(frozen=True)
class Person:
    user_id: str
    language: str
    email: str | None = None
    phone: str | None = None
    registered: bool = True
    #: the customer account the person is a user of (identity's; N5's copies go to it)
    account_id: str | None = None


def fan_out(uow, caller: Caller, envelope: dict, deps: Deps) -> list[str]:
    """Decide who hears about the event and on which channels: inbox entries now, one
    queued delivery per (recipient, channel). Returns the ids of deliveries due now."""
    if not uow.first_delivery(envelope, CONSUMER):
        return []
    route = route_for(envelope["producer"], envelope["type"])
    if route is None:
        return []
    data, event_id, now = envelope["data"], envelope["event_id"], uow.now()
    directory = people.Directory(uow.session, fetch=deps.fetch_users, now=uow.now)
    texts = _texts(uow, route.template, data, deps)
    due, reached, emailed = [], set(), []
    for person in _people(uow, route.audience(data), directory, deps):
        reached.add(person.user_id)
        stored = uow.session.get(Preference, person.user_id) if person.registered else None
        quiet = QuietHours.of(stored.quiet_start, stored.quiet_end, stored.timezone) if stored else None
        timezone = quiet.timezone if quiet else (stored.timezone if stored else None)
        for planned in plan(route, _reach(uow, person), stored.choices if stored else None, quiet, now):
            content = texts.content(planned.channel, person.user_id, person.language, timezone)
            if planned.channel == "inbox":
                _add_inbox(uow, event_id, route, person.user_id, content, data)
                continue
            delivery_id = _queue(
                uow, event_id=event_id, event_type=route.event_type, recipient=person.user_id,
                channel=planned.channel, category=route.category, critical=route.critical,
                address=planned.address, content=content,
                language=person.language, data=_push_data(route.event_type, event_id, data, content.link),
                not_before=planned.not_before)
            if planned.channel == "email" and person.registered:
                emailed.append(person.account_id)
            if delivery_id and planned.not_before <= now:
                due.append(delivery_id)
    if emailed:
        _keep_account_copies(uow, route, event_id, data, texts, emailed, reached, directory, deps)
    return due


def _queue(uow, *, event_id: str, event_type: str, recipient: str, channel: str, category: str,
           critical: bool, address: str | None, content: Content, language: str, data: dict,
           not_before) -> str | None:
    """Queue one delivery unless (event, recipient, channel) has one: its id, or None.
    Push goes to the person's devices as they are at send time, so it keeps no address."""
    return store.queue_delivery_once(
        uow.session, uow.now(), event_id=event_id, event_type=event_type, recipient=recipient,
        channel=channel, category=category, critical=critical,
        address=None if channel == "push" else address, language=language,
        subject=content.subject, text=content.text, html=content.html, data=data, not_before=not_before)


def _texts(uow, template: str, data: dict, deps: Deps) -> Texts:
    return Texts(template, data, deps.settings.public_base_url,
                 lambda language: store.overrides_by_channel(uow.session, template, language))


def _account_user_ids(uow, account_id: str, deps: Deps) -> list[str]:
    """The active users of an account: identity owns membership, so it is asked; the
    people kept from its events answer when it cannot be reached."""
    if deps.account_member_ids is not None:
        try:
            return [str(i) for i in deps.account_member_ids(account_id)]
        except Exception as error:
            log.warning("account_members_from_contacts", account_id=account_id, error=type(error).__name__)
    return people.account_members(uow.session, account_id)


def _people(uow, targets: list, directory: people.Directory, deps: Deps) -> list[Person]:
    user_ids: list[str] = []
    addresses: list[Address] = []
    for target in targets:
        if isinstance(target, User):
            user_ids.append(target.id)
        elif isinstance(target, AccountUsers):
            user_ids += _account_user_ids(uow, target.account_id, deps)
        elif isinstance(target, Address):
            addresses.append(target)
    user_ids = list(dict.fromkeys(user_ids))
    known = directory.get(user_ids) if user_ids else {}
    found = []
    for user_id in user_ids:
        person = known.get(user_id)
        if person is None or person["status"] != "active":
            log.info("notification_recipient_skipped", user_id=user_id,
                     reason="unknown" if person is None else person["status"])
            continue
        found.append(Person(user_id, person["language"], person["email"], person["phone"],
                            account_id=person.get("account_id")))
    found += [Person(a.user_id, a.language if a.language in LANGUAGES else "ru", a.email, a.phone,
                     registered=False) for a in addresses]
    return found


def _reach(uow, person: Person) -> Reach:
    if not person.registered:
        return Reach(registered=False, email=person.email, phone=person.phone)
    return Reach(email=person.email, phone=person.phone, has_devices=store.has_devices(uow.session, person.user_id),
                 telegram_chat=store.confirmed_chat(uow.session, person.user_id))


def _push_data(event_type: str, event_id: str, data: dict, link: str | None) -> dict:
    values = {"type": event_type, "event_id": event_id, "link": link}
    values.update({k: data[k] for k in PUSH_DATA_FIELDS if data.get(k) is not None})
    return values


def _add_inbox(uow, event_id: str, route: Route, user_id: str, content: Content, data: dict) -> bool:
    return store.add_inbox_entry_once(
        uow.session, id=new_id(), user_id=user_id, event_id=event_id, type=route.event_type,
        category=route.category, title=content.subject or "", body=content.text, link=content.link,
        data=data, created_at=uow.now(), read_at=None)


def _keep_account_copies(uow, route: Route, event_id: str, data: dict, texts: Texts, emailed: list,
                         reached: set, directory: people.Directory, deps: Deps) -> None:
    """N5: an e-mail to an account's user is also kept in the inbox of every other user of
    the account (:func:`~services.notifications.domain.routing.account_copies`)."""
    copies = account_copies(emailed, lambda account_id: _account_user_ids(uow, account_id, deps), reached)
    for person in _people(uow, [User(i) for i in copies], directory, deps):
        content = texts.content("inbox", person.user_id, person.language, None)
        _add_inbox(uow, event_id, route, person.user_id, content, dict(data, account_copy=True))
