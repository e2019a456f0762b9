"""Migration 0003_phones: stored phone numbers take the form phonenumbers gives them, so
their owners still sign in with what they type (issue 13 item 10)."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from kit.migrate import alembic_config
from services.identity.domain.people import normalize_phone

NOW = "2026-01-01 00:00:00.000000"


def test_stored_numbers_are_migrated_to_the_new_normal_form(tmp_path):
    url = "sqlite:///{}".format(tmp_path / "identity.sqlite3")
    config = alembic_config("identity", url)
    command.upgrade(config, "0001")
    engine = sa.create_engine(url)
    stored = {"a": "+79655776500",    # right under both rules: unchanged
              "b": "+3422545454",     # "342 254-54-54" under the old rules: country 34
              "c": "+12345",          # nothing the new rules can read: kept as it was
              "d": "+4420794609",     # would become +74420794609? not a valid number: kept
              "e": None}
    with engine.begin() as connection:
        for user_id, phone in stored.items():
            connection.execute(sa.text(
                "INSERT INTO users (id, email, phone, phone_confirmed, first_name, last_name, search_name, "
                "status, roles, rights, language, created_at, updated_at) VALUES (:id, :email, :phone, 1, 'A', "
                "'B', 'a b', 'active', '[]', '[]', 'ru', :now, :now)"),
                {"id": user_id, "email": user_id + "@x.io", "phone": phone, "now": NOW})
    command.upgrade(config, "head")
    with engine.connect() as connection:
        phones = dict(connection.execute(sa.text("SELECT id, phone FROM users")).all())
    engine.dispose()
    assert phones == {"a": "+79655776500", "b": "+73422545454", "c": "+12345", "d": "+4420794609", "e": None}
    # the owner of "b" types their number as before and is found
    assert normalize_phone("342 254-54-54") == phones["b"]
