"""The sandbox payment provider's API and pages (B4): what a real provider does, over HTTP.

Billing's SandboxProvider adapter creates payments, refunds and card bindings through
``/api/...`` at ``SANDBOX_PROVIDER_URL``; the payer opens the payment's ``confirmation_url``
(``<SANDBOX_PROVIDER_PUBLIC_URL>/pay/<id>``) and POSTs ``outcome=succeeded`` or
``outcome=failed``; the sandbox then notifies billing with a webhook signed with
``PAYMENT_WEBHOOK_SECRET`` at ``SANDBOX_PROVIDER_WEBHOOK_URL`` (billing's
``/api/v1/billing/providers/sandbox/webhook`` behind the gateway). ``notify=false`` on that
POST simulates a lost webhook (billing's janitor finds the payment). Its state lives in Redis.
"""
from __future__ import annotations

import html
import json
import secrets
import threading
import time
from datetime import datetime, timezone

import requests
import structlog
from flask import Blueprint, Response, current_app, jsonify, request

from kit.errors import Conflict, NotFound, ValidationFailed
from kit import webhooks as signatures

log = structlog.get_logger(__name__)
blp = Blueprint("sandbox_provider", __name__)
TTL = 30 * 86400


# --- storage ----------------------------------------------------------------------------

def _redis():
    return current_app.extensions["redis"]


def _key(kind: str, object_id: str) -> str:
    return current_app.extensions["redis_key"]("sandbox:{}:{}".format(kind, object_id))


def _load(kind: str, object_id: str) -> dict:
    raw = _redis().get(_key(kind, object_id))
    if raw is None:
        raise NotFound("No such {}".format(kind.replace("_", " ")), code="sandbox_{}_not_found".format(kind))
    return json.loads(raw)


def _save(kind: str, obj: dict) -> dict:
    _redis().set(_key(kind, obj["id"]), json.dumps(obj, ensure_ascii=False), ex=TTL)
    return obj


def _lock(object_id: str):
    return _redis().lock(_key("lock", object_id), timeout=15, blocking_timeout=10)


def _once(kind: str, create):
    """Idempotency-Key: the same key returns the object the first request created."""
    key = request.headers.get("Idempotency-Key")
    if not key:
        return create()
    marker = _key("idem", "{}:{}".format(kind, key))
    with _lock("idem:" + marker):
        existing = _redis().get(marker)
        if existing:
            return _load(kind, existing)
        obj = create()
        _redis().set(marker, obj["id"], ex=TTL)
        return obj


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _page(object_id: str) -> str:
    """Where the payer confirms: this process's page, as the payer's browser reaches it."""
    return "{}/pay/{}".format(current_app.config["SANDBOX_PROVIDER_PUBLIC_URL"].rstrip("/"), object_id)


def _json() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationFailed("Send a JSON object", code="sandbox_bad_request")
    return data


def _amount(data: dict, field: str = "amount") -> int:
    amount = data.get(field)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationFailed("amount must be a positive integer (kopecks)", code="sandbox_bad_request",
                               errors={field: ["Positive integer."]})
    return amount


# --- webhooks ---------------------------------------------------------------------------

def _webhook(event: str, obj: dict, *, background: bool) -> dict:
    """POST the signed notification to billing's webhook (like a real provider would)."""
    body = json.dumps({"event": event, "object": obj}, ensure_ascii=False)
    url = current_app.config["SANDBOX_PROVIDER_WEBHOOK_URL"]
    headers = {"Content-Type": "application/json",
               signatures.SIGNATURE_HEADER: signatures.sign(current_app.config["PAYMENT_WEBHOOK_SECRET"], body,
                                                            int(time.time()))}

    def send() -> dict:
        try:
            response = requests.post(url, data=body.encode(), headers=headers, timeout=15)
            log.info("sandbox_webhook_sent", notification=event, object_id=obj["id"], status=response.status_code)
            return {"sent": True, "status": response.status_code}
        except requests.RequestException as error:
            log.warning("sandbox_webhook_failed", notification=event, object_id=obj["id"], error=repr(error))
            return {"sent": False, "status": None}

    if background:
        threading.Thread(target=send, daemon=True).start()
        return {"sent": None, "status": None}
    return send()


# --- the provider's API (what billing's SandboxAdapter calls) ----------------------------

@blp.post("/api/payments")
def create_payment():
    data = _json()
    amount = _amount(data)

    def create():
        payment_id = "sbx_pay_" + secrets.token_hex(10)
        payment = {"id": payment_id, "status": "pending", "amount": amount,
                   "currency": data.get("currency") or "RUB", "description": data.get("description") or "",
                   "metadata": data.get("metadata") or {}, "return_url": data.get("return_url"),
                   "save_method": bool(data.get("save_method")), "method": None, "cancellation_reason": None,
                   "confirmation_url": _page(payment_id), "refunded": 0,
                   "created_at": _now()}
        method_id = data.get("method_id")
        if method_id:
            # a charge of a saved method: no payer in the loop, decided at once
            method = _load("payment_method", method_id)
            if method["status"] != "active":
                raise ValidationFailed("The payment method is not active", code="sandbox_method_inactive")
            payment["confirmation_url"] = None
            payment["method"] = {"id": method["id"], "title": method["title"], "saved": True}
            if method.get("declines"):
                payment["status"], payment["cancellation_reason"] = "canceled", "card_declined"
            else:
                payment["status"] = "succeeded"
        _save("payment", payment)
        if payment["status"] != "pending":
            _webhook("payment." + payment["status"], payment, background=True)
        return payment

    return jsonify(_once("payment", create)), 201


@blp.get("/api/payments/<payment_id>")
def get_payment(payment_id):
    return jsonify(_load("payment", payment_id))


@blp.post("/api/payments/<payment_id>/cancel")
def cancel_payment(payment_id):
    with _lock(payment_id):
        payment = _load("payment", payment_id)
        if payment["status"] == "pending":
            payment["status"], payment["cancellation_reason"] = "canceled", "expired_on_confirmation"
            _save("payment", payment)
            _webhook("payment.canceled", payment, background=True)
    return jsonify(payment)


@blp.post("/api/refunds")
def create_refund():
    data = _json()
    amount = _amount(data)

    def create():
        with _lock(str(data.get("payment_id"))):
            payment = _load("payment", str(data.get("payment_id")))
            if payment["status"] != "succeeded":
                raise ValidationFailed("Only a succeeded payment can be refunded", code="sandbox_not_refundable")
            if amount > payment["amount"] - payment["refunded"]:
                raise ValidationFailed("The refund is larger than what is left of the payment",
                                       code="sandbox_refund_too_large")
            payment["refunded"] += amount
            _save("payment", payment)
            refund = _save("refund", {"id": "sbx_ref_" + secrets.token_hex(10), "payment_id": payment["id"],
                                      "status": "succeeded", "amount": amount, "currency": payment["currency"],
                                      "created_at": _now()})
        _webhook("refund.succeeded", refund, background=True)
        return refund

    return jsonify(_once("refund", create)), 201


@blp.get("/api/refunds/<refund_id>")
def get_refund(refund_id):
    return jsonify(_load("refund", refund_id))


@blp.post("/api/payment_methods")
def create_method():
    data = _json()

    def create():
        method_id = "sbx_pm_" + secrets.token_hex(10)
        return _save("payment_method", {
            "id": method_id, "status": "pending", "title": "", "declines": False,
            "return_url": data.get("return_url"), "metadata": data.get("metadata") or {},
            "confirmation_url": _page(method_id), "created_at": _now()})

    return jsonify(_once("payment_method", create)), 201


@blp.get("/api/payment_methods/<method_id>")
def get_method(method_id):
    return jsonify(_load("payment_method", method_id))


@blp.post("/api/payment_methods/<method_id>/decline")
def set_declines(method_id):
    """Sandbox control (like a provider's test cards): from now on charges of this saved
    method are declined (``{"declines": true}``) or accepted again (``false``)."""
    with _lock(method_id):
        method = _load("payment_method", method_id)
        method["declines"] = bool(_json().get("declines", True))
        _save("payment_method", method)
    return jsonify(method)


# --- the payer's side: the confirmation page --------------------------------------------

def _subject(object_id: str) -> tuple[str, dict]:
    kind = "payment_method" if object_id.startswith("sbx_pm_") else "payment"
    return kind, _load(kind, object_id)


PAGE = """<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Sandbox</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
<h1>Sandbox payment provider</h1><p>{what}</p><p>Status: <b>{status}</b></p>
<form method="post"><label>Card, last 4 digits <input name="card_last4" value="4242" size="4"></label>
<p><button name="outcome" value="succeeded">Pay</button> <button name="outcome" value="failed">Decline</button></p>
</form></body></html>"""


@blp.get("/pay/<object_id>")
def confirmation_page(object_id):
    kind, obj = _subject(object_id)
    what = ("Привязка банковской карты" if kind == "payment_method"
            else "{} — {}.{:02d} {}".format(html.escape(obj["description"]), obj["amount"] // 100,
                                           obj["amount"] % 100, obj["currency"]))
    return Response(PAGE.format(what=what, status=obj["status"]), mimetype="text/html")


@blp.post("/pay/<object_id>")
def confirm(object_id):
    """``outcome=succeeded|failed`` (form or JSON); optional ``card_last4``; ``notify=false``
    completes it without a webhook (the janitor must find it)."""
    data = request.get_json(silent=True) if request.is_json else request.form.to_dict()
    data = data if isinstance(data, dict) else {}
    outcome = data.get("outcome")
    if outcome not in ("succeeded", "failed"):
        raise ValidationFailed("outcome must be succeeded or failed", code="sandbox_bad_request",
                               errors={"outcome": ["succeeded or failed"]})
    last4 = str(data.get("card_last4") or "4242")[-4:]
    notify = str(data.get("notify", "true")).lower() not in ("false", "0", "no")
    with _lock(object_id):
        kind, obj = _subject(object_id)
        if obj["status"] != "pending":
            raise Conflict("Already {}".format(obj["status"]), code="sandbox_already_completed")
        if kind == "payment_method":
            obj["status"] = "active" if outcome == "succeeded" else "inactive"
            obj["title"] = "Bank card *{}".format(last4)
            event = "payment_method." + obj["status"]
        else:
            card = {"id": "sbx_card_" + secrets.token_hex(6), "title": "Bank card *{}".format(last4), "saved": False}
            if outcome == "succeeded":
                obj["status"] = "succeeded"
                if obj.get("save_method"):
                    method = _save("payment_method", {
                        "id": "sbx_pm_" + secrets.token_hex(10), "status": "active", "title": card["title"],
                        "declines": False, "return_url": None, "metadata": {}, "confirmation_url": None,
                        "created_at": _now()})
                    card = {"id": method["id"], "title": method["title"], "saved": True}
            else:
                obj["status"], obj["cancellation_reason"] = "canceled", "card_declined"
            obj["method"] = card
            event = "payment." + obj["status"]
        _save(kind, obj)
    delivery = _webhook(event, obj, background=False) if notify else {"sent": False, "status": None}
    result = {"id": obj["id"], "status": obj["status"], "return_url": obj.get("return_url"), "webhook": delivery}
    if request.is_json:
        return jsonify(result)
    back = obj.get("return_url")
    link = '<p><a href="{0}">{0}</a></p>'.format(html.escape(back)) if back else ""
    return Response("<!doctype html><meta charset=utf-8><p>Status: <b>{}</b></p>{}".format(obj["status"], link),
                    mimetype="text/html")
