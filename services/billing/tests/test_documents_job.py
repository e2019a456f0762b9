"""Completion acts on the real PostgreSQL with a clock of its own (B10): the credit job's tick
issues one act per account and month once the operator's month is over — down on the 1st,
it issues them when back, once, also with two replicas ticking together; the month is the
operator's (an expense at 00:10 on 1 December in Moscow is December's, though it is still
30 November in UTC; one at 00:10 on 1 January is January's); an expense recorded late joins its month's act. The
handlers print the documents of the caller's own account only."""
from __future__ import annotations

import base64
import subprocess
import threading
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from kit.context import SYSTEM, Caller
from kit.db import Databases
from kit.errors import Conflict, InputRuleBroken, NotFound
from kit.migrate import upgrade
from services.billing import flows, store
from services.billing.dependencies import SETTINGS, Deps, Settings
from services.billing.handlers import documents, ledger
from services.billing.models import Act, Contract, Expense, Payer

UTC = timezone.utc
ZONE = ZoneInfo("Europe/Moscow")
DEPS = Deps(settings=Settings.from_config({**SETTINGS, "PUBLIC_BASE_URL": "http://localhost"}), providers=None)


class Replica:
    def __init__(self, url: str, clock: dict):
        self.databases = Databases(url, "billing", now=lambda: clock["now"])

    def unit_of_work(self, caller=SYSTEM):
        return self.databases.unit_of_work(caller)


@pytest.fixture
def system(test_run, request):
    url = test_run.database_url("billing_docs_" + request.node.name[5:25])
    upgrade("billing", url)
    clock = {"now": datetime(2026, 11, 10, tzinfo=UTC)}
    replicas = (Replica(url, clock), Replica(url, clock))
    yield replicas, clock
    for replica in replicas:
        replica.databases.dispose()


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE).astimezone(UTC)


def expense(uow, account_id: str, name: str, at: datetime, amount: int, payer_id=None, refunded=0) -> None:
    store.personal_account(uow.session, account_id, uow.now())
    uow.session.add(Expense(account_id=account_id, payer_id=payer_id, name=name, charged_at=at, amount=amount,
                            unpaid=0, vat=round(amount * 20 / 120), vat_rate=20, refunded=refunded,
                            created_at=uow.now()))


def acts(replica) -> list[tuple]:
    with replica.unit_of_work() as uow:
        return [(a.account_id, a.period_start, a.issued_on, a.amount, a.vat) for a in uow.session.execute(
            select(Act).order_by(Act.account_id, Act.period_start)).scalars()]


def pdf_text(answer: dict, tmp_path) -> str:
    assert answer["content_type"] == "application/pdf"
    path = tmp_path / "doc.pdf"
    path.write_bytes(base64.b64decode(answer["data"]))
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.replace("\u00a0", " ").split())


def test_acts_are_issued_once_per_account_and_operators_month_when_the_job_is_back(system):
    (one, two), clock = system
    clock["now"] = local(date(2026, 12, 31), 23, 55)
    with one.unit_of_work() as uow:
        expense(uow, "acc", "VPS", local(date(2026, 11, 20), 12), 60000)
        expense(uow, "acc", "Хостинг", local(date(2026, 12, 1), 0, 10), 100000)   # 30 November, 21:10 UTC
        expense(uow, "acc", "Домен", local(date(2026, 12, 31), 23, 50), 59900, refunded=9900)
        expense(uow, "acc2", "SSL", local(date(2026, 12, 15), 9), 120000)
    with one.unit_of_work() as uow:   # the first minutes of January (still 31 December in UTC)
        expense(uow, "acc", "VPS", local(date(2027, 1, 1), 0, 10), 60000)

    # down on the 1st, back on the 5th: two replicas tick together, each act is issued once
    clock["now"] = local(date(2027, 1, 5), 10)
    threads = [threading.Thread(target=flows.run_credit_cycle, args=(r, SYSTEM, {"batch": 1}, DEPS)) for r in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    flows.run_credit_cycle(one, SYSTEM, {}, DEPS)
    flows.run_credit_cycle(two, SYSTEM, {}, DEPS)
    assert acts(one) == [("acc", date(2026, 11, 1), date(2026, 11, 30), 60000, 10000),
                         ("acc", date(2026, 12, 1), date(2026, 12, 31), 150000, 16667 + 8333),
                         ("acc2", date(2026, 12, 1), date(2026, 12, 31), 120000, 20000)]

    # an expense of December recorded late joins December's act; January waits for February
    with one.unit_of_work() as uow:
        expense(uow, "acc", "Продление: VPS", local(date(2026, 12, 30), 8), 6000)
    flows.run_credit_cycle(one, SYSTEM, {}, DEPS)
    assert acts(one)[1] == ("acc", date(2026, 12, 1), date(2026, 12, 31), 156000, 25000 + 1000)
    assert len(acts(one)) == 3
    with one.unit_of_work() as uow:
        assert uow.session.execute(select(Expense).where(Expense.act_id.is_(None))).scalars().one().name == "VPS"


def test_documents_print_the_callers_own_account_with_its_payer(system, tmp_path):
    (one, _), clock = system
    mine = Caller(user_id="u1", account_id="acc", rights=frozenset({"finance"}))
    stranger = Caller(user_id="u2", account_id="other", rights=frozenset({"finance"}))
    clock["now"] = local(date(2026, 12, 3), 12)
    with one.unit_of_work() as uow:
        expense(uow, "acc", "Хостинг", uow.now(), 100000)
        ledger.credit(uow, store.personal_account(uow.session, "acc", uow.now(), lock=True), "top_up", 150000,
                      DEPS.settings, description="Авансовый платеж №7")
    clock["now"] = local(date(2027, 1, 2), 12)
    flows.run_credit_cycle(one, SYSTEM, {}, DEPS)
    with one.unit_of_work(mine) as uow:
        (act,) = documents.list_acts(uow, mine, {"page": 1, "per_page": 20}, DEPS)["items"]
        with pytest.raises(Conflict) as refused:   # no payer to print yet
            documents.act_pdf(uow, mine, {"act_id": act["id"]}, DEPS)
        assert refused.value.error_code == "payer_required"
    with one.unit_of_work(mine) as uow:
        payer = Payer(number=store.next_payer_number(uow.session), account_id="acc", kind="company",
                      name="ООО «Ромашка»", contact_person="Иванов", inn="7707083893", kpp="773601001",
                      contract_data={"director_name_genitive": "Иванова Ивана Ивановича",
                                     "director_position_genitive": "генерального директора"},
                      legal_address={"city": "Москва", "address": "ул. Мира, 1"}, created_at=uow.now(),
                      updated_at=uow.now())
        uow.session.add(payer)
        uow.session.flush()
        uow.session.add(Contract(account_id="acc", payer_id=payer.id, number="Д-{}".format(payer.number),
                                 created_at=uow.now()))
        payer_id = payer.id
    with one.unit_of_work(mine) as uow:
        text = pdf_text(documents.act_pdf(uow, mine, {"act_id": act["id"]}, DEPS), tmp_path)
        assert "ООО «Ромашка», ИНН 7707083893, КПП 773601001" in text and "Итого: 1 000,00" in text
        assert "В том числе НДС (20 %): 166,67" in text and "Одна тысяча рублей 00 копеек" in text
        assert "03.12.2026" in text and "Договор № Д-" in text
        text = pdf_text(documents.reconciliation_pdf(uow, mine, {"payer_id": payer_id, "date_from": date(2026, 12, 1),
                                                                 "date_to": date(2026, 12, 31)}, DEPS), tmp_path)
        assert "Сальдо начальное на 01.12.2026" in text and "Авансовый платеж №7 1 500,00" in text
        assert "сальдо в пользу покупателя: 1 500,00 ₽ (Одна тысяча пятьсот рублей 00 копеек)" in text
        assert "в том числе НДС 20 %: 166,67" in text
        (contract,) = documents.list_contracts(uow, mine, {}, DEPS)["items"]
        text = pdf_text(documents.contract_pdf(uow, mine, {"contract_id": contract["id"]}, DEPS), tmp_path)
        assert "в лице генерального директора Иванова Ивана Ивановича, действующего на основании Устава" in text
        assert "ООО «Ромашка», ИНН 7707083893, КПП 773601001" in text and "НДС 20 %" in text
        with pytest.raises(InputRuleBroken):
            documents.reconciliation_pdf(uow, mine, {"payer_id": payer_id, "date_from": date(2026, 12, 2),
                                                     "date_to": date(2026, 12, 1)}, DEPS)
    with one.unit_of_work(stranger) as uow:
        for call, data in ((documents.act_pdf, {"act_id": act["id"]}), (documents.get_act, {"act_id": act["id"]}),
                           (documents.contract_pdf, {"contract_id": contract["id"]}),
                           (documents.reconciliation_pdf, {"payer_id": payer_id, "date_from": date(2026, 12, 1),
                                                           "date_to": date(2026, 12, 31)})):
            with pytest.raises(NotFound):
                call(uow, stranger, data, DEPS)
        assert documents.list_acts(uow, stranger, {"page": 1, "per_page": 20}, DEPS)["total"] == 0
