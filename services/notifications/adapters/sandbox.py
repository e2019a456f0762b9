"""Sandboxes for a local run with no provider: every message is logged and kept under
``<VAR_DIR>/sandbox`` (e-mails as ``mail/<delivery id>.eml``, the rest one JSON line each
in ``<channel>.jsonl``). Where that directory cannot be written (a read-only container),
the log line is the record."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path

import structlog

from services.notifications.adapters.base import Outgoing
from services.notifications.adapters.email import build_message

log = structlog.get_logger(__name__)


def _writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".write-test"
        probe.write_text("")
        probe.unlink()
        return True
    except OSError:
        return False


class SandboxEmail:
    name = "email"

    def __init__(self, directory: Path, sender: str):
        self.directory = Path(directory) / "mail"
        self.sender = sender
        self.keep = _writable(self.directory)

    def describe(self) -> str:
        return "sandbox {}".format(self.directory if self.keep else "(log only)")

    def send(self, message: Outgoing) -> str | None:
        email = build_message(message, self.sender)
        if self.keep:  # named after the delivery: sending it again rewrites the same file
            (self.directory / "{}.eml".format(message.delivery_id)).write_bytes(bytes(email))
        log.info("sandbox_email", to=message.target, subject=message.subject, delivery_id=message.delivery_id)
        return email["Message-ID"]


class SandboxChannel:
    """SMS, push or Telegram with nowhere to go but the log and a JSON-lines file."""

    def __init__(self, name: str, directory: Path):
        self.name = name
        self.path = Path(directory) / "{}.jsonl".format(name)
        self.keep = _writable(Path(directory))
        self._lock = threading.Lock()

    def describe(self) -> str:
        return "sandbox {}".format(self.path if self.keep else "(log only)")

    def send(self, message: Outgoing) -> str | None:
        record = {"at": datetime.now(timezone.utc).isoformat(), "delivery_id": message.delivery_id,
                  "to": message.target, "subject": message.subject, "text": message.text,
                  "data": message.data}
        if self.keep:
            with self._lock, self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        log.info("sandbox_" + self.name, to=message.target, text=message.text[:200],
                 delivery_id=message.delivery_id)
        return "sandbox:" + message.delivery_id
