"""Identity use cases: plain functions of (unit of work, caller, input, settings)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from kit.auth import check_secret, issue_access_token
from kit.context import Caller
from kit.errors import Conflict, ValidationFailed
from services.identity import events
from services.identity import exceptions as exc
from services.identity.domain import accounts, credentials, people
from services.identity.models import (
    Account, Community, CommunityMember, Company, CompanyMember, RefreshToken, User,
    VerificationCode, new_id,
)

@dataclass(frozen=True)
class Settings:
    jwt_secret: str
    access_ttl: int
    refresh_ttl: int
    confirm_url_template: str
    registration_ttl: int
    code_ttl: int
    code_attempts: int

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(
            jwt_secret=check_secret(config["JWT_SECRET"]),
            access_ttl=int(config["ACCESS_TOKEN_TTL"]),
            refresh_ttl=int(config["REFRESH_TOKEN_TTL"]),
            confirm_url_template=config["CONFIRM_URL_TEMPLATE"].replace(
                "{PUBLIC_BASE_URL}", config["PUBLIC_BASE_URL"].rstrip("/")),
            registration_ttl=int(config["REGISTRATION_TOKEN_TTL"]),
            code_ttl=int(config["PHONE_CODE_TTL"]),
            code_attempts=int(config["PHONE_CODE_ATTEMPTS"]),
        )


# --- views ----------------------------------------------------------------------------

def _groups(items):
    return [{"id": item.id, "name": item.name} for item in items]


def public_view(user: User) -> dict:
    return {
        "id": user.id, "first_name": user.first_name, "last_name": user.last_name,
        "full_name": people.full_name(user.first_name, user.last_name),
        "companies": _groups(user.companies), "communities": _groups(user.communities),
    }


def user_view(user: User) -> dict:
    view = public_view(user)
    view.update({
        "email": user.email, "phone": user.phone,
        "phone_status": "none" if not user.phone else ("confirmed" if user.phone_confirmed else "not_confirmed"),
        "roles": sorted(user.roles), "rights": accounts.effective_rights(user.is_owner, user.rights),
        "status": user.status, "account_id": user.account_id, "is_account_owner": user.is_owner,
        "language": user.language, "totp_enabled": bool(user.totp_secret),
        "created_at": user.created_at.isoformat(),
    })
    return view


# --- lookups --------------------------------------------------------------------------

def _user(session, user_id: str, *, for_update=False) -> User:
    query = select(User).where(User.id == user_id, User.status != "deleted")
    if for_update:
        query = query.with_for_update(of=User)
    user = session.execute(query).unique().scalar_one_or_none()
    if user is None:
        raise exc.UserNotFound("No such user")
    return user


def _me(uow, caller: Caller) -> User:
    caller.require_user()
    user = _user(uow.session, caller.user_id)
    if user.status != "active":
        raise exc.InvalidCredentials("This user cannot sign in", code="user_not_active")
    return user


def _by_login(session, login: str) -> User | None:
    login = login.strip()
    if people.is_email(login):
        return session.execute(select(User).where(User.email == people.normalize_email(login))).unique().scalar_one_or_none()
    phone = people.normalize_phone(login)
    if phone is None:
        return None
    return session.execute(select(User).where(User.phone == phone)).unique().scalar_one_or_none()


def _ensure_unique(session, email=None, phone=None, except_id=None) -> None:
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


def _new_user(uow, *, email, phone, first_name, last_name, language, roles, rights=(),
              account_id=None) -> User:
    now = uow.now()
    user = User(
        id=new_id(), account_id=account_id, email=email, phone=phone, phone_confirmed=False,
        first_name=first_name.strip(), last_name=(last_name or "").strip(),
        search_name=people.search_form(people.full_name(first_name, last_name)),
        status="pending", roles=sorted(roles), rights=sorted(rights), language=language,
        created_at=now, updated_at=now,
    )
    uow.session.add(user)
    return user


def _give_own_account(uow, user: User) -> None:
    if user.account_id is not None:
        return
    account = Account(id=new_id(), name=people.full_name(user.first_name, user.last_name) or user.email or user.phone,
                      owner_user_id=user.id, created_at=uow.now())
    uow.session.add(account)
    uow.session.flush()
    user.account_id = account.id
    user.account = account


# --- registration (I1) ----------------------------------------------------------------

def _send_link(uow, user: User, settings: Settings, reason: str, invited_by=None) -> dict:
    now = uow.now()
    uow.session.execute(update(VerificationCode).where(
        VerificationCode.user_id == user.id, VerificationCode.purpose == "register",
        VerificationCode.used_at.is_(None)).values(used_at=now))
    token = credentials.new_link_token()
    expires_at = now + timedelta(seconds=settings.registration_ttl)
    channel = "email" if user.email else "sms"
    uow.session.add(VerificationCode(
        user_id=user.id, purpose="register", digest=credentials.digest(token),
        target=user.email or user.phone, created_at=now, expires_at=expires_at))
    uow.emit("user_registration_requested", events.registration_requested(
        user, reason=reason, channel=channel, token=token,
        confirm_url=settings.confirm_url_template.format(token=token),
        expires_at=expires_at, invited_by=invited_by))
    return {"user_id": user.id, "status": user.status, "channel": channel,
            "expires_at": expires_at.isoformat()}


def register(uow, data: dict, settings: Settings) -> dict:
    """Start registration by e-mail or phone; the link goes out through notifications."""
    session = uow.session
    email, phone = data.get("email"), data.get("phone")
    user = session.execute(select(User).where(
        User.email == email if email else User.phone == phone)).unique().scalar_one_or_none()
    if user is not None and user.status != "pending":
        raise exc.AlreadyRegistered("This {} is already registered; sign in or reset the password"
                                    .format("e-mail" if email else "phone number"),
                                    errors={"email" if email else "phone": ["Already registered."]})
    if user is None:
        user = _new_user(uow, email=email, phone=phone, first_name=data["first_name"],
                         last_name=data.get("last_name"), language=data["language"], roles=["client"])
    else:  # registering again before confirming: fresh names, fresh link
        user.first_name, user.last_name = data["first_name"].strip(), (data.get("last_name") or "").strip()
        user.search_name = people.search_form(people.full_name(user.first_name, user.last_name))
        user.language, user.updated_at = data["language"], uow.now()
    session.flush()
    return _send_link(uow, user, settings, "self_registration")


def confirm(uow, data: dict, settings: Settings) -> dict:
    """Follow the link: set the password, activate, get an account and tokens."""
    now = uow.now()
    code = uow.session.execute(select(VerificationCode).where(
        VerificationCode.digest == credentials.digest(data["token"]),
        VerificationCode.purpose == "register").with_for_update()).scalar_one_or_none()
    if code is None or code.used_at is not None:
        raise exc.InvalidCode("This confirmation link is not valid", errors={"token": ["Unknown or already used."]})
    if code.expires_at <= now:
        raise exc.InvalidCode("This confirmation link has expired; register again",
                              code="token_expired", errors={"token": ["Expired."]})
    user = _user(uow.session, code.user_id, for_update=True)
    if user.status != "pending":
        raise exc.InvalidCode("This confirmation link is not valid", errors={"token": ["Already used."]})
    code.used_at = now
    user.password_hash = credentials.hash_password(data["password"])
    user.status, user.updated_at = "active", now
    if user.email is None and user.phone and code.target == user.phone:
        user.phone_confirmed = True  # the link came by SMS to this number
    _give_own_account(uow, user)
    uow.emit("user_registered", events.user_changed(user))
    tokens = _issue_tokens(uow, user, settings)
    return {"user": user_view(user), "tokens": tokens}


# --- sessions (I2) --------------------------------------------------------------------

def _issue_tokens(uow, user: User, settings: Settings, family_id: str | None = None) -> dict:
    now = uow.now()
    # Access tokens are checked by other processes against wall-clock time, never the
    # test clock; refresh tokens are identity's own and follow the clock like every rule.
    access, _ = issue_access_token(settings.jwt_secret, user_id=user.id, account_id=user.account_id,
                                   roles=user.roles, now=datetime.now(timezone.utc),
                                   ttl_seconds=settings.access_ttl,
                                   rights=accounts.effective_rights(user.is_owner, user.rights))
    refresh = credentials.new_link_token()
    uow.session.add(RefreshToken(
        user_id=user.id, family_id=family_id or new_id(), digest=credentials.digest(refresh),
        issued_at=now, expires_at=now + timedelta(seconds=settings.refresh_ttl)))
    return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
            "expires_in": settings.access_ttl}


def login(uow, data: dict, settings: Settings) -> dict:
    user = _by_login(uow.session, data["login"])
    password_ok = credentials.verify_password(user.password_hash if user else None, data["password"])
    if user is None or not password_ok or user.status != "active":
        raise exc.InvalidCredentials("Wrong login or password")
    if user.totp_secret:
        if not data.get("totp"):
            raise exc.TotpRequired("Enter the code from your authenticator app")
        step = credentials.totp_timestep(user.totp_secret, data["totp"], time.time())
        if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
            raise exc.InvalidCredentials("Wrong or already used authenticator code", code="totp_invalid")
        user.totp_last_step = step
    return _issue_tokens(uow, user, settings)


def _revoke(session, now, *conditions) -> int:
    return session.execute(update(RefreshToken).where(RefreshToken.revoked_at.is_(None), *conditions)
                           .values(revoked_at=now)).rowcount


def refresh(uow, data: dict, settings: Settings) -> dict:
    """Rotate: the presented token is spent; presenting a spent one revokes the family."""
    now = uow.now()
    token = uow.session.execute(select(RefreshToken).where(
        RefreshToken.digest == credentials.digest(data["refresh_token"])).with_for_update()).scalar_one_or_none()
    if token is None or token.revoked_at is not None:
        raise exc.InvalidRefreshToken("Sign in again")
    if token.rotated_at is not None:
        _revoke(uow.session, now, RefreshToken.family_id == token.family_id)
        uow.commit()  # the revocation stands even though the request fails
        raise exc.InvalidRefreshToken("This refresh token was already used; sign in again",
                                      code="refresh_token_reused")
    if token.expires_at <= now:
        raise exc.InvalidRefreshToken("Sign in again", code="refresh_token_expired")
    user = _user(uow.session, token.user_id)
    if user.status != "active":
        raise exc.InvalidRefreshToken("This user cannot sign in", code="user_not_active")
    token.rotated_at = now
    return _issue_tokens(uow, user, settings, family_id=token.family_id)


def logout(uow, caller: Caller, data: dict) -> dict:
    caller.require_user()
    now = uow.now()
    revoked = 0
    if data.get("everywhere"):
        revoked = _revoke(uow.session, now, RefreshToken.user_id == caller.user_id)
    elif data.get("refresh_token"):
        token = uow.session.execute(select(RefreshToken).where(
            RefreshToken.digest == credentials.digest(data["refresh_token"]),
            RefreshToken.user_id == caller.user_id)).scalar_one_or_none()
        if token is not None:
            revoked = _revoke(uow.session, now, RefreshToken.family_id == token.family_id)
    return {"revoked_refresh_tokens": revoked}


# --- profile (I4) and two-step sign-in (I2) ------------------------------------------

def get_me(uow, caller: Caller) -> dict:
    return user_view(_me(uow, caller))


def _new_phone_code(uow, user: User, purpose: str, phone: str, settings: Settings) -> None:
    now = uow.now()
    uow.session.execute(update(VerificationCode).where(
        VerificationCode.user_id == user.id, VerificationCode.purpose.in_(("phone_confirm", "phone_release")),
        VerificationCode.used_at.is_(None)).values(used_at=now))
    code = credentials.new_numeric_code()
    expires_at = now + timedelta(seconds=settings.code_ttl)
    uow.session.add(VerificationCode(
        user_id=user.id, purpose=purpose, digest=credentials.digest("{}:{}".format(user.id, code)),
        target=phone, created_at=now, expires_at=expires_at))
    uow.emit("phone_confirmation_requested", events.phone_code_requested(
        user, phone=phone, code=code, purpose=purpose, expires_at=expires_at))


def update_me(uow, caller: Caller, data: dict, settings: Settings) -> dict:
    user = _me(uow, caller)
    now = uow.now()
    names = {k: data[k].strip() for k in ("first_name", "last_name") if k in data}
    if any(getattr(user, k) != v for k, v in names.items()):
        accounts.check_owner_change(user.is_owner, name_change=True)
        for key, value in names.items():
            setattr(user, key, value)
        user.search_name = people.search_form(people.full_name(user.first_name, user.last_name))
    if "language" in data:
        user.language = data["language"]
    if "password" in data:
        if not credentials.verify_password(user.password_hash, data["password"]["current_password"]):
            raise ValidationFailed("The current password is wrong",
                                   errors={"password": {"current_password": ["Wrong password."]}})
        user.password_hash = credentials.hash_password(data["password"]["new_password"])
        _revoke(uow.session, now, RefreshToken.user_id == user.id)  # other sessions end
    if "phone" in data and data["phone"] != user.phone:
        if user.phone and user.phone_confirmed:
            raise exc.RuleRefused("A confirmed number is changed with a code sent to it first: "
                                  "POST /me/phone/release", code="phone_release_required")
        if data["phone"] is None:
            user.phone, user.phone_confirmed = None, False
        else:
            _ensure_unique(uow.session, phone=data["phone"], except_id=user.id)
            user.phone, user.phone_confirmed = data["phone"], False
            _new_phone_code(uow, user, "phone_confirm", data["phone"], settings)
    user.updated_at = now
    uow.emit("user_updated", events.user_changed(user))
    return user_view(user)


def start_phone_release(uow, caller: Caller, settings: Settings) -> dict:
    """Changing a confirmed number starts with a code sent to that (old) number."""
    user = _me(uow, caller)
    if not (user.phone and user.phone_confirmed):
        raise exc.RuleRefused("There is no confirmed number to change", code="no_confirmed_phone")
    _new_phone_code(uow, user, "phone_release", user.phone, settings)
    return {"sent_to": user.phone}


def resend_phone_code(uow, caller: Caller, settings: Settings) -> dict:
    user = _me(uow, caller)
    if not user.phone or user.phone_confirmed:
        raise exc.RuleRefused("There is no number waiting for confirmation", code="no_phone_to_confirm")
    _new_phone_code(uow, user, "phone_confirm", user.phone, settings)
    return {"sent_to": user.phone}


def confirm_phone(uow, caller: Caller, data: dict, settings: Settings) -> dict:
    user = _me(uow, caller)
    now = uow.now()
    waiting = uow.session.execute(select(VerificationCode).where(
        VerificationCode.user_id == user.id,
        VerificationCode.purpose.in_(("phone_confirm", "phone_release")),
        VerificationCode.used_at.is_(None), VerificationCode.expires_at > now,
    ).with_for_update()).scalars().all()
    if not waiting:
        raise exc.InvalidCode("No code is waiting; ask for a new one", code="no_code_waiting")
    code = next((c for c in waiting if credentials.same_digest(c.digest, "{}:{}".format(user.id, data["code"]))), None)
    if code is None:
        for candidate in waiting:
            candidate.attempts += 1
            if candidate.attempts >= settings.code_attempts:
                candidate.used_at = now  # burnt: too many guesses
        uow.commit()  # the failed attempt counts even though the request fails
        raise exc.InvalidCode("Wrong code", errors={"code": ["Wrong code."]})
    code.used_at = now
    if code.purpose == "phone_release":
        user.phone, user.phone_confirmed = None, False
    elif code.target == user.phone:
        user.phone_confirmed = True
    else:
        raise exc.InvalidCode("The number changed since this code was sent", code="code_outdated")
    user.updated_at = now
    uow.emit("user_updated", events.user_changed(user))
    return user_view(user)


def totp_setup(uow, caller: Caller) -> dict:
    user = _me(uow, caller)
    if user.totp_secret:
        raise exc.RuleRefused("Two-step sign-in is already on", code="totp_already_enabled")
    user.totp_pending_secret = credentials.new_totp_secret()
    return {"secret": user.totp_pending_secret,
            "otpauth_url": credentials.totp_uri(user.totp_pending_secret, user.email or user.phone)}


def totp_enable(uow, caller: Caller, data: dict) -> dict:
    user = _me(uow, caller)
    if not user.totp_pending_secret:
        raise exc.RuleRefused("Start the setup first: POST /me/totp", code="totp_not_started")
    step = credentials.totp_timestep(user.totp_pending_secret, data["code"], time.time())
    if step is None:
        raise exc.InvalidCode("Wrong code", errors={"code": ["Wrong code."]})
    user.totp_secret, user.totp_pending_secret, user.totp_last_step = user.totp_pending_secret, None, step
    return user_view(user)


def totp_disable(uow, caller: Caller, data: dict) -> dict:
    user = _me(uow, caller)
    if not user.totp_secret:
        raise exc.RuleRefused("Two-step sign-in is off", code="totp_not_enabled")
    if credentials.totp_timestep(user.totp_secret, data["code"], time.time()) is None:
        raise exc.InvalidCode("Wrong code", errors={"code": ["Wrong code."]})
    user.totp_secret = user.totp_last_step = None
    return user_view(user)


# --- people: search (I5), staff create and edit (I7, C7) -----------------------------

def _like(term: str) -> str:
    return "%{}%".format(term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))


def search_users(uow, caller: Caller, query: dict) -> dict:
    caller.require_user()
    terms = people.search_terms(query.get("q", ""))
    filtered = query.get("company_id") or query.get("community_id")
    if not caller.is_staff and not filtered and sum(len(t) for t in terms) < 2:
        raise ValidationFailed("Type at least two letters of a name",
                               errors={"q": ["Type at least two letters."]})
    conditions = [User.status == "active"]
    conditions += [User.search_name.like(_like(term), escape="\\") for term in terms]
    if query.get("company_id"):
        conditions.append(User.id.in_(select(CompanyMember.user_id).where(
            CompanyMember.company_id == query["company_id"])))
    if query.get("community_id"):
        conditions.append(User.id.in_(select(CommunityMember.user_id).where(
            CommunityMember.community_id == query["community_id"])))
    total = uow.session.execute(select(func.count()).select_from(User).where(*conditions)).scalar()
    page, per_page = query["page"], query["per_page"]
    users = uow.session.execute(
        select(User).where(*conditions).order_by(User.last_name, User.first_name, User.id)
        .offset((page - 1) * per_page).limit(per_page)).unique().scalars().all()
    view = user_view if caller.is_staff else public_view
    return {"items": [view(u) for u in users], "total": total, "page": page, "per_page": per_page}


def _join_groups(uow, user: User, kind: str, ids, field: str) -> None:
    if not ids:
        return
    model, member_model, not_found = GROUPS[kind]
    found = set(uow.session.execute(select(model.id).where(model.id.in_(ids))).scalars())
    missing = [i for i in ids if i not in found]
    if missing:
        raise not_found("No such {}".format(kind), errors={field: ["Unknown: {}".format(", ".join(missing))]})
    for group_id in ids:
        uow.session.merge(member_model(user_id=user.id, **{_member_key(model): group_id}))


def _member_key(model) -> str:
    return "company_id" if model is Company else "community_id"


def create_user(uow, caller: Caller, data: dict, settings: Settings) -> dict:
    """Staff add a person, with their own customer account; invited unless given a password."""
    caller.require_role("admin", "rental_manager")
    roles = accounts.check_roles(data["roles"])
    accounts.check_may_grant(caller.roles, roles)
    _ensure_unique(uow.session, email=data.get("email"), phone=data.get("phone"))
    user = _new_user(uow, email=data.get("email"), phone=data.get("phone"),
                     first_name=data["first_name"], last_name=data.get("last_name"),
                     language=data["language"], roles=roles)
    uow.session.flush()
    _give_own_account(uow, user)
    _join_groups(uow, user, "company", data["company_ids"], "company_ids")
    _join_groups(uow, user, "community", data["community_ids"], "community_ids")
    if data.get("password"):
        user.password_hash = credentials.hash_password(data["password"])
        user.status = "active"
        uow.emit("user_registered", events.user_changed(user))
    else:
        _send_link(uow, user, settings, "invitation", invited_by=caller.user_id)
    uow.session.flush()
    uow.session.expire(user, ["companies", "communities"])
    return user_view(user)


def update_user(uow, caller: Caller, user_id: str, data: dict) -> dict:
    caller.require_role("admin")
    user = _user(uow.session, user_id, for_update=True)
    now = uow.now()
    if user.id == caller.user_id and (data.get("enabled") is False or
                                      ("roles" in data and "admin" not in data["roles"])):
        raise exc.RuleRefused("You cannot disable yourself or drop your own admin role",
                              code="cannot_demote_self")
    if "email" in data:
        _ensure_unique(uow.session, email=data["email"], except_id=user.id)
        user.email = data["email"]
    for key in ("first_name", "last_name"):
        if key in data:
            setattr(user, key, data[key].strip())
    user.search_name = people.search_form(people.full_name(user.first_name, user.last_name))
    if "roles" in data:
        user.roles = accounts.check_roles(data["roles"])
    event = "user_updated"
    if "enabled" in data:
        event = _set_enabled(uow, user, data["enabled"]) or event
    user.updated_at = now
    uow.emit(event, events.user_changed(user))
    return user_view(user)


def _set_enabled(uow, user: User, enabled: bool) -> str | None:
    if enabled and user.status == "disabled":
        user.status = "active"
        return "user_enabled"
    if not enabled and user.status == "active":
        user.status = "disabled"
        _revoke(uow.session, uow.now(), RefreshToken.user_id == user.id)
        return "user_disabled"
    return None


def get_user(uow, caller: Caller, user_id: str) -> dict:
    caller.require_user()
    user = _user(uow.session, user_id)
    if caller.is_staff or user.id == caller.user_id or (caller.account_id and user.account_id == caller.account_id):
        return user_view(user)
    return public_view(user)


def get_users(uow, user_ids: list[str]) -> list[dict]:
    """Internal: profiles with contacts for other services (names on orders, deliveries)."""
    users = uow.session.execute(select(User).where(User.id.in_(user_ids))).unique().scalars().all()
    return [user_view(u) for u in users]


def account_member_ids(uow, account_id: str) -> list[str]:
    """Internal: the active users of an account (e-mails to an account reach all of them)."""
    return list(uow.session.execute(select(User.id).where(
        User.account_id == account_id, User.status == "active").order_by(User.created_at)).scalars())


def ensure_admin(uow, email: str, password: str) -> bool:
    """Create the first administrator if nobody has this e-mail yet; True if created."""
    email = people.normalize_email(email)
    if uow.session.execute(select(User.id).where(User.email == email)).first():
        return False
    user = _new_user(uow, email=email, phone=None, first_name="Administrator", last_name="",
                     language="ru", roles=["admin"])
    user.password_hash = credentials.hash_password(password)
    user.status = "active"
    uow.session.flush()
    _give_own_account(uow, user)
    uow.emit("user_registered", events.user_changed(user))
    return True


# --- companies and communities (I5) ---------------------------------------------------

GROUPS = {"company": (Company, CompanyMember, exc.CompanyNotFound),
          "community": (Community, CommunityMember, exc.CommunityNotFound)}


def _group_view(group, members: int) -> dict:
    return {"id": group.id, "name": group.name, "members": members,
            "created_at": group.created_at.isoformat()}


def list_groups(uow, caller: Caller, kind: str, query: dict) -> dict:
    caller.require_user()
    model, member_model, _ = GROUPS[kind]
    key = getattr(member_model, _member_key(model))
    conditions = [model.search_name.like(_like(t), escape="\\") for t in people.search_terms(query.get("q", ""))]
    total = uow.session.execute(select(func.count()).select_from(model).where(*conditions)).scalar()
    members = select(func.count()).where(key == model.id).correlate(model).scalar_subquery()
    rows = uow.session.execute(
        select(model, members).where(*conditions).order_by(model.name)
        .offset((query["page"] - 1) * query["per_page"]).limit(query["per_page"])).all()
    return {"items": [_group_view(g, n) for g, n in rows], "total": total,
            "page": query["page"], "per_page": query["per_page"]}


def create_group(uow, caller: Caller, kind: str, data: dict) -> dict:
    caller.require_role("admin")
    model = GROUPS[kind][0]
    name = " ".join(data["name"].split())
    if uow.session.execute(select(model.id).where(func.lower(model.name) == name.lower())).first():
        raise Conflict("A {} with this name exists".format(kind), code="{}_exists".format(kind),
                       errors={"name": ["Already exists."]})
    group = model(id=new_id(), name=name, search_name=people.search_form(name), created_at=uow.now())
    uow.session.add(group)
    try:
        uow.session.flush()
    except IntegrityError:
        raise Conflict("A {} with this name exists".format(kind), code="{}_exists".format(kind))
    return _group_view(group, 0)


def set_membership(uow, caller: Caller, kind: str, group_id: str, user_id: str, member: bool) -> dict:
    caller.require_role("admin")
    model, member_model, not_found = GROUPS[kind]
    group = uow.session.get(model, group_id)
    if group is None:
        raise not_found("No such {}".format(kind))
    user = _user(uow.session, user_id)
    key = {_member_key(model): group_id, "user_id": user.id}
    existing = uow.session.get(member_model, key)
    if member and existing is None:
        uow.session.add(member_model(**key))
    elif not member and existing is not None:
        uow.session.delete(existing)
    uow.session.flush()
    uow.session.expire(user, ["companies", "communities"])
    uow.emit("user_updated", events.user_changed(user))
    return user_view(user)


# --- account users and rights (I3) ----------------------------------------------------

def _account_admin(uow, caller: Caller) -> User:
    me = _me(uow, caller)
    if me.account_id is None or not (me.is_owner or "users" in me.rights):
        raise exc.RightRequired("Managing users needs the \"users\" right")
    return me


def _account_user(uow, admin: User, user_id: str) -> User:
    user = _user(uow.session, user_id, for_update=True)
    if user.account_id != admin.account_id:
        raise exc.UserNotFound("No such user")  # no hint that it exists elsewhere
    return user


def list_account_users(uow, caller: Caller, query: dict) -> dict:
    admin = _account_admin(uow, caller)
    conditions = [User.account_id == admin.account_id, User.status != "deleted"]
    total = uow.session.execute(select(func.count()).select_from(User).where(*conditions)).scalar()
    users = uow.session.execute(select(User).where(*conditions).order_by(User.created_at, User.id)
                                .offset((query["page"] - 1) * query["per_page"]).limit(query["per_page"])
                                ).unique().scalars().all()
    return {"items": [user_view(u) for u in users], "total": total,
            "page": query["page"], "per_page": query["per_page"]}


def create_account_user(uow, caller: Caller, data: dict, settings: Settings) -> dict:
    admin = _account_admin(uow, caller)
    _ensure_unique(uow.session, email=data["email"])
    user = _new_user(uow, email=data["email"], phone=None, first_name=data["first_name"],
                     last_name=data.get("last_name"), language=data["language"], roles=["client"],
                     rights=accounts.check_rights(data["rights"]), account_id=admin.account_id)
    uow.session.flush()
    uow.session.refresh(user, ["account"])
    _send_link(uow, user, settings, "invitation", invited_by=admin.id)
    return user_view(user)


def update_account_user(uow, caller: Caller, user_id: str, data: dict) -> dict:
    admin = _account_admin(uow, caller)
    user = _account_user(uow, admin, user_id)
    names = {k: data[k].strip() for k in ("first_name", "last_name") if k in data}
    accounts.check_owner_change(
        user.is_owner,
        disable=data.get("enabled") is False,
        rights_change="rights" in data and set(data["rights"]) != set(accounts.RIGHTS),
        name_change=any(getattr(user, k) != v for k, v in names.items()),
    )
    if "rights" in data:
        user.rights = accounts.check_rights(data["rights"])
    for key, value in names.items():
        setattr(user, key, value)
    user.search_name = people.search_form(people.full_name(user.first_name, user.last_name))
    event = "user_updated"
    if "enabled" in data:
        event = _set_enabled(uow, user, data["enabled"]) or event
    user.updated_at = uow.now()
    uow.emit(event, events.user_changed(user))
    return user_view(user)


def delete_account_user(uow, caller: Caller, user_id: str) -> dict:
    admin = _account_admin(uow, caller)
    user = _account_user(uow, admin, user_id)
    accounts.check_owner_change(user.is_owner, delete=True)
    event = events.user_changed(user)
    now = uow.now()
    # The person is gone; their name stays on past orders, their login is freed.
    user.status, user.email, user.phone, user.phone_confirmed = "deleted", None, None, False
    user.password_hash = user.totp_secret = None
    user.updated_at = now
    _revoke(uow.session, now, RefreshToken.user_id == user.id)
    for member_model in (CompanyMember, CommunityMember):
        for row in uow.session.execute(select(member_model).where(member_model.user_id == user.id)).scalars():
            uow.session.delete(row)
    uow.emit("user_deleted", event)
    return {"deleted": user.id}
