"""Identity endpoints (I1–I7): /auth, /me, /users, /companies, /communities, /account/users,
/me/personal-data and /personal-data (I6)."""
from __future__ import annotations

from flask import current_app, g
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from gateway.auth import revoked_key, secured_by
from gateway.calls import body, query, rpc
from gateway.limits import idempotent, rate_limited, sign_in_guarded
from gateway.uploads import binary
from kit.schemas import PageQuery
from services.identity import schemas

blp = Blueprint("identity", __name__, url_prefix="/api/v1", description="Sign-up, sign-in, profiles, people (I1–I7)")


class LogoutResult(Schema):
    revoked_refresh_tokens = fields.Integer()
    access_token_revoked = fields.Boolean()


class SentTo(Schema):
    sent_to = fields.String()


class Deleted(Schema):
    deleted = fields.String()


secured = secured_by(blp)


# --- auth (I1, I2) --------------------------------------------------------------------

@blp.route("/auth/register", methods=["POST"])
@rate_limited("RATE_LIMIT_REGISTER_IP", "RATE_LIMIT_REGISTER_ID", "email|phone")
@blp.arguments(schemas.RegisterRequest)
@blp.response(202, schemas.RegistrationStarted)
def register(_):
    """Register by e-mail or phone: a confirmation link is sent (e-mail or SMS)."""
    return rpc("identity", "register", body())


@blp.route("/auth/confirm", methods=["POST"])
@rate_limited("RATE_LIMIT_AUTH_IP")
@blp.arguments(schemas.ConfirmRequest)
@blp.response(200, schemas.Confirmed)
def confirm(_):
    """Confirm with the link's token and set the password; returns the user and tokens."""
    return rpc("identity", "confirm", body())


@blp.route("/auth/login", methods=["POST"])
@sign_in_guarded("RATE_LIMIT_LOGIN_IP", "RATE_LIMIT_LOGIN_ID")
@blp.arguments(schemas.LoginRequest)
@blp.response(200, schemas.Tokens)
def login(_):
    """Sign in with e-mail or phone and password (+ `totp` when two-step sign-in is on)."""
    return rpc("identity", "login", body())


@blp.route("/auth/refresh", methods=["POST"])
@rate_limited("RATE_LIMIT_AUTH_IP")
@blp.arguments(schemas.RefreshRequest)
@blp.response(200, schemas.Tokens)
def refresh(_):
    """Exchange a refresh token for new tokens; the old refresh token is spent."""
    return rpc("identity", "refresh", body())


@blp.route("/auth/logout", methods=["POST"])
@secured
@blp.arguments(schemas.LogoutRequest)
@blp.response(200, LogoutResult)
def logout(_):
    """Revoke this access token now, and the refresh token's session (or all: `everywhere`)."""
    result = rpc("identity", "logout", body())
    claims = g.token_claims
    import time

    ttl = max(1, int(claims["exp"] - time.time()))
    current_app.extensions["redis"].set(current_app.extensions["redis_key"](revoked_key(claims["jti"])), "1", ex=ttl)
    return dict(result, access_token_revoked=True)


# --- profile (I4) ---------------------------------------------------------------------

@blp.route("/me", methods=["GET"])
@secured
@blp.response(200, schemas.User)
def get_me():
    return rpc("identity", "get_me")


@blp.route("/me", methods=["PATCH"])
@secured
@blp.arguments(schemas.ProfileUpdate)
@blp.response(200, schemas.User)
def update_me(_):
    """Change name, language, password or phone (a new phone gets an SMS code)."""
    return rpc("identity", "update_me", body())


@blp.route("/me/phone/confirm", methods=["POST"])
@secured
@blp.arguments(schemas.CodeRequest)
@blp.response(200, schemas.User)
def confirm_phone(_):
    """Enter the SMS code: confirms a new number, or releases the old confirmed one."""
    return rpc("identity", "confirm_phone", body())


@blp.route("/me/phone/release", methods=["POST"])
@secured
@blp.response(202, SentTo)
def release_phone():
    """To change a confirmed number: a code goes to that number first."""
    return rpc("identity", "start_phone_release")


@blp.route("/me/phone/resend", methods=["POST"])
@secured
@blp.response(202, SentTo)
def resend_phone_code():
    return rpc("identity", "resend_phone_code")


@blp.route("/me/totp", methods=["POST"])
@secured
@blp.response(200, schemas.TotpSetup)
def totp_setup():
    """Start two-step sign-in: add the secret to an authenticator app, then confirm a code."""
    return rpc("identity", "totp_setup")


@blp.route("/me/totp/confirm", methods=["POST"])
@secured
@blp.arguments(schemas.CodeRequest)
@blp.response(200, schemas.User)
def totp_enable(_):
    return rpc("identity", "totp_enable", body())


@blp.route("/me/totp/disable", methods=["POST"])
@secured
@blp.arguments(schemas.CodeRequest)
@blp.response(200, schemas.User)
def totp_disable(_):
    return rpc("identity", "totp_disable", body())


# --- people (I5, I7) ------------------------------------------------------------------

@blp.route("/users", methods=["GET"])
@secured
@blp.arguments(schemas.UserSearchQuery, location="query")
@blp.response(200, schemas.UserPage)
def search_users(_):
    """Partial-name search (first or last name, any case, Cyrillic or Latin), optionally
    within a company or community. Clients see names and groups only."""
    return rpc("identity", "search_users", query())


@blp.route("/users", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.CreateUserRequest)
@blp.response(201, schemas.User)
def create_user(_):
    """Staff add a person (admin: any roles; rental manager: clients)."""
    return rpc("identity", "create_user", body())


@blp.route("/users/<uuid:user_id>", methods=["GET"])
@secured
@blp.response(200, schemas.User)
def get_user(user_id):
    return rpc("identity", "get_user", str(user_id))


@blp.route("/users/<uuid:user_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.UpdateUserRequest)
@blp.response(200, schemas.User)
def update_user(_, user_id):
    """Administrator: names, login e-mail, roles, enabled."""
    return rpc("identity", "update_user", str(user_id), body())


# --- companies and communities (I5) ---------------------------------------------------

def _group_routes(kind: str, plural: str):
    @blp.route("/" + plural, methods=["GET"], endpoint="list_" + plural)
    @secured
    @blp.arguments(schemas.NameQuery, location="query")
    @blp.response(200, schemas.GroupPage)
    def list_groups(_):
        return rpc("identity", "list_groups", kind, query())

    @blp.route("/" + plural, methods=["POST"], endpoint="create_" + kind)
    @secured
    @idempotent
    @blp.arguments(schemas.NamedRequest)
    @blp.response(201, schemas.Group)
    def create_group(_):
        return rpc("identity", "create_group", kind, body())

    @blp.route("/{}/<uuid:group_id>/members".format(plural), methods=["POST"], endpoint="add_{}_member".format(kind))
    @secured
    @blp.arguments(schemas.MemberRequest)
    @blp.response(200, schemas.User)
    def add_member(_, group_id):
        return rpc("identity", "set_membership", kind, str(group_id), body(), True)

    @blp.route("/{}/<uuid:group_id>/members/<uuid:user_id>".format(plural), methods=["DELETE"],
               endpoint="remove_{}_member".format(kind))
    @secured
    @blp.response(200, schemas.User)
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
    return rpc("identity", "list_account_users", query())


@blp.route("/account/users", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.AccountUserCreate)
@blp.response(201, schemas.User)
def create_account_user(_):
    """Invite a user into your account with rights (an e-mail link sets their password)."""
    return rpc("identity", "create_account_user", body())


@blp.route("/account/users/<uuid:user_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.AccountUserUpdate)
@blp.response(200, schemas.User)
def update_account_user(_, user_id):
    """Edit names, rights, enable/disable (the first user keeps every right)."""
    return rpc("identity", "update_account_user", str(user_id), body())


@blp.route("/account/users/<uuid:user_id>", methods=["DELETE"])
@secured
@blp.response(200, Deleted)
def delete_account_user(user_id):
    """Delete a user of your account (never the first user)."""
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
@blp.response(200, content_type="application/zip", description="the ZIP of CSV files")
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
