"""Sharing a booking's access (O11) and the calendar of one's bookings and access cards."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from kit import i18n
from kit.context import Caller
from services.orders import events
from services.orders import exceptions as exc
from services.orders.dependencies import Deps
from services.orders.domain import labels, states
from services.orders.handlers.authorization import visible_order
from services.orders.models import AccessGrant, Order, ShareLink
from services.orders.store import order_facts
from services.orders.views import iso

CALENDAR_KINDS = ("booking", "coworking", "event", "hotel")
MAX_CALENDAR_SPAN = timedelta(days=93)


def _shareable(uow, caller: Caller, number: int, *, for_update: bool = False) -> Order:
    """The caller's own booking, while sharing is allowed (not cancelled, not done)."""
    order, rel = visible_order(uow.session, caller, number, for_update=for_update)
    if order.kind != "booking":
        raise exc.TransitionNotAllowed("Only bookings are shared", code="order_not_shareable")
    if not rel.is_applicant:
        raise exc.StaffOnly("Only the person who booked shares access", code="applicant_only")
    if "share_access" not in states.client_actions(order.kind, order.status, order_facts(uow.session, order),
                                                   is_applicant=True):
        raise exc.TransitionNotAllowed("A cancelled or finished booking cannot be shared", code="order_not_shareable")
    return order


def _link_view(link: ShareLink | None, deps: Deps) -> dict | None:
    if link is None:
        return None
    return {"token": link.token, "url": deps.settings.share_url_template.format(token=link.token),
            "created_at": iso(link.created_at)}


def _shares(uow, order: Order, deps: Deps, *, with_link: bool) -> dict:
    grants = uow.session.execute(select(AccessGrant).where(AccessGrant.order_id == order.id)
                                 .order_by(AccessGrant.created_at, AccessGrant.user_id)).scalars().all()
    names = deps.people(uow.session).get([g.user_id for g in grants])
    link = uow.session.execute(select(ShareLink).where(ShareLink.order_id == order.id)).scalar_one_or_none()
    return {"link": _link_view(link, deps) if with_link else None,
            "users": [{"id": g.user_id, "name": (names.get(g.user_id) or {}).get("full_name"), "via": g.via,
                       "granted_at": iso(g.created_at)} for g in grants]}


def get_shares(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"])
    if order.kind != "booking":
        raise exc.TransitionNotAllowed("Only bookings are shared", code="order_not_shareable")
    return _shares(uow, order, deps, with_link=rel.is_applicant)


def _grant(uow, order: Order, user_ids: list[str], granted_by: str, via: str) -> list[str]:
    existing = set(uow.session.execute(select(AccessGrant.user_id).where(
        AccessGrant.order_id == order.id, AccessGrant.user_id.in_(user_ids))).scalars())
    added = [u for u in dict.fromkeys(user_ids) if u not in existing and u != order.applicant_id]
    for user_id in added:
        uow.session.add(AccessGrant(order_id=order.id, user_id=user_id, granted_by=granted_by, via=via,
                                    created_at=uow.now()))
    if added:
        uow.session.flush()
        uow.emit("access_shared", events.access_shared(order, granted_by, added, via))
        uow.record_action("order.access_shared", "order", order.number, "Доступ к бронированию: {} ({})".format(
            len(added), "по ссылке" if via == "link" else "приглашены"), account_id=order.account_id)
    return added


def share_with_users(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order = _shareable(uow, caller, data["number"], for_update=True)
    if caller.user_id in data["user_ids"]:
        raise exc.InvalidOrder("You already have access", errors={"user_ids": ["You booked it yourself."]})
    deps.people(uow.session).require(data["user_ids"], "user_ids", error=exc.UserUnknown)
    _grant(uow, order, data["user_ids"], caller.user_id, "direct")
    return _shares(uow, order, deps, with_link=True)


def revoke_user(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"], for_update=True)
    user_id = data["user_id"]
    if order.kind != "booking" or not rel.is_applicant:
        raise exc.StaffOnly("Only the person who booked manages access", code="applicant_only")
    removed = uow.session.execute(delete(AccessGrant).where(AccessGrant.order_id == order.id,
                                                            AccessGrant.user_id == user_id)).rowcount
    if not removed:
        raise exc.UserUnknown("This person has no access", code="access_not_found",
                              errors={"user_id": ["Has no access to this booking."]})
    uow.emit("access_revoked", events.access_revoked(order, user_id, caller.user_id))
    uow.record_action("order.access_revoked", "order", order.number, "Доступ к бронированию отозван",
                      account_id=order.account_id)
    return _shares(uow, order, deps, with_link=True)


def create_link(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order = _shareable(uow, caller, data["number"], for_update=True)
    link = uow.session.execute(select(ShareLink).where(ShareLink.order_id == order.id)).scalar_one_or_none()
    if link is None:  # one link per booking: asking again shows the same one (copy)
        link = ShareLink(order_id=order.id, token=secrets.token_urlsafe(32), created_by=caller.user_id,
                         created_at=uow.now())
        uow.session.add(link)
        uow.session.flush()
    return _link_view(link, deps)


def delete_link(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"], for_update=True)
    if order.kind != "booking" or not rel.is_applicant:
        raise exc.StaffOnly("Only the person who booked manages access", code="applicant_only")
    deleted = uow.session.execute(delete(ShareLink).where(ShareLink.order_id == order.id)).rowcount
    if not deleted:
        raise exc.ShareLinkNotFound("This booking has no share link")
    return {"deleted": True}


def _by_token(uow, token: str, *, for_update: bool = False) -> tuple[ShareLink, Order]:
    link = uow.session.execute(select(ShareLink).where(ShareLink.token == token)).scalar_one_or_none() if token else None
    order = uow.session.get(Order, link.order_id, with_for_update=for_update) if link else None
    if order is None or order.status in states.CLOSED:
        raise exc.ShareLinkNotFound("This link does not work (deleted, or the booking is over)")
    return link, order


def preview_link(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """What a link opens to, before signing in (manual 000's message text)."""
    link, order = _by_token(uow, data["token"])
    shared_by = (deps.people(uow.session).ref(link.created_by) or {}).get("name")
    message = i18n.label("order.text", "access_granted", caller.language, service=order.service_name)
    return {"service_name": order.service_name, "starts_at": iso(order.starts_at), "ends_at": iso(order.ends_at),
            "shared_by": shared_by, "message": message}


def accept_link(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """A registered user confirms the access the link offers (O11)."""
    caller.require_user()
    link, order = _by_token(uow, data["token"], for_update=True)
    if order.applicant_id == caller.user_id:
        raise exc.RuleRefused("This is your own booking", code="own_booking")
    _grant(uow, order, [caller.user_id], link.created_by, "link")
    return calendar_card_access(order, caller.language)


def calendar_card_access(order: Order, language: str) -> dict:
    """manual 000: a shared booking's card says "Доступ в помещение", is not clickable and
    does not lead to the order."""
    return {"type": "access", "order_number": None, "kind": order.kind, "service_name": order.service_name,
            "starts_at": iso(order.starts_at), "ends_at": iso(order.ends_at), "status": None, "status_label": None,
            "clickable": False, "label": labels.access_card(language)}


def calendar(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    start = data.get("from_") or uow.now().replace(hour=0, minute=0, second=0, microsecond=0)
    end = data.get("to") or start + timedelta(days=31)
    if end - start > MAX_CALENDAR_SPAN:
        raise exc.InvalidOrder("At most 93 days at once", errors={"to": ["At most 93 days after from."]})
    in_range = [Order.starts_at < end, Order.ends_at > start, Order.status.not_in(states.CANCELLED),
                Order.kind.in_(CALENDAR_KINDS)]
    own = uow.session.execute(select(Order).where(Order.applicant_id == caller.user_id, *in_range)).scalars().all()
    shared = uow.session.execute(select(Order).join(AccessGrant, AccessGrant.order_id == Order.id).where(
        AccessGrant.user_id == caller.user_id, *in_range)).scalars().all()
    cards = [{"type": "booking", "order_number": o.number, "kind": o.kind, "service_name": o.service_name,
              "starts_at": iso(o.starts_at), "ends_at": iso(o.ends_at), "status": o.status,
              "status_label": labels.status(o.status, caller.language), "clickable": True, "label": None}
             for o in own]
    cards += [calendar_card_access(o, caller.language) for o in shared]
    cards.sort(key=lambda c: (c["starts_at"], c["order_number"] or 0))
    return {"items": cards, "from_": iso(start), "to": iso(end)}
