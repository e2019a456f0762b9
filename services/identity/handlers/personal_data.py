"""I6, a person's rights over their data (manual 004, «Действия над персональными данными»).

Identity owns the requests. An export or an erasure is shared: identity does its own part
at once and asks every other service through an event (:mod:`kit.personal_data`); each
answer marks that service's part done, and the last one finishes the request — the export's
CSV files are zipped, e-mailed (notifications) and downloadable once through a link; the
erasure is done. A restriction of processing is a flag on the person that notifications
respects, announced at once.
"""
from __future__ import annotations

import base64
import hashlib
import secrets

import structlog

from kit import personal_data as shared
from kit.context import Caller
from services.identity import events, store, views
from services.identity import exceptions as exc
from services.identity.dependencies import Deps
from services.identity.handlers import actions
from services.identity.domain import personal_data as rules
from services.identity.models import DataRequest, DataRequestPart, new_id

log = structlog.get_logger(__name__)

SERVICE = "identity"
PARTS_CONSUMER = "identity.personal_data_parts"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the person's requests ----------------------------------------------------------------

def request_data(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Export, erase, restrict or lift the restriction: the request as it stands."""
    user = store.signed_in_user(uow.session, caller)
    kind, now = data["kind"], uow.now()
    others = store.other_member_count(uow.session, user.account_id, user.id)
    rules.check_request(kind, email=user.email, is_owner=user.is_owner, other_members=others,
                        restricted=bool(user.processing_restricted),
                        open_kinds=store.open_request_kinds(uow.session, user.id))
    request = DataRequest(id=new_id(), user_id=user.id, account_id=user.account_id, kind=kind,
                          status="in_progress", created_at=now)
    uow.session.add(request)
    if kind in rules.SHARED:
        request.parts = [DataRequestPart(service=name, status="pending") for name in shared.PARTICIPANTS]
        own = _export_own(uow, user) if kind == "export" else _erase_own(uow, user, sole_member=not others, deps=deps)
        request.parts.append(DataRequestPart(service=SERVICE, status="done", content=own, done_at=now))
        event = shared.EXPORT_REQUESTED if kind == "export" else shared.ERASURE_REQUESTED
        uow.session.flush()
        uow.emit(event, events.data_requested(request, sole_member=not others))
    else:
        user.processing_restricted = kind == "restrict"
        user.updated_at = now
        request.status, request.completed_at = "done", now
        uow.emit("processing_restriction_changed", {"user_id": user.id, "restricted": user.processing_restricted})
    uow.session.flush()
    return views.data_request_view(request)


def list_my_requests(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    total, items = store.page_of_data_requests(uow.session, [DataRequest.user_id == caller.user_id],
                                               data["page"], data["per_page"])
    return views.page([views.data_request_view(r) for r in items], total, data)


def list_requests(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Administrators follow every request (an erased person can no longer sign in)."""
    caller.require_role("admin")
    conditions = [getattr(DataRequest, name) == data[name] for name in ("user_id", "kind", "status") if data.get(name)]
    total, items = store.page_of_data_requests(uow.session, conditions, data["page"], data["per_page"])
    return views.page([views.data_request_view(r) for r in items], total, data)


def get_request(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    request = store.data_request(uow.session, data["request_id"])
    if request is None or (request.user_id != caller.user_id and not caller.has_role("admin")):
        raise exc.DataRequestNotFound("No such request")
    return views.data_request_view(request)


def download(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The export's file through the e-mailed link: once, until the link expires."""
    request = store.data_request_by_download(uow.session, digest(data["token"]))
    if request is None:
        raise exc.DataRequestNotFound("No such download", code="download_not_found")
    rules.check_download(downloaded_at=request.downloaded_at, now=uow.now(),
                         expires_at=request.download_expires_at if request.file is not None else None)
    content = request.file
    request.file, request.downloaded_at, request.status = None, uow.now(), "downloaded"
    return {"filename": request.filename, "content_type": "application/zip",
            "data": base64.b64encode(content).decode()}


def purge_expired(uow, caller: Caller, data: dict, deps: Deps) -> int:
    """Exports whose link expired keep no file (periodic, idempotent)."""
    return store.expire_exports(uow.session, uow.now())


# --- the other services' answers ---------------------------------------------------------

def part_done(uow, caller: Caller, envelope: dict, deps: Deps) -> None:
    """A service answered (``personal_data_exported`` / ``person_erased``): its part is done;
    the last answer finishes the request. Applied once per event and once per part."""
    if not uow.first_delivery(envelope, PARTS_CONSUMER):
        return
    data, now = envelope["data"], uow.now()
    request = store.data_request(uow.session, data["request_id"], for_update=True)
    part = next((p for p in request.parts if p.service == data["service"]), None) if request else None
    if part is None or part.status == "done":
        log.info("personal_data_answer_ignored", request_id=data["request_id"], service=data["service"])
        return
    part.status, part.done_at = "done", now
    part.content = data.get("tables") if request.kind == "export" else data.get("erased")
    if rules.progress({p.service: p.status for p in request.parts}) != "done":
        return
    if request.kind == "export":
        _send_export(uow, request, deps)
    else:
        request.status, request.completed_at = "done", now


def _send_export(uow, request: DataRequest, deps: Deps) -> None:
    now = uow.now()
    content = rules.archive({part.service: part.content or {} for part in request.parts})
    for part in request.parts:  # the file holds them now
        part.content = None
    request.completed_at = now
    user = store.users_by_ids(uow.session, [request.user_id])
    user = user[0] if user else None
    if user is None or user.status == "deleted" or not user.email:
        request.status = "expired"  # erased meanwhile, or no address left: nothing is kept or sent
        return
    token = secrets.token_urlsafe(32)
    request.file, request.filename = content, rules.export_filename(now)
    request.download_digest = digest(token)
    request.download_expires_at = rules.download_expiry(now, deps.settings.personal_data_link_ttl)
    request.status = "ready"
    url = "{}/api/v1/personal-data/downloads/{}".format(deps.settings.public_base_url, token)
    uow.emit("personal_data_export_ready", events.export_ready(
        request, user, download_url=url, content_b64=base64.b64encode(content).decode()))


# --- identity's own part ---------------------------------------------------------------------

def _export_own(uow, user) -> dict:
    sessions = store.refresh_tokens_of(uow.session, user.id)
    return {
        "profile": shared.rows([user], ("id", "email", "phone", "phone_confirmed", "first_name", "last_name",
                                        "language", "status", "roles", "rights", "account_id",
                                        "processing_restricted", "created_at", "updated_at")),
        "groups": [{"kind": "company", "name": c.name} for c in user.companies]
        + [{"kind": "community", "name": c.name} for c in user.communities],
        "sessions": shared.rows(sessions, ("issued_at", "expires_at", "rotated_at", "revoked_at")),
        # what they did, as the action log recorded it (sign-ins with their addresses too)
        "actions": shared.rows([e for e in store.actions_of(uow.session, user.id) if e.actor_id == user.id],
                               ("occurred_at", "service", "action", "object_type", "object_id", "summary", "ip",
                                "user_agent")),
    }


def _erase_own(uow, user, *, sole_member: bool, deps: Deps) -> dict:
    """Identity forgets the person at once: no name, contacts, password or second factor;
    sessions end; codes, memberships and export files go. The row stays (``deleted``) so
    other services' records that name the id stay consistent."""
    now = uow.now()
    erased = {"users": 1}
    # the action log keeps what was done (evidence), not who the person was (names still known here)
    erased["action_log_pseudonymised"] = actions.pseudonymise(uow, user, deps)
    erased["sessions"] = store.revoke_user_tokens(uow.session, user.id, now)
    erased["codes_and_memberships"] = store.forget_codes_and_memberships(uow.session, user.id)
    erased["export_files"] = store.drop_export_files(uow.session, user.id)
    if sole_member and user.account is not None:
        user.account.name = "—"  # the account of a private person is named after them
    user.email = user.phone = None
    user.phone_confirmed = False
    user.first_name = user.last_name = user.search_name = ""
    user.password_hash = user.totp_secret = user.totp_pending_secret = None
    user.status, user.roles, user.rights, user.updated_at = "deleted", [], [], now
    deps.cut_sessions(user.id)
    return erased
