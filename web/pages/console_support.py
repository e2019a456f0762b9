"""Support queues by department (HubEx, manual 003) in the staff console: the tickets staff
answer (``GET /support/tickets?scope=staff``) with the department and status filters, the
ticket with its chat, the answer, and the status moves the API lists for it (take, wait for
the customer, resolve, reopen, close). A person who is not staff gets the API's 403/404."""
from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _
from web.pages.console import problem_errors

blp = Blueprint("console_support", __name__, url_prefix="/console/support")

TICKET_STATUSES = ("new", "in_progress", "awaiting_customer", "resolved", "closed")
#: a ticket's staff action (``actions`` of the view) → the status PATCH sets
ACTION_STATUS = {"take": "in_progress", "await_customer": "awaiting_customer", "resolve": "resolved",
                 "reopen": "in_progress", "close": "closed"}


@blp.get("/")
@login_required
def queue():
    filters = {name: request.args[name].strip() for name in ("department_id", "status", "number")
               if request.args.get(name, "").strip()}
    params = dict(filters, scope="staff", per_page=20, page=request.args.get("page", 1, type=int))
    errors, page = {}, {"items": [], "total": 0, "per_page": 20, "page": 1}
    try:
        page = auth.api("GET", "/support/tickets", params=params)
    except ApiError as exc:
        if exc.status != 422:
            raise
        errors = problem_errors(exc)
    departments = auth.api("GET", "/support/departments").get("items", [])
    return render_template("console/support_queue.html", page=page, filters=filters, errors=errors,
                           departments=departments, statuses=TICKET_STATUSES), 422 if errors else 200


def _ticket_page(number: int, errors: dict | None = None, status: int = 200, form: dict | None = None):
    ticket = auth.api("GET", "/support/tickets/{}".format(number))
    chat = auth.api("GET", "/support/tickets/{}/messages".format(number), params={"per_page": 50})
    messages = list(reversed(chat.get("items") or []))
    if messages and chat.get("unread"):
        try:
            auth.api("POST", "/support/tickets/{}/messages/read".format(number), json={})
        except ApiError:
            pass
    return render_template("console/support_ticket.html", ticket=ticket, messages=messages, errors=errors or {},
                           form=form or {}, action_status=ACTION_STATUS, message_key=uuid.uuid4().hex), status


@blp.get("/tickets/<int:number>")
@login_required
def ticket(number):
    return _ticket_page(number)


@blp.post("/tickets/<int:number>/messages")
@login_required
def answer(number):
    form = request.form.to_dict()
    try:
        auth.api("POST", "/support/tickets/{}/messages".format(number), json={"text": form.get("text", "")},
                 headers={"Idempotency-Key": form.get("idempotency_key") or uuid.uuid4().hex})
    except ApiError as exc:
        return _ticket_page(number, problem_errors(exc), exc.status, form=form)
    return redirect(url_for("console_support.ticket", number=number) + "#chat")


@blp.post("/tickets/<int:number>/update")
@login_required
def update(number):
    body = {}
    if request.form.get("status"):
        body["status"] = request.form["status"]
    if "assignee_id" in request.form:
        body["assignee_id"] = request.form["assignee_id"] or None
    try:
        auth.api("PATCH", "/support/tickets/{}".format(number), json=body)
    except ApiError as exc:
        return _ticket_page(number, problem_errors(exc), exc.status)
    flash(_("Saved."), "success")
    return redirect(url_for("console_support.ticket", number=number))
