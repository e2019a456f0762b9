"""«Мой кабинет»: the profile (names, language, password) and ending sessions."""
from __future__ import annotations

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
