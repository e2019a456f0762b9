"""The identity contract: payloads of its RPC methods (its events are in ``events.py``).

Pure marshmallow: the gateway uses these same schemas to validate HTTP requests and to
generate the OpenAPI document, so the two can never disagree.
"""
from __future__ import annotations

from marshmallow import ValidationError, fields, post_load, validate, validates, validates_schema

from kit import i18n
from kit.context import ROLES
from kit.phones import Phone
from kit.listing import ListQuery, Sort
from kit.schemas import DateTime, Lenient, NonBlank, PageQuery, Strict, page_of, not_blank
from services.identity.domain.accounts import RIGHTS
from services.identity.domain.credentials import password_problems
from services.identity.domain.people import is_email, normalize_email

LANGUAGES = i18n.LANGUAGES
Name = fields.String(validate=[validate.Length(min=1, max=100), not_blank])


#: a phone number as people type it, stored in E.164 (kit.phones)
PhoneField = Phone


class EmailField(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        if not is_email(raw):
            raise ValidationError("Not a valid e-mail address.")
        return normalize_email(raw)


class PasswordField(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        problems = password_problems(raw)
        if problems:
            raise ValidationError(problems)
        return raw


# --- requests -------------------------------------------------------------------------

class RegisterRequest(Strict):
    email = EmailField()
    phone = PhoneField()
    first_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), not_blank])
    last_name = fields.String(load_default="", validate=validate.Length(max=100))
    language = fields.String(load_default="ru", validate=validate.OneOf(LANGUAGES))

    @validates_schema
    def one_way_to_reach(self, data, **kwargs):
        if bool(data.get("email")) == bool(data.get("phone")):
            raise ValidationError("Give either an e-mail address or a phone number.", "_schema")


class ConfirmRequest(Strict):
    token = fields.String(required=True, validate=validate.Length(min=10, max=200),
                          metadata={"description": "the token from the confirmation link"})
    password = PasswordField(required=True,
                             metadata={"description": "the password to sign in with from now on (at least 8 characters, not only digits)"})


class LoginRequest(Strict):
    login = fields.String(required=True, validate=validate.Length(min=3, max=254),
                          metadata={"description": "e-mail or phone"})
    password = fields.String(required=True, validate=validate.Length(min=1, max=256),
                             metadata={"description": "the password"})
    totp = fields.String(validate=validate.Length(min=6, max=8),
                         metadata={"description": "the authenticator app's code, when two-step sign-in is on"})


class RefreshRequest(Strict):
    refresh_token = fields.String(required=True, validate=validate.Length(min=10, max=200),
                                  metadata={"description": "the refresh token to spend"})


class LogoutRequest(Strict):
    refresh_token = fields.String(validate=validate.Length(min=10, max=200),
                                  metadata={"description": "this session's refresh token, revoked too"})
    everywhere = fields.Boolean(load_default=False, metadata={"description": "end every session of the user"})


class PasswordChange(Strict):
    current_password = fields.String(required=True, validate=NonBlank, metadata={"description": "the password now"})
    new_password = PasswordField(required=True, metadata={"description": "the new password"})


class ProfileUpdate(Strict):
    first_name = Name
    last_name = fields.String(validate=validate.Length(max=100))
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    phone = PhoneField(allow_none=True)
    password = fields.Nested(PasswordChange,
                             metadata={"description": "to change the password: the current one and the new one"})

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Nothing to change.", "_schema")


class CodeRequest(Strict):
    code = fields.String(required=True, validate=validate.Regexp(r"^\d{6}$", error="Six digits."),
                         metadata={"description": "the six-digit code"})


class UserSearchQuery(PageQuery):
    q = fields.String(load_default="", validate=validate.Length(max=100),
                      metadata={"description": "part of the first or last name, any case, Cyrillic or Latin (at least two letters)"})
    company_id = fields.UUID(metadata={"description": "only members of this company"})
    community_id = fields.UUID(metadata={"description": "only members of this community"})

    @post_load
    def ids_as_strings(self, data, **kwargs):
        for key in ("company_id", "community_id"):
            if data.get(key) is not None:
                data[key] = str(data[key])
        return data


class CreateUserRequest(Strict):
    """Staff add a person (C7 "add new user"); without a password they get an invitation."""

    email = EmailField()
    phone = PhoneField()
    first_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), not_blank],
                               metadata={"description": "the person's first name"})
    last_name = fields.String(load_default="", validate=validate.Length(max=100),
                              metadata={"description": "the person's last name"})
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), load_default=["client"],
                        metadata={"description": "the roles given (rental managers: client only)"})
    password = PasswordField(metadata={"description": "a password for the person; without one they get an invitation to set it"})
    language = fields.String(load_default="ru", validate=validate.OneOf(LANGUAGES),
                             metadata={"description": "ru or en"})
    company_ids = fields.List(fields.UUID(), load_default=list,
                              metadata={"description": "companies the person joins"})
    community_ids = fields.List(fields.UUID(), load_default=list,
                                metadata={"description": "communities the person joins"})

    @validates_schema
    def reachable(self, data, **kwargs):
        if not data.get("email") and not data.get("phone"):
            raise ValidationError("Give an e-mail address or a phone number.", "_schema")

    @post_load
    def ids_as_strings(self, data, **kwargs):
        data["company_ids"] = [str(i) for i in data["company_ids"]]
        data["community_ids"] = [str(i) for i in data["community_ids"]]
        return data


class UpdateUserRequest(Strict):
    """An administrator edits anyone (the provider's side of manual 004's notes)."""

    first_name = Name
    last_name = fields.String(validate=validate.Length(max=100))
    email = EmailField()
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)),
                        metadata={"description": "the user's roles (replaces them): client, rental_manager, event_manager, executor, support_agent, admin"})
    enabled = fields.Boolean(metadata={"description": "false: the user may no longer sign in"})

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Nothing to change.", "_schema")


class NamedRequest(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "the company's or community's name"})

    @validates("name")
    def not_blank(self, value, **kwargs):
        if not value.strip():
            raise ValidationError("Must not be blank.")


class NameQuery(PageQuery):
    q = fields.String(load_default="", validate=validate.Length(max=100),
                      metadata={"description": "part of the name, any case (empty: all)"})


class MemberRequest(Strict):
    user_id = fields.UUID(required=True, metadata={"description": "the user to add"})

    @post_load
    def as_string(self, data, **kwargs):
        data["user_id"] = str(data["user_id"])
        return data


class AccountUserCreate(Strict):
    email = EmailField(required=True)
    first_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), not_blank])
    last_name = fields.String(load_default="", validate=validate.Length(max=100))
    rights = fields.List(fields.String(validate=validate.OneOf(RIGHTS)), load_default=list,
                         metadata={"description": "rights in your account: users, finance, orders, support"})
    language = fields.String(load_default="ru", validate=validate.OneOf(LANGUAGES))


class AccountUserUpdate(Strict):
    first_name = Name
    last_name = fields.String(validate=validate.Length(max=100), metadata={"description": "the person's last name"})
    rights = fields.List(fields.String(validate=validate.OneOf(RIGHTS)),
                         metadata={"description": "rights in your account (replace the old ones)"})
    enabled = fields.Boolean(metadata={"description": "false: the user cannot sign in (their sessions end)"})

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Nothing to change.", "_schema")


class DataRequestCreate(Strict):
    """I6 (manual 004, «Действия над персональными данными»)."""

    kind = fields.String(required=True, validate=validate.OneOf(("export", "erase", "restrict", "lift_restriction")),
                         metadata={"description": "export (CSV files to your e-mail, downloadable once) | erase "
                                                  "(your personal data in every service) | restrict (processing: no "
                                                  "marketing, no non-essential notices) | lift_restriction",
                                   "example": "export"})


class DataRequestQuery(PageQuery):
    user_id = fields.UUID(metadata={"description": "only this person's requests"})
    kind = fields.String(validate=validate.OneOf(("export", "erase", "restrict", "lift_restriction")),
                         metadata={"description": "only requests of this kind"})
    status = fields.String(validate=validate.OneOf(("in_progress", "ready", "downloaded", "expired", "done")),
                           metadata={"description": "only requests in this status"})

    @post_load
    def ids_as_strings(self, data, **kwargs):
        if data.get("user_id") is not None:
            data["user_id"] = str(data["user_id"])
        return data


class DownloadToken(Strict):
    token = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_-]{20,100}$"))


# --- responses ------------------------------------------------------------------------

class DataRequestPart(Lenient):
    service = fields.String(metadata={"description": "the service answering (orders, billing, …)", "example": "orders"})
    status = fields.String(metadata={"description": "pending | done", "example": "done"})
    done_at = DateTime(allow_none=True, metadata={"description": "when the service answered, or null",
                                                  "example": "2026-12-01T10:00:05+00:00"})
    erased = fields.Dict(allow_none=True, metadata={"description": "erasure: what the service erased, by kind",
                                                    "example": None})


class DataRequest(Lenient):
    id = fields.String(metadata={"description": "the request's id", "example": "5a0c8f5e-3f7b-4d4e-9d55-0c6f1e7f2a11"})
    user_id = fields.String(metadata={"description": "whose data", "example": "0b7e2f0c-1d5a-4a39-8f6e-2f1a3c4d5e6f"})
    kind = fields.String(metadata={"description": "export | erase | restrict | lift_restriction", "example": "export"})
    status = fields.String(metadata={"description": "in_progress | ready (export e-mailed, not downloaded) | "
                                                    "downloaded | expired | done", "example": "in_progress"})
    created_at = DateTime(metadata={"description": "when it was asked for", "example": "2026-12-01T10:00:00+00:00"})
    completed_at = DateTime(allow_none=True, metadata={"description": "when every service had answered, or null",
                                                       "example": None})
    download_expires_at = DateTime(allow_none=True, metadata={
        "description": "export: until when the e-mailed link opens", "example": None})
    downloaded_at = DateTime(allow_none=True, metadata={"description": "export: when the file was downloaded (once)",
                                                        "example": None})
    progress = fields.List(fields.Nested(DataRequestPart), metadata={"description": "each service's part"})


class GroupRef(Lenient):
    id = fields.String()
    name = fields.String(metadata={"description": "the company's or community's name"})


class Group(GroupRef):
    members = fields.Integer(metadata={"description": "how many people belong to it"})
    created_at = DateTime()


class UserPublic(Lenient):
    """What anyone signed in may see of another person (search, sharing, transfer)."""

    id = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    full_name = fields.String(metadata={"description": "first and last name together"})
    companies = fields.List(fields.Nested(GroupRef), metadata={"description": "the companies the person belongs to"})
    communities = fields.List(fields.Nested(GroupRef),
                              metadata={"description": "the communities the person belongs to"})


class User(UserPublic):
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    phone_status = fields.String(metadata={"description": "confirmed | not_confirmed | none"})
    phone_status_label = fields.String(metadata={
        "description": "the phone status in the caller's language (manual 004: «Успешно подтвержден», «Не подтвержден»)"})
    roles = fields.List(fields.String(),
                        metadata={"description": "what the person is on the platform: client, rental_manager, event_manager, executor, support_agent, admin"})
    rights = fields.List(fields.String(),
                         metadata={"description": "rights in their account: users, finance, orders, support"})
    status = fields.String(metadata={"description": "pending (registration not confirmed), active, disabled or deleted"})
    account_id = fields.String(allow_none=True,
                               metadata={"description": "the customer account the person belongs to, or null (staff)"})
    is_account_owner = fields.Boolean(metadata={"description": "the account's first user: keeps every right"})
    language = fields.String()
    totp_enabled = fields.Boolean(metadata={"description": "two-step sign-in is on"})
    created_at = DateTime()
    processing_restricted = fields.Boolean(metadata={
        "description": "I6: the person restricted the processing of their data (only essential notices)"})


class Tokens(Lenient):
    access_token = fields.String(metadata={"description": "the bearer token for `Authorization: Bearer …`"})
    refresh_token = fields.String(metadata={"description": "spend it once at POST /auth/refresh for a new pair"})
    token_type = fields.String(metadata={"description": "always Bearer"})
    expires_in = fields.Integer(metadata={"description": "seconds until the access token expires"})


class RegistrationStarted(Lenient):
    user_id = fields.String(metadata={"description": "the new user's id"})
    status = fields.String(metadata={"description": "pending until the link is followed"})
    channel = fields.String(metadata={"description": "email | sms: where the link was sent"})
    expires_at = DateTime(metadata={"description": "when the confirmation link expires"})


class TotpSetup(Lenient):
    secret = fields.String(metadata={"description": "the base32 secret to type into an authenticator app"})
    otpauth_url = fields.String(metadata={"description": "the same as an otpauth:// URL, for a QR code"})


class Confirmed(Lenient):
    user = fields.Nested(User, metadata={"description": "the confirmed user"})
    tokens = fields.Nested(Tokens, metadata={"description": "the new session's tokens"})


class ActionQuery(ListQuery):
    """The action log with the conventions of every list (kit.listing): the period is when
    the change was made; ``q`` finds words of the summary, the actor's name, the action or
    the object's id."""

    actor_id = fields.UUID(metadata={"description": "only this user's actions"})
    action = fields.String(validate=validate.Length(min=1, max=80),
                           metadata={"description": "only this action, e.g. `order.cancelled`"})
    object_type = fields.String(validate=validate.Length(min=1, max=40),
                                metadata={"description": "only objects of this type: order, payment, user…"})
    object_id = fields.String(validate=validate.Length(min=1, max=80),
                              metadata={"description": "only this object (its id or number)"})
    service = fields.String(validate=validate.Length(min=1, max=40),
                            metadata={"description": "only changes made by this service"})
    sort = Sort(("occurred_at", "action", "object_type", "actor_name"), default="-occurred_at")

    @post_load
    def ids(self, data, **kwargs):
        if data.get("actor_id") is not None:
            data["actor_id"] = str(data["actor_id"])
        return data


class AdminActionQuery(ActionQuery):
    """An administrator's action log: every account's, or one account's."""

    account_id = fields.UUID(metadata={"description": "only the actions on this account's objects"})

    @post_load
    def account(self, data, **kwargs):
        if data.get("account_id") is not None:
            data["account_id"] = str(data["account_id"])
        return data


class ActionActor(Lenient):
    """Who made a change."""

    id = fields.String(metadata={"description": "the user's id; empty for a sign-in attempt with a login nobody has "
                                                "(`session.sign_in_failed`, object type `login`)"})
    name = fields.String(metadata={"description": "their name when the change was made (after the person's erasure: "
                                                  "«Удаленный пользователь»)"})
    roles = fields.List(fields.String(), metadata={"description": "their roles then: client, rental_manager, admin…"})


class ActionEntry(Lenient):
    """One change a person made: who, what, on which object, when, from which address."""

    id = fields.String(metadata={"description": "the entry's id (the event that announced the change)"})
    occurred_at = DateTime(metadata={"description": "when the change was made"})
    service = fields.String(metadata={"description": "the service that made it"})
    action = fields.String(metadata={"description": "what was done, `<object>.<verb>`: `order.cancelled`"})
    object_type = fields.String(metadata={"description": "the kind of object changed"})
    object_id = fields.String(metadata={"description": "the object's id or number"})
    summary = fields.String(metadata={"description": "the change in words"})
    account_id = fields.String(allow_none=True, metadata={"description": "the account the object belongs to"})
    actor = fields.Nested(ActionActor, metadata={"description": "who made it"})
    ip = fields.String(allow_none=True, metadata={"description": "the client's address"})
    user_agent = fields.String(allow_none=True, metadata={"description": "the client's User-Agent"})


ActionPage = page_of(ActionEntry)
UserPage = page_of(User)
UserPublicPage = page_of(UserPublic)
GroupPage = page_of(Group)
DataRequestPage = page_of(DataRequest)
