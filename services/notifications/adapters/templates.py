"""The template engine: texts of a notification per channel and language, from the
built-in messages (``domain/messages.py``) or an operator's override, rendered in a Jinja
sandbox (operators' templates cannot reach Python objects) and laid out in the e-mail
layouts under ``templates/``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import structlog
from jinja2 import FileSystemLoader, TemplateError, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from kit import i18n
from services.notifications.domain.messages import BUILT_IN
from services.notifications.domain.quiet_hours import DEFAULT_TIMEZONE

log = structlog.get_logger(__name__)

#: the e-mail layouts (data files of the service, services/notifications/templates)
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MONEY_FIELDS = ("total", "amount", "commission", "paid", "balance", "threshold", "order_paid_total",
                "order_remaining", "order_refunded_total", "remaining")
TIME_FIELDS = ("expires_at", "starts_at", "ends_at", "paid_at", "deadline", "due_at", "accepted_at")
STATUS_FIELDS = ("status", "from_status", "to_status")
PUSH_BODY_LIMIT = 240
SMS_LIMIT = 480
_text = SandboxedEnvironment(autoescape=False)
_layout = SandboxedEnvironment(loader=FileSystemLoader(str(TEMPLATES)),
                               autoescape=select_autoescape(["html"]))


class TemplateProblem(ValueError):
    pass


@dataclass(frozen=True)
class Content:
    """What one channel sends: a subject (e-mail, inbox/push title), text, optional HTML."""

    subject: str | None
    text: str
    html: str | None = None
    link: str | None = None


def language_of(value: str | None) -> str:
    return i18n.language_of(value)


def format_money(kopecks: int, language: str, currency: str = "RUB") -> str:
    """Kopecks as people read them (Babel, kit.i18n): ``1 234,56 ₽`` (ru), ``1,234.56 ₽``
    (en); whole rubles without the zero kopecks."""
    return i18n.format_money(kopecks, language, currency)


def format_time(value, language: str, zone: str) -> str:
    """A moment in the reader's time zone (Babel, kit.i18n): ``23.11.2026 13:00`` (ru),
    ``Nov 23, 2026, 1:00 PM`` (en)."""
    return i18n.format_datetime(value, language, zone)


def context(data: dict, *, language: str, recipient_id: str | None = None,
            timezone: str | None = None) -> dict:
    """The event's data plus what texts need: formatted money and times, status labels."""
    language = language_of(language)
    zone = timezone or DEFAULT_TIMEZONE
    values = dict(data)
    values["recipient_id"] = recipient_id
    values["language"] = language
    currency = data.get("currency") or "RUB"
    for name in MONEY_FIELDS:
        if isinstance(data.get(name), int) and not isinstance(data.get(name), bool):
            values[name + "_text"] = format_money(data[name], language, currency)
    for name in TIME_FIELDS:
        if data.get(name):
            try:
                values[name + "_text"] = format_time(data[name], language, zone)
            except (TypeError, ValueError):
                values[name + "_text"] = str(data[name])
    for name in STATUS_FIELDS:
        if data.get(name):
            # O15: orders owns the statuses; their names are the catalog's (kit/locale); a
            # support ticket's (its events carry ticket_number) as its customer reads them
            vocabulary = "notification.ticket_status" if data.get("ticket_number") else "order.status"
            values[name + "_label"] = i18n.label(vocabulary, data[name], language)
    reason = i18n.lookup("payment.failure_reason", data["reason"], language) if data.get("reason") else None
    if reason:
        values["reason_label"] = reason
    return values


def compile_text(source: str) -> None:
    """Refuse a template that does not parse (an operator's override)."""
    try:
        _text.parse(source)
    except TemplateError as error:
        raise TemplateProblem("line {}: {}".format(getattr(error, "lineno", "?"), error.message))


def _render(source: str | None, values: dict) -> str:
    if not source:
        return ""
    try:
        return _text.from_string(source).render(values).strip()
    except TemplateError as error:
        raise TemplateProblem(str(error))


def _absolute(link: str, base_url: str) -> str:
    if not link or re.match(r"^[a-z][a-z0-9+.-]*://", link):
        return link
    return base_url.rstrip("/") + "/" + link.lstrip("/")


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def texts(template: str, language: str, override: dict | None = None) -> dict:
    """The sources to render: the built-in texts with an operator's override on top."""
    language = language_of(language)
    built_in = dict(BUILT_IN[template][language])
    if override:
        if override.get("subject"):
            built_in["title"] = override["subject"]
        built_in["body"] = override["body"]
        built_in.pop("sms", None)  # the operator's body is the SMS text too
    return built_in


def render(template: str, channel: str, values: dict, base_url: str,
           override: dict | None = None) -> Content:
    """The content ``channel`` sends for ``template`` with ``values`` (see :func:`context`)."""
    language = language_of(values.get("language"))
    sources = texts(template, language, override)
    title = _render(sources.get("title"), values)
    body = _render(sources.get("body"), values)
    link = _absolute(_render(sources.get("link"), values), base_url) or None
    if channel == "inbox":
        return Content(title, body, link=link)
    if channel == "push":
        return Content(title, _truncate(body, PUSH_BODY_LIMIT), link=link)
    if channel == "sms":
        text = _render(sources["sms"], values) if sources.get("sms") else body
        return Content(None, _truncate(text, SMS_LIMIT), link=link)
    if channel == "telegram":
        text = "{}\n\n{}".format(title, body) + ("\n{}".format(link) if link and link not in body else "")
        return Content(None, text, link=link)
    if channel == "email":
        page = {"language": language, "title": title, "body": body, "link": link,
                "paragraphs": [p for p in body.split("\n") if p.strip()],
                "action": _render(sources.get("action"), values) or i18n.label("notifications.email", "action", language),
                "footer": i18n.label("notifications.email", "footer", language)}
        text = _layout.get_template("email.txt").render(page).strip() + "\n"
        html = _layout.get_template("email.html").render(page)
        return Content(title, text, html, link)
    raise ValueError("unknown channel {}".format(channel))


class Texts:
    """One event's texts for each of its recipients: an operator's override where there is
    one (``overrides(language) -> {channel: {"subject", "body"}}``, asked once per
    language), else the built-in text. A broken override must not silence the notice: it
    is logged and the built-in text goes out."""

    def __init__(self, template: str, data: dict, base_url: str, overrides: Callable[[str], dict]):
        self.template, self.data, self.base_url = template, data, base_url
        self._lookup = overrides
        self._overrides: dict[str, dict] = {}

    def overrides(self, language: str) -> dict:
        if language not in self._overrides:
            self._overrides[language] = self._lookup(language)
        return self._overrides[language]

    def content(self, channel: str, recipient_id: str, language: str, timezone: str | None) -> Content:
        values = context(self.data, language=language, recipient_id=recipient_id, timezone=timezone)
        override = self.overrides(values["language"]).get(channel)
        if override:
            try:
                return render(self.template, channel, values, self.base_url, override)
            except TemplateProblem as problem:
                log.warning("template_override_failed", template=self.template, channel=channel,
                            language=values["language"], error=str(problem))
        return render(self.template, channel, values, self.base_url)
