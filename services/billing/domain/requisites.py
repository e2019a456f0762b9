"""Russian requisites with their real check digits (B2): INN, KPP, OGRN/OGRNIP, BIK and the
20-digit settlement and correspondent accounts with the BIK control key.

Each ``*_problem`` function returns None for a valid value or a message for people.
"""
from __future__ import annotations

import re

INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
#: the Bank of Russia's weights for the account control key, repeated over 23 digits
ACCOUNT_WEIGHTS = (7, 1, 3) * 8

KPP_RE = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")
BIK_RE = re.compile(r"^04\d{7}$")
POSTCODE_RE = re.compile(r"^\d{6}$")
PASSPORT_RE = re.compile(r"^\d{4} ?\d{6}$")


def _weighted(digits: str, weights) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights))


def inn_problem(inn: str, length: int | None = None) -> str | None:
    """INN: 10 digits for an organisation, 12 for a person or sole proprietor; check digits."""
    if not inn.isdigit() or len(inn) not in (10, 12):
        return "An INN is 10 digits (organisation) or 12 digits (person)."
    if length is not None and len(inn) != length:
        return "This payer's INN has {} digits.".format(length)
    if len(inn) == 10:
        ok = _weighted(inn, INN10_WEIGHTS) % 11 % 10 == int(inn[9])
    else:
        ok = (_weighted(inn, INN12_WEIGHTS_11) % 11 % 10 == int(inn[10])
              and _weighted(inn, INN12_WEIGHTS_12) % 11 % 10 == int(inn[11]))
    return None if ok else "The INN's check digits do not match: a digit is wrong."


def kpp_problem(kpp: str) -> str | None:
    return None if KPP_RE.match(kpp) else "A KPP is 9 characters: 4 digits, 2 digits or capital letters, 3 digits."


def ogrn_problem(ogrn: str, sole_proprietor: bool) -> str | None:
    """OGRN: 13 digits, check digit = first 12 mod 11 mod 10; OGRNIP: 15 digits, first 14 mod 13."""
    if sole_proprietor:
        if not ogrn.isdigit() or len(ogrn) != 15 or ogrn[0] != "3":
            return "An OGRNIP is 15 digits starting with 3."
        ok = int(ogrn[:14]) % 13 % 10 == int(ogrn[14])
    else:
        if not ogrn.isdigit() or len(ogrn) != 13 or ogrn[0] not in "15":
            return "An OGRN is 13 digits starting with 1 or 5."
        ok = int(ogrn[:12]) % 11 % 10 == int(ogrn[12])
    return None if ok else "The check digit does not match: a digit is wrong."


def bik_problem(bik: str) -> str | None:
    return None if BIK_RE.match(bik) else "A BIK is 9 digits starting with 04."


def _account_key_ok(prefix: str, account: str) -> bool:
    return _weighted(prefix + account, ACCOUNT_WEIGHTS) % 10 == 0


def settlement_account_problem(account: str, bik: str | None) -> str | None:
    """A settlement account (расчетный счет) is 20 digits; its control key goes with the BIK."""
    if not account.isdigit() or len(account) != 20:
        return "An account number is 20 digits."
    if not bik or bik_problem(bik):
        return "Give the bank's BIK to check the account number."
    # Accounts opened at a Bank of Russia cash centre are keyed like correspondent accounts.
    prefix = "0" + bik[4:6] if bik[6:] in ("000", "001", "002") else bik[6:]
    return None if _account_key_ok(prefix, account) else "The account number does not match the BIK (control key)."


def correspondent_account_problem(account: str, bik: str | None) -> str | None:
    """A correspondent account is 20 digits starting with 301, keyed with "0" + BIK digits 5–6."""
    if not account.isdigit() or len(account) != 20:
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
