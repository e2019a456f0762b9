"""«Мой кабинет» > orders: the catalog, the order form (goods: the coffee of manual 000),
my orders, the order view with its blocks and actions (confirm, return to work, close,
cancel, pay), and an event ticket's QR code (proxied with the session's token)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _
from web.pages.payments import remember

blp = Blueprint("orders", __name__)

#: the order view's actions that are one POST to the API (action → path, body from the form)
SIMPLE_ACTIONS = {
    "confirm_completion": ("/orders/{}/confirm-completion", ()),
    "return_to_work": ("/orders/{}/return-to-work", ("comment",)),
    "close": ("/orders/{}/close", ("resolution",)),
    "cancel": ("/orders/{}/cancel", ("reason",)),
}
ORDERABLE_HERE = ("goods",)


@blp.get("/")
def home():
    return redirect(url_for("orders.my_orders") if auth.tokens() else url_for("auth.sign_in"))


@blp.get("/catalog")
@login_required
def catalog():
    page = auth.api("GET", "/catalog/services", params={"per_page": 100})
    return render_template("orders/catalog.html", services=page.get("items", []), orderable=ORDERABLE_HERE)


@blp.route("/catalog/<service_id>/order", methods=["GET", "POST"])
@login_required
def order_form(service_id):
    service = auth.api("GET", "/catalog/services/{}".format(service_id))
    if service.get("kind") not in ORDERABLE_HERE:
        abort(404)
    errors, form, status = {}, {}, 200
    if request.method == "POST":
        form = request.form.to_dict()
        items = []
        for item in service.get("items") or []:
            raw = request.form.get("qty_" + item["id"], "").strip() or "0"
            try:
                quantity = int(raw)
            except ValueError:
                errors.setdefault("qty_" + item["id"], []).append(_("A whole number."))
                continue
            if quantity:
                items.append({"item_id": item["id"], "quantity": quantity})
        payload = {"service_id": service_id, "items": items,
                   "delivery": {"place": request.form.get("place", ""),
                                "pack_to_go": request.form.get("pack_to_go") == "1"}}
        if request.form.get("comment", "").strip():
            payload["comment"] = request.form["comment"].strip()
        if not errors:
            try:
                order = auth.api("POST", "/orders", json=payload)
            except ApiError as exc:
                errors = _form_errors(exc)
                status = exc.status
            else:
                flash(_("Order No. %(number)s is placed.", number=order["number"]), "success")
                return redirect(url_for("orders.order_view", number=order["number"]))
        else:
            status = 422
    return render_template("orders/order_form.html", service=service, form=form, errors=errors), status


def _form_errors(exc: ApiError) -> dict:
    errors = exc.field_errors()
    shown = {}
    for name, messages in errors.items():
        if name.startswith("delivery."):
            shown.setdefault(name.split(".", 1)[1] if name != "delivery.place" else "place", []).extend(messages)
        elif name.startswith("items"):
            shown.setdefault("items", []).extend(messages)
        else:
            shown.setdefault(name, []).extend(messages)
    if not shown:
        shown["_"] = [exc.message]
    return shown


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
