"""Phone numbers as people type them → E.164, by Google's libphonenumber metadata
(``phonenumbers``): the country's trunk and international prefixes ("8 965 …", "810 44 …"),
and whether such a number exists (its length and ranges). One rule for every service that
keeps a phone number: identity (logins, SMS), billing (a payer's phone and fax).
"""
from __future__ import annotations

import re

import phonenumbers
from marshmallow import ValidationError, fields

#: numbers typed without a country code are Russian ("8 965 …", "965 …")
DEFAULT_REGION = "RU"
#: what people type in a phone number: digits, spaces, brackets, +, -, dots (no letters:
#: phonenumbers would read "abc" as keypad digits)
PHONE_CHARACTERS = re.compile(r"[\d\s()+\-.]{1,40}")


def normalize(raw: str | None) -> str | None:
    """The E.164 form of a phone number ("+79655776500"), or None when it is not a valid one."""
    if not isinstance(raw, str) or not PHONE_CHARACTERS.fullmatch(raw.strip()):
        return None
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Phone(fields.String):
    """A phone number as people type it, loaded in E.164 (what is stored and compared)."""

    def _deserialize(self, value, attr, data, **kwargs):
        phone = normalize(super()._deserialize(value, attr, data, **kwargs))
        if phone is None:
            raise ValidationError("Not a phone number.")
        return phone
