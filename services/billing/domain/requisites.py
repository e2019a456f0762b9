"""Russian requisites with their real check digits (B2): INN, KPP, OGRN/OGRNIP, BIK and the
20-digit settlement and correspondent accounts with the BIK control key.

Each ``*_problem`` function returns None for a valid value or a message for people.

The INN and the OGRN are checked by python-stdnum (``stdnum.ru.inn``, ``stdnum.ru.ogrn``).
Kept here, with the reason: the OGRNIP's check digit — stdnum 2.2 compares it with the whole
remainder of the first 14 digits by 13 (``str(n % 13)``), so it refuses every real OGRNIP
whose remainder is 10–12 (measured: 3000 of 13000 consecutive valid numbers; the law takes
the remainder's last digit, «младший разряд остатка»: 304500116000050 is valid, stdnum says
InvalidChecksum — tests/test_rules.py keeps the case); and the KPP, BIK and bank accounts,
which stdnum does not cover.
"""
from __future__ import annotations

import re

from stdnum.exceptions import ValidationError as NumberInvalid
from stdnum.ru import inn as stdnum_inn, ogrn as stdnum_ogrn

#: the Bank of Russia's weights for the account control key, repeated over 23 digits
ACCOUNT_WEIGHTS = (7, 1, 3) * 8

KPP_RE = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")
BIK_RE = re.compile(r"^04\d{7}$")
POSTCODE_RE = re.compile(r"^\d{6}$")
PASSPORT_RE = re.compile(r"^\d{4} ?\d{6}$")


def _digits(text: str) -> bool:
    """ASCII digits only (``str.isdigit`` would take "７" and "²")."""
    return text.isascii() and text.isdigit()


def _weighted(digits: str, weights) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights))


def inn_problem(inn: str, length: int | None = None) -> str | None:
    """INN: 10 digits for an organisation, 12 for a person or sole proprietor; check digits
    (python-stdnum's ``stdnum.ru.inn``)."""
    if not _digits(inn) or len(inn) not in (10, 12):
        return "An INN is 10 digits (organisation) or 12 digits (person)."
    if length is not None and len(inn) != length:
        return "This payer's INN has {} digits.".format(length)
    try:
        stdnum_inn.validate(inn)
    except NumberInvalid:
        return "The INN's check digits do not match: a digit is wrong."
    return None


def kpp_problem(kpp: str) -> str | None:
    return None if KPP_RE.match(kpp) else "A KPP is 9 characters: 4 digits, 2 digits or capital letters, 3 digits."


def ogrn_problem(ogrn: str, sole_proprietor: bool) -> str | None:
    """OGRN: 13 digits starting with 1 or 5 (an organisation's main record; 2, 6–9 begin
    other records' numbers), checked by python-stdnum; OGRNIP: 15 digits starting with 3,
    check digit = the last digit of (first 14 mod 13) — see the module's note on stdnum."""
    if sole_proprietor:
        if not _digits(ogrn) or len(ogrn) != 15 or ogrn[0] != "3":
            return "An OGRNIP is 15 digits starting with 3."
        ok = int(ogrn[:14]) % 13 % 10 == int(ogrn[14])
    else:
        if not _digits(ogrn) or len(ogrn) != 13 or ogrn[0] not in "15":
            return "An OGRN is 13 digits starting with 1 or 5."
        ok = stdnum_ogrn.is_valid(ogrn)
    return None if ok else "The check digit does not match: a digit is wrong."


def bik_problem(bik: str) -> str | None:
    return None if BIK_RE.match(bik) else "A BIK is 9 digits starting with 04."


def _account_key_ok(prefix: str, account: str) -> bool:
    return _weighted(prefix + account, ACCOUNT_WEIGHTS) % 10 == 0


def settlement_account_problem(account: str, bik: str | None) -> str | None:
    """A settlement account (расчетный счет) is 20 digits; its control key goes with the BIK."""
    if not _digits(account) or len(account) != 20:
        return "An account number is 20 digits."
    if not bik or bik_problem(bik):
        return "Give the bank's BIK to check the account number."
    # Accounts opened at a Bank of Russia cash centre are keyed like correspondent accounts.
    prefix = "0" + bik[4:6] if bik[6:] in ("000", "001", "002") else bik[6:]
    return None if _account_key_ok(prefix, account) else "The account number does not match the BIK (control key)."


def correspondent_account_problem(account: str, bik: str | None) -> str | None:
    """A correspondent account is 20 digits starting with 301, keyed with "0" + BIK digits 5–6."""
    if not _digits(account) or len(account) != 20:
        return "An account number is 20 digits."
    if not account.startswith("301"):
        return "A correspondent account starts with 301."
    if not bik or bik_problem(bik):
        return "Give the bank's BIK to check the account number."
    return None if _account_key_ok("0" + bik[4:6], account) else "The account number does not match the BIK (control key)."


def postcode_problem(postcode: str) -> str | None:
    return None if POSTCODE_RE.match(postcode) else "A postcode is 6 digits."


def passport_problem(series_number: str) -> str | None:
    return None if PASSPORT_RE.match(series_number) else "Series and number: 4 digits, then 6 digits."
