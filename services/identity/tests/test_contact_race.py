"""Two requests for one e-mail at the same moment (a double click, two clients): both pass
the check that the address is free, the database's unique index refuses the second insert,
and that one is answered 409 ``already_registered`` like the check's answer, not 500 (found
by the fuzzing story, whose client and administrator runs sent the same example at once)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kit.context import SYSTEM
from kit.db import Databases
from kit.migrate import upgrade
from services.identity import exceptions as exc
from services.identity.handlers.registration import new_user

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def identity(request, test_run, tmp_path_factory):
    url = ("sqlite:///{}".format(tmp_path_factory.mktemp("identity") / "identity.sqlite3")
           if request.param == "sqlite" else test_run.database_url("identity_contact_race"))
    upgrade("identity", url)
    databases = Databases(url, "identity", now=lambda: NOW)
    yield databases
    databases.dispose()


def add(databases, email):
    with databases.unit_of_work(SYSTEM) as uow:
        return new_user(uow, email=email, phone=None, first_name="Анна", last_name="Банана", language="ru",
                        roles=["client"]).id


def test_the_second_insert_of_one_email_is_already_registered(identity):
    first = add(identity, "anna@example.ru")      # as if both had passed ensure_contacts_free
    with pytest.raises(exc.AlreadyRegistered) as refused:
        add(identity, "anna@example.ru")
    assert refused.value.errors == {"email": ["Already used by another person."]}
    with identity.unit_of_work(SYSTEM) as uow:
        from services.identity.models import User
        assert [u.id for u in uow.session.query(User).filter_by(email="anna@example.ru")] == [first]
