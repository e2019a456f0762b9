"""The order's chat on the client's order view (web/pages/chat.py) against a stub gateway that
answers as the real one does: the API's newest-first page shown oldest on top with «new» on
what others wrote since the last visit and the chat marked read; a file sent through the web
app as the API's multipart upload, then posted by its id; the API's errors next to the
fields; a file downloaded with the session's token and the API's name."""
from __future__ import annotations

import json
import re
import threading
from urllib.parse import quote

import pytest
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from web.app import create_app

ORDER = {"number": 1007783, "status": "new", "status_label": "Новый", "kind": "goods", "kind_label": "Заказ товаров",
         "service": {"name": "Кофе-Гриндер"}, "created_at": "2026-12-01T09:30:00+00:00", "actions": [],
         "items": [], "payment": None, "event": None}
ME = {"id": "u1", "first_name": "Мария", "last_name": "Спиридонова", "email": "maria@example.ru", "roles": ["client"]}


def file_id(n: int) -> str:
    return "5f7b9d1f-3b5d-4f7b-8d1f-3b5d7f9b{:04d}".format(n)


def message(seq, text, author_id, name, kind="client", attachments=()):
    return {"id": "m{}".format(seq), "seq": seq, "text": text, "visibility": "public",
            "author": {"id": author_id, "name": name, "kind": kind},
            "created_at": "2026-12-01T09:{:02d}:00+00:00".format(30 + seq), "attachments": list(attachments)}


@pytest.fixture(scope="module")
def gateway():
    app = Flask("fake-gateway")
    state = {"messages": [message(1, "Можно латте на овсяном?", "u1", "Мария Спиридонова"),
                          message(2, "Да, сделаем.", "x1", "Павел Исполнитель", "staff")],
             "last_read": 1, "uploads": [], "posted": [], "reads": []}

    def problem(status, code, detail, errors=None):
        body = {"type": "about:blank", "title": code, "status": status, "detail": detail, "code": code,
                "errors": errors or {}}
        return app.response_class(json.dumps(body), status=status, mimetype="application/problem+json")

    def signed():
        return request.headers.get("Authorization") == "Bearer access-1"

    @app.post("/api/v1/auth/login")
    def login():
        return jsonify(access_token="access-1", refresh_token="refresh-1", token_type="Bearer", expires_in=900)

    @app.get("/api/v1/me")
    def me():
        return jsonify(ME) if signed() else problem(401, "unauthorized", "no")

    @app.get("/api/v1/orders/1007783")
    def order():
        return jsonify(ORDER) if signed() else problem(401, "unauthorized", "no")

    @app.get("/api/v1/orders/1007783/messages")
    def messages():
        items = sorted(state["messages"], key=lambda m: -m["seq"])        # newest first, as the API lists them
        unread = sum(1 for m in items if m["seq"] > state["last_read"] and m["author"]["id"] != "u1")
        return jsonify(items=items, total=len(items), page=1, per_page=100, unread=unread,
                       last_read_seq=state["last_read"])

    @app.post("/api/v1/orders/1007783/messages/read")
    def read():
        state["reads"].append(request.get_json())
        state["last_read"] = max(m["seq"] for m in state["messages"])
        return jsonify(unread=0, last_read_seq=state["last_read"])

    @app.post("/api/v1/attachments")
    def upload():
        upload = request.files.get("file")
        if upload is None or not signed():
            return problem(422, "validation_failed", "Проверьте поля.", {"file": ["Нужен файл."]})
        content = upload.read()
        if upload.filename.endswith(".exe"):
            return problem(422, "validation_failed", "Проверьте поля.", {"file": ["Такие файлы не принимаются."]})
        state["uploads"].append((upload.filename, upload.mimetype, content))
        return jsonify(id=file_id(len(state["uploads"])), filename=upload.filename,
                       content_type=upload.mimetype, size=len(content), created_at="2026-12-01T09:40:00+00:00"), 201

    @app.post("/api/v1/orders/1007783/messages")
    def post():
        body = request.get_json()
        if not body.get("text") and not body.get("attachment_ids"):
            return problem(422, "validation_failed", "Проверьте поля.", {"text": ["Напишите текст или приложите файл."]})
        state["posted"].append(body)
        seq = len(state["messages"]) + 1
        files = [{"id": i, "filename": state["uploads"][int(i[-4:]) - 1][0]} for i in body.get("attachment_ids", [])]
        state["messages"].append(message(seq, body.get("text", ""), "u1", "Мария Спиридонова", attachments=files))
        return jsonify(state["messages"][-1]), 201

    @app.get("/api/v1/attachments/<attachment_id>")
    def download(attachment_id):
        if not signed():
            return problem(404, "attachment_not_found", "Нет такого файла.")
        name, mimetype, content = state["uploads"][int(attachment_id[-4:]) - 1]
        return app.response_class(content, mimetype=mimetype,
                                  headers={"Content-Disposition": "attachment; filename*=UTF-8''{}".format(quote(name))})

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:{}".format(server.server_port), state
    server.shutdown()


@pytest.fixture
def client(test_run, gateway):
    app = create_app({"DEVELOPMENT_MODE": "1", "REDIS_URL": test_run.redis_url, "GATEWAY_URL": gateway[0],
                      "REDIS_KEY_PREFIX": test_run.redis_prefix, "LOG_LEVEL": "WARNING",
                      "PUBLIC_BASE_URL": "http://localhost"})
    made = app.test_client()
    page = made.get("/signin").get_data(as_text=True)
    made.post("/signin", data={"login": "maria@example.ru", "password": "right", "csrf_token": csrf_of(page)})
    return made


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def texts(html: str) -> list[str]:
    return re.findall(r'<p class="text">([^<]*)</p>', html)


def test_the_chat_reads_top_down_marks_what_is_new_and_is_read_once_shown(client, gateway):
    state = gateway[1]
    html = client.get("/orders/1007783").get_data(as_text=True)
    assert texts(html)[:2] == ["Можно латте на овсяном?", "Да, сделаем."]     # oldest on top
    marks = re.findall(r'<li class="message[^"]*"', html)
    assert "unread" not in marks[0] and "unread" in marks[1]                    # the other side's, new
    assert "<span class=\"author\">Павел Исполнитель</span> · <time" in html and 'data-test="chat-unread">1<' in html
    assert state["reads"][-1] == {"message_id": "m2"}                           # shown: read
    again = client.get("/orders/1007783").get_data(as_text=True)
    assert "unread" not in " ".join(re.findall(r'<li class="message[^"]*"', again))


def test_a_message_with_a_file_is_uploaded_then_posted_and_the_file_comes_back(client, gateway):
    from io import BytesIO
    state = gateway[1]
    page = client.get("/orders/1007783").get_data(as_text=True)
    response = client.post("/orders/1007783/messages", content_type="multipart/form-data", data={
        "csrf_token": csrf_of(page), "text": "Макет во вложении.",
        "files": (BytesIO(b"%PDF-1.4 maket"), "макет.pdf", "application/pdf")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/orders/1007783#chat-end")
    assert state["uploads"][-1] == ("макет.pdf", "application/pdf", b"%PDF-1.4 maket")
    attachment_id = file_id(len(state["uploads"]))
    assert state["posted"][-1] == {"text": "Макет во вложении.", "attachment_ids": [attachment_id]}

    html = client.get("/orders/1007783").get_data(as_text=True)
    href = "/orders/1007783/attachments/{}".format(attachment_id)
    assert 'href="{}"'.format(href) in html and "макет.pdf" in html
    file = client.get(href)
    assert file.status_code == 200 and file.data == b"%PDF-1.4 maket"
    assert file.mimetype == "application/pdf" and file.headers["Cache-Control"] == "private, no-store"
    assert file.headers["Content-Disposition"] == "attachment; filename*=UTF-8''" + quote("макет.pdf")


def test_the_apis_errors_are_next_to_the_text_and_the_file(client, gateway):
    from io import BytesIO
    page = client.get("/orders/1007783").get_data(as_text=True)
    empty = client.post("/orders/1007783/messages", data={"csrf_token": csrf_of(page), "text": " "})
    assert empty.status_code == 422
    assert '<p class="field-error" id="text-error">Напишите текст или приложите файл.</p>' in empty.get_data(as_text=True)

    refused = client.post("/orders/1007783/messages", content_type="multipart/form-data", data={
        "csrf_token": csrf_of(page), "text": "Вот программа",
        "files": (BytesIO(b"MZ"), "setup.exe", "application/octet-stream")})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert '<p class="field-error" id="files-error">Такие файлы не принимаются.</p>' in html
    assert ">Вот программа</textarea>" in html                               # what was written stays
