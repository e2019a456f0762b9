"""Words people read, in their language: one gettext catalog for every process.

The catalog is ``kit/locale/<language>/LC_MESSAGES/platform.po`` (Russian, the default,
and English). Nothing binary is committed: each process compiles the ``.po`` files with
Babel when it first needs them (``read_po`` → ``write_mo`` → ``babel.support.Translations``,
a ``gettext.GNUTranslations``), once.

Entries are keyed, not English source texts: the ``msgctxt`` names a vocabulary
(``problem`` for the titles of problem details, ``order.status``, ``telegram.link_status``…)
and the ``msgid`` is the stable machine code (``order_not_found``, ``confirmed``), so the
same code has exactly one text per language, whichever service shows it, and a test can
check that every code has both.

Also here: the caller's language from ``Accept-Language`` (q-values honoured, regional
tags matched to their language), and money and dates formatted by Babel's CLDR data.
"""
from __future__ import annotations

import functools
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from babel.core import negotiate_locale
from babel.dates import format_date as _format_date, format_datetime as _format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_currency_symbol
from babel.support import Translations
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LANGUAGES = ("ru", "en")
DEFAULT = "ru"
DOMAIN = "platform"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def language_of(value: str | None) -> str:
    """A supported language code: ``value`` if it is one, else the default (Russian)."""
    return value if value in LANGUAGES else DEFAULT


def negotiate(accept_language: str | None) -> str:
    """The best supported language for an ``Accept-Language`` header (RFC 9110 §12.5.4):
    ranges by descending q-value, ``q=0`` meaning "not this one", a regional tag (``en-GB``)
    matching its language; Russian when nothing matches or the header is absent."""
    ranges = parse_accept_header(accept_language or "", LanguageAccept)
    preferred = [value for value, quality in ranges if quality > 0 and value != "*"]
    chosen = negotiate_locale(preferred, LANGUAGES, sep="-")
    return chosen.lower() if chosen else DEFAULT


def read_po_file(locale_dir: Path, domain: str, language: str):
    """``<locale_dir>/<language>/LC_MESSAGES/<domain>.po`` as a Babel catalog (the platform's
    catalog here, the web app's own in web/i18n.py)."""
    with (locale_dir / language / "LC_MESSAGES" / "{}.po".format(domain)).open("rb") as source:
        return read_po(source, locale=language, domain=domain)


def compiled(catalog, domain: str) -> Translations:
    """A Babel catalog compiled in memory (nothing binary is committed)."""
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return Translations(mo, domain=domain)


def read_catalog(language: str):
    """The ``.po`` file of ``language`` as a Babel catalog (for tools and tests)."""
    return read_po_file(LOCALE_DIR, DOMAIN, language)


@functools.cache
def translations(language: str) -> Translations:
    """The compiled catalog of ``language``: built once per process from its ``.po``."""
    return compiled(read_catalog(language_of(language)), DOMAIN)


def lookup(context: str, code: str, language: str | None) -> str | None:
    """The text of ``code`` in the vocabulary ``context``, or None when the catalog has none."""
    text = translations(language_of(language)).pgettext(context, code)
    return None if text == code else text


def label(context: str, code: str | None, language: str | None = DEFAULT, **params) -> str | None:
    """The label of a code for people (a status, a kind); the code itself when the catalog
    has no text for it, None for None. ``params`` fill ``{placeholders}``."""
    if code is None:
        return None
    text = lookup(context, code, language)
    if text is None:
        return code
    return text.format(**params) if params else text


def _locale(language: str | None) -> str:
    return language_of(language)


def format_money(kopecks: int, language: str | None = DEFAULT, currency: str = "RUB", *,
                 symbol: bool = True, kopecks_always: bool = False) -> str:
    """Kopecks as people read them: the number by the language's CLDR rules (``1 234,56``
    ru, ``1,234.56`` en; whole amounts without ``,00`` unless ``kopecks_always``), then the
    currency's sign as the product prints it in both languages (``₽``)."""
    amount = Decimal(int(kopecks)) / 100
    pattern = "#,##0.00" if kopecks_always or amount != amount.to_integral_value() else "#,##0"
    number = format_decimal(amount, format=pattern, locale=_locale(language))
    if not symbol:
        return number
    return "{}\u00a0{}".format(number, get_currency_symbol(currency, locale=DEFAULT))


def format_date(value: date | datetime | str, language: str | None = DEFAULT) -> str:
    """A date as people read it: ``01.03.2026`` (ru), ``Mar 1, 2026`` (en)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    return _format_date(value, "medium" if _locale(language) == "en" else "dd.MM.yyyy", locale=_locale(language))


def format_datetime(value: datetime | str, language: str | None = DEFAULT, zone: str | None = None) -> str:
    """A moment in ``zone`` (an IANA name; UTC when None): ``01.03.2026 14:05`` (ru),
    ``Mar 1, 2026, 2:05 PM`` (en)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    pattern = "dd.MM.yyyy HH:mm" if _locale(language) == "ru" else "MMM d, yyyy, h:mm a"
    return _format_datetime(value, pattern, tzinfo=zone or "UTC", locale=_locale(language))


#: parameters of texts that are amounts in kopecks (``{minimum}`` in a problem's detail)
MONEY_PARAMS = frozenset({"amount", "minimum", "maximum", "remaining", "total", "available", "needed"})


def readable(params: dict, language: str | None = DEFAULT) -> dict:
    """``params`` of a text as the reader reads them: amounts (kopecks) formatted."""
    return {name: format_money(value, language) if name in MONEY_PARAMS and isinstance(value, int)
            and not isinstance(value, bool) else value for name, value in params.items()}
