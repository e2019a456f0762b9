"""kit.pdf: how Russian documents write numbers, dates and amounts in words, and a sheet whose
text, Cyrillic included, comes back out of the PDF (poppler's pdftotext) with its font embedded."""
from __future__ import annotations

import subprocess
from datetime import date

import eventlet
from eventlet.green import time as green_time

from kit import pdf


def text_of(content: bytes, tmp_path, name: str = "doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.replace(pdf.NBSP, " ")


def fonts_of(content: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_numbers_and_dates_as_a_russian_document_writes_them():
    assert pdf.money_text(1250000) == "12\u00a0500,00" and pdf.money_text(5) == "0,05"
    assert pdf.money_text(-123456789) == "-1\u00a0234\u00a0567,89"
    assert pdf.quantity_text(1500) == "1,5" and pdf.quantity_text(2000) == "2" and pdf.quantity_text(333) == "0,333"
    assert pdf.date_text(date(2026, 1, 5)) == "05.01.2026"
    assert pdf.long_date_text(date(2026, 12, 1)) == "1 декабря 2026 г."
    assert pdf.vat_text(20833) == "В том числе НДС 20 %: 208,33 ₽"


def test_amounts_in_words_rubles_in_words_and_kopecks_in_digits():
    assert pdf.amount_in_words(1250000) == "Двенадцать тысяч пятьсот рублей 00 копеек"
    assert pdf.amount_in_words(123405) == "Одна тысяча двести тридцать четыре рубля 05 копеек"
    assert pdf.amount_in_words(2121) == "Двадцать один рубль 21 копейка"
    assert pdf.amount_in_words(1) == "Ноль рублей 01 копейка"
    assert pdf.amount_in_words(100000000) == "Один миллион рублей 00 копеек"


def test_a_party_prints_its_requisites_and_leaves_out_what_it_lacks():
    company = pdf.Party("ООО «Ромашка»", inn="7707083893", kpp="773601001", address="101000, Москва, ул. Мира, 1",
                        bank_name="ПАО Сбербанк", bik="044525225", settlement_account="40702810400000000001",
                        correspondent_account="30101810400000000225")
    assert company.lines() == ["ООО «Ромашка», ИНН 7707083893, КПП 773601001", "101000, Москва, ул. Мира, 1",
                               "р/с 40702810400000000001 в ПАО Сбербанк БИК 044525225 к/с 30101810400000000225"]
    assert pdf.Party("Иванов Иван").lines() == ["Иванов Иван"]
    assert pdf.address_text({"postcode": "101000", "city": "Москва", "address": "ул. Мира, 1"}) == \
        "101000, Москва, ул. Мира, 1"
    assert pdf.address_text(None) == ""


def test_a_sheet_flows_across_pages_and_gives_its_russian_text_back(tmp_path):
    sheet = pdf.Sheet(pdf.load_font())
    sheet.title("Счёт на оплату № 2026-17 от 1 декабря 2026 г.")
    sheet.parties([("Поставщик:", pdf.Party("ООО «Облако»", inn="7707083893", kpp="773601001")),
                   ("Покупатель:", pdf.Party("ИП Петров Пётр", inn="500100732259"))])
    columns = [pdf.Column("№", 25), pdf.Column("Наименование", 340), pdf.Column("Сумма, ₽", 150, right=True)]
    rows = [[str(i), "Замена датчика тяги котла Buderus и пусконаладочные работы, строка {}".format(i),
             pdf.money_text(i * 100000)] for i in range(1, 61)]
    sheet.table(columns, rows)
    sheet.totals([("Итого:", pdf.money_text(183000000))])
    sheet.paragraph("Всего к оплате: " + pdf.amount_in_words(183000000))
    sheet.signatures("Поставщик", "Покупатель")
    content = sheet.render("Счёт")
    assert len(sheet.doc.pages) >= 2  # sixty wrapped rows do not fit one page
    text = text_of(content, tmp_path)
    for expected in ("Счёт на оплату № 2026-17 от 1 декабря 2026 г.", "ИНН 7707083893, КПП 773601001",
                     "ИП Петров Пётр, ИНН 500100732259", "пусконаладочные", "строка 60", "60 000,00",
                     "Итого: 1 830 000,00", "Один миллион восемьсот тридцать тысяч рублей 00 копеек"):
        assert expected in text, (expected, text)
    assert text.count("Наименование") == len(sheet.doc.pages)  # the header again on each page
    fonts = fonts_of(content, tmp_path)
    assert "CID TrueType" in fonts and " yes " in fonts.splitlines()[-1]  # embedded, with a Unicode map


def test_a_placed_document_wraps_words_whole(tmp_path):
    doc = pdf.Document(pdf.load_font())
    page = doc.page()
    page.text(40, 60, "Акт выполненных работ № 100001", 15)
    lines = doc.wrap("Замена датчика тяги котла Buderus и пусконаладочные работы", 120, 9)
    assert len(lines) > 1 and " ".join(lines) == "Замена датчика тяги котла Buderus и пусконаладочные работы"
    assert doc.wrap("первая\nвторая", 500, 9) == ["первая", "вторая"]
    for i, line in enumerate(lines):
        page.text(40, 90 + 12 * i, line, 9)
    text = text_of(doc.render("Акт"), tmp_path)
    assert "Акт выполненных работ № 100001" in text and "пусконаладочные" in text


def test_a_long_table_lets_the_workers_other_green_threads_run(monkeypatch):
    monkeypatch.setattr(pdf, "time", green_time)   # what eventlet's monkey patching does in a worker
    ran = []

    def other():
        while True:
            ran.append(1)
            eventlet.sleep(0)

    thread = eventlet.spawn(other)
    try:
        sheet = pdf.Sheet(pdf.load_font())
        sheet.table([pdf.Column("№", 100), pdf.Column("Строка", 415)], [[str(i), "строка"] for i in range(120)])
        assert ran, "laying out 120 rows never yielded"
    finally:
        thread.kill()
