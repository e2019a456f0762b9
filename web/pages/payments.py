"""Where the payment provider sends the payer back (``/payments/return``): the payment's
outcome as billing knows it, then the way back to the order or the balance."""
from __future__ import annotations

from flask import Blueprint, render_template, request, session

from web import auth
from web.api import ApiError
from web.auth import login_required

blp = Blueprint("payments", __name__)

#: the session remembers the payments it sent to the provider (newest last)
SENT = "payments_sent"


def remember(payment: dict) -> None:
    sent = [p for p in session.get(SENT, []) if p != payment["id"]][-9:]
    session[SENT] = sent + [payment["id"]]


@blp.get("/payments/return")
@login_required
def payment_return():
    payment_id = request.args.get("payment_id") or (session.get(SENT) or [None])[-1]
    order = request.args.get("order", type=int)
    payment = None
    if payment_id:
        try:
            payment = auth.api("GET", "/billing/payments/{}".format(payment_id))
        except ApiError as exc:
            if exc.status not in (403, 404, 422):
                raise
    if payment and payment.get("order_number"):
        order = payment["order_number"]
    return render_template("payments/return.html", payment=payment, order=order,
                           # the webhook may not have arrived yet: the page asks again (htmx)
                           pending=bool(payment and payment.get("status") in ("new", "paying")),
                           partial=request.headers.get("HX-Request") == "true")
