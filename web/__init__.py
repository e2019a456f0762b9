"""The web app (issue 15): the client's cabinet and the staff console on the public API.

A deployable of its own: Flask + Jinja + htmx, server-rendered. It talks to the platform
only through the gateway's public HTTP API (``GATEWAY_URL``): no RPC, no database, nothing
imported from ``services``, ``gateway``, ``kit.rpc`` or ``kit.store``
(tests/architecture/test_web_boundaries.py). web/README.md explains the layout.
"""
