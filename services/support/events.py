"""Support's events: the schema of each one it publishes (checked by ``uow.emit``) and the
builders that turn tickets into those payloads (docs/events.md)."""
from __future__ import annotations

from kit.contracts import published

PUBLISHED = published("support", {})
