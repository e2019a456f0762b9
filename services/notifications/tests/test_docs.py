"""docs/events.md stays true to the routing table."""
from __future__ import annotations

from pathlib import Path

from services.notifications.domain.routing import ROUTES


def test_docs_events_md_shows_every_route():
    text = (Path(__file__).resolve().parents[3] / "docs" / "events.md").read_text()
    section = text.split("## notifications", 1)[1]
    for route in ROUTES:
        row = next((line for line in section.splitlines()
                    if line.startswith("| `{}.{}` |".format(*route.key))), None)
        assert row, "docs/events.md lacks {}.{}".format(*route.key)
        assert route.category in row and (not route.critical or route.category == "account"
                                           or "critical" in row), row
