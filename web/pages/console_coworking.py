"""«Календарь услуг > Коворкинг» (manual 002) in the staff console: the tickets with their
filters (``GET /coworking/tickets``: number, period, visitor, statuses), the ticket's form
(C10) with the identity check and its reset (C5), the change of visitor — a registered
person found by name, or a new one created on the spot (C7) — and of workplace (C8), and a
new coworking order for a client (``POST /orders`` with ``on_behalf_of``). The API decides
who may: a client gets its 403/404 rendered."""
from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _
from web.pages.console import iso_to_local, local_to_iso, problem_errors

blp = Blueprint("console_coworking", __name__, url_prefix="/console/coworking")

TICKET_STATUSES = ("new", "confirmed", "active", "cancelled", "done")
#: the new order form's fields that show their own errors (any other goes above the form)
SHOWN_ORDER_FIELDS = ("_", "service_id", "on_behalf_of", "space_id", "tariff_id", "starts_at", "ends_at",
                      "workplace_id")


@blp.get("/tickets")
@login_required
def tickets():
    filters = {name: request.args[name].strip() for name in ("number", "visitor", "from", "to")
               if request.args.get(name, "").strip()}
    statuses = [s for s in request.args.getlist("status") if s in TICKET_STATUSES]
    params = {"per_page": 20, "page": request.args.get("page", 1, type=int)}
    errors = {}
    for name, value in filters.items():
        if name in ("from", "to"):
            try:
                params[name] = local_to_iso(value)
            except ValueError:
                errors[name] = [_("A date and time.")]
        else:
            params[name] = value
    if statuses:
        params["status"] = ",".join(statuses)
    page = {"items": [], "total": 0, "per_page": 20, "page": 1}
    if not errors:
        try:
            page = auth.api("GET", "/coworking/tickets", params=params)
        except ApiError as exc:
            if exc.status != 422:
                raise
            errors = problem_errors(exc)
            for wire, shown in (("starts_at", "from"), ("ends_at", "to")):
                if wire in errors:
                    errors[shown] = errors.pop(wire)
    return render_template("console/coworking_tickets.html", page=page, filters=filters, statuses=statuses,
                           all_statuses=TICKET_STATUSES, errors=errors), 422 if errors else 200


def _ticket_page(number: int, errors: dict | None = None, status: int = 200, form: dict | None = None):
    ticket = auth.api("GET", "/coworking/tickets/{}".format(number))
    errors = dict(errors or {})
    people, workplaces = [], []
    if request.args.get("people", "").strip():
        try:
            people = auth.api("GET", "/users", params={"q": request.args["people"].strip(), "per_page": 10})["items"]
        except ApiError as exc:
            errors["people"] = problem_errors(exc).get("q") or [exc.message]
    if "change_workplace" in (ticket.get("actions") or []) and ticket.get("space"):
        try:
            workplaces = auth.api("GET", "/coworking/spaces/{}/workplaces".format(ticket["space"]["id"]),
                                  params={"from": ticket["starts_at"], "to": ticket["ends_at"]}).get("workplaces", [])
        except ApiError:
            workplaces = []
    return render_template("console/coworking_ticket.html", ticket=ticket, errors=errors, form=form or {},
                           people=people, workplaces=workplaces, user_key=uuid.uuid4().hex), status


@blp.get("/tickets/<int:number>")
@login_required
def ticket(number):
    return _ticket_page(number)


@blp.post("/tickets/<int:number>/validation")
@login_required
def validation(number):
    """«Выполнить» (validate) or «Сбросить» (``reset=1``)."""
    reset = request.form.get("reset") == "1"
    try:
        auth.api("DELETE" if reset else "POST", "/coworking/tickets/{}/validation".format(number))
    except ApiError as exc:
        return _ticket_page(number, problem_errors(exc), exc.status)
    flash(_("The validation is reset.") if reset else _("The ticket is validated."), "success")
    return redirect(url_for("console_coworking.ticket", number=number))


@blp.post("/tickets/<int:number>/visitor")
@login_required
def change_visitor(number):
    """Another visitor: a person found by name (``user_id``), or a new one (``new=1``:
    ``POST /users`` first, which e-mails them a link to set their password)."""
    form = request.form.to_dict()
    user_id = form.get("user_id", "")
    if form.get("new") == "1":
        body = {name: form[name].strip() for name in ("first_name", "last_name", "email", "phone")
                if form.get(name, "").strip()}
        try:
            user = auth.api("POST", "/users", json=body,
                            headers={"Idempotency-Key": form.get("idempotency_key") or uuid.uuid4().hex})
        except ApiError as exc:
            return _ticket_page(number, problem_errors(exc), exc.status, form=form)
        user_id = user["id"]
    try:
        auth.api("PUT", "/coworking/tickets/{}/visitor".format(number), json={"user_id": user_id})
    except ApiError as exc:
        errors = problem_errors(exc)
        if "user_id" in errors:
            errors.setdefault("_", []).extend(errors.pop("user_id"))
        return _ticket_page(number, errors, exc.status, form=form)
    flash(_("The visitor is changed."), "success")
    return redirect(url_for("console_coworking.ticket", number=number))


@blp.post("/tickets/<int:number>/workplace")
@login_required
def change_workplace(number):
    try:
        auth.api("PUT", "/coworking/tickets/{}/workplace".format(number),
                 json={"workplace_id": request.form.get("workplace_id", "")})
    except ApiError as exc:
        return _ticket_page(number, problem_errors(exc), exc.status)
    flash(_("The workplace is changed."), "success")
    return redirect(url_for("console_coworking.ticket", number=number))


@blp.route("/orders/new", methods=["GET", "POST"])
@login_required
def new_order():
    """A coworking order for a client (manual 002, «Создать заказ»): the service, the client
    (found by name), the space, the tariff and the period; the API places it on their behalf."""
    services = [s for s in auth.api("GET", "/catalog/services", params={"per_page": 100}).get("items", [])
                if s.get("kind") == "coworking"]
    form = request.form.to_dict() if request.method == "POST" else {"service_id": request.args.get("service_id", "")}
    service = next((s for s in services if s["id"] == form.get("service_id")), services[0] if services else None)
    spaces, errors, status, people = [], {}, 200, []
    if service:
        service = auth.api("GET", "/catalog/services/{}".format(service["id"]))
        spaces = auth.api("GET", "/coworking/spaces", params={"service_id": service["id"]}).get("items", [])
    if request.args.get("people", "").strip():
        try:
            people = auth.api("GET", "/users", params={"q": request.args["people"].strip(), "per_page": 10})["items"]
        except ApiError as exc:
            errors["people"] = problem_errors(exc).get("q") or [exc.message]
    if request.method == "POST" and service:
        payload = {"service_id": service["id"], "tariff_id": form.get("tariff_id", ""),
                   "space_id": form.get("space_id", ""), "on_behalf_of": form.get("on_behalf_of", "")}
        if form.get("workplace_id"):
            payload["workplace_id"] = form["workplace_id"]
        try:
            payload["starts_at"] = local_to_iso(form.get("starts_at", ""))
            payload["ends_at"] = local_to_iso(form.get("ends_at", ""))
        except ValueError:
            errors["starts_at"] = [_("A date and time.")]
        if not errors:
            try:
                # the form's key: a form sent twice places one order
                order = auth.api("POST", "/orders", json={k: v for k, v in payload.items() if v is not None},
                                 headers={"Idempotency-Key": form.get("idempotency_key") or uuid.uuid4().hex})
            except ApiError as exc:
                errors, status = problem_errors(exc), exc.status
                for name in [n for n in errors if n not in SHOWN_ORDER_FIELDS]:   # shown above the form
                    errors.setdefault("_", []).extend("{}: {}".format(name, m) for m in errors.pop(name))
            else:
                flash(_("Order No. %(number)s is placed.", number=order["number"]), "success")
                return redirect(url_for("console.order", number=order["number"]))
        else:
            status = 422
    return render_template("console/coworking_new_order.html", services=services, service=service, spaces=spaces,
                           form=form, errors=errors, people=people, order_key=uuid.uuid4().hex,
                           iso_to_local=iso_to_local), status
