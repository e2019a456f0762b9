"""The reader's language and the web app's words.

Russian by default, English available: the language is the ``lang`` cookie set by the
switch in the page's header (``/lang/<code>``), else the browser's ``Accept-Language``
(:func:`kit.i18n.negotiate`, the platform's own rules), else Russian. The same language is
sent to the API, so its problem titles and details come back in it.

The web app's own words are gettext messages with English source texts
(``_("Sign in")``); the Russian catalog is ``web/locale/ru/LC_MESSAGES/web.po``, compiled
with Babel at first use as kit/i18n.py does (nothing binary committed). Codes the platform
defines (order statuses, kinds, payment statuses…) are shown with the platform's catalog
(:func:`kit.i18n.label`), so a status reads the same in an e-mail and on a page. Money and
dates use Babel's CLDR data through kit.i18n (``1 234,56 ₽``, ``01.03.2026``).
"""
from __future__ import annotations

import functools
from gettext import NullTranslations
from pathlib import Path

from flask import current_app, g, request

from kit import i18n as platform

LANGUAGES = platform.LANGUAGES
DEFAULT = platform.DEFAULT
COOKIE = "lang"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "web"


def read_catalog(language: str):
    return platform.read_po_file(LOCALE_DIR, DOMAIN, language)


@functools.cache
def translations(language: str):
    if language == "en":
        return NullTranslations()  # the source texts are English
    return platform.compiled(read_catalog(language), DOMAIN)


def select_language() -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return platform.negotiate(request.headers.get("Accept-Language"))


def current() -> str:
    return getattr(g, "lang", DEFAULT)


def gettext(text: str, **params) -> str:
    translated = translations(current()).gettext(text)
    return translated % params if params else translated


def ngettext(singular: str, plural: str, number: int, **params) -> str:
    translated = translations(current()).ngettext(singular, plural, number)
    params.setdefault("num", number)
    return translated % params


_ = gettext


def label(context: str, code: str | None) -> str:
    return platform.label(context, code, current()) or ""


def money(kopecks) -> str:
    if kopecks is None:
        return ""
    return platform.format_money(int(kopecks), current())


def date(value) -> str:
    return platform.format_date(value, current()) if value else ""


def datetime(value, zone: str | None = None) -> str:
    return platform.format_datetime(value, current(), zone or current_app.config["WEB_TIMEZONE"]) if value else ""
