"""The integration stories that search and load the demo data pass on the embedded default
too (issue 13, item 6): the same stories, through the gateway, with every service on a
SQLite file (``INTEGRATION_STORE=sqlite``, tests/integration/conftest.py) instead of
PostgreSQL — Russian names found in any case, the demo loaded twice without a copy."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kit.config import ROOT, SERVICES

STORIES = [
    "tests/integration/test_orders_catalog_and_console.py",   # the catalog's search
    "tests/integration/test_identity_people.py",              # people's and companies' search
    "tests/integration/test_coworking_tickets.py",            # the visitor search
    "tests/integration/test_support_client_analytics.py",     # the analytics' SQLite branch
    "tests/integration/test_demo_loader.py",
    "tests/integration/test_orders_demo_data.py",
    "tests/integration/test_support_demo_data.py",
    "tests/integration/test_billing_demo_data.py",
]


@pytest.mark.integration
@pytest.mark.timeout(1800)
def test_the_search_and_demo_stories_pass_on_sqlite(tmp_path):
    base = tmp_path / "stories"
    result = subprocess.run(
        [sys.executable, "-m", "kit.testing.run", *STORIES, "-q", "-p", "no:cacheprovider", "--basetemp", str(base)],
        cwd=ROOT, env={**os.environ, "INTEGRATION_STORE": "sqlite"}, capture_output=True, text=True, timeout=1700)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    # they ran on SQLite files, one per service
    assert {path.stem for path in base.rglob("*.sqlite3")} >= set(SERVICES)
