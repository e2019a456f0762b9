"""«Мой кабинет» > the order's chat (manual 000 «Отправка сообщения в чате»), shown on the
client's order view (``orders/view.html`` includes ``chat/order_chat.html``): messages oldest
on top with author and time, «new» marks on what the other side wrote since the last visit
(the page marks them read as it shows them), a message with files (uploaded to the API first,
``POST /attachments``, then posted with their ids) and the files downloaded with the session's
token. The staff side of the same chat is the console's order page (``web/pages/console.py``)."""
from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required

blp = Blueprint("chat", __name__)

PER_PAGE = 100  # the API's largest page: an order's chat is read whole


def order_chat(number: int) -> dict:
    """The chat of order ``number`` as the page shows it: ``messages`` oldest first (the API
    lists them newest first), ``unread_from`` — the first sequence number not read before this
    visit (its marks stay on this page) — and ``unread``. Showing them marks them read."""
    chat = auth.api("GET", "/orders/{}/messages".format(number), params={"per_page": PER_PAGE})
    messages = sorted(chat.get("items") or [], key=lambda m: m.get("seq") or 0)
    unread_from = (chat.get("last_read_seq") or 0) + 1
    if messages and chat.get("unread"):
        auth.api("POST", "/orders/{}/messages/read".format(number), json={"message_id": messages[-1]["id"]})
    return {"messages": messages, "unread_from": unread_from, "unread": chat.get("unread") or 0}


@blp.app_template_global("order_chat")
def order_chat_global(number: int) -> dict:
    return order_chat(number)


def _errors(exc: ApiError) -> dict:
    errors = exc.field_errors()
    if "_schema" in errors:
        errors["_"] = errors.pop("_schema")
    return errors or {"_": [exc.message]}


def _upload(files) -> list[str]:
    """The ids of the chosen files, each uploaded to the API (multipart field ``file``)."""
    ids = []
    for upload in files:
        if not upload or not upload.filename:
            continue
        answer = auth.api("POST", "/attachments", files={
            "file": (upload.filename, upload.stream, upload.mimetype or "application/octet-stream")})
        ids.append(answer["id"])
    return ids


@blp.post("/orders/<int:number>/messages")
@login_required
def post_message(number):
    text = request.form.get("text", "").strip()
    try:
        ids = _upload(request.files.getlist("files"))
        body = {"attachment_ids": ids}
        if text or not ids:
            body["text"] = text          # empty and no files: the API says the text is needed
        auth.api("POST", "/orders/{}/messages".format(number), json=body)
    except ApiError as exc:
        if exc.status == 404 and exc.code == "order_not_found":
            raise
        errors = _errors(exc)
        if "file" in errors:             # the upload's field is the form's «files»
            errors["files"] = errors.pop("file")
        order = auth.api("GET", "/orders/{}".format(number))
        return render_template("orders/view.html", order=order, errors={}, chat_errors=errors,
                               chat_form={"text": text}), exc.status
    return redirect(url_for("orders.order_view", number=number) + "#chat-end")


@blp.get("/orders/<int:number>/attachments/<uuid:attachment_id>")
@login_required
def attachment(number, attachment_id):
    """A chat file from the API with this session's token (the browser has none); the API
    refuses what is not this person's to see."""
    answer = auth.api_raw("GET", "/attachments/{}".format(attachment_id))
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    if answer.headers.get("Content-Disposition"):
        headers["Content-Disposition"] = answer.headers["Content-Disposition"]
    return Response(answer.content, mimetype=answer.headers.get("Content-Type", "application/octet-stream"),
                    headers=headers)
