"""Fake providers for tests: a real SMTP server (aiosmtpd) and a real HTTP server that
speaks the SMS API, an FCM-style push API and the Telegram Bot API methods the platform
uses, with a control API to read what they received and to make them fail.

They run in their own process (``python -m tests.integration.fakes``), away from the
test process's eventlet patching, and die with it. From a test or fixture::

    fakes = Fakes.start()
    env = fakes.env()                            # SMTP_HOST, SMS_API_URL, PUSH_API_URL, TELEGRAM_...
    fakes.fail("sms", "+79990001122", 500, 500)  # the next two answers for that number, then 200
    fakes.always_fail("push", token)             # 500 for good
    fakes.wait_mail("someone@example.com")       # the captured e-mails, parsed
    fakes.stop()

Provider APIs (what the production adapters call):
- SMS: ``POST /sms/messages`` ``{to, text, sender, reference}``, ``Authorization: Bearer <key>``,
  ``Idempotency-Key`` (a repeated key is answered with the first result and not stored again);
- push: ``POST /fcm/v1/projects/test/messages:send`` ``{"message": {token, notification, data}}``,
  tokens starting with ``dead-`` are ``UNREGISTERED`` (404);
- Telegram: ``POST /telegram/bot<token>/sendMessage | sendDocument | getFile | getMe | setWebhook``
  and ``GET /telegram/file/bot<token>/<file_path>`` (files a test put there with
  :meth:`Fakes.telegram_file`); messages keep their ``reply_markup`` (the buttons);
- SMTP: any recipient; a scripted 4xx/5xx is answered at RCPT TO.
Failures are scripted per (service, address): e-mail address, phone, push token, chat id.
A scripted ``HANG`` (:meth:`Fakes.hang`) makes an HTTP provider read the request and never
answer: the connection stays open until the client gives up and closes it, and the fake
records how long that took (:meth:`Fakes.hangs`).
"""
from __future__ import annotations

import base64
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("email", "sms", "push", "telegram")
#: a scripted "status": read the request, never answer
HANG = 0
#: how long a hung request waits for its client to give up (the fake's own bound)
HANG_LIMIT = 120


# --- the fake providers (run in their own process) --------------------------------------

class State:
    def __init__(self, keys: dict):
        self.keys = keys
        self.lock = threading.Lock()
        self.received: dict[str, list] = {name: [] for name in SERVICES}
        self.attempts: dict[tuple[str, str], int] = {}
        self.scripts: dict[tuple[str, str], dict] = {}
        self.replies: dict[tuple[str, str], dict] = {}
        self.webhook: dict = {}
        #: Telegram files users sent to a bot: file_id -> bytes
        self.files: dict[str, bytes] = {}
        #: (service, address) -> per hung request: seconds until the client gave up (None: still open)
        self.hangs: dict[tuple[str, str], list] = {}

    def answer(self, service: str, address: str) -> int:
        """The status scripted for the next request to ``address`` (200 if none)."""
        with self.lock:
            self.attempts[(service, address)] = self.attempts.get((service, address), 0) + 1
            script = self.scripts.get((service, address))
            if not script:
                return 200
            if script["statuses"]:
                return script["statuses"].pop(0)
            return script["then"] if script["then"] is not None else 200

    def store(self, service: str, record: dict, idempotency_key: str | None = None) -> dict:
        with self.lock:
            if idempotency_key and (service, idempotency_key) in self.replies:
                return self.replies[(service, idempotency_key)]
            record["received_at"] = time.time()
            self.received[service].append(record)
            if idempotency_key:
                self.replies[(service, idempotency_key)] = record
            return record


def make_http_handler(state: State):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _send(self, status: int, payload) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not raw:
                return {}
            content_type = self.headers.get("Content-Type", "")
            if content_type.startswith("application/json"):
                return json.loads(raw)
            if content_type.startswith("multipart/form-data"):
                message = BytesParser(policy=policy.default).parsebytes(
                    b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
                fields = {}
                for part in message.iter_parts():
                    name = part.get_param("name", header="content-disposition")
                    if part.get_filename():
                        fields[name] = {"filename": part.get_filename(), "content": part.get_payload(decode=True)}
                    else:
                        fields[name] = part.get_payload(decode=True).decode()
                return fields
            return {k: v[0] for k, v in parse_qs(raw.decode()).items()}

        def _hang(self, service: str, address: str) -> None:
            """Answer nothing: wait until the client closes the connection (its timeout)."""
            started = time.monotonic()
            with state.lock:
                held = state.hangs.setdefault((service, address), [])
                held.append(None)
                index = len(held) - 1
            self.connection.settimeout(HANG_LIMIT)
            try:
                while self.connection.recv(1024):
                    pass
            except OSError:
                pass
            with state.lock:
                held[index] = round(time.monotonic() - started, 2)
            self.close_connection = True

        def _bearer_ok(self, key: str) -> bool:
            return self.headers.get("Authorization") == "Bearer " + key

        def do_GET(self):
            url = urlsplit(self.path)
            args = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path.startswith("/_fake/received/"):
                service = url.path.rsplit("/", 1)[1]
                with state.lock:
                    items = [r for r in state.received.get(service, [])
                             if not args.get("to") or r.get("to") == args["to"]]
                return self._send(200, {"items": items})
            if url.path == "/_fake/attempts":
                with state.lock:
                    count = state.attempts.get((args["service"], args["address"]), 0)
                return self._send(200, {"attempts": count})
            if url.path == "/_fake/hangs":
                with state.lock:
                    held = list(state.hangs.get((args["service"], args["address"]), []))
                return self._send(200, {"hangs": held})
            if url.path == "/_fake/webhook":
                return self._send(200, state.webhook)
            if url.path == "/_fake/health":
                return self._send(200, {"ok": True})
            if url.path.startswith("/telegram/file/bot"):
                token, _, path = url.path[len("/telegram/file/bot"):].partition("/")
                content = state.files.get(path.rsplit("/", 1)[-1])
                if token != state.keys["telegram"] or content is None:
                    return self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
                return None
            return self._send(404, {"error": "not found"})

        def do_POST(self):
            url = urlsplit(self.path)
            body = self._body()
            if url.path == "/_fake/telegram/files":
                with state.lock:
                    state.files[body["file_id"]] = base64.b64decode(body["data"])
                return self._send(200, {"ok": True})
            if url.path == "/_fake/script":
                with state.lock:
                    state.scripts[(body["service"], body["address"])] = {
                        "statuses": list(body.get("statuses") or []), "then": body.get("then")}
                return self._send(200, {"ok": True})
            if url.path == "/sms/messages":
                return self._sms(body)
            if url.path.startswith("/fcm/") and url.path.endswith("/messages:send"):
                return self._push(body)
            if url.path.startswith("/telegram/bot"):
                token, _, method = url.path[len("/telegram/bot"):].partition("/")
                return self._telegram(token, method, body)
            return self._send(404, {"error": "not found"})

        def _sms(self, body: dict):
            if not self._bearer_ok(state.keys["sms"]):
                return self._send(401, {"error": "unauthorized"})
            status = state.answer("sms", body.get("to", ""))
            if status == HANG:
                return self._hang("sms", body.get("to", ""))
            if status >= 300:
                return self._send(status, {"error": "scripted failure"})
            record = state.store("sms", {"id": "sms-" + uuid.uuid4().hex[:12], "to": body.get("to"),
                                         "text": body.get("text"), "sender": body.get("sender"),
                                         "reference": body.get("reference")},
                                 self.headers.get("Idempotency-Key"))
            return self._send(200, {"id": record["id"], "status": "accepted"})

        def _push(self, body: dict):
            if not self._bearer_ok(state.keys["push"]):
                return self._send(401, {"error": {"code": 401, "status": "UNAUTHENTICATED"}})
            message = body.get("message") or {}
            token = message.get("token", "")
            if token.startswith("dead-"):
                state.answer("push", token)
                return self._send(404, {"error": {"code": 404, "status": "NOT_FOUND", "details": [
                    {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}]}})
            status = state.answer("push", token)
            if status == HANG:
                return self._hang("push", token)
            if status >= 300:
                return self._send(status, {"error": {"code": status, "status": "UNAVAILABLE"}})
            record = state.store("push", {"name": "projects/test/messages/" + uuid.uuid4().hex[:12], "to": token,
                                          "title": (message.get("notification") or {}).get("title"),
                                          "body": (message.get("notification") or {}).get("body"),
                                          "data": message.get("data") or {}},
                                 self.headers.get("Idempotency-Key"))
            return self._send(200, {"name": record["name"]})

        def _telegram(self, token: str, method: str, body: dict):
            if token != state.keys["telegram"]:
                return self._send(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            if method == "getMe":
                return self._send(200, {"ok": True, "result": {"id": 1, "is_bot": True,
                                                               "username": state.keys["bot_username"]}})
            if method == "setWebhook":
                state.webhook = body
                return self._send(200, {"ok": True, "result": True, "description": "Webhook was set"})
            if method == "getFile":
                file_id = str(body.get("file_id", ""))
                if file_id not in state.files:
                    return self._send(400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"})
                return self._send(200, {"ok": True, "result": {"file_id": file_id, "file_size": len(state.files[file_id]),
                                                               "file_path": "documents/" + file_id}})
            if method == "sendDocument":
                document = body.get("document") or {}
                record = state.store("telegram", {"message_id": len(state.received["telegram"]) + 1,
                                                  "to": str(body.get("chat_id", "")), "text": body.get("caption"),
                                                  "document": document.get("filename"),
                                                  "size": len(document.get("content") or b"")})
                return self._send(200, {"ok": True, "result": {"message_id": record["message_id"]}})
            if method != "sendMessage":
                return self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            chat_id = str(body.get("chat_id", ""))
            status = state.answer("telegram", chat_id)
            if status == HANG:
                return self._hang("telegram", chat_id)
            if status == 403:
                return self._send(403, {"ok": False, "error_code": 403,
                                        "description": "Forbidden: bot was blocked by the user"})
            if status >= 300:
                return self._send(status, {"ok": False, "error_code": status, "description": "Internal Server Error"})
            record = state.store("telegram", {"message_id": len(state.received["telegram"]) + 1,
                                              "to": chat_id, "text": body.get("text"),
                                              "reply_markup": body.get("reply_markup")})
            return self._send(200, {"ok": True, "result": {"message_id": record["message_id"],
                                                           "chat": {"id": int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id},
                                                           "date": int(time.time()), "text": body.get("text")}})

    return Handler


def make_smtp_handler(state: State):
    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            status = state.answer("email", address)
            if 400 <= status < 500:
                return "451 4.3.0 Try again later"
            if status >= 500:
                return "550 5.1.1 Mailbox unavailable"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            message = BytesParser(policy=policy.default).parsebytes(envelope.content)
            text = message.get_body(preferencelist=("plain",))
            html = message.get_body(preferencelist=("html",))
            attachments = [{"filename": part.get_filename(), "content_type": part.get_content_type(),
                            "data": base64.b64encode(part.get_content()).decode()}
                           for part in message.iter_attachments()]
            for rcpt in envelope.rcpt_tos:
                state.store("email", {
                    "to": rcpt, "from": envelope.mail_from, "subject": str(message["Subject"] or ""),
                    "text": text.get_content() if text else "", "html": html.get_content() if html else "",
                    "headers": {k: str(v) for k, v in message.items()}, "attachments": attachments,
                })
            return "250 Message accepted"

    return Handler()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(keys: dict) -> None:
    """Run the fakes until stdin closes (the test process ended)."""
    from aiosmtpd.controller import Controller

    state = State(keys)
    http = ThreadingHTTPServer(("127.0.0.1", 0), make_http_handler(state))
    http.daemon_threads = True
    threading.Thread(target=http.serve_forever, daemon=True).start()
    smtp = Controller(make_smtp_handler(state), hostname="127.0.0.1", port=_free_port())
    smtp.start()
    print(json.dumps({"http_port": http.server_address[1], "smtp_port": smtp.port}), flush=True)
    sys.stdin.read()  # EOF when the parent goes away
    smtp.stop()
    http.shutdown()


# --- the tests' side ------------------------------------------------------------------

class Fakes:
    """A running fakes process and what tests ask of it."""

    def __init__(self, process: subprocess.Popen, http_port: int, smtp_port: int, keys: dict):
        self.process = process
        self.base = "http://127.0.0.1:{}".format(http_port)
        self.smtp_port = smtp_port
        self.keys = keys
        self.session = requests.Session()

    @classmethod
    def start(cls) -> "Fakes":
        keys = {"sms": "sms-" + secrets.token_hex(8), "push": "push-" + secrets.token_hex(8),
                "telegram": "{}:{}".format(secrets.randbelow(10 ** 9), secrets.token_hex(12)),
                "bot_username": "platform_test_bot", "webhook_secret": secrets.token_hex(16)}
        process = subprocess.Popen([sys.executable, "-m", "tests.integration.fakes", json.dumps(keys)],
                                   cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"}, text=True)
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the fake providers did not start (exit {})".format(process.wait(5)))
        ports = json.loads(line)
        return cls(process, ports["http_port"], ports["smtp_port"], keys)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def env(self) -> dict:
        """The settings that point the notifications service at these fakes."""
        return {
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.smtp_port), "SMTP_FROM": "no-reply@it.platform.local",
            "SMS_API_URL": self.base + "/sms", "SMS_API_KEY": self.keys["sms"], "SMS_SENDER": "Platform",
            "PUSH_API_URL": self.base + "/fcm/v1/projects/test/messages:send", "PUSH_API_KEY": self.keys["push"],
            "TELEGRAM_API_URL": self.base + "/telegram", "TELEGRAM_BOT_TOKEN": self.keys["telegram"],
            "TELEGRAM_WEBHOOK_SECRET": self.keys["webhook_secret"],
            "TELEGRAM_BOT_USERNAME": self.keys["bot_username"],
        }

    # what the providers received
    def received(self, service: str, to: str | None = None) -> list[dict]:
        response = self.session.get(self.base + "/_fake/received/" + service, params={"to": to} if to else {},
                                    timeout=10)
        response.raise_for_status()
        return response.json()["items"]

    def mail(self, to: str | None = None) -> list[dict]:
        return self.received("email", to)

    def sms(self, to: str | None = None) -> list[dict]:
        return self.received("sms", to)

    def push(self, token: str | None = None) -> list[dict]:
        return self.received("push", token)

    def telegram(self, chat_id: str | None = None) -> list[dict]:
        return self.received("telegram", chat_id)

    def wait(self, service: str, to: str, count: int = 1, timeout: float = 15.0) -> list[dict]:
        """At least ``count`` messages to ``to`` (polls with a deadline)."""
        from kit.testing.wait import wait_for

        def enough():
            items = self.received(service, to)
            return items if len(items) >= count else None

        return wait_for(enough, timeout=timeout, message="{} {} message(s) to {}".format(count, service, to))

    def wait_mail(self, to: str, count: int = 1, timeout: float = 15.0) -> list[dict]:
        return self.wait("email", to, count, timeout)

    def attempts(self, service: str, address: str) -> int:
        response = self.session.get(self.base + "/_fake/attempts", params={"service": service, "address": address},
                                    timeout=10)
        return response.json()["attempts"]

    # making them fail
    def fail(self, service: str, address: str, *statuses: int, then: int | None = None) -> None:
        """Answer the next requests for ``address`` with ``statuses`` in turn, then ``then`` (200)."""
        self.session.post(self.base + "/_fake/script", json={
            "service": service, "address": address, "statuses": list(statuses), "then": then},
            timeout=10).raise_for_status()

    def always_fail(self, service: str, address: str, status: int = 500) -> None:
        self.fail(service, address, then=status)

    def hang(self, service: str, address: str) -> None:
        """Every request for ``address`` (an HTTP provider's) is read and never answered."""
        self.fail(service, address, then=HANG)

    def hangs(self, service: str, address: str) -> list:
        """Per hung request for ``address``: seconds until its client gave up (None: still open)."""
        response = self.session.get(self.base + "/_fake/hangs", params={"service": service, "address": address},
                                    timeout=10)
        return response.json()["hangs"]

    # Telegram users talking to the bot
    @staticmethod
    def telegram_message(text: str, username: str | None, chat_id: int, language: str = "ru") -> dict:
        """An Update as Telegram posts it to the bot's webhook."""
        sender = {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": language}
        if username:
            sender["username"] = username
        return {"update_id": secrets.randbelow(10 ** 9), "message": {
            "message_id": secrets.randbelow(10 ** 6), "date": int(time.time()), "text": text,
            "from": sender, "chat": {"id": chat_id, "type": "private"}}}


    def telegram_file(self, file_id: str, content: bytes) -> None:
        """A file a Telegram user sent: the bot fetches it with getFile and a download."""
        self.session.post(self.base + "/_fake/telegram/files", json={
            "file_id": file_id, "data": base64.b64encode(content).decode()}, timeout=10).raise_for_status()

    @staticmethod
    def telegram_document(file_id: str, file_name: str, mime_type: str, username: str | None, chat_id: int,
                          caption: str | None = None) -> dict:
        """An Update with a document the user attached."""
        update = Fakes.telegram_message(caption or "", username, chat_id)
        message = update["message"]
        message.pop("text")
        if caption:
            message["caption"] = caption
        message["document"] = {"file_id": file_id, "file_unique_id": file_id, "file_name": file_name,
                               "mime_type": mime_type}
        return update

    @staticmethod
    def telegram_button(data: str, username: str | None, chat_id: int) -> dict:
        """An Update for a press of an inline button (a callback query)."""
        sender = {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": "ru"}
        if username:
            sender["username"] = username
        return {"update_id": secrets.randbelow(10 ** 9), "callback_query": {
            "id": str(secrets.randbelow(10 ** 12)), "from": sender, "data": data,
            "message": {"message_id": 1, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"}}}}


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]))
