"""The administrator's part of the staff console: the catalog's services, people (search,
add with roles, enable or disable), companies and communities (list, create), and the
notification deliveries with the dead letters sent again. Administrators only — the API
says so (403 ``role_required`` for anyone else), and the page shows its refusal."""
from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _
from web.pages.console import problem_errors

blp = Blueprint("admin", __name__, url_prefix="/console/admin")

ROLES = ("client", "rental_manager", "event_manager", "executor", "support_agent", "admin")
DELIVERY_STATUSES = ("queued", "sent", "failed", "retrying", "dead")
GROUPS = {"companies": "company", "communities": "community"}


@blp.get("/catalog")
@login_required
def catalog():
    page = auth.api("GET", "/catalog/services", params={"per_page": 100, "include_inactive": "true",
                                                          "q": request.args.get("q") or None})
    return render_template("console/admin_catalog.html", services=page.get("items", []))


@blp.route("/users", methods=["GET", "POST"])
@login_required
def users():
    errors, form, status, people = {}, {}, 200, []
    if request.method == "POST":
        form = request.form.to_dict()
        body = {name: form[name].strip() for name in ("first_name", "last_name", "email", "phone")
                if form.get(name, "").strip()}
        body["roles"] = [r for r in request.form.getlist("roles") if r in ROLES] or ["client"]
        try:
            user = auth.api("POST", "/users", json=body,
                            headers={"Idempotency-Key": form.get("idempotency_key") or uuid.uuid4().hex})
        except ApiError as exc:
            errors, status = problem_errors(exc), exc.status
        else:
            flash(_("%(name)s is added: a link to set the password is sent.", name=user.get("first_name", "")),
                  "success")
            return redirect(url_for("admin.users", q=user.get("first_name", "")))
    if request.args.get("q", "").strip():
        try:
            people = auth.api("GET", "/users", params={"q": request.args["q"].strip(), "per_page": 50})["items"]
        except ApiError as exc:
            if exc.status != 422:
                raise
            errors["q"] = problem_errors(exc).get("q") or [exc.message]
    return render_template("console/admin_users.html", people=people, errors=errors, form=form, roles=ROLES,
                           user_key=uuid.uuid4().hex), status


@blp.post("/users/<uuid:user_id>/enabled")
@login_required
def set_enabled(user_id):
    try:
        auth.api("PATCH", "/users/{}".format(user_id), json={"enabled": request.form.get("enabled") == "1"})
    except ApiError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Saved."), "success")
    return redirect(url_for("admin.users", q=request.form.get("q", "")))


@blp.route("/groups/<plural>", methods=["GET", "POST"])
@login_required
def groups(plural):
    if plural not in GROUPS:
        return render_template("errors/error.html", status=404, message=_("There is no such page.")), 404
    errors, status = {}, 200
    if request.method == "POST":
        try:
            auth.api("POST", "/" + plural, json={"name": request.form.get("name", "").strip()},
                     headers={"Idempotency-Key": request.form.get("idempotency_key") or uuid.uuid4().hex})
        except ApiError as exc:
            errors, status = problem_errors(exc), exc.status
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.groups", plural=plural))
    page = auth.api("GET", "/" + plural, params={"per_page": 100, "q": request.args.get("q") or None})
    return render_template("console/admin_groups.html", plural=plural, items=page.get("items", []), errors=errors,
                           group_key=uuid.uuid4().hex), status


@blp.get("/deliveries")
@login_required
def deliveries():
    filters = {name: request.args[name].strip() for name in ("status", "recipient_name", "q")
               if request.args.get(name, "").strip()}
    params = dict(filters, per_page=30, page=request.args.get("page", 1, type=int))
    errors, page = {}, {"items": [], "total": 0, "per_page": 30, "page": 1}
    try:
        page = auth.api("GET", "/notifications/deliveries", params=params)
    except ApiError as exc:
        if exc.status != 422:
            raise
        errors = problem_errors(exc)
    return render_template("console/admin_deliveries.html", page=page, filters=filters, errors=errors,
                           statuses=DELIVERY_STATUSES), 422 if errors else 200


@blp.post("/deliveries/<uuid:delivery_id>/retry")
@login_required
def retry(delivery_id):
    try:
        auth.api("POST", "/notifications/deliveries/{}/retry".format(delivery_id))
    except ApiError as exc:
        flash(exc.message, "error")
    else:
        flash(_("The delivery is queued again."), "success")
    return redirect(url_for("admin.deliveries", status=request.form.get("status") or None))
