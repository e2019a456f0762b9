"""Orders' settings are parsed once (dependencies.Settings): the auto-confirm default (O6)."""
from __future__ import annotations

import pytest

from services.orders.dependencies import SETTINGS, Settings

BASE = {**SETTINGS, "VAR_DIR": "/tmp/orders-settings-test", "PUBLIC_BASE_URL": "https://platform.example.com"}


def test_the_auto_confirm_default_is_three_days_unless_set():
    assert Settings.from_config(BASE).auto_confirm_default == 259200
    assert Settings.from_config({**BASE, "AUTO_CONFIRM_DEFAULT": "0"}).auto_confirm_default == 0
    assert Settings.from_config({**BASE, "AUTO_CONFIRM_DEFAULT": "3600"}).auto_confirm_default == 3600


@pytest.mark.parametrize("value", ["-1", "three days", ""])
def test_a_broken_auto_confirm_default_stops_the_service_at_start(value):
    with pytest.raises(ValueError):
        Settings.from_config({**BASE, "AUTO_CONFIRM_DEFAULT": value})
