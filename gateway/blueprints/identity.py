"""Identity endpoints (I1–I7): /auth, /me, /users, /companies, /communities, /account/users,
/me/personal-data and /personal-data (I6)."""
from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from gateway import examples
from gateway.auth import revoked_key, secured_by
from gateway.calls import body, query, rpc
from gateway.limits import idempotent, rate_limited, sign_in_guarded
from gateway.openapi import BINARY
from gateway.uploads import binary
from kit.schemas import PageQuery
from services.identity import schemas

blp = Blueprint("identity", __name__, url_prefix="/api/v1", description="Sign-up, sign-in, profiles, people (I1–I7)")


class LogoutResult(Schema):
    revoked_refresh_tokens = fields.Integer(metadata={"description": "how many refresh tokens (sessions) were revoked"})
    access_token_revoked = fields.Boolean(metadata={"description": "the access token of this request no longer works"})


class SentTo(Schema):
    sent_to = fields.String(metadata={"description": "the phone number the code was sent to (E.164)"})


class Deleted(Schema):
    deleted = fields.String(metadata={"description": "the id of the user removed from the account"})


secured = secured_by(blp)


# --- auth (I1, I2) --------------------------------------------------------------------

@blp.route("/auth/register", methods=["POST"])
@rate_limited("RATE_LIMIT_REGISTER_IP", "RATE_LIMIT_REGISTER_ID", "email|phone")
@blp.arguments(schemas.RegisterRequest, example={"email": "maria@example.ru", "first_name": "Мария",
                                                 "last_name": "Спиридонова", "language": "ru"})
@blp.response(202, schemas.RegistrationStarted, example={
    "user_id": "5b0f7f4e-2b7a-4d3c-9a51-3f0b8e6c2d11", "status": "pending", "channel": "email",
    "expires_at": "2026-12-02T09:30:00+00:00"})
def register(_):
    """Register by e-mail or phone

    Anyone, without signing in: a user is created unconfirmed and a confirmation link is sent
    by e-mail or SMS; nothing else happens until it is confirmed. Rate-limited per address and
    per login. Problems: 409 `already_registered`, 422 `validation_failed`, 429
    `rate_limited`."""
    return rpc("identity", "register", body())


@blp.route("/auth/confirm", methods=["POST"])
@rate_limited("RATE_LIMIT_AUTH_IP")
@blp.arguments(schemas.ConfirmRequest, example=examples.CONFIRM_REQUEST)
@blp.response(200, schemas.Confirmed, example=examples.CONFIRMED)
def confirm(_):
    """Confirm a registration

    Anyone holding the link's token: the user is confirmed, their password is set, their own
    account is opened, and they are signed in (the user and a token pair are returned).
    Problems: 422 `code_invalid` (unknown, used or expired link), `validation_failed`, 429
    `rate_limited`."""
    return rpc("identity", "confirm", body())


@blp.route("/auth/login", methods=["POST"])
@sign_in_guarded("RATE_LIMIT_LOGIN_IP", "RATE_LIMIT_LOGIN_ID")
@blp.arguments(schemas.LoginRequest, example={"login": "maria@example.ru", "password": "correct horse battery"})
@blp.response(200, schemas.Tokens, example={"access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1YjBm…",
                                            "refresh_token": "rt_3f9c1e…", "token_type": "Bearer", "expires_in": 900})
def login(_):
    """Sign in

    Anyone: by e-mail or phone and password, plus `totp` when two-step sign-in is on; returns
    an access and a refresh token. Failed attempts lock the login for a while that grows with
    each failure. Problems: 401 `invalid_credentials`, `totp_required`, `totp_invalid`, 422
    `validation_failed`, 429 `rate_limited`."""
    return rpc("identity", "login", body())


@blp.route("/auth/refresh", methods=["POST"])
@rate_limited("RATE_LIMIT_AUTH_IP")
@blp.arguments(schemas.RefreshRequest, example=examples.REFRESH_REQUEST)
@blp.response(200, schemas.Tokens, example=examples.TOKENS)
def refresh(_):
    """Refresh the tokens

    Anyone holding a refresh token: a new token pair; the old refresh token is spent (using it
    again revokes the whole session family). Problems: 401 `refresh_token_invalid`,
    `refresh_token_reused`, `refresh_token_expired`, `user_not_active`, 422
    `validation_failed`, 429 `rate_limited`."""
    return rpc("identity", "refresh", body())


@blp.route("/auth/logout", methods=["POST"])
@secured
@blp.arguments(schemas.LogoutRequest, example=examples.LOGOUT_REQUEST)
@blp.response(200, LogoutResult, example=examples.LOGOUT_RESULT)
def logout(_):
    """Sign out

    Signed in: this access token is revoked at once, with its refresh token's session, or
    every session of the user with `everywhere`. Problems: 422 `validation_failed`."""
    result = rpc("identity", "logout", body())
    claims = g.token_claims
    import time

    ttl = max(1, int(claims["exp"] - time.time()))
    current_app.extensions["redis"].set(current_app.extensions["redis_key"](revoked_key(claims["jti"])), "1", ex=ttl)
    return dict(result, access_token_revoked=True)


# --- profile (I4) ---------------------------------------------------------------------

@blp.route("/me", methods=["GET"])
@secured
@blp.response(200, schemas.User, example=examples.USER)
def get_me():
    """Read my profile

    Signed in: your names, e-mail, phone and its confirmation, language, roles, account and
    rights, two-step sign-in state. Changes nothing."""
    return rpc("identity", "get_me")


@blp.route("/me", methods=["PATCH"])
@secured
@blp.arguments(schemas.ProfileUpdate, example=examples.PROFILE_UPDATE)
@blp.response(200, schemas.User, example=examples.USER)
def update_me(_):
    """Change my profile

    Signed in: names, language, password (give the current one) or phone; a new phone is
    unconfirmed until the SMS code is entered; a new password ends your other sessions.
    Problems: 409 `phone_release_required` (a confirmed number is changed through
    `POST /me/phone/release`), 422 `validation_failed` (also a wrong current password)."""
    return rpc("identity", "update_me", body())


@blp.route("/me/phone/confirm", methods=["POST"])
@secured
@blp.arguments(schemas.CodeRequest, example=examples.CODE_REQUEST)
@blp.response(200, schemas.User, example=examples.USER)
def confirm_phone(_):
    """Confirm my phone with the SMS code

    Signed in: the code confirms a new number, or releases the old confirmed one so a new one
    can be set. Problems: 422 `code_invalid`, `no_code_waiting`, `code_outdated`,
    `validation_failed`."""
    return rpc("identity", "confirm_phone", body())


@blp.route("/me/phone/release", methods=["POST"])
@secured
@blp.response(202, SentTo, example=examples.SENT_TO)
def release_phone():
    """Start changing my confirmed phone

    Signed in, with a confirmed number: a code is sent to that number; entering it with
    `POST /me/phone/confirm` releases it. Problems: 409 `no_confirmed_phone`."""
    return rpc("identity", "start_phone_release")


@blp.route("/me/phone/resend", methods=["POST"])
@secured
@blp.response(202, SentTo, example=examples.SENT_TO)
def resend_phone_code():
    """Send the phone code again

    Signed in, with a number waiting for confirmation: a new SMS code is sent (the old one stops
    working). Problems: 409 `no_phone_to_confirm`."""
    return rpc("identity", "resend_phone_code")


@blp.route("/me/totp", methods=["POST"])
@secured
@blp.response(200, schemas.TotpSetup, example=examples.TOTP_SETUP)
def totp_setup():
    """Start two-step sign-in

    Signed in: a new authenticator secret (and its otpauth URI for a QR code) is returned;
    nothing is switched on until a code is confirmed with `POST /me/totp/confirm`. Problems:
    409 `totp_already_enabled`."""
    return rpc("identity", "totp_setup")


@blp.route("/me/totp/confirm", methods=["POST"])
@secured
@blp.arguments(schemas.CodeRequest, example=examples.CODE_REQUEST)
@blp.response(200, schemas.User, example=examples.USER)
def totp_enable(_):
    """Switch two-step sign-in on

    Signed in, after `POST /me/totp`: a code from the authenticator app switches it on; from
    now on signing in needs a code. Problems: 409 `totp_not_started`, 401 `totp_invalid`, 422
    `validation_failed`."""
    return rpc("identity", "totp_enable", body())


@blp.route("/me/totp/disable", methods=["POST"])
@secured
@blp.arguments(schemas.CodeRequest, example=examples.CODE_REQUEST)
@blp.response(200, schemas.User, example=examples.USER)
def totp_disable(_):
    """Switch two-step sign-in off

    Signed in, with it on: a current code from the authenticator app switches it off.
    Problems: 409 `totp_not_enabled`, 401 `totp_invalid`, 422 `validation_failed`."""
    return rpc("identity", "totp_disable", body())


# --- people (I5, I7) ------------------------------------------------------------------

@blp.route("/users", methods=["GET"])
@secured
@blp.arguments(schemas.UserSearchQuery, location="query")
@blp.response(200, schemas.UserPage)
def search_users(_):
    """Find people by name

    Signed in: a partial-name search (first or last name, any case, Cyrillic or Latin),
    optionally within a company or community; clients see names and groups only, staff also
    contacts. Changes nothing. Problems: 422 `validation_failed` (fewer than two letters)."""
    return rpc("identity", "search_users", query())


@blp.route("/users", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.CreateUserRequest, example=examples.CREATE_USER_REQUEST)
@blp.response(201, schemas.User, example=examples.USER)
def create_user(_):
    """Add a person

    Staff: administrators with any roles, rental managers clients only; the person gets an
    e-mail link to set their password. Problems: 403 `role_required`, 404
    `company_not_found`, `community_not_found`, 409 `already_registered`, 422
    `validation_failed`."""
    return rpc("identity", "create_user", body())


@blp.route("/users/<uuid:user_id>", methods=["GET"])
@secured
@blp.response(200, schemas.User, example=examples.USER)
def get_user(user_id):
    """Read a person

    Signed in: one user as the search shows them (clients: name and groups; staff: contacts
    too). Changes nothing. Problems: 404 `user_not_found`."""
    return rpc("identity", "get_user", str(user_id))


@blp.route("/users/<uuid:user_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.UpdateUserRequest, example=examples.UPDATE_USER_REQUEST)
@blp.response(200, schemas.User, example=examples.USER)
def update_user(_, user_id):
    """Change a person

    Administrators: names, login e-mail, roles, companies, communities and whether the user is
    enabled; disabling ends their sessions at once. Problems: 403 `role_required`, 404
    `user_not_found`, `company_not_found`, `community_not_found`, 409 `cannot_demote_self`,
    `already_registered`, 422 `validation_failed`."""
    return rpc("identity", "update_user", str(user_id), body())


# --- companies and communities (I5) ---------------------------------------------------

def _group_routes(kind: str, plural: str):
    missing = "`{}_not_found`".format(kind)

    @blp.route("/" + plural, methods=["GET"], endpoint="list_" + plural)
    @secured
    @blp.doc(summary="List {}".format(plural), description=(
        "Signed in: the {plural} by name (`q`: part of the name), with their member counts, to "
        "choose from when searching people or sharing a booking. Changes nothing. Problems: 422 "
        "`validation_failed`.").format(plural=plural))
    @blp.arguments(schemas.NameQuery, location="query")
    @blp.response(200, schemas.GroupPage)
    def list_groups(_):
        return rpc("identity", "list_groups", kind, query())

    @blp.route("/" + plural, methods=["POST"], endpoint="create_" + kind)
    @secured
    @idempotent
    @blp.doc(summary="Create a {}".format(kind), description=(
        "Administrators: a new {kind} with a unique name; people are added to it with "
        "`POST /{plural}/{{group_id}}/members` or when they are created. Problems: 403 "
        "`role_required`, 409 `{kind}_exists`, 422 `validation_failed`.").format(kind=kind, plural=plural))
    @blp.arguments(schemas.NamedRequest, example=examples.NAMED_REQUESTS[kind])
    @blp.response(201, schemas.Group, example=examples.GROUPS[kind])
    def create_group(_):
        return rpc("identity", "create_group", kind, body())

    @blp.route("/{}/<uuid:group_id>/members".format(plural), methods=["POST"], endpoint="add_{}_member".format(kind))
    @secured
    @blp.doc(summary="Add a person to a {}".format(kind), description=(
        "Administrators: the user becomes a member (the user is returned with their groups); "
        "adding a member twice changes nothing. Problems: 403 `role_required`, 404 {missing}, "
        "`user_not_found`, 422 `validation_failed`.").format(missing=missing))
    @blp.arguments(schemas.MemberRequest, example=examples.MEMBER_REQUEST)
    @blp.response(200, schemas.User, example=examples.USER)
    def add_member(_, group_id):
        return rpc("identity", "set_membership", kind, str(group_id), body(), True)

    @blp.route("/{}/<uuid:group_id>/members/<uuid:user_id>".format(plural), methods=["DELETE"],
               endpoint="remove_{}_member".format(kind))
    @secured
    @blp.doc(summary="Remove a person from a {}".format(kind), description=(
        "Administrators: the user is no longer a member (the user is returned with their "
        "groups). Problems: 403 `role_required`, 404 {missing}, `user_not_found`.").format(missing=missing))
    @blp.response(200, schemas.User, example=examples.USER)
    def remove_member(group_id, user_id):
        return rpc("identity", "set_membership", kind, str(group_id), {"user_id": str(user_id)}, False)


_group_routes("company", "companies")
_group_routes("community", "communities")


# --- account users and rights (I3) ----------------------------------------------------

@blp.route("/account/users", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.UserPage)
def list_account_users(_):
    """List my account's users

    Users of an account with the "users" right: the account's users with their rights and
    whether they are enabled. Changes nothing. Problems: 403 `right_required`, 422
    `validation_failed`."""
    return rpc("identity", "list_account_users", query())


@blp.route("/account/users", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.AccountUserCreate, example=examples.ACCOUNT_USER_CREATE)
@blp.response(201, schemas.User, example=examples.ANNA)
def create_account_user(_):
    """Invite a user into my account

    Users with the "users" right: the person is added to your account with the rights given
    and gets an e-mail link to set their password. Problems: 403 `right_required`, 409
    `already_registered`, 422 `validation_failed`."""
    return rpc("identity", "create_account_user", body())


@blp.route("/account/users/<uuid:user_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.AccountUserUpdate, example=examples.ACCOUNT_USER_UPDATE)
@blp.response(200, schemas.User, example=examples.ANNA)
def update_account_user(_, user_id):
    """Change a user of my account

    Users with the "users" right: names, rights, enabled or disabled (disabling ends their
    sessions); the account's first user keeps every right and their name. Problems: 403
    `right_required`, 404 `user_not_found`, 409 `first_user_cannot_be_disabled`,
    `first_user_rights_fixed`, `first_user_profile_locked`, 422 `validation_failed`."""
    return rpc("identity", "update_account_user", str(user_id), body())


@blp.route("/account/users/<uuid:user_id>", methods=["DELETE"])
@secured
@blp.response(200, Deleted, example=examples.DELETED)
def delete_account_user(user_id):
    """Delete a user of my account

    Users with the "users" right: the user is removed from the account and can no longer sign
    in; never the account's first user. Problems: 403 `right_required`, 404 `user_not_found`,
    409 `first_user_cannot_be_deleted`."""
    return rpc("identity", "delete_account_user", str(user_id))


# --- personal data (I6, manual 004 «Действия над персональными данными») ---------------

@blp.route("/me/personal-data/requests", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.DataRequestCreate)
@blp.response(202, schemas.DataRequest)
def request_personal_data(_):
    """Ask for your personal data: export, erase, restrict processing

    The signed-in person makes a request about their own data. `export`: every service's
    data about you is collected as CSV files (a ZIP), e-mailed to the address of your
    settings and downloadable once through the e-mailed link (409 `email_required` without
    an e-mail). `erase`: identity forgets you at once (you are signed out for good) and every
    service erases or anonymizes your personal fields; money records are kept as the law
    requires; administrators follow the progress (409 `owner_has_users` for an account's
    first user while others use the account). `restrict`: no marketing and no non-essential
    notices from now on (security, payments and invoices still come); `lift_restriction`
    ends it. 409 `data_request_in_progress` while an export or erasure of yours runs."""
    return rpc("identity", "request_personal_data", body())


@blp.route("/me/personal-data/requests", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.DataRequestPage)
def list_my_data_requests(_):
    """Your personal-data requests

    The signed-in person's own requests, newest first, each with every service's progress."""
    return rpc("identity", "list_my_data_requests", query())


@blp.route("/personal-data/requests", methods=["GET"])
@secured
@blp.arguments(schemas.DataRequestQuery, location="query")
@blp.response(200, schemas.DataRequestPage)
def list_data_requests(_):
    """Every personal-data request (administrators)

    Administrators follow export and erasure requests service by service (an erased person
    can no longer sign in to see theirs); filter by `user_id`, `kind`, `status`. 403 for
    anyone else."""
    return rpc("identity", "list_data_requests", query())


@blp.route("/personal-data/requests/<uuid:request_id>", methods=["GET"])
@secured
@blp.response(200, schemas.DataRequest)
def get_data_request(request_id):
    """One personal-data request with each service's progress

    Its person or an administrator; anyone else 404 `data_request_not_found`."""
    return rpc("identity", "get_data_request", str(request_id))


@blp.route("/personal-data/downloads/<string:token>", methods=["GET"])
@rate_limited("RATE_LIMIT_AUTH_IP")
@blp.response(200, BINARY, content_type="application/zip", description="the ZIP of CSV files")
def download_personal_data(token):
    """Download your exported personal data (the e-mailed link)

    Public: the link's token is the capability. It opens once, until it expires
    (`PERSONAL_DATA_LINK_TTL`); then 404 `download_used` or `download_expired`, and a new
    export must be requested. Unknown tokens 404 `download_not_found`."""
    result = rpc("identity", "download_personal_data", token)
    return binary(result, result["filename"], inline=False)
# --- the action log (issue 13 item 11) ------------------------------------------------

@blp.route("/account/actions", methods=["GET"])
@secured
@blp.arguments(schemas.ActionQuery, location="query")
@blp.response(200, schemas.ActionPage)
def list_account_actions(_):
    """Your account's action log.

    Every change made by the account's users or by staff on the account's objects — who,
    what, on which object, when, from which address — newest first, filtered by actor,
    action, object, service, period and text (the list conventions). For the account's
    administrator (its first user or a user with the `users` right); anyone else gets 403
    `account_admin_required`. Nothing changes; the log is append-only. A change appears
    moments after it is made (it travels as an event). 422 `validation_failed` for a bad
    filter or sort.
    """
    return rpc("identity", "list_account_actions", query())


@blp.route("/actions", methods=["GET"])
@secured
@blp.arguments(schemas.AdminActionQuery, location="query")
@blp.response(200, schemas.ActionPage)
def list_actions(_):
    """Every account's action log (administrators).

    Every change people made in any service, with the filters of the account's log plus
    `account_id`. Administrators only: anyone else gets 403 `admin_required`. Nothing
    changes. 422 `validation_failed` for a bad filter or sort.
    """
    return rpc("identity", "list_actions", query())
