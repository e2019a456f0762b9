"""Names, e-mail addresses, phone numbers and the normal form user search matches on."""
from __future__ import annotations

import re

import phonenumbers

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def is_email(value: str) -> bool:
    return bool(EMAIL_RE.match(value.strip())) and len(value) <= 254


#: numbers typed without a country code are Russian ("8 965 …", "965 …")
DEFAULT_REGION = "RU"
#: what people type in a phone number: digits, spaces, brackets, +, -, dots (no letters:
#: phonenumbers would read "abc" as keypad digits)
PHONE_CHARACTERS = re.compile(r"[\d\s()+\-.]+")


def normalize_phone(raw: str | None) -> str | None:
    """E.164 form of a phone number as people type it ("+7 (342) 254-54-54", "8 965 ...",
    "810 44 …"), by Google's libphonenumber metadata (``phonenumbers``): the country's
    trunk and international prefixes, and whether such a number exists (its length and
    ranges). None when it is not a valid phone number. Identity stores, looks up and the
    gateway's sign-in limiter keys on this form."""
    if raw is None or not PHONE_CHARACTERS.fullmatch(raw.strip()):
        return None
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
