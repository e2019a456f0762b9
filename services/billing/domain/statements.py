"""Bank statements in the 1C exchange format (``1CClientBankExchange``, the text file every
Russian bank's client exports for 1C:Accounting): what a statement says, read as a pure
function, and what identifies one of its payments.

The format: ``Key=Value`` lines; the file begins with ``1CClientBankExchange``; header keys
(``ВерсияФормата``, ``Кодировка``, ``Отправитель``, ``ДатаНачала``, ``ДатаКонца``,
``РасчСчет``…); ``СекцияРасчСчет`` … ``КонецРасчСчет`` (the account's balances, not read
here); one ``СекцияДокумент=<kind>`` … ``КонецДокумента`` per payment, with ``Номер``,
``Дата``, ``Сумма``, ``ПлательщикИНН``, ``Плательщик``/``Плательщик1``, ``ПлательщикСчет``,
``ПолучательИНН``, ``ПолучательСчет``, ``НазначениеПлатежа``…; ``КонецФайла``. Files are
usually in windows-1251 (``Кодировка=Windows``), sometimes DOS (cp866); UTF-8 is accepted too.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from kit.errors import InputRuleBroken

MARKER = "1CClientBankExchange"
#: a statement of a few thousand payments is a few megabytes; more is not a statement
MAX_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 10000


@dataclass(frozen=True)
class Document:
    """One payment of a statement (``СекцияДокумент``): every key it had, and the ones read."""

    kind: str
    number: str
    day: date
    amount: int
    payer_inn: str
    payer_name: str
    payer_account: str
    recipient_inn: str
    recipient_account: str
    purpose: str
    keys: dict = field(default_factory=dict, compare=False)

    @property
    def fingerprint(self) -> str:
        """What identifies this payment across statements (the same payment exported twice,
        or in two overlapping statements, has the same one): its number, date, amount and
        payer's INN."""
        key = "{}|{}|{}|{}".format(self.number, self.day.isoformat(), self.amount, self.payer_inn)
        return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class Statement:
    header: dict
    documents: list[Document]


def _refuse(message: str) -> InputRuleBroken:
    return InputRuleBroken("statement_invalid", message, field="file")


def decode(raw: bytes) -> str:
    """The statement's text: UTF-8 when it is (a BOM too), else the encoding its header names
    (``Кодировка=DOS`` → cp866), else windows-1251."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # the header's own key says DOS in the DOS code page itself
    if re.search("Кодировка=DOS".encode("cp866"), raw, re.IGNORECASE):
        return raw.decode("cp866", errors="replace")
    return raw.decode("cp1251", errors="replace")


def day_of(value: str, key: str) -> date:
    try:
        return datetime.strptime(value.strip(), "%d.%m.%Y").date()
    except ValueError:
        raise _refuse("{} must be a date DD.MM.YYYY, not {!r}".format(key, value)) from None


def _kopecks(value: str) -> int:
    try:
        amount = Decimal(value.strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise _refuse("Сумма must be an amount, not {!r}".format(value)) from None
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise _refuse("Сумма must be positive with at most two decimals, not {!r}".format(value))
    return int(amount * 100)


def _document(kind: str, keys: dict, position: int) -> Document:
    for required in ("Номер", "Дата", "Сумма"):
        if not keys.get(required, "").strip():
            raise _refuse("Document {} has no {}".format(position, required))
    return Document(
        kind=kind, number=keys["Номер"].strip(), day=day_of(keys["Дата"], "Дата"), amount=_kopecks(keys["Сумма"]),
        payer_inn=keys.get("ПлательщикИНН", "").strip(),
        payer_name=(keys.get("Плательщик1") or keys.get("Плательщик") or "").strip(),
        payer_account=(keys.get("ПлательщикСчет") or keys.get("ПлательщикРасчСчет") or "").strip(),
        recipient_inn=keys.get("ПолучательИНН", "").strip(),
        recipient_account=(keys.get("ПолучательСчет") or keys.get("ПолучательРасчСчет") or "").strip(),
        purpose=" ".join((keys.get("НазначениеПлатежа") or "").split()), keys=dict(keys))


def parse(raw: bytes) -> Statement:
    """Read a statement file; a file that is not one is refused (422 ``statement_invalid``,
    field ``file``) with what is wrong."""
    if len(raw) > MAX_BYTES:
        raise _refuse("A statement is at most {} MB".format(MAX_BYTES // (1024 * 1024)))
    lines = [line.strip() for line in decode(raw).splitlines()]
    lines = [line for line in lines if line]
    if not lines or lines[0] != MARKER:
        raise _refuse("Not a 1C bank statement: the file must begin with {}".format(MARKER))
    header: dict = {}
    documents: list[Document] = []
    section: str | None = None
    kind, keys = "", {}
    for line in lines[1:]:
        name, sep, value = line.partition("=")
        if section == "document":
            if line == "КонецДокумента":
                documents.append(_document(kind, keys, len(documents) + 1))
                if len(documents) > MAX_DOCUMENTS:
                    raise _refuse("A statement has at most {} documents".format(MAX_DOCUMENTS))
                section = None
            elif sep:
                keys[name.strip()] = value
            continue
        if section == "account":
            if line == "КонецРасчСчет":
                section = None
            continue
        if line == "КонецФайла":
            break
        if name == "СекцияДокумент":
            section, kind, keys = "document", value.strip(), {}
        elif line == "СекцияРасчСчет":
            section = "account"
        elif sep:
            header[name.strip()] = value.strip()
    if section == "document":
        raise _refuse("Document {} has no КонецДокумента".format(len(documents) + 1))
    return Statement(header=header, documents=documents)


# --- what a payment's purpose says --------------------------------------------------------

#: an invoice number as people write it in a payment's purpose: «по счету № 2026-000123»,
#: «счет 2026-123», «сч.2026/000123» (not a date: «2026-12-01», «01.12.2026»)
_NUMBER = re.compile(r"(?<!\d\.)(?<![\d\-/])(20\d\d)\s?[-/]\s?(\d{1,6})(?!\d)(?![.\-/]\d)")


def invoice_numbers(purpose: str) -> list[str]:
    """The invoice numbers a payment's purpose mentions, as billing writes them
    (``2026-000123``), in the order they appear, each once."""
    found: list[str] = []
    for year, sequence in _NUMBER.findall(purpose or ""):
        number = "{}-{:06d}".format(year, int(sequence))
        if int(sequence) > 0 and number not in found:
            found.append(number)
    return found
