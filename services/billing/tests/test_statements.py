"""Reading a bank statement in the 1C exchange format (domain.statements): the header, the
payment documents, windows-1251 / DOS / UTF-8, what identifies a payment across statements,
the invoice numbers a purpose names — and files that are not statements, refused."""
from __future__ import annotations

from datetime import date

import pytest

from kit.errors import InputRuleBroken
from services.billing.domain import statements

STATEMENT = """1CClientBankExchange
ВерсияФормата=1.03
Кодировка=Windows
Отправитель=Бухгалтерия предприятия
Получатель=
ДатаСоздания=02.12.2026
ДатаНачала=01.12.2026
ДатаКонца=02.12.2026
РасчСчет=40702810000000000006
СекцияРасчСчет
ДатаНачала=01.12.2026
НачальныйОстаток=1000.00
КонецРасчСчет
СекцияДокумент=Платежное поручение
Номер=512
Дата=01.12.2026
Сумма=1800.00
ПлательщикСчет=40702810938000000001
Плательщик=ИНН 7707083893 ООО «Ромашка»
ПлательщикИНН=7707083893
Плательщик1=ООО «Ромашка»
ПолучательСчет=40702810000000000006
ПолучательИНН=7701234507
Получатель1=ООО «Астра Клауд»
НазначениеПлатежа=Оплата по счету № 2026-000017 от 01.12.2026, заказ 1010001.
В т.ч. НДС (20%) 300-00
КонецДокумента
СекцияДокумент=Платежное поручение
Номер=77
Дата=02.12.2026
Сумма=250,5
ПлательщикИНН=500100732259
Плательщик1=ИП Иванов И. И.
ПолучательИНН=7701234507
НазначениеПлатежа=Возврат займа
КонецДокумента
КонецФайла
"""


def test_a_statement_in_windows_1251_reads_its_header_and_documents():
    read = statements.parse(STATEMENT.encode("cp1251"))
    assert read.header["РасчСчет"] == "40702810000000000006" and read.header["ДатаНачала"] == "01.12.2026"
    first, second = read.documents
    assert (first.kind, first.number, first.day, first.amount) == ("Платежное поручение", "512", date(2026, 12, 1),
                                                                   180000)
    assert (first.payer_inn, first.payer_name, first.recipient_inn) == ("7707083893", "ООО «Ромашка»", "7701234507")
    assert first.payer_account == "40702810938000000001"
    assert first.purpose.startswith("Оплата по счету № 2026-000017")
    assert (second.amount, second.payer_name) == (25050, "ИП Иванов И. И.")


def test_utf8_dos_and_a_bom_read_the_same():
    expected = statements.parse(STATEMENT.encode("cp1251")).documents
    assert statements.parse(STATEMENT.encode("utf-8")).documents == expected
    assert statements.parse(b"\xef\xbb\xbf" + STATEMENT.encode("utf-8")).documents == expected
    plain = STATEMENT.replace("«", '"').replace("»", '"')  # DOS has no «»
    dos = plain.replace("Кодировка=Windows", "Кодировка=DOS").encode("cp866")
    assert statements.parse(dos).documents == statements.parse(plain.encode("utf-8")).documents


def test_a_payment_is_known_by_number_date_amount_and_payer_inn():
    first = statements.parse(STATEMENT.encode("cp1251")).documents[0]
    again = statements.parse(STATEMENT.replace("Оплата по счету", "Оплата счета").encode("cp1251")).documents[0]
    assert again.fingerprint == first.fingerprint  # another wording of the same payment
    for changed in ("Номер=513", "Дата=02.12.2026", "Сумма=1800.01", "ПлательщикИНН=7707083894"):
        key = changed.split("=")[0]
        other = STATEMENT.replace([line for line in STATEMENT.splitlines() if line.startswith(key + "=")][0], changed,
                                  1)
        assert statements.parse(other.encode("cp1251")).documents[0].fingerprint != first.fingerprint, changed


@pytest.mark.parametrize("raw, problem", [
    (b"", "must begin with"),
    (b"Hello, world\n", "must begin with"),
    ("1CClientBankExchange\nСекцияДокумент=Платежное поручение\nНомер=1\nДата=01.12.2026\nСумма=1\n".encode(),
     "КонецДокумента"),
    ("1CClientBankExchange\nСекцияДокумент=Платежное поручение\nНомер=1\nДата=2026-12-01\nСумма=1\n"
     "КонецДокумента\n".encode(), "Дата"),
    ("1CClientBankExchange\nСекцияДокумент=Платежное поручение\nНомер=1\nДата=01.12.2026\nСумма=много\n"
     "КонецДокумента\n".encode(), "Сумма"),
    ("1CClientBankExchange\nСекцияДокумент=Платежное поручение\nНомер=1\nДата=01.12.2026\nСумма=-5\n"
     "КонецДокумента\n".encode(), "positive"),
    ("1CClientBankExchange\nСекцияДокумент=Платежное поручение\nНомер=1\nДата=01.12.2026\nСумма=1.005\n"
     "КонецДокумента\n".encode(), "two decimals"),
    ("1CClientBankExchange\nСекцияДокумент=Платежное поручение\nДата=01.12.2026\nСумма=1\n"
     "КонецДокумента\n".encode(), "Номер"),
])
def test_a_file_that_is_not_a_statement_is_refused_with_what_is_wrong(raw, problem):
    with pytest.raises(InputRuleBroken, match=problem) as refused:
        statements.parse(raw)
    assert (refused.value.code, refused.value.field) == ("statement_invalid", "file")


def test_a_statement_without_documents_is_empty_not_refused():
    assert statements.parse("1CClientBankExchange\nВерсияФормата=1.03\nКонецФайла\n".encode()).documents == []


@pytest.mark.parametrize("purpose, numbers", [
    ("Оплата по счету № 2026-000017 от 01.12.2026", ["2026-000017"]),
    ("Оплата по счету 2026-000017.", ["2026-000017"]),
    ("оплата сч.2026/17, заказ 1010001", ["2026-000017"]),
    ("Счет 2026-17 и счет 2026 - 000018; повторно 2026-000017", ["2026-000017", "2026-000018"]),
    ("За услуги по договору от 2026-12-01", []),       # a date, not an invoice
    ("Оплата заказа 1010001 от 01.12.2026", []),
    ("Счет 2026-000000", []),
    ("", []),
])
def test_the_invoice_numbers_a_purpose_names(purpose, numbers):
    assert statements.invoice_numbers(purpose) == numbers
