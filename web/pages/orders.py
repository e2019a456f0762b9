"""«Мой кабинет» > orders: the catalog, the order form of every kind (built in order_forms), repeat,
my orders, the order view with its blocks and actions (confirm, return to work, close,
cancel, pay), and an event ticket's QR code (proxied with the session's token)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _
from web.pages import order_forms
from web.pages.payments import remember

blp = Blueprint("orders", __name__)

#: the order view's actions that are one POST to the API (action → path, body from the form)
SIMPLE_ACTIONS = {
    "confirm_completion": ("/orders/{}/confirm-completion", ()),
    "return_to_work": ("/orders/{}/return-to-work", ("comment",)),
    "close": ("/orders/{}/close", ("resolution",)),
    "cancel": ("/orders/{}/cancel", ("reason",)),
}


@blp.get("/")
def home():
    return redirect(url_for("orders.my_orders") if auth.tokens() else url_for("auth.sign_in"))


@blp.get("/catalog")
@login_required
def catalog():
    page = auth.api("GET", "/catalog/services", params={"per_page": 100})
    return render_template("orders/catalog.html", services=page.get("items", []), orderable=order_forms.KINDS)


@blp.route("/catalog/<service_id>/order", methods=["GET", "POST"])
@login_required
def order_form(service_id):
    """The order form of the service's kind (:mod:`web.pages.order_forms`). «Show free
    workplaces» (``step=workplaces``) sends the form back with the period's free ones; a
    form sent twice places one order (its Idempotency-Key is in a hidden field)."""
    service = auth.api("GET", "/catalog/services/{}".format(service_id))
    if service.get("kind") not in order_forms.KINDS:
        abort(404)
    errors, status = {}, 200
    form = request.form.to_dict() if request.method == "POST" else request.args.to_dict()
    key = form.get("idempotency_key") or order_forms.new_key()
    if request.method == "POST" and form.get("step") != "workplaces":
        lists = {name: request.form.getlist(name) for name in request.form}
        payload, errors = order_forms.build(service, form, lists)
        if not errors:
            try:
                order = auth.api("POST", "/orders", json=payload, headers={"Idempotency-Key": key})
            except ApiError as exc:
                errors, status = order_forms.shown_errors(exc, service), exc.status
                key = order_forms.new_key()     # the API keeps its answer to this key: a corrected form is new
            else:
                flash(_("Order No. %(number)s is placed.", number=order["number"]), "success")
                return redirect(url_for("orders.order_view", number=order["number"]))
        else:
            status = 422
    return render_template("orders/order_form.html", service=service, form=form, errors=errors, order_key=key,
                           chosen=request.form.getlist if request.method == "POST" else (lambda name: []),
                           **order_forms.extras(service, form)), status


@blp.get("/orders/<int:number>/repeat")
@login_required
def repeat(number):
    """«Повторить» (O7): the API's draft of the order, opened as the service's form, filled."""
    try:
        draft = auth.api("GET", "/orders/{}/repeat".format(number))
    except ApiError as exc:
        flash(exc.message, "error")
        return redirect(url_for("orders.order_view", number=number))
    prefill = {}
    for line in draft.get("items") or []:
        prefill["qty_" + line["item_id"]] = line["quantity"]
    if draft.get("delivery"):
        prefill["place"] = draft["delivery"].get("place") or ""
        if draft["delivery"].get("pack_to_go"):
            prefill["pack_to_go"] = "1"
    for name in ("tariff_id", "room_id", "comment"):
        if draft.get(name):
            prefill[name] = draft[name]
    if draft.get("dropped_items"):
        flash(_("Some items are no longer offered and were left out."), "info")
    return redirect(url_for("orders.order_form", service_id=draft["service_id"], **prefill))


@blp.get("/orders")
@login_required
def my_orders():
    params = {"per_page": 20, "page": request.args.get("page", 1, type=int)}
    for name in ("status", "kind", "q"):
        if request.args.get(name):
            params[name] = request.args[name]
    page = auth.api("GET", "/orders", params=params)
    return render_template("orders/list.html", page=page, filters=params)


@blp.get("/orders/<int:number>")
@login_required
def order_view(number):
    order = auth.api("GET", "/orders/{}".format(number))
    return render_template("orders/view.html", order=order, errors={})


@blp.post("/orders/<int:number>/actions/<action>")
@login_required
def order_action(number, action):
    if action not in SIMPLE_ACTIONS:
        abort(404)
    path, fields = SIMPLE_ACTIONS[action]
    body = {name: request.form[name].strip() for name in fields if request.form.get(name, "").strip()}
    try:
        auth.api("POST", path.format(number), json=body)
    except ApiError as exc:
        order = auth.api("GET", "/orders/{}".format(number))
        return render_template("orders/view.html", order=order, errors=exc.field_errors() or {"_": [exc.message]},
                               failed=action), exc.status
    flash(_("Done."), "success")
    return redirect(url_for("orders.order_view", number=number))


@blp.post("/orders/<int:number>/pay")
@login_required
def pay(number):
    method = request.form.get("method", "card")
    body = {"method": method,
            "return_url": current_app.config["PUBLIC_BASE_URL"] + url_for("payments.payment_return", order=number)}
    try:
        payment = auth.api("POST", "/orders/{}/pay".format(number), json=body)
    except ApiError as exc:
        order = auth.api("GET", "/orders/{}".format(number))
        return render_template("orders/view.html", order=order, errors=exc.field_errors() or {"_": [exc.message]},
                               failed="pay"), exc.status
    remember(payment)
    if payment.get("confirmation_url"):
        return redirect(payment["confirmation_url"])  # the provider's page; it sends the payer back
    return redirect(url_for("payments.payment_return", order=number, payment_id=payment["id"]))


@blp.get("/orders/<int:number>/ticket/qr")
@login_required
def ticket_qr(number):
    """The event ticket's QR code from the API, with this session's token (the browser has none)."""
    answer = auth.api_raw("GET", "/orders/{}/ticket/qr".format(number))
    return Response(answer.content, mimetype=answer.headers.get("Content-Type", "image/png"),
                    headers={"Cache-Control": "private, no-store"})
