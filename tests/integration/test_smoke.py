from kit.config import SERVICES


def test_system_is_ready_and_admin_signs_in(system, admin):
    from tests.integration.client import Client

    ready = Client(system.base_url).get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"broker": "ok", "redis": "ok", "startup": "ok",
                                      **{"service:" + name: "ok" for name in SERVICES}}
    me = admin.ok("GET", "/me")
    assert me["roles"] == ["admin"]
