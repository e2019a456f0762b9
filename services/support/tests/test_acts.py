"""The completed-works act's rules (domain/acts.py) and its PDF writer (adapters/pdf.py)."""
import subprocess

import pytest

from kit.errors import InputRuleBroken, RuleBroken
from services.support.adapters.pdf import Document, load_font
from services.support.dependencies import SETTINGS
from services.support.domain import acts

FONT = SETTINGS["ACT_FONT_PATH"]


def test_lines_and_totals_in_kopecks():
    found = acts.lines([{"name": "Диагностика  котла", "quantity": "1", "unit": "усл.", "price": 250000},
                        {"name": "Работа мастера", "quantity": "1.5", "unit": "ч", "price": 180000},
                        {"name": "Прокладка", "quantity": "0.333", "unit": "шт", "price": 1}])
    assert [(x.name, x.quantity_milli, x.amount) for x in found] == [
        ("Диагностика котла", 1000, 250000), ("Работа мастера", 1500, 270000), ("Прокладка", 333, 0)]
    assert acts.total(found) == 520000
    assert acts.line("x", "0.5", "шт", 1).amount == 1  # half a kopeck rounds up


@pytest.mark.parametrize("quantity", ["0", "-1", "1.0005", "abc"])
def test_a_quantity_is_positive_with_three_decimals_at_most(quantity):
    with pytest.raises(InputRuleBroken):
        acts.line("x", quantity, "шт", 100)


def test_an_act_lists_works_and_freezes_once_accepted():
    with pytest.raises(InputRuleBroken):
        acts.lines([])
    acts.check_editable(False)
    with pytest.raises(RuleBroken) as refused:
        acts.check_editable(True)
    assert refused.value.code == "act_accepted"


def test_numbers_as_a_russian_document_writes_them():
    assert acts.money_text(1250000) == "12\u00a0500,00" and acts.money_text(5) == "0,05"
    assert acts.quantity_text(1500) == "1,5" and acts.quantity_text(2000) == "2"


def test_the_pdf_embeds_its_font_and_gives_the_russian_text_back(tmp_path):
    doc = Document(load_font(FONT))
    page = doc.page()
    page.text(40, 60, "Акт выполненных работ № 100001", 15)
    for i, line in enumerate(doc.wrap("Замена датчика тяги котла Buderus и пусконаладочные работы", 120, 9)):
        page.text(40, 90 + 12 * i, line, 9)
    path = tmp_path / "act.pdf"
    path.write_bytes(doc.render("Акт"))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Акт выполненных работ № 100001" in text and "пусконаладочные" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CID TrueType" in fonts and " yes " in fonts.splitlines()[-1]  # embedded, with a Unicode map
