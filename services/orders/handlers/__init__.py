"""Orders' use cases: plain functions ``(uow, caller, data, deps)``, one transaction each.

- ``catalog``: the services clients order (O1)
- ``orders``: create, view, list, client actions, manager console, ``get_payable``; ``move``
  (every status change)
- ``chat``: messages, read marks, attachments (O5); ``post`` (every message)
- ``access``: sharing a booking, the calendar (O11)
- ``tickets``: event ticket QR and check-in (O12)
- ``reactions``: billing's events, auto-confirm (O6)
- ``authorization``: who the caller is to an order (client side, staff, nobody: 404)
"""
