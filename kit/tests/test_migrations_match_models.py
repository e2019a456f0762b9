"""Every service's migrations produce exactly the schema its models describe (on PostgreSQL)."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kit.config import SERVICES
from kit.db import make_engine
from kit.migrate import upgrade


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_match_models(test_run, service):
    import importlib

    models = importlib.import_module("services.{}.models".format(service))
    url = test_run.database_url(service + "_schema")
    upgrade(service, url)
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                    models.Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], "models and migrations differ: {}".format(diff)
