"""«Мой кабинет» > support (manual 004 «Техподдержка», manual 003 HubEx's client portal):
my tickets, a new ticket (the short form: department, subject, message), the ticket with
its chat (read marks), archive, the act of completed works (view, PDF with the session's
token, accept) and the client analytics."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _

blp = Blueprint("support", __name__, url_prefix="/support")


def moment(day: str, end: bool = False) -> str:
    """A date of a form as the API's moment with a zone: its start in the app's zone (``end``:
    the next day's start, so the day is included); an unreadable date goes as it is (the API's
    field error says why)."""
    try:
        start = datetime.combine(date.fromisoformat(day), time(), ZoneInfo(current_app.config["WEB_TIMEZONE"]))
    except ValueError:
        return day
    return (start + timedelta(days=1) if end else start).isoformat()


def _errors(exc: ApiError) -> dict:
    errors = exc.field_errors()
    if "_schema" in errors:
        errors["_"] = errors.pop("_schema")
    return errors or {"_": [exc.message]}


@blp.get("/tickets")
@login_required
def tickets():
    filters = {name: request.args[name] for name in ("status", "number") if request.args.get(name)}
    archive = request.args.get("archive") == "1"
    params = dict(filters, scope="mine", per_page=20, page=request.args.get("page", 1, type=int))
    if archive:
        params["archive"] = "true"
    page = auth.api("GET", "/support/tickets", params=params)
    return render_template("support/list.html", page=page, filters=filters, archive=archive)


@blp.route("/tickets/new", methods=["GET", "POST"])
@login_required
def new_ticket():
    departments = auth.api("GET", "/support/departments").get("items", [])
    errors, form, status = {}, request.form.to_dict(), 200
    if request.method == "POST":
        body = {"subject": form.get("subject", "").strip(), "message": form.get("message", "").strip()}
        if form.get("department_id"):
            body["department_id"] = form["department_id"]
        if form.get("order_number", "").strip():
            body["order_number"] = form["order_number"].strip()
        try:
            ticket = auth.api("POST", "/support/tickets", json=body)
        except ApiError as exc:
            errors, status = _errors(exc), exc.status
            for name in [n for n in errors if n not in ("_", "department_id", "subject", "message", "order_number")]:
                # a field of HubEx's full form the department asks for: said above the form
                errors.setdefault("_", []).extend("{}: {}".format(name, m) for m in errors.pop(name))
        else:
            flash(_("Ticket No. %(number)s is sent.", number=ticket["number"]), "success")
            return redirect(url_for("support.ticket", number=ticket["number"]))
    return render_template("support/new.html", departments=departments, form=form, errors=errors), status


def _ticket_page(number: int, errors: dict | None = None, status: int = 200):
    ticket = auth.api("GET", "/support/tickets/{}".format(number))
    chat = auth.api("GET", "/support/tickets/{}/messages".format(number), params={"per_page": 100})
    messages = sorted(chat.get("items", []), key=lambda m: m.get("seq") or 0)   # the chat reads top down
    unread_from = (chat.get("last_read_seq") or 0) + 1
    if messages and chat.get("unread"):
        # the page shows them: they are read now (the marks stay on this page)
        auth.api("POST", "/support/tickets/{}/messages/read".format(number), json={"message_id": messages[-1]["id"]})
    try:
        act = auth.api("GET", "/support/tickets/{}/act".format(number))
    except ApiError as exc:
        if exc.status != 404 or exc.code == "ticket_not_found":
            raise
        act = None
    return render_template("support/ticket.html", ticket=ticket, messages=messages, unread_from=unread_from,
                           act=act, errors=errors or {}), status


@blp.get("/tickets/<int:number>")
@login_required
def ticket(number):
    return _ticket_page(number)


@blp.post("/tickets/<int:number>/messages")
@login_required
def post_message(number):
    try:
        auth.api("POST", "/support/tickets/{}/messages".format(number),
                 json={"text": request.form.get("text", "").strip()})
    except ApiError as exc:
        if exc.status == 404:
            raise
        return _ticket_page(number, _errors(exc), exc.status)
    return redirect(url_for("support.ticket", number=number) + "#chat-end")


@blp.post("/tickets/<int:number>/<any(archive, accept):action>")
@login_required
def ticket_action(number, action):
    path = "/support/tickets/{}/archive" if action == "archive" else "/support/tickets/{}/act/accept"
    try:
        auth.api("POST", path.format(number))
    except ApiError as exc:
        if exc.status == 404:
            raise
        return _ticket_page(number, _errors(exc), exc.status)
    flash(_("Done."), "success")
    return redirect(url_for("support.ticket", number=number))


@blp.get("/tickets/<int:number>/act.pdf")
@login_required
def act_pdf(number):
    answer = auth.api_raw("GET", "/support/tickets/{}/act/pdf".format(number))
    return Response(answer.content, mimetype="application/pdf", headers={
        "Cache-Control": "private, no-store",
        "Content-Disposition": 'inline; filename="act-{}.pdf"'.format(number)})


@blp.get("/analytics")
@login_required
def analytics():
    filters = {name: request.args[name] for name in ("from", "to", "group") if request.args.get(name)}
    params = {"scope": "mine", "group": filters.get("group", "day")}
    for name in ("from", "to"):
        if filters.get(name):
            params[name] = moment(filters[name], end=name == "to")
    errors, report = {}, None
    try:
        report = auth.api("GET", "/support/analytics", params=params)
    except ApiError as exc:
        if exc.status not in (400, 422):
            raise
        errors = _errors(exc)
    return render_template("support/analytics.html", report=report, filters=filters, errors=errors)
