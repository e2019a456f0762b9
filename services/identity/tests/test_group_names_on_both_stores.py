"""Companies and communities (I5): a name that reads the same as an existing one — another
case, ё for е, other spaces — is taken on SQLite (the embedded default) as on PostgreSQL,
and the partial-name search finds Cyrillic names in any case on both (issue 13)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kit.context import Caller
from kit.db import Databases
from kit.errors import Conflict
from kit.migrate import upgrade
from services.identity.dependencies import Deps
from services.identity.handlers.groups import create_group, list_groups

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
ADMIN = Caller(user_id="00000000-0000-4000-8000-0000000000a1", roles=frozenset({"admin"}))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def identity(request, test_run, tmp_path_factory):
    url = ("sqlite:///{}".format(tmp_path_factory.mktemp("identity") / "identity.sqlite3")
           if request.param == "sqlite" else test_run.database_url("identity_group_names"))
    upgrade("identity", url)
    databases = Databases(url, "identity", now=lambda: NOW)
    yield databases
    databases.dispose()


def call(databases, handler, data):
    with databases.unit_of_work(ADMIN) as uow:
        return handler(uow, ADMIN, data, Deps(settings=None))


@pytest.mark.parametrize("kind", ["company", "community"])
def test_a_name_that_reads_the_same_is_taken(identity, kind):
    call(identity, create_group, {"kind": kind, "name": "Ёлочка Марины"})
    for again in ("ЁЛОЧКА МАРИНЫ", "елочка марины", "  Ёлочка   Марины "):
        with pytest.raises(Conflict):
            call(identity, create_group, {"kind": kind, "name": again})
    names = [g["name"] for g in call(identity, list_groups, {"kind": kind, "q": "МАРИН ЕЛОЧ", "page": 1,
                                                             "per_page": 20})["items"]]
    assert names == ["Ёлочка Марины"]
