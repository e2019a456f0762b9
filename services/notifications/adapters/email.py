"""E-mail over SMTP (production: any SMTP server; compose: Mailpit)."""
from __future__ import annotations

import base64
import smtplib
import socket
from email.message import EmailMessage
from email.utils import formatdate

from services.notifications.adapters.base import Outgoing, PermanentFailure, TemporaryFailure


def build_message(message: Outgoing, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.target
    email["Subject"] = message.subject or ""
    email["Date"] = formatdate(localtime=False)
    # the same delivery always carries the same id, so a resent copy is recognisable
    email["Message-ID"] = "<{}@{}>".format(message.delivery_id, sender.rpartition("@")[2] or "platform")
    email["X-Notification-Type"] = message.event_type
    email.set_content(message.text)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    attachment = (message.data or {}).get("attachment")
    if attachment:  # I6: the personal-data export
        maintype, _, subtype = attachment["content_type"].partition("/")
        email.add_attachment(base64.b64decode(attachment["data"]), maintype=maintype, subtype=subtype or "octet-stream",
                             filename=attachment["filename"])
    email["Content-Language"] = message.language  # after set_content, which drops Content-* headers
    return email


def _failure(code: int, text) -> Exception:
    detail = "SMTP {}: {}".format(code, text.decode(errors="replace") if isinstance(text, bytes) else text)
    return TemporaryFailure(detail) if 400 <= code < 500 else PermanentFailure(detail)


class SmtpEmail:
    name = "email"

    def __init__(self, host: str, port: int, sender: str, username: str = "", password: str = "",
                 starttls: bool = False, timeout: float = 10.0):
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls, self.timeout = username, password, starttls, timeout

    def describe(self) -> str:
        return "smtp {}:{}".format(self.host, self.port)

    def send(self, message: Outgoing) -> str | None:
        email = build_message(message, self.sender)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as refused:
            code, text = next(iter(refused.recipients.values()))
            raise _failure(code, text)
        except smtplib.SMTPResponseException as error:  # sender refused, data error, auth
            if isinstance(error, smtplib.SMTPAuthenticationError):
                raise TemporaryFailure("SMTP authentication failed: {}".format(error.smtp_code))
            raise _failure(error.smtp_code, error.smtp_error)
        except (smtplib.SMTPException, OSError, socket.timeout) as error:
            raise TemporaryFailure("SMTP {}:{} unreachable: {}".format(self.host, self.port, error))
        return email["Message-ID"]
