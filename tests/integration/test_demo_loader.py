"""The demo loader is idempotent whatever the demo people have since changed: a renamed demo
person is found by e-mail, not created again (issue 12, problem 1: `make run` refused to
start with 409 already_registered)."""
from __future__ import annotations

from scripts.demo import people
from scripts.demo.api import Api
from tests.integration.conftest import ADMIN_EMAIL, ADMIN_PASSWORD


def test_the_demo_people_load_again_after_a_demo_person_was_renamed(system, admin):
    loader = Api(system.base_url).login(ADMIN_EMAIL, ADMIN_PASSWORD)
    first = people.load(system.base_url, loader)
    executor = first["executor@demo.platform.local"]
    admin.ok("PATCH", "/users/{}".format(executor), json={"first_name": "Переименованный", "last_name": "Исполнитель"})
    try:
        again = people.load(system.base_url, loader)
        assert again == first
    finally:
        admin.ok("PATCH", "/users/{}".format(executor), json={"first_name": "Павел", "last_name": "Козлов"})


def test_the_demo_people_load_again_after_a_demo_person_was_disabled(system, admin):
    loader = Api(system.base_url).login(ADMIN_EMAIL, ADMIN_PASSWORD)
    first = people.load(system.base_url, loader)
    agent = first["support@demo.platform.local"]
    admin.ok("PATCH", "/users/{}".format(agent), json={"enabled": False})
    try:
        again = people.load(system.base_url, loader)
        assert "support@demo.platform.local" not in again
        assert {k: v for k, v in first.items() if k != "support@demo.platform.local"} == again
    finally:
        admin.ok("PATCH", "/users/{}".format(agent), json={"enabled": True})
