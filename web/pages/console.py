"""«Управление экосистемой» (manual 001): the staff console's orders — the list with its
filters (``GET /orders?scope=managed``), the order view with the public and internal chat,
the executor, the status, the deadline and the recorded payments — and the event check-in
by a ticket's QR payload.

Nothing here decides who may see what: every page asks the API as the signed-in person,
and a person the API refuses (a client: 403 ``staff_only``, 404 ``order_not_found``) gets
the API's problem rendered by the app's error page, never data. The staff menu is only a
convenience (``STAFF_ROLES`` of ``/me``)."""
from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _

blp = Blueprint("console", __name__, url_prefix="/console")

#: the roles that see the staff menu (kit.context.STAFF_ROLES; the API decides the rest)
STAFF_ROLES = ("rental_manager", "event_manager", "executor", "support_agent", "admin")
#: order statuses offered in the list's filter (services/orders/domain/states.py)
ORDER_STATUSES = ("new", "new_payment_pending", "new_awaiting_invoice", "invoice_issued", "confirmed",
                  "in_progress", "done_awaiting_confirmation", "done", "cancelled", "cancelled_payment_failed",
                  "cancelled_refund_pending", "cancelled_refunded")
ORDER_KINDS = ("simple", "request", "booking", "goods", "coworking", "hotel", "event")
ORDER_SORTS = ("-created_at", "created_at", "-number", "number", "deadline", "-deadline", "-total", "total",
               "starts_at", "-starts_at", "status")
LIST_FILTERS = ("status", "kind", "applicant", "executor", "q", "period_by", "period_from", "period_to", "sort",
                "number")


def is_staff() -> bool:
    return auth.has_role(*STAFF_ROLES)


@blp.app_context_processor
def staff_menu():
    return {"is_staff": is_staff}


def local_to_iso(value: str) -> str | None:
    """A ``datetime-local`` input (the console's time zone) as ISO 8601 with its offset."""
    value = (value or "").strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(current_app.config["WEB_TIMEZONE"]))
    return moment.isoformat()


def iso_to_local(value: str | None) -> str:
    if not value:
        return ""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(current_app.config["WEB_TIMEZONE"])).strftime("%Y-%m-%dT%H:%M")


def problem_errors(exc: ApiError) -> dict:
    errors = exc.field_errors()
    if "_schema" in errors:
        errors.setdefault("_", []).extend(errors.pop("_schema"))
    if not errors:
        errors["_"] = [exc.message]
    return errors


@blp.get("/")
@login_required
def home():
    return render_template("console/home.html")


# --- orders (O14) ----------------------------------------------------------------------------

@blp.get("/orders")
@login_required
def orders():
    filters = {name: request.args[name].strip() for name in LIST_FILTERS if request.args.get(name, "").strip()}
    params = dict(filters, scope="managed", per_page=20, page=request.args.get("page", 1, type=int))
    errors, page = {}, {"items": [], "total": 0, "per_page": 20, "page": 1}
    try:
        page = auth.api("GET", "/orders", params=params)
    except ApiError as exc:
        if exc.status != 422:
            raise                      # 403 staff_only: the error page, never a list
        errors = problem_errors(exc)
    return render_template("console/orders.html", page=page, filters=filters, errors=errors,
                           statuses=ORDER_STATUSES, kinds=ORDER_KINDS, sorts=ORDER_SORTS), 422 if errors else 200


@blp.get("/orders/export.csv")
@login_required
def export_orders():
    """The list's orders as the API's CSV (``GET /orders/export.csv``, same filters), streamed."""
    filters = {name: request.args[name].strip() for name in LIST_FILTERS if request.args.get(name, "").strip()}
    answer = auth.api_raw("GET", "/orders/export.csv", params=dict(filters, scope="managed"), stream=True)
    return Response(answer.iter_content(64 * 1024), content_type=answer.headers.get("Content-Type", "text/csv"),
                    headers={"Content-Disposition": answer.headers.get("Content-Disposition",
                                                                       "attachment; filename=orders.csv"),
                             "Cache-Control": "private, no-store"})


def _order_page(number: int, errors: dict | None = None, status: int = 200, form: dict | None = None):
    order = auth.api("GET", "/orders/{}".format(number))
    chat = auth.api("GET", "/orders/{}/messages".format(number), params={"per_page": 50})
    messages = list(reversed(chat.get("items") or []))          # newest first from the API: oldest on top
    if messages and chat.get("unread"):
        try:
            auth.api("POST", "/orders/{}/messages/read".format(number), json={})
        except ApiError:
            pass                                                # marking read is a courtesy
    people = []
    if request.args.get("people", "").strip():
        try:
            people = auth.api("GET", "/users", params={"q": request.args["people"].strip(), "per_page": 10})["items"]
        except ApiError as exc:
            errors = dict(errors or {}, people=problem_errors(exc).get("q") or [exc.message])
    return render_template("console/order.html", order=order, messages=messages, errors=errors or {},
                           form=form or {}, people=people, deadline=iso_to_local(order.get("deadline")),
                           payment_key=uuid.uuid4().hex), status


@blp.get("/orders/<int:number>")
@login_required
def order(number):
    return _order_page(number)


@blp.post("/orders/<int:number>/messages")
@login_required
def post_message(number):
    body = {"text": request.form.get("text", ""),
            "visibility": "internal" if request.form.get("visibility") == "internal" else "public"}
    try:
        auth.api("POST", "/orders/{}/messages".format(number), json=body)
    except ApiError as exc:
        return _order_page(number, problem_errors(exc), exc.status, form=request.form.to_dict())
    return redirect(url_for("console.order", number=number) + "#chat")


@blp.post("/orders/<int:number>/update")
@login_required
def update_order(number):
    """PATCH /orders/{n}: one of status, assignee (``assignee_id``, empty: none), deadline."""
    body = {}
    what = request.form.get("what")
    if what == "status":
        body["status"] = request.form.get("status", "")
        if request.form.get("reason", "").strip():
            body["reason"] = request.form["reason"].strip()
    elif what == "assignee":
        body["assignee_id"] = request.form.get("assignee_id") or None
    elif what == "deadline":
        try:
            body["deadline"] = local_to_iso(request.form.get("deadline", ""))
        except ValueError:
            return _order_page(number, {"deadline": [_("A date and time.")]}, 422, form=request.form.to_dict())
    try:
        auth.api("PATCH", "/orders/{}".format(number), json=body)
    except ApiError as exc:
        return _order_page(number, problem_errors(exc), exc.status, form=request.form.to_dict())
    flash(_("Saved."), "success")
    return redirect(url_for("console.order", number=number))


@blp.post("/orders/<int:number>/payments")
@login_required
def record_payment(number):
    """A payment received in person (O14): the amount in roubles, kept in kopecks."""
    raw = request.form.get("amount", "").strip().replace(" ", "").replace(",", ".")
    try:
        amount = round(float(raw) * 100)
    except ValueError:
        return _order_page(number, {"amount": [_("An amount in roubles.")]}, 422, form=request.form.to_dict())
    body = {"amount": amount}
    if request.form.get("comment", "").strip():
        body["comment"] = request.form["comment"].strip()
    key = request.form.get("idempotency_key") or uuid.uuid4().hex   # a form sent twice records one payment
    try:
        auth.api("POST", "/orders/{}/payments".format(number), json=body, headers={"Idempotency-Key": key})
    except ApiError as exc:
        return _order_page(number, problem_errors(exc), exc.status, form=request.form.to_dict())
    flash(_("The payment is recorded."), "success")
    return redirect(url_for("console.order", number=number) + "#payment")


# --- event check-in (O12) ----------------------------------------------------------------------

@blp.route("/check-in", methods=["GET", "POST"])
@login_required
def check_in():
    errors, result, status = {}, None, 200
    if request.method == "POST":
        try:
            result = auth.api("POST", "/event-tickets/check-in", json={"payload": request.form.get("payload", "")})
        except ApiError as exc:
            errors, status = problem_errors(exc), exc.status
            if "_" not in errors and "payload" not in errors:
                errors["_"] = [exc.message]
    return render_template("console/check_in.html", errors=errors, result=result), status
