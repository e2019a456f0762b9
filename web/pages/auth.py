"""Signing in (with the authenticator's code when two-step sign-in is on), signing out (here
or everywhere), registering, and the registration link's landing page (``/confirm?token=``)."""
from __future__ import annotations

import json
import secrets

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for

from web import auth
from web.api import ApiError
from web.i18n import _
from web.pages.ops import safe_next

blp = Blueprint("auth", __name__)

#: seconds the login and password wait, server-side, for the authenticator's code
TOTP_STEP_SECONDS = 300


def _pending_key(ref: str) -> str:
    return "{}web:totp-step:{}:{}".format(current_app.config["REDIS_KEY_PREFIX"] or "", session.sid, ref)


@blp.route("/signin", methods=["GET", "POST"])
def sign_in():
    back = safe_next(request.values.get("next"))
    if request.method == "GET":
        if auth.tokens():
            return redirect(back)
        if request.args.get("expired"):
            flash(_("Your session has ended. Sign in again."), "info")
        return render_template("auth/sign_in.html", next=back, form={}, errors={})
    form = {"login": request.form.get("login", "").strip()}
    payload = {"login": form["login"], "password": request.form.get("password", "")}
    return _log_in(payload, back, form)


@blp.route("/signin/code", methods=["POST"])
def sign_in_code():
    back = safe_next(request.form.get("next"))
    ref = request.form.get("ref", "")
    redis = current_app.extensions["web.redis"]
    raw = redis.get(_pending_key(ref)) if ref.isalnum() else None
    if not raw:
        flash(_("The sign-in took too long. Enter your login and password again."), "error")
        return redirect(url_for("auth.sign_in", next=back))
    payload = dict(json.loads(raw), totp=request.form.get("totp", "").strip())
    return _log_in(payload, back, {"login": payload["login"]}, ref=ref)


def _log_in(payload: dict, back: str, form: dict, ref: str | None = None):
    redis = current_app.extensions["web.redis"]
    try:
        answer = auth.anonymous_call("POST", "/auth/login", json=payload)
    except ApiError as exc:
        if exc.code in ("totp_required", "totp_invalid"):
            # the password was right: keep it server-side a few minutes, ask for the code
            ref = ref or secrets.token_hex(16)
            redis.set(_pending_key(ref), json.dumps({"login": payload["login"], "password": payload["password"]}),
                      ex=TOTP_STEP_SECONDS)
            errors = {"totp": [exc.message]} if exc.code == "totp_invalid" else {}
            return render_template("auth/sign_in_code.html", next=back, ref=ref, errors=errors), \
                200 if not errors else 422
        errors = exc.field_errors()
        if not errors:
            errors = {"_": [exc.message]}
        return render_template("auth/sign_in.html", next=back, form=form, errors=errors), exc.status
    if ref:
        redis.delete(_pending_key(ref))
    auth.sign_in(answer)
    return redirect(back)


@blp.route("/signout", methods=["POST"])
def sign_out():
    auth.sign_out(everywhere=request.form.get("everywhere") == "1")
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.sign_in"))


@blp.route("/register", methods=["GET", "POST"])
def register():
    if request.method == "GET":
        return render_template("auth/register.html", form={}, errors={})
    form = {name: request.form.get(name, "").strip() for name in ("email", "phone", "first_name", "last_name")}
    payload = {name: value for name, value in form.items() if value}
    payload["language"] = g.lang
    try:
        started = auth.anonymous_call("POST", "/auth/register", json=payload)
    except ApiError as exc:
        errors = exc.field_errors() or {"_": [exc.message]}
        if "_schema" in errors:
            errors["_"] = errors.pop("_schema")
        return render_template("auth/register.html", form=form, errors=errors), exc.status
    return render_template("auth/register_sent.html", started=started, form=form)


@blp.route("/confirm", methods=["GET", "POST"])
def confirm():
    """The registration link: set the password; the API signs the new person in."""
    token = request.values.get("token", "")
    if request.method == "GET":
        return render_template("auth/confirm.html", token=token, errors={})
    password, repeated = request.form.get("password", ""), request.form.get("password_repeat", "")
    if password != repeated:
        return render_template("auth/confirm.html", token=token,
                               errors={"password_repeat": [_("The passwords differ.")]}), 422
    try:
        answer = auth.anonymous_call("POST", "/auth/confirm", json={"token": token, "password": password})
    except ApiError as exc:
        errors = exc.field_errors() or {"_": [exc.message]}
        if "token" in errors or exc.code == "code_invalid":
            errors.setdefault("_", []).extend(errors.pop("token", []) or [exc.message])
        return render_template("auth/confirm.html", token=token, errors=errors), exc.status
    auth.sign_in(answer["tokens"])
    flash(_("Registration is complete. Welcome!"), "success")
    return redirect(url_for("orders.catalog"))
