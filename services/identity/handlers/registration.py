"""Registration (I1): by e-mail or phone, confirmed by a link; invitations of people added
by staff or by an account; the bootstrap administrator."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from kit.context import Caller
from services.identity import events, store, views
from services.identity import exceptions as exc
from services.identity.dependencies import Deps
from services.identity.domain import credentials, people
from services.identity.handlers import sessions
from services.identity.models import Account, User, VerificationCode, new_id


def register(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Start registration by e-mail or phone; the link goes out through notifications."""
    email, phone = data.get("email"), data.get("phone")
    user = store.user_by_contact(uow.session, email=email, phone=phone)
    if user is not None and user.status != "pending":
        raise exc.AlreadyRegistered("This {} is already registered; sign in or reset the password"
                                    .format("e-mail" if email else "phone number"),
                                    errors={"email" if email else "phone": ["Already registered."]})
    if user is None:
        user = new_user(uow, email=email, phone=phone, first_name=data["first_name"],
                        last_name=data.get("last_name"), language=data["language"], roles=["client"])
    else:  # registering again before confirming: fresh names, fresh link
        user.first_name, user.last_name = data["first_name"].strip(), (data.get("last_name") or "").strip()
        user.search_name = people.name_search_form(user.first_name, user.last_name)
        user.language, user.updated_at = data["language"], uow.now()
    uow.session.flush()
    return send_link(uow, user, deps, "self_registration")


def confirm(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Follow the link: set the password, activate, get an account and tokens."""
    now = uow.now()
    code = store.registration_code(uow.session, credentials.digest(data["token"]))
    if code is None or code.used_at is not None:
        raise exc.InvalidCode("This confirmation link is not valid", errors={"token": ["Unknown or already used."]})
    if code.expires_at <= now:
        raise exc.InvalidCode("This confirmation link has expired; register again",
                              code="token_expired", errors={"token": ["Expired."]})
    user = store.user_by_id(uow.session, code.user_id, for_update=True)
    if user.status != "pending":
        raise exc.InvalidCode("This confirmation link is not valid", errors={"token": ["Already used."]})
    code.used_at = now
    user.password_hash = credentials.hash_password(data["password"])
    user.status, user.updated_at = "active", now
    if user.email is None and user.phone and code.target == user.phone:
        user.phone_confirmed = True  # the link came by SMS to this number
    give_own_account(uow, user)
    uow.emit("user_registered", events.user_changed(user))
    tokens = sessions.issue_tokens(uow, user, deps)
    return {"user": views.user_view(user, caller.language), "tokens": tokens}


def ensure_admin(uow, caller: Caller, data: dict, deps: Deps) -> bool:
    """Create the first administrator (``data``: email, password) if nobody has this
    e-mail yet; True if created."""
    email = people.normalize_email(data["email"])
    if store.email_taken(uow.session, email):
        return False
    user = new_user(uow, email=email, phone=None, first_name="Administrator", last_name="",
                    language="ru", roles=["admin"])
    user.password_hash = credentials.hash_password(data["password"])
    user.status = "active"
    uow.session.flush()
    give_own_account(uow, user)
    uow.emit("user_registered", events.user_changed(user))
    return True


# --- what every way of adding a person shares -----------------------------------------

def new_user(uow, *, email, phone, first_name, last_name, language, roles, rights=(),
             account_id=None) -> User:
    """A pending user: active once they follow their link (or are given a password)."""
    now = uow.now()
    user = User(
        id=new_id(), account_id=account_id, email=email, phone=phone, phone_confirmed=False,
        first_name=first_name.strip(), last_name=(last_name or "").strip(),
        search_name=people.name_search_form(first_name, last_name),
        status="pending", roles=sorted(roles), rights=sorted(rights), language=language,
        created_at=now, updated_at=now,
    )
    uow.session.add(user)
    try:
        uow.session.flush()
    except IntegrityError:
        # the same e-mail or phone inserted by a parallel request after our check: the same
        # answer as the check's (store.ensure_contacts_free), not a 500
        raise exc.AlreadyRegistered("Already registered", errors={
            field: ["Already used by another person."] for field, value in (("email", email), ("phone", phone))
            if value})
    return user


def give_own_account(uow, user: User) -> None:
    """A person who joins no account gets their own, and is its first user."""
    if user.account_id is not None:
        return
    account = Account(id=new_id(), name=people.full_name(user.first_name, user.last_name) or user.email or user.phone,
                      owner_user_id=user.id, created_at=uow.now())
    uow.session.add(account)
    uow.session.flush()
    user.account_id = account.id
    user.account = account


def send_link(uow, user: User, deps: Deps, reason: str, invited_by=None) -> dict:
    """A new confirmation link (the previous ones stop working), sent by e-mail or SMS."""
    now = uow.now()
    store.spend_open_codes(uow.session, user.id, ("register",), now)
    token = credentials.new_link_token()
    expires_at = now + timedelta(seconds=deps.settings.registration_ttl)
    channel = "email" if user.email else "sms"
    uow.session.add(VerificationCode(
        user_id=user.id, purpose="register", digest=credentials.digest(token),
        target=user.email or user.phone, created_at=now, expires_at=expires_at))
    uow.emit("user_registration_requested", events.registration_requested(
        user, reason=reason, channel=channel, token=token,
        confirm_url=deps.settings.confirm_url_template.format(token=token),
        expires_at=expires_at, invited_by=invited_by))
    return {"user_id": user.id, "status": user.status, "channel": channel,
            "expires_at": expires_at.isoformat()}
