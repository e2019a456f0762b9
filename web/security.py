"""The web app's defences shared by the factory and the pages: CSRF (Flask-WTF's
CSRFProtect: every POST carries the session's token, forms as a hidden field, htmx as the
``X-CSRFToken`` header) and the Content-Security-Policy (no inline scripts or styles,
nothing from another origin, never framed)."""
from __future__ import annotations

from flask_wtf.csrf import CSRFProtect

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
                           "frame-ancestors 'none'")

csrf = CSRFProtect()
