"""Names, e-mail addresses, phone numbers and the normal form user search matches on."""
from __future__ import annotations

import re

from kit import phones

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def is_email(value: str) -> bool:
    return bool(EMAIL_RE.match(value.strip())) and len(value) <= 254


def normalize_phone(raw: str | None) -> str | None:
    """E.164 form of a phone number as people type it ("+7 (342) 254-54-54", "8 965 ...");
    None when it is not a valid phone number (:mod:`kit.phones`, libphonenumber's rules).
    Identity stores and looks up this form, and the gateway's sign-in limiter keys on it."""
    return phones.normalize(raw)


def search_form(text: str) -> str:
    """Case-folded, ё as е, single spaces: the form names are stored and searched in."""
    text = (text or "").casefold().replace("ё", "е")
    return " ".join(text.split())


def search_terms(query: str) -> list[str]:
    """Each word of the query must match part of the first or the last name."""
    return [term for term in search_form(query).split(" ") if term]


def full_name(first_name: str | None, last_name: str | None) -> str:
    return " ".join(part for part in (first_name, last_name) if part)


def name_search_form(first_name: str | None, last_name: str | None) -> str:
    """What a person's name is searched in (``users.search_name``)."""
    return search_form(full_name(first_name, last_name))
