"""«Мой кабинет» beyond orders (manual 004, the Astra Cloud self-service panel; manual 000):
the balance and its top-up, payments, payers with requisites, saved methods, expenses,
autopay, services with auto-renewal, the cart, invoices and documents (PDFs proxied with the
session's token), the credit dashboard; the notification inbox and its preferences; the
phone's and Telegram's link statuses; the client's coworking tickets with transfer and
invitations."""
from __future__ import annotations

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request,
                   session, url_for)

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _
from web.pages.payments import SENT, remember

blp = Blueprint("cabinet", __name__)

PAYER_KINDS = ("individual", "company", "sole_proprietor")
#: the payer form's plain fields (manual 004 «Плательщики»), in the form's order
PAYER_FIELDS = ("name", "contact_person", "phone", "email", "inn", "kpp", "ogrn", "bank_name", "bik",
                "settlement_account", "correspondent_account", "director_name", "director_position",
                "acting_on_basis", "accounting_notes")
PAYMENT_STATUSES = ("new", "paying", "credited", "failed")
PAYMENT_PURPOSES = ("top_up", "order", "purchase")
CATEGORY_CONTEXT, CHANNEL_CONTEXT = "notification.category", "notification.channel"


def form_errors(exc: ApiError) -> dict:
    errors = exc.field_errors()
    if "_schema" in errors:
        errors["_"] = errors.pop("_schema")
    return errors or {"_": [exc.message]}


def kopecks(text: str) -> int | None:
    """Rubles as typed (``1 500,50``) in kopecks; None when it is not an amount."""
    cleaned = (text or "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = round(float(cleaned) * 100)
    except ValueError:
        return None
    return value if value > 0 else None


def back_here(endpoint: str, **values) -> str:
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)


def pdf(path: str, filename: str) -> Response:
    answer = auth.api_raw("GET", path)
    return Response(answer.content, mimetype="application/pdf", headers={
        "Cache-Control": "private, no-store", "Content-Disposition": 'inline; filename="{}"'.format(filename)})


def listed(path: str, names: tuple, **fixed) -> tuple[dict, dict, dict]:
    """A list's page with the filters of the query string; a refused filter shows its error."""
    filters = {name: request.args[name] for name in names if request.args.get(name)}
    params = dict(filters, per_page=20, page=request.args.get("page", 1, type=int), **fixed)
    try:
        return auth.api("GET", path, params=params), filters, {}
    except ApiError as exc:
        if exc.status not in (400, 422):
            raise
        return {"items": [], "total": 0, "page": 1, "per_page": 20}, filters, form_errors(exc)


# --- the balance and its top-up --------------------------------------------------------------

@blp.route("/balance", methods=["GET", "POST"])
@login_required
def balance():
    errors, status, form = {}, 200, request.form.to_dict()
    if request.method == "POST":
        amount = kopecks(form.get("amount", ""))
        if amount is None:
            errors, status = {"amount": [_("An amount in rubles, more than zero.")]}, 422
        else:
            body = {"amount": amount, "method": form.get("method") or "card",
                    "save_method": form.get("save_method") == "1",
                    "return_url": back_here("cabinet.balance", returned=1)}
            if form.get("payer_id"):
                body["payer_id"] = form["payer_id"]
            try:
                payment = auth.api("POST", "/billing/top-ups", json=body)
            except ApiError as exc:
                errors, status = form_errors(exc), exc.status
            else:
                remember(payment)
                if payment.get("confirmation_url"):
                    return redirect(payment["confirmation_url"])  # the provider's page sends the payer back
                return redirect(url_for("cabinet.balance", returned=1))
    returned = None
    if request.args.get("returned") and session.get(SENT):
        try:
            returned = auth.api("GET", "/billing/payments/{}".format(session[SENT][-1]))
        except ApiError as exc:
            if exc.status not in (403, 404):
                raise
    account = auth.api("GET", "/billing/account")
    methods = auth.api("GET", "/billing/payment-methods", params={"per_page": 100}).get("items", [])
    payers = auth.api("GET", "/billing/payers", params={"per_page": 100}).get("items", [])
    return render_template("cabinet/balance.html", account=account, methods=methods, payers=payers,
                           returned=returned, pending=bool(returned and returned["status"] in ("new", "paying")),
                           errors=errors, form=form), status


@blp.get("/balance/payments")
@login_required
def payments():
    page, filters, errors = listed("/billing/payments", ("status", "purpose", "q", "period_from", "period_to"))
    return render_template("cabinet/payments.html", page=page, filters=filters, errors=errors,
                           statuses=PAYMENT_STATUSES, purposes=PAYMENT_PURPOSES)


@blp.get("/balance/payments/<uuid:payment_id>")
@login_required
def payment(payment_id):
    return render_template("cabinet/payment.html", payment=auth.api("GET", "/billing/payments/{}".format(payment_id)))


@blp.get("/balance/expenses")
@login_required
def expenses():
    page, filters, errors = listed("/billing/expenses", ("q", "period_from", "period_to", "payer_id"))
    return render_template("cabinet/expenses.html", page=page, filters=filters, errors=errors)


# --- payers (B2) -------------------------------------------------------------------------------

@blp.get("/balance/payers")
@login_required
def payers():
    page = auth.api("GET", "/billing/payers", params={"per_page": 100})
    contracts = auth.api("GET", "/billing/contracts").get("items", [])
    return render_template("cabinet/payers.html", payers=page.get("items", []), contracts=contracts)


def _payer_body(form: dict, creating: bool) -> dict:
    body = {name: form.get(name, "").strip() for name in PAYER_FIELDS}
    # a new payer sends what is filled; an edit also clears what was emptied
    body = {name: (value or None) for name, value in body.items() if value or not creating}
    if creating:
        body["kind"] = form.get("kind", "")
    return body


@blp.route("/balance/payers/new", methods=["GET", "POST"])
@blp.route("/balance/payers/<uuid:payer_id>", methods=["GET", "POST"])
@login_required
def payer(payer_id=None):
    errors, status = {}, 200
    current = auth.api("GET", "/billing/payers/{}".format(payer_id)) if payer_id else {}
    form = dict(current)
    if request.method == "POST":
        form.update(request.form.to_dict())
        try:
            if payer_id:
                auth.api("PATCH", "/billing/payers/{}".format(payer_id), json=_payer_body(form, False))
            else:
                auth.api("POST", "/billing/payers", json=_payer_body(form, True))
        except ApiError as exc:
            errors, status = form_errors(exc), exc.status
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("cabinet.payers"))
    return render_template("cabinet/payer.html", payer=current, form=form, errors=errors, kinds=PAYER_KINDS,
                           names=PAYER_FIELDS), status


def act(method: str, path: str, done: str, back: str, json: dict | None = None):
    """A button's one call: the API's refusal shown as a message (an object that is not
    there, or not the person's, is the 404 page), else ``done``; then back to ``back``."""
    try:
        auth.api(method, path, **({} if json is None else {"json": json}))
    except ApiError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
    else:
        flash(done, "success")
    return redirect(back)


@blp.post("/balance/payers/<uuid:payer_id>/delete")
@login_required
def delete_payer(payer_id):
    return act("DELETE", "/billing/payers/{}".format(payer_id), _("Deleted."), url_for("cabinet.payers"))


# --- saved methods (B5) and autopay (B6) -------------------------------------------------------

@blp.route("/balance/methods", methods=["GET", "POST"])
@login_required
def methods():
    errors, status = {}, 200
    if request.method == "POST":
        body = {"return_url": back_here("cabinet.methods")}
        if request.form.get("name", "").strip():
            body["name"] = request.form["name"].strip()
        try:
            method = auth.api("POST", "/billing/payment-methods", json=body)
        except ApiError as exc:
            errors, status = form_errors(exc), exc.status
        else:
            if method.get("confirmation_url"):
                return redirect(method["confirmation_url"])
            return redirect(url_for("cabinet.methods"))
    items = auth.api("GET", "/billing/payment-methods", params={"per_page": 100}).get("items", [])
    return render_template("cabinet/methods.html", methods=items, errors=errors), status


@blp.post("/balance/methods/<uuid:method_id>/delete")
@login_required
def delete_method(method_id):
    return act("DELETE", "/billing/payment-methods/{}".format(method_id), _("Deleted."), url_for("cabinet.methods"))


@blp.route("/balance/autopay", methods=["GET", "POST"])
@login_required
def autopay():
    errors, status = {}, 200
    if request.method == "POST":
        body = {"enabled": request.form.get("enabled") == "1", "method_id": request.form.get("method_id") or None}
        limit = request.form.get("monthly_max", "").strip()
        body["monthly_max"] = kopecks(limit) if limit else None
        if limit and body["monthly_max"] is None:
            errors, status = {"monthly_max": [_("An amount in rubles, more than zero.")]}, 422
        else:
            try:
                auth.api("PUT", "/billing/autopay", json=body)
            except ApiError as exc:
                errors, status = form_errors(exc), exc.status
            else:
                flash(_("Saved."), "success")
                return redirect(url_for("cabinet.autopay"))
    settings = auth.api("GET", "/billing/autopay")
    items = auth.api("GET", "/billing/payment-methods", params={"per_page": 100}).get("items", [])
    return render_template("cabinet/autopay.html", autopay=settings, methods=items, errors=errors), status


# --- services with auto-renewal (B7), the cart (B11), documents (B9, B10) ----------------------

@blp.get("/balance/services")
@login_required
def services():
    page, filters, errors = listed("/billing/subscriptions", ("status",))
    return render_template("cabinet/services.html", page=page, filters=filters, errors=errors)


@blp.post("/balance/services/<uuid:service_id>/auto-renew")
@login_required
def auto_renew(service_id):
    return act("PATCH", "/billing/subscriptions/{}".format(service_id), _("Saved."), url_for("cabinet.services"),
               json={"auto_renew": request.form.get("auto_renew") == "1"})


@blp.route("/balance/cart", methods=["GET", "POST"])
@login_required
def cart():
    errors, status = {}, 200
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "remove":
                auth.api("DELETE", "/billing/cart/items/{}".format(request.form.get("item_id", "")))
            elif action == "promo":
                auth.api("PUT", "/billing/cart/promo-code", json={"code": request.form.get("code", "").strip()})
            elif action == "checkout":
                purchase = auth.api("POST", "/billing/cart/checkout", json={
                    "method": request.form.get("method") or "balance",
                    "return_url": back_here("cabinet.balance", returned=1)})
                if purchase.get("payment_id"):
                    session[SENT] = [p for p in session.get(SENT, []) if p != purchase["payment_id"]][-9:] + [
                        purchase["payment_id"]]
                if purchase.get("confirmation_url"):
                    return redirect(purchase["confirmation_url"])
                flash(_("Purchase No. %(number)s: %(status)s.", number=purchase.get("number"),
                        status=purchase.get("status_label") or purchase.get("status")), "success")
                return redirect(url_for("cabinet.services"))
            else:
                abort(400)
        except ApiError as exc:
            errors, status = form_errors(exc), exc.status
        else:
            return redirect(url_for("cabinet.cart"))
    return render_template("cabinet/cart.html", cart=auth.api("GET", "/billing/cart"), errors=errors), status


@blp.get("/balance/documents")
@login_required
def documents():
    invoices = auth.api("GET", "/billing/invoices", params={"per_page": 50})
    acts = auth.api("GET", "/billing/acts", params={"per_page": 50})
    contracts = auth.api("GET", "/billing/contracts")
    return render_template("cabinet/documents.html", invoices=invoices.get("items", []),
                           acts=acts.get("items", []), contracts=contracts.get("items", []))


@blp.get("/balance/<any(invoices, acts, contracts):kind>/<uuid:document_id>.pdf")
@login_required
def document_pdf(kind, document_id):
    return pdf("/billing/{}/{}/pdf".format(kind, document_id), "{}-{}.pdf".format(kind[:-1], document_id))


# --- notifications (N1, N2) and the links (phone, Telegram) -----------------------------------

@blp.get("/notifications")
@login_required
def inbox():
    unread_only = request.args.get("unread") == "1"
    params = {"per_page": 30, "page": request.args.get("page", 1, type=int)}
    if unread_only:
        params["unread"] = "true"
    page = auth.api("GET", "/notifications", params=params)
    return render_template("cabinet/inbox.html", page=page, unread_only=unread_only)


@blp.post("/notifications/<uuid:notification_id>/read")
@blp.post("/notifications/read-all")
@login_required
def mark_read(notification_id=None):
    path = "/notifications/{}/read".format(notification_id) if notification_id else "/notifications/read-all"
    auth.api("POST", path)
    return redirect(url_for("cabinet.inbox", unread=request.form.get("unread") or None))


@blp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    errors, status = {}, 200
    grid = auth.api("GET", "/notifications/preferences")
    if request.method == "POST":
        categories = {category: {channel: request.form.get("{}.{}".format(category, channel)) == "1"
                                 for channel in grid.get("channels") or []}
                      for category in grid.get("categories") or {}}
        body = {"categories": categories}
        start, end = request.form.get("quiet_start", "").strip(), request.form.get("quiet_end", "").strip()
        body["quiet_hours"] = {"start": start, "end": end, "timezone": current_app.config["WEB_TIMEZONE"]} \
            if start or end else None
        try:
            auth.api("PUT", "/notifications/preferences", json=body)
        except ApiError as exc:
            errors, status = form_errors(exc), exc.status
            grid = dict(grid, categories=categories, quiet_hours={"start": start, "end": end})  # as sent
            for name in list(errors):
                if name.startswith("quiet_hours."):
                    errors["quiet_" + name.split(".", 1)[1]] = errors.pop(name)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("cabinet.preferences"))
    return render_template("cabinet/preferences.html", grid=grid, errors=errors,
                           category_context=CATEGORY_CONTEXT, channel_context=CHANNEL_CONTEXT), status


@blp.route("/account/links", methods=["GET", "POST"])
@login_required
def links():
    errors, status = {}, 200
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            auth.api("PUT", "/me/telegram", json={"username": username or None})
        except ApiError as exc:
            errors, status = form_errors(exc), exc.status
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("cabinet.links"))
    me = auth.api("GET", "/me")
    telegram = auth.api("GET", "/me/telegram")
    return render_template("cabinet/links.html", user=me, telegram=telegram, errors=errors), status


# --- the coworking ticket, the client's side (O10) ---------------------------------------------

@blp.get("/coworking/my")
@login_required
def coworking_tickets():
    page = auth.api("GET", "/orders", params={"kind": "coworking", "per_page": 20,
                                              "page": request.args.get("page", 1, type=int)})
    # the list has no ticket block: each order's view has (at most 20 small calls)
    tickets = {o["number"]: (auth.api("GET", "/orders/{}".format(o["number"])).get("ticket") or {})
               for o in page.get("items", [])}
    return render_template("cabinet/coworking_list.html", page=page, tickets=tickets, filters={})


def _coworking_page(number: int, errors: dict | None = None, status: int = 200, invitation: dict | None = None):
    ticket = auth.api("GET", "/coworking/tickets/{}".format(number))
    try:
        invitations = auth.api("GET", "/coworking/tickets/{}/invitations".format(number)).get("items", [])
    except ApiError as exc:
        if exc.status not in (403, 404, 409):
            raise
        invitations = []
    return render_template("cabinet/coworking_ticket.html", ticket=ticket, invitations=invitations,
                           invitation=invitation, errors=errors or {}), status


@blp.get("/coworking/my/<int:number>")
@login_required
def coworking_ticket(number):
    return _coworking_page(number)


@blp.post("/coworking/my/<int:number>/transfer")
@login_required
def coworking_transfer(number):
    try:
        auth.api("POST", "/coworking/tickets/{}/transfer".format(number),
                 json={"user_id": request.form.get("user_id", "").strip()})
    except ApiError as exc:
        if exc.status == 404 and exc.code == "ticket_not_found":
            raise
        return _coworking_page(number, form_errors(exc), exc.status)
    flash(_("The ticket is passed on."), "success")
    return redirect(url_for("cabinet.coworking_tickets"))


@blp.post("/coworking/my/<int:number>/invitations")
@login_required
def coworking_invite(number):
    try:
        invitation = auth.api("POST", "/coworking/tickets/{}/invitations".format(number))
    except ApiError as exc:
        if exc.status == 404:
            raise
        return _coworking_page(number, form_errors(exc), exc.status)
    return _coworking_page(number, invitation=invitation)


@blp.post("/coworking/my/<int:number>/invitations/<uuid:invitation_id>/revoke")
@login_required
def coworking_revoke(number, invitation_id):
    auth.api("DELETE", "/coworking/tickets/{}/invitations/{}".format(number, invitation_id))
    flash(_("The link no longer works."), "success")
    return redirect(url_for("cabinet.coworking_ticket", number=number))


# --- the account's users and their rights (I3, manual 004 «Пользователи») ----------------------

RIGHTS = ("users", "finance", "orders", "support")


@blp.route("/account/users", methods=["GET", "POST"])
@login_required
def account_users():
    errors, status, form = {}, 200, request.form.to_dict()
    if request.method == "POST":
        body = {name: form.get(name, "").strip() for name in ("email", "first_name", "last_name")}
        body["rights"] = [right for right in RIGHTS if request.form.get("right_" + right) == "1"]
        try:
            auth.api("POST", "/account/users", json=body)
        except ApiError as exc:
            errors, status = form_errors(exc), exc.status
        else:
            flash(_("The person is invited: the e-mail has a link to set the password."), "success")
            return redirect(url_for("cabinet.account_users"))
    page = auth.api("GET", "/account/users", params={"per_page": 100})
    return render_template("cabinet/users.html", users=page.get("items", []), rights=RIGHTS, errors=errors,
                           form=form), status


@blp.post("/account/users/<uuid:user_id>")
@login_required
def account_user(user_id):
    path, back = "/account/users/{}".format(user_id), url_for("cabinet.account_users")
    if request.form.get("action") == "delete":
        return act("DELETE", path, _("Saved."), back)
    return act("PATCH", path, _("Saved."), back,
               json={"rights": [right for right in RIGHTS if request.form.get("right_" + right) == "1"],
                     "enabled": request.form.get("enabled") == "1"})
