"""The ticket list (S2) counts its tickets up to ``store.COUNT_CAP`` (or up to the page asked
for) and says when more match, on both stores: the count costs what the pages up to this
one cost, not the organisation's whole history (``bench/support_tickets.py``)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kit.context import Caller
from kit.db import Databases
from kit.migrate import upgrade
from services.support import store
from services.support.dependencies import Deps
from services.support.handlers.tickets import list_tickets
from services.support.models import Department, Organisation, OrganisationMember, Ticket

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
CLIENT = "00000000-0000-4000-8000-0000000000c1"
COLLEAGUE = "00000000-0000-4000-8000-0000000000c2"
ORG = "00000000-0000-4000-8000-000000000001"
DEPARTMENT = "00000000-0000-4000-8000-0000000000d1"
MANY = store.COUNT_CAP + 15


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def databases(request, test_run, tmp_path_factory):
    url = ("sqlite:///{}".format(tmp_path_factory.mktemp("support") / "support.sqlite3") if request.param == "sqlite"
           else test_run.database_url("support_list_count"))
    upgrade("support", url)
    found = Databases(url, "support", now=lambda: NOW)
    with found.unit_of_work(Caller()) as uow:
        uow.session.add(Department(id=DEPARTMENT, name="Техническая поддержка", required_fields=[], created_at=NOW,
                                   updated_at=NOW))
        uow.session.add(Organisation(id=ORG, name="Компания №1"))
        uow.session.add(OrganisationMember(organisation_id=ORG, user_id=CLIENT))
        uow.session.flush()
        for n in range(MANY):
            created = NOW - timedelta(hours=n)
            uow.session.add(Ticket(number=100001 + n, department_id=DEPARTMENT, subject="Заявка", description="",
                                   organisation_id=ORG, author_id=CLIENT if n % 3 == 0 else COLLEAGUE,
                                   status="resolved" if n % 20 == 0 else "new", message_seq=0,
                                   created_at=created, updated_at=created))
    yield found
    found.dispose()


def listed(databases, **query) -> dict:
    caller = Caller(user_id=CLIENT, roles=frozenset({"client"}))
    with databases.unit_of_work(caller) as uow:
        return list_tickets(uow, caller, {"scope": "mine", "page": 1, "per_page": 20, **query}, Deps(settings=None))


def test_more_tickets_than_the_cap_are_counted_up_to_it_and_said_so(databases):
    first = listed(databases)
    assert (first["total"], first["total_exact"]) == (store.COUNT_CAP, False)
    assert [t["number"] for t in first["items"]] == list(range(100001, 100021))


def test_fewer_tickets_than_the_cap_are_counted_exactly(databases):
    resolved = listed(databases, status=["resolved"])
    assert (resolved["total"], resolved["total_exact"]) == (len(range(0, MANY, 20)), True)


def test_a_page_past_the_cap_counts_up_to_itself(databases):
    last = listed(databases, page=3, per_page=100)
    assert (last["total"], last["total_exact"]) == (MANY, True)
    assert len(last["items"]) == MANY - 200
