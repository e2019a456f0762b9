"""The completed-works act's rules (domain/acts.py) and its PDF (handlers/acts.py, laid out with kit.pdf)."""
import subprocess
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from kit.errors import InputRuleBroken, RuleBroken
from services.support.dependencies import SETTINGS
from services.support.handlers.acts import render
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


class _Directory:
    def ref(self, user_id):
        return {"name": {"u1": "Иван Мастеров", "u2": "Пётр Заказчиков"}.get(user_id, "")}


class _Session:
    def get(self, model, key):
        return None


def test_the_act_prints_its_works_totals_and_amount_in_words_in_russian(tmp_path):
    found = acts.lines([{"name": "Диагностика котла", "quantity": "1", "unit": "усл.", "price": 250000},
                        {"name": "Работа мастера", "quantity": "1.5", "unit": "ч", "price": 180000}])
    act = SimpleNamespace(works=[SimpleNamespace(position=i + 1, **vars(x)) for i, x in enumerate(found)],
                          total=acts.total(found), issued_by="u1", issued_at=datetime(2026, 3, 2, tzinfo=timezone.utc),
                          accepted_by="u2", accepted_at=datetime(2026, 3, 3, 9, 30, tzinfo=timezone.utc))
    ticket = SimpleNamespace(number=100001, subject="Котёл не греет", organisation_id=None, object_id=None,
                             contract_id=None, author_id="u2")
    settings = SimpleNamespace(act_font_path=FONT, act_executor_name="Служба поддержки")
    path = tmp_path / "act.pdf"
    path.write_bytes(render(_Session(), ticket, act, _Directory(), settings))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\u00a0", " ")
    for expected in ("Акт выполненных работ № 100001 от 02.03.2026", "Пётр Заказчиков", "№ 100001 «Котёл не греет»",
                     "Работа мастера", "1,5", "2 700,00", "Итого: 5 200,00 ₽", "Пять тысяч двести рублей 00 копеек",
                     "Исполнитель: Иван Мастеров", "Принял: Пётр Заказчиков, 03.03.2026 09:30 UTC"):
        assert expected in text, (expected, text)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CID TrueType" in fonts and " yes " in fonts.splitlines()[-1]  # embedded, with a Unicode map
