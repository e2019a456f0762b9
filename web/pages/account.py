"""«Мой кабинет»: the profile (names, language, password), two-step sign-in (the
authenticator's secret as a QR code, switched on with a code from the app, off with one)
and ending sessions."""
from __future__ import annotations

import base64
import io

import qrcode
from flask import Blueprint, flash, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _

blp = Blueprint("account", __name__, url_prefix="/account")


@blp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    errors = {}
    status = 200
    if request.method == "POST":
        change = {name: request.form.get(name, "").strip() for name in ("first_name", "last_name", "language")}
        change = {name: value for name, value in change.items() if value or name == "last_name"}
        if request.form.get("new_password"):
            change["password"] = {"current_password": request.form.get("current_password", ""),
                                  "new_password": request.form.get("new_password", "")}
        try:
            auth.api("PATCH", "/me", json=change)
        except ApiError as exc:
            errors = {name.replace("password.", "", 1): messages for name, messages in exc.field_errors().items()}
            if "_schema" in errors:
                errors["_"] = errors.pop("_schema")
            errors = errors or {"_": [exc.message]}
            status = exc.status
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("account.profile"))
    me = auth.api("GET", "/me")
    return render_template("account/profile.html", user=me, errors=errors), status


def _qr_data_uri(text: str) -> str:
    """A PNG QR code as a data: URI (the CSP allows data: images; nothing leaves the server)."""
    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@blp.post("/totp/start")
@login_required
def totp_start():
    try:
        setup = auth.api("POST", "/me/totp")
    except ApiError as exc:
        flash(exc.message, "error")
        return redirect(url_for("account.profile"))
    return render_template("account/totp.html", setup=setup, qr=_qr_data_uri(setup["otpauth_url"]), errors={})


@blp.post("/totp/confirm")
@login_required
def totp_confirm():
    try:
        auth.api("POST", "/me/totp/confirm", json={"code": request.form.get("code", "").strip()})
    except ApiError as exc:
        return render_template("account/totp.html", setup=None, qr=None,
                               errors=exc.field_errors() or {"code": [exc.message]}), exc.status
    flash(_("Two-step sign-in is on."), "success")
    return redirect(url_for("account.profile"))


@blp.post("/totp/disable")
@login_required
def totp_disable():
    try:
        auth.api("POST", "/me/totp/disable", json={"code": request.form.get("code", "").strip()})
    except ApiError as exc:
        me = auth.api("GET", "/me")
        return render_template("account/profile.html", user=me,
                               errors=exc.field_errors() or {"code": [exc.message]}), exc.status
    flash(_("Two-step sign-in is off."), "success")
    return redirect(url_for("account.profile"))
