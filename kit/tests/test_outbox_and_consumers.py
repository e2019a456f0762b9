"""The reliability claims of the kit, against the real RabbitMQ and PostgreSQL.

- an event is published only after its transaction commits, never after a rollback;
- a crash between commit and publish loses nothing: the relay publishes on restart;
- a redelivered event is applied once;
- a handler that keeps failing is retried with backoff, then dead-lettered (visible,
  replayable) instead of being acked and dropped.
"""
from __future__ import annotations

import time

import pytest
from kombu import Connection, Queue
from nameko.standalone.events import get_event_exchange
from nameko.standalone.rpc import ClusterRpcProxy
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import func, select

from kit.context import Caller
from kit.db import Databases
from kit.dlq import replay, show
from kit.outbox import OUTBOX, OutboxRelay
from kit.testing.wait import wait_for
from kit.tests.sample import Consumer, Producer, metadata
from kit.topology import dead_letter_counts, declare


def sample_database(test_run, service: str) -> str:
    url = test_run.database_url(service)
    databases = Databases(url, service)
    metadata.create_all(databases.engine)
    databases.dispose()
    return url


@pytest.fixture(scope="module")
def producer_url(test_run):
    return sample_database(test_run, "sample_producer")


@pytest.fixture(scope="module")
def consumer_url(test_run):
    return sample_database(test_run, "sample_consumer")


@pytest.fixture
def probe(test_run):
    """A queue bound to the producer's exchange: what the broker actually received."""
    connection = Connection(test_run.containers_amqp_uri)
    queue = Queue("probe-" + str(time.monotonic_ns()), exchange=get_event_exchange("sample_producer", {}),
                  routing_key="noted", auto_delete=True, durable=False)
    bound = queue.bind(connection.channel())
    bound.declare()

    def received():
        messages = []
        while True:
            message = bound.get(no_ack=True)
            if message is None:
                return messages
            messages.append(message.payload)

    yield received
    connection.release()


def outbox_rows(url):
    databases = Databases(url, "sample_producer")
    try:
        with databases.session_factory() as session:
            return session.execute(select(func.count()).select_from(OUTBOX)).scalar()
    finally:
        databases.dispose()


def test_event_is_published_only_after_commit(test_run, producer_url, probe):
    databases = Databases(producer_url, "sample_producer")
    relay = OutboxRelay(databases, test_run.containers_amqp_uri)
    try:
        with databases.unit_of_work(Caller(user_id="u1", correlation_id="c-commit")) as uow:
            event_id = uow.emit("noted", {"note": "after-commit"})
            uow.session.flush()
            # The relay runs while the transaction is open: the row is not visible to it.
            assert relay.publish_pending() == 0
            assert probe() == []
        assert relay.publish_pending() == 1
        received = wait_for(probe, message="the committed event")
        assert [m["event_id"] for m in received] == [event_id]
        assert received[0]["data"] == {"note": "after-commit"}
        assert received[0]["correlation_id"] == "c-commit"
        assert relay.publish_pending() == 0  # marked published: not sent twice
    finally:
        databases.dispose()


def test_rolled_back_change_publishes_nothing(test_run, producer_url, probe):
    databases = Databases(producer_url, "sample_producer")
    relay = OutboxRelay(databases, test_run.containers_amqp_uri)
    before = outbox_rows(producer_url)
    try:
        with pytest.raises(RuntimeError):
            with databases.unit_of_work(Caller()) as uow:
                uow.emit("noted", {"note": "rolled-back"})
                raise RuntimeError("the handler failed after emitting")
        assert relay.publish_pending() == 0
        assert outbox_rows(producer_url) == before
        assert probe() == []
    finally:
        databases.dispose()


def test_crash_between_commit_and_publish_loses_nothing(test_run, producer_url, probe, container_factory):
    config = test_run.service_config("sample_producer", DATABASE_URL=producer_url,
                                     OUTBOX_RELAY_ENABLED="0")
    dying = container_factory(Producer, config)
    dying.start()
    with ClusterRpcProxy(config, timeout=10) as rpc:
        event_id = rpc.sample_producer.emit("survives-crash")
    dying.kill()  # the process dies: committed, never published
    assert probe() == []

    restarted = container_factory(Producer, dict(config, OUTBOX_RELAY_ENABLED="1"))
    restarted.start()
    received = wait_for(probe, message="the event published after restart")
    assert [m["event_id"] for m in received] == [event_id]


def test_rpc_error_rolls_back_its_event(test_run, producer_url, probe, container_factory):
    config = test_run.service_config("sample_producer", DATABASE_URL=producer_url)
    container = container_factory(Producer, config)
    container.start()
    before = outbox_rows(producer_url)
    with ClusterRpcProxy(config, timeout=10) as rpc:
        with pytest.raises(Exception) as raised:
            rpc.sample_producer.emit("never", fail_after_emit=True)
        assert raised.value.error_code == "sample_rolled_back"
    assert outbox_rows(producer_url) == before
    assert probe() == []


def publish_envelope(amqp_uri, envelope):
    from nameko.amqp.publish import Publisher

    exchange = get_event_exchange("sample_producer", {})
    Publisher(amqp_uri, declare=[exchange]).publish(envelope, exchange=exchange, routing_key="noted")


def envelope(note, event_id):
    return {"event_id": event_id, "type": "noted", "occurred_at": "2026-11-22T10:00:00+00:00",
            "producer": "sample_producer", "correlation_id": None, "data": {"note": note}}


def test_redelivered_event_is_applied_once(test_run, consumer_url, container_factory):
    config = test_run.service_config("sample_consumer", DATABASE_URL=consumer_url)
    container = container_factory(Consumer, config)
    container.start()
    note = "once-" + str(time.monotonic_ns())
    for _ in range(3):  # the broker delivers the same event three times
        with entrypoint_waiter(container, "on_noted", timeout=10):
            publish_envelope(config["AMQP_URI"], envelope(note, "evt-" + note))
    with ClusterRpcProxy(config, timeout=10) as rpc:
        assert rpc.sample_consumer.count(note) == 1
        # a different event with the same content is a new fact and counts
        with entrypoint_waiter(container, "on_noted", timeout=10):
            publish_envelope(config["AMQP_URI"], envelope(note, "evt2-" + note))
        assert rpc.sample_consumer.count(note) == 2


def test_failing_handler_is_retried_with_backoff_then_dead_lettered_and_replayable(
        test_run, consumer_url, container_factory):
    config = test_run.service_config("sample_consumer", DATABASE_URL=consumer_url,
                                     EVENT_RETRY_DELAYS="0.3,0.6")
    declare(Consumer, config["AMQP_URI"])
    container = container_factory(Consumer, config)
    container.start()
    note = "poison-" + str(time.monotonic_ns())
    with ClusterRpcProxy(config, timeout=10) as rpc:
        rpc.sample_consumer.set_counter("breaker", 1)
        rpc.sample_consumer.set_counter("failures", 0)
        started = time.monotonic()
        publish_envelope(config["AMQP_URI"], envelope(note, "evt-" + note))

        queue = "evt-sample_producer-noted--sample_consumer.on_noted"
        wait_for(lambda: dead_letter_counts(Consumer, config["AMQP_URI"])[queue] == 1,
                 timeout=15, message="the message in the dead-letter queue")
        elapsed = time.monotonic() - started
        assert rpc.sample_consumer.count("failures") == 3  # first try + one per delay
        assert elapsed >= 0.3 + 0.6  # it waited out the backoff between attempts
        assert rpc.sample_consumer.count(note) == 0

        dead = show(config["AMQP_URI"], queue)
        assert dead[0]["body"]["event_id"] == "evt-" + note
        assert "cannot handle" in dead[0]["headers"]["x-last-error"]
        assert dead_letter_counts(Consumer, config["AMQP_URI"])[queue] == 1  # show leaves it

        rpc.sample_consumer.set_counter("breaker", 0)  # the operator fixes the cause
        with entrypoint_waiter(container, "on_noted", timeout=10):
            assert replay(config["AMQP_URI"], queue) == 1
        assert rpc.sample_consumer.count(note) == 1
        assert dead_letter_counts(Consumer, config["AMQP_URI"])[queue] == 0
