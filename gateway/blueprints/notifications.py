"""Notifications endpoints (N1–N7): inbox, preferences, push devices, the Telegram link
and the bot's webhook, and the operators' templates and deliveries."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from gateway import examples
from gateway.auth import secured_by
from gateway.calls import body, query, rpc
from gateway.limits import rate_limited
from services.notifications import schemas

blp = Blueprint("notifications", __name__, url_prefix="/api/v1",
                description="In-app inbox, preferences, push devices, Telegram, templates, deliveries (N1–N7)")
TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookAnswer(Schema):
    ok = fields.Boolean(metadata={"description": "always true: Telegram needs no more"})


secured = secured_by(blp)


# --- in-app inbox ---------------------------------------------------------------------

@blp.route("/notifications", methods=["GET"])
@secured
@blp.arguments(schemas.InboxQuery, location="query")
@blp.response(200, schemas.NotificationPage)
def list_notifications(_):
    """List my notifications

    Signed in: your inbox, newest first, with each notification's category, text, link and read
    state; `unread=true` for the unread ones only. Changes nothing. Problems: 422
    `validation_failed`."""
    return rpc("notifications", "list_notifications", query())


@blp.route("/notifications/unread-count", methods=["GET"])
@secured
@blp.response(200, schemas.UnreadCount, example=examples.UNREAD_COUNT)
def unread_count():
    """Count my unread notifications

    Signed in: the number shown on the bell. Changes nothing."""
    return rpc("notifications", "unread_count")


@blp.route("/notifications/<uuid:notification_id>/read", methods=["POST"])
@secured
@blp.response(200, schemas.Notification, example=examples.NOTIFICATION)
def mark_read(notification_id):
    """Mark a notification read

    Signed in: one of your notifications is read; the unread count drops. Problems: 404
    `notification_not_found` (also another person's)."""
    return rpc("notifications", "mark_read", str(notification_id))


@blp.route("/notifications/read-all", methods=["POST"])
@secured
@blp.response(200, schemas.Marked, example=examples.MARKED)
def mark_all_read():
    """Mark all my notifications read

    Signed in: every notification in your inbox is read; returns how many changed."""
    return rpc("notifications", "mark_all_read")


# --- preferences (N2) ---------------------------------------------------------------------

@blp.route("/notifications/preferences", methods=["GET"])
@secured
@blp.response(200, schemas.Preferences, example=examples.PREFERENCES)
def get_preferences():
    """Read my notification settings

    Signed in: category × channel (everything on until you turn it off) and quiet hours;
    `always_on` lists the critical notices that ignore both. Changes nothing."""
    return rpc("notifications", "get_preferences")


@blp.route("/notifications/preferences", methods=["PUT"])
@secured
@blp.arguments(schemas.PreferencesUpdate, example=examples.PREFERENCES_UPDATE)
@blp.response(200, schemas.Preferences, example=examples.PREFERENCES)
def update_preferences(_):
    """Change my notification settings

    Signed in: change any part of the grid and/or set quiet hours (`null` turns them off); the
    change applies to the next notification. Problems: 422 `validation_failed`."""
    return rpc("notifications", "update_preferences", body())


# --- push devices ---------------------------------------------------------------------

@blp.route("/notifications/devices", methods=["GET"])
@secured
@blp.response(200, schemas.DeviceList)
def list_devices():
    """List my push devices

    Signed in: the devices registered for push notifications with their platforms and when they
    were registered. Changes nothing."""
    return rpc("notifications", "list_devices")


@blp.route("/notifications/devices", methods=["POST"])
@secured
@blp.arguments(schemas.DeviceRegistration, example=examples.DEVICE_REGISTRATION)
@blp.response(201, schemas.Device, example=examples.DEVICE)
def register_device(_):
    """Register a push device

    Signed in: this device's push token is stored (registering it again refreshes it); pushes go
    to it from now on. Problems: 422 `validation_failed`."""
    return rpc("notifications", "register_device", body())


@blp.route("/notifications/devices/<uuid:device_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.DeviceDeleted, example=examples.DEVICE_DELETED)
def delete_device(device_id):
    """Forget a push device

    Signed in: no more pushes go to this device. Problems: 404 `device_not_found`."""
    return rpc("notifications", "delete_device", str(device_id))


# --- Telegram (N7) --------------------------------------------------------------------

@blp.route("/me/telegram", methods=["GET"])
@secured
@blp.response(200, schemas.TelegramLink, example=examples.TELEGRAM_LINK)
def get_telegram_link():
    """Read my Telegram link

    Signed in: the Telegram username linked to your account and its status (needs_setup,
    configuring, confirmed). Changes nothing."""
    return rpc("notifications", "get_telegram_link")


@blp.route("/me/telegram", methods=["PUT"])
@secured
@blp.arguments(schemas.TelegramLinkRequest, example=examples.TELEGRAM_LINK_REQUEST)
@blp.response(200, schemas.TelegramLink, example=examples.TELEGRAM_LINK)
def set_telegram_link(_):
    """Link my Telegram

    Signed in: link your Telegram username (without @), then send /start to the bot: the status
    goes needs_setup → configuring → confirmed; notifications go there once confirmed
    (`null` unlinks).
    Problems: 409 `telegram_username_taken`, 422 `validation_failed`."""
    return rpc("notifications", "set_telegram_link", body())


@blp.route("/notifications/telegram/webhook", methods=["POST"])
@rate_limited("RATE_LIMIT_AUTH_IP")
@blp.response(200, WebhookAnswer, example=examples.WEBHOOK_ANSWER)
def telegram_webhook():
    """The Telegram bot's webhook

    Telegram only (no bearer token: Telegram sends the secret given to setWebhook in
    `X-Telegram-Bot-Api-Secret-Token`): a /start from a linked username confirms the link.
    Problems: 401 `telegram_secret_invalid`, 429 `rate_limited`."""
    rpc("notifications", "telegram_update", request.get_json(silent=True) or {},
        request.headers.get(TELEGRAM_SECRET_HEADER))
    return {"ok": True}


# --- templates (N4) and deliveries (N6): administrators -------------------------------

class TemplateFilter(Schema):
    template = fields.String(metadata={"description": "only this template's texts (its code: the event it is for)"})


@blp.route("/notifications/templates", methods=["GET"])
@secured
@blp.arguments(TemplateFilter, location="query")
@blp.response(200, schemas.TemplateList)
def list_templates(args):
    """List notification templates

    Administrators: every text per event, channel and language: built in, or an operator's
    override. Changes nothing. Problems: 403 `role_required`, 422 `validation_failed`."""
    return rpc("notifications", "list_templates", args.get("template"))


def _key(template, channel, language) -> dict:
    return {"template": template, "channel": channel, "language": language}


@blp.route("/notifications/templates/<template>/<channel>/<language>", methods=["PUT"])
@secured
@blp.arguments(schemas.TemplateOverrideRequest, example=examples.TEMPLATE_OVERRIDE_REQUEST)
@blp.response(200, schemas.Template, example=examples.TEMPLATE)
def put_template(_, template, channel, language):
    """Override a notification template

    Administrators: the subject/title and body (Jinja; the event's fields are its variables)
    used from the next notification on; the template is checked before it is stored. Problems:
    403 `role_required`, 404 `template_not_found`, 422 `template_invalid`,
    `validation_failed`."""
    return rpc("notifications", "put_template", _key(template, channel, language), body())


@blp.route("/notifications/templates/<template>/<channel>/<language>", methods=["DELETE"])
@secured
@blp.response(200, schemas.Template, example=examples.TEMPLATE)
def delete_template(template, channel, language):
    """Restore a built-in template

    Administrators: the override is removed; the built-in text is used again. Problems: 403
    `role_required`, 404 `template_not_found`."""
    return rpc("notifications", "delete_template", _key(template, channel, language))


@blp.route("/notifications/deliveries", methods=["GET"])
@secured
@blp.arguments(schemas.DeliveryQuery, location="query")
@blp.response(200, schemas.DeliveryPage)
def list_deliveries(_):
    """List deliveries (operators)

    Administrators: every delivery with its status (queued, sent, failed, retrying, dead)
    and its recipient's name, newest first unless `sort` says otherwise; filters by event,
    recipient (id or partial name), status, channel, period and text (the list
    conventions). Changes nothing. Problems: 422 `validation_failed` (an unknown `sort`
    field names the allowed ones), 403 `role_required`."""
    return rpc("notifications", "list_deliveries", query())


@blp.route("/notifications/deliveries/<uuid:delivery_id>/retry", methods=["POST"])
@secured
@blp.response(200, schemas.DeliveryRecord, example=examples.DELIVERY_RECORD)
def retry_delivery(delivery_id):
    """Send a delivery again

    Administrators: a failed or dead delivery is queued again, once the cause is fixed.
    Problems: 403 `role_required`, 404 `delivery_not_found`, 409 `delivery_not_replayable`."""
    return rpc("notifications", "retry_delivery", str(delivery_id))
