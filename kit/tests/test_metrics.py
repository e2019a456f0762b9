"""Every service answers ``GET /metrics`` on its web server (``WEB_SERVER_ADDRESS``) and its
counters move with its work: entrypoint calls by kind and outcome with their latency, the
outbox backlog and the age of its oldest event, dead letters per handler queue (issue 13)."""
from __future__ import annotations

import socket

import pytest
import requests
from kombu import Connection
from nameko.amqp.publish import get_producer
from nameko.standalone.rpc import ClusterRpcProxy
from prometheus_client.parser import text_string_to_metric_families

from kit import errors
from kit.events import dead_letter_queue
from kit.testing.wait import wait_for
from kit.tests.sample import Consumer, Producer
from kit.tests.test_outbox_and_consumers import sample_database
from kit.topology import declare, event_queues


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port: int) -> dict:
    """(name, sorted labels) → value of every sample on ``/metrics``."""
    response = requests.get("http://127.0.0.1:{}/metrics".format(port), timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def producer(test_run, container_factory):
    port = free_port()
    url = sample_database(test_run, "sample_metrics")  # its own: the backlog stays out of other tests
    # no relay: what the service emits stays in its outbox, a backlog to measure
    config = test_run.service_config("sample_producer", DATABASE_URL=url, OUTBOX_RELAY_ENABLED="0",
                                     WEB_SERVER_ADDRESS="127.0.0.1:{}".format(port))
    container_factory(Producer, config).start()
    return config, port


def test_a_services_metrics_move_after_calls(producer):
    config, port = producer
    calls = dict(name="platform_entrypoint_calls_total", service="sample_producer", kind="rpc")
    before = scrape(port)
    with ClusterRpcProxy(config, timeout=10) as rpc:
        rpc.sample_producer.emit("one")
        rpc.sample_producer.emit("two")
        with pytest.raises(errors.NotFound):
            rpc.sample_producer.missing()
        with pytest.raises(errors.InternalError):
            rpc.sample_producer.broken()
    after = scrape(port)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved(**calls, entrypoint="emit", outcome="ok") == 2
    assert moved(**calls, entrypoint="missing", outcome="client_error") == 1
    assert moved(**calls, entrypoint="broken", outcome="error") == 1
    assert moved("platform_entrypoint_duration_seconds_count", service="sample_producer", kind="rpc",
                 entrypoint="emit") == 2
    # probes and scrapes are not counted
    assert not any(dict(labels).get("entrypoint") in ("metrics_endpoint", "healthz") for _, labels in after)
    assert value(after, "platform_outbox_unpublished_events", service="sample_producer") >= 2
    assert value(after, "platform_outbox_oldest_unpublished_age_seconds", service="sample_producer") > 0


def test_dead_letters_of_a_services_handlers_are_counted(test_run, container_factory):
    port = free_port()
    url = sample_database(test_run, "sample_consumer")
    config = test_run.service_config("sample_consumer", DATABASE_URL=url,
                                     WEB_SERVER_ADDRESS="127.0.0.1:{}".format(port))
    declare(Consumer, config["AMQP_URI"])
    container_factory(Consumer, config).start()
    queue = event_queues(Consumer)[0].name
    dead = dict(service="sample_consumer", queue=queue)
    with Connection(config["AMQP_URI"]) as connection:
        dead_letter_queue(queue).bind(connection.channel()).purge()
    assert value(scrape(port), "platform_dead_letter_messages", **dead) == 0

    try:
        with get_producer(config["AMQP_URI"]) as publisher:
            publisher.publish({"note": "dead"}, exchange="", routing_key=dead_letter_queue(queue).name, retry=True)
        wait_for(lambda: value(scrape(port), "platform_dead_letter_messages", **dead) == 1, timeout=10)
    finally:  # leave no queue behind: the kit's consumer tests expect to declare them afresh
        with Connection(config["AMQP_URI"]) as connection:
            for name in (dead_letter_queue(queue).name, queue):
                connection.channel().queue_delete(name)
