"""Each event's contract is written once, by its producer, and every consumer keeps to it.

For every service of ``kit.config.SERVICES``: ``services/<name>/events.py`` declares what
it publishes (``kit.contracts.published``); every event handler of every service class
declares what it reads (``@event_handler(source, type, reads=ReadSchema)``), and reads
only fields the producer declares, requiring only what the producer always sends and
refusing null only where the producer never sends it (tests/contracts/checks.py). And
docs/events.md lists exactly the events each producer declares and the RPC methods each
service has.

A service without ``events.py`` or a handler without ``reads=`` fails with the reason.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from nameko.events import EventHandler
from nameko.rpc import Rpc

from kit import contracts
from kit.config import SERVICES
from tests.contracts.checks import documented, entrypoints_of, read_problems

ROOT = Path(__file__).resolve().parents[2]
EVENTS_DOC = ROOT / "docs" / "events.md"


def events_module(name: str):
    """``services.<name>.events``, or None while the service has none."""
    try:
        return importlib.import_module("services.{}.events".format(name))
    except ModuleNotFoundError as missing:
        if missing.name == "services.{}.events".format(name):
            return None
        raise


EVENTS_MODULES = {name: events_module(name) for name in SERVICES}
SERVICE_CLASSES = {name: importlib.import_module("services.{}.service".format(name)).SERVICE for name in SERVICES}
CONSUMERS = [(name, method, entrypoint) for name, cls in SERVICE_CLASSES.items()
             for method, entrypoint in entrypoints_of(cls) if isinstance(entrypoint, EventHandler)]


def not_yet(reason: str) -> None:
    """A part of the contract a service does not have."""
    pytest.fail(reason, pytrace=False)


def published(name: str) -> dict:
    if EVENTS_MODULES[name] is None:
        not_yet("services/{}/events.py does not exist yet".format(name))
    if name not in contracts.PUBLISHED:
        pytest.fail("services/{0}/events.py does not declare its events: "
                    "PUBLISHED = published({0!r}, {{...}})".format(name), pytrace=False)
    return contracts.PUBLISHED[name]


@pytest.mark.parametrize("name", SERVICES)
def test_each_producer_declares_its_events(name):
    events = published(name)
    assert all(isinstance(schema, contracts.EventSchema) for schema in events.values()), (
        "each published event is an EventSchema (unknown fields refused)")


@pytest.mark.parametrize("name, method, entrypoint", CONSUMERS,
                         ids=["{}.{}<-{}.{}".format(n, m, e.source_service, e.event_type) for n, m, e in CONSUMERS])
def test_a_consumer_reads_only_what_its_producer_declares(name, method, entrypoint):
    source, event_type = entrypoint.source_service, entrypoint.event_type
    where = "{}.{} (consumes {}.{})".format(name, method, source, event_type)
    assert source in SERVICES, "{}: {} is not a service of the system".format(where, source)
    reads = getattr(entrypoint, "reads", None)
    if reads is None:
        not_yet("{}: no reads= schema on its @event_handler yet".format(where))
    events = published(source)
    if event_type not in events:
        pytest.fail("{}: {} does not declare {!r} in services/{}/events.py".format(
            where, source, event_type, source), pytrace=False)
    problems = read_problems(events[event_type], reads)
    if problems:
        pytest.fail("{}:\n  {}".format(where, "\n  ".join(problems)), pytrace=False)


def test_every_consumer_is_found():
    # the discovery itself: the kit's people projection is inherited by the services that show names
    consumed = {(name, e.source_service, e.event_type) for name, _, e in CONSUMERS}
    assert ("billing", "orders", "order_cancelled") in consumed
    assert any(source == "identity" for _, source, _ in consumed)


@pytest.fixture(scope="module")
def docs() -> dict:
    return documented(EVENTS_DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SERVICES)
def test_the_events_doc_lists_exactly_the_declared_events(docs, name):
    events = published(name)
    assert "events" in docs.get(name, {}), "docs/events.md: no `## {}` / `### Events` table".format(name)
    listed = docs[name]["events"]
    assert listed == set(events), "docs/events.md, {}: listed but not declared {}, declared but not listed {}".format(
        name, sorted(listed - set(events)), sorted(set(events) - listed))


@pytest.mark.parametrize("name", SERVICES)
def test_the_events_doc_lists_exactly_the_rpc_methods(docs, name):
    methods = {method for method, entrypoint in entrypoints_of(SERVICE_CLASSES[name]) if isinstance(entrypoint, Rpc)}
    assert "rpc" in docs.get(name, {}), "docs/events.md: no `## {}` / `### RPC methods` table".format(name)
    listed = docs[name]["rpc"]
    assert listed == methods, "docs/events.md, {}: listed but not served {}, served but not listed {}".format(
        name, sorted(listed - methods), sorted(methods - listed))
