"""Orders' use cases: plain functions of (unit of work, caller, input, dependencies).

- ``catalog``: the services clients order (O1)
- ``orders``: create, view, list, client actions, manager console, ``get_payable``
- ``chat``: messages, read marks, attachments (O5)
- ``access``: sharing a booking, the calendar (O11)
- ``tickets``: event ticket QR and check-in (O12)
- ``reactions``: billing's and identity's events, the auto-confirm timer
"""
from services.orders.handlers import access, catalog, chat, orders, reactions, tickets  # noqa: F401
from services.orders.handlers.common import Deps  # noqa: F401
