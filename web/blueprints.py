"""The pages' blueprints, one per area (web/README.md, "Adding a page"; web/pages/<area>.py,
templates in web/templates/<area>/), registered on the app. Kept out of ``web/pages/__init__``
so that the package imports none of its modules and they can import each other."""
from __future__ import annotations

from web.pages import account, auth, links, ops, orders, payments
from web.pages import cabinet, chat, support  # «Мой кабинет»: money, notifications, coworking; support
from web.pages import admin, console, console_coworking, console_support  # «Управление экосистемой»
from web.security import csrf

BLUEPRINTS = (ops, auth, account, orders, payments, links, cabinet, chat, support,
              console, console_coworking, console_support, admin)


def register(app) -> None:
    for module in BLUEPRINTS:
        app.register_blueprint(module.blp)
    csrf.exempt(ops.api_elsewhere)  # a redirect to the gateway, which has no cookies to protect
