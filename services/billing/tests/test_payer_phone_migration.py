"""Migration 0009: payers' phone and fax numbers already stored as typed take the
E.164 form new ones are stored in (issue 13 item 10)."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from kit.migrate import alembic_config
from kit.phones import normalize

NOW = "2026-01-01 00:00:00.000000"


def test_typed_numbers_become_e164_and_anything_else_is_kept(tmp_path):
    url = "sqlite:///{}".format(tmp_path / "billing.sqlite3")
    config = alembic_config("billing", url)
    command.upgrade(config, "0008")
    engine = sa.create_engine(url)
    stored = {"a": ("+7 (999) 111-22-33", "8 (999) 444-55-66"), "b": ("+79991112233", None),
              "c": ("доб. 123", "12345"), "d": (None, None)}
    with engine.begin() as connection:
        for number, (payer_id, (phone, fax)) in enumerate(stored.items(), 1):
            connection.execute(sa.text(
                "INSERT INTO payers (id, number, account_id, kind, country, name, contact_person, phone, fax, "
                "documents_delivery, actual_same_as_legal, contract_data, created_at, updated_at) VALUES "
                "(:id, :number, 'acc', 'company', 'RU', 'N', 'P', :phone, :fax, '[]', 1, '{}', :now, :now)"),
                {"id": payer_id, "number": number, "phone": phone, "fax": fax, "now": NOW})
    command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = {r[0]: (r[1], r[2]) for r in connection.execute(sa.text("SELECT id, phone, fax FROM payers"))}
    engine.dispose()
    assert rows == {"a": ("+79991112233", "+79994445566"), "b": ("+79991112233", None),
                    "c": ("доб. 123", "12345"), "d": (None, None)}
    assert normalize("+7 (999) 111-22-33") == rows["a"][0]
