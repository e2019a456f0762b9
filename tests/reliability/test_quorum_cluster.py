"""Scale-out survives a node (issue 12): with ``AMQP_QUEUE_TYPE=quorum`` the kit declares
its durable queues (a service's ``rpc-<service>``, every event handler's queue and its
retry and dead-letter queues) as quorum queues, replicated over a three-node RabbitMQ
cluster started on this machine for the test. A producer service commits events through
its outbox (published with confirms) while a consumer applies each one once; half the
calls go through a service that calls the producer with ``kit.remote``. The node that
leads the queues, holds the reply queues and every connection is killed in the middle of
the flow. Every event the producer committed is applied; one is applied twice only if the
request that emitted it ran twice around the kill (RPC is at least once: that is what the
services' idempotency keys are for)."""
from __future__ import annotations

import time

import pytest
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import select

from kit.db import Databases
from kit.testing.rabbit_cluster import Cluster, available
from kit.testing.wait import wait_for
from kit.tests.sample import Asker, Consumer, Producer, counters, metadata
from kit.topology import declare

EVENTS = 60
KILL_AFTER = 20
HANDLER_QUEUE = "evt-sample_producer-noted--sample_consumer.on_noted"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    reason = available()
    assert reason is None, reason  # the test command's machine has RabbitMQ installed: no skip
    running = Cluster(tmp_path_factory.mktemp("rabbit-cluster"))
    try:
        yield running.start()
    finally:
        running.stop()


def database(test_run, service: str) -> str:
    url = test_run.database_url(service + "_quorum")
    databases = Databases(url, service)
    metadata.create_all(databases.engine)
    databases.dispose()
    return url


def counts(url: str) -> dict[str, int]:
    databases = Databases(url, "sample_consumer")
    try:
        with databases.session_factory() as session:
            return dict(session.execute(select(counters.c.name, counters.c.value)).all())
    finally:
        databases.dispose()


# kombu reconnects a consumer whose node died with growing pauses (2, 4, 6 … 30 s: Connection.
# ensure_connection), trying the cluster's addresses in turn: on a busy machine the asker's
# reply consumer took over 110 s to come back once, so the calls may take up to about 4 minutes
def emit(config: dict, note: str, attempts: int = 45, through_asker: bool = False) -> int:
    """One ``emit`` call (``through_asker``: the asker service calls the producer through
    ``kit.remote``), retried (a new connection each time) while the cluster fails over;
    returns how many calls it took."""
    for attempt in range(1, attempts + 1):
        try:
            with ClusterRpcProxy(config, timeout=5) as rpc:
                if through_asker:
                    rpc.sample_asker.ask("emit", note)
                else:
                    rpc.sample_producer.emit(note)
            return attempt
        except Exception:
            time.sleep(0.5)
    raise AssertionError("emit({}) failed {} times".format(note, attempts))


def test_durable_queues_are_quorum_queues_and_a_killed_node_loses_no_event(
        test_run, cluster, container_factory):
    uri = cluster.failover_uri()
    settings = dict(AMQP_URI=uri, AMQP_QUEUE_TYPE="quorum", EVENT_RETRY_DELAYS="0.2,0.5",
                    OUTBOX_POLL_INTERVAL="0.2")
    producer_config = test_run.service_config("sample_producer", DATABASE_URL=database(test_run, "producer"),
                                              **settings)
    consumer_url = database(test_run, "consumer")
    consumer_config = test_run.service_config("sample_consumer", DATABASE_URL=consumer_url, **settings)

    asker_config = test_run.service_config("sample_asker", DATABASE_URL=database(test_run, "asker"),
                                           PRODUCER_TIMEOUT="5", **settings)

    declare(Consumer, uri.split(";")[0], {"x-queue-type": "quorum"})  # what kit.migrate does
    producer = container_factory(Producer, producer_config)
    consumer = container_factory(Consumer, consumer_config)
    asker = container_factory(Asker, asker_config)
    producer.start()
    consumer.start()
    asker.start()

    queues = {q["name"]: q for q in cluster.queues()}
    for name in (HANDLER_QUEUE, HANDLER_QUEUE + ".dead", "rpc-sample_producer", "rpc-sample_consumer"):
        assert queues[name]["type"] == "quorum", queues[name]
        assert len(queues[name]["members"]) == 3
    replies = [q for name, q in queues.items() if name.startswith("rpc.reply-")]
    assert replies and all(q["type"] == "classic" for q in replies)
    # a service's reply queue (kit.remote) is exclusive: it goes with its connection and is
    # declared anew where the service reconnects (a durable one could not be, its node lost)
    (asker_replies,) = [q for name, q in queues.items() if name.startswith("rpc.reply-sample_asker-")]
    assert asker_replies["exclusive"] is True and asker_replies["durable"] is False

    # a failing handler's retry goes through a quorum retry queue and back, at least once
    run = str(time.monotonic_ns())
    with ClusterRpcProxy(consumer_config, timeout=10) as rpc:
        rpc.sample_consumer.set_counter("breaker", 1)
        emit(producer_config, run + "-retried")
        wait_for(lambda: counts(consumer_url).get("failures", 0) >= 1, timeout=20, message="a first attempt failed")
        rpc.sample_consumer.set_counter("breaker", 0)
    wait_for(lambda: counts(consumer_url).get(run + "-retried") == 1, timeout=20, message="the retry applied it")
    retry = {q["name"]: q for q in cluster.queues()}[HANDLER_QUEUE + ".retry.200"]
    assert retry["type"] == "quorum"

    calls = {}
    killed = None
    for i in range(EVENTS):
        if i == KILL_AFTER:
            # the first node dies mid-flow: every service is connected to it, it leads the
            # queues they declared (RabbitMQ places a leader where it is declared) and holds
            # the asker's reply queue
            leader = {q["name"]: q for q in cluster.queues()}[HANDLER_QUEUE]["leader"]
            assert leader == cluster.nodes[0].name, (leader, [n.name for n in cluster.nodes])
            killed = cluster.node_named(leader)
            cluster.kill(killed)
        note = "{}-{}".format(run, i)
        calls[note] = emit(producer_config, note, through_asker=i % 2 == 0)
    assert killed is not None and not cluster.running(killed)

    def all_applied():
        seen = counts(consumer_url)
        return seen if all(seen.get(note, 0) >= 1 for note in calls) else None

    seen = wait_for(all_applied, timeout=60, message="every committed event applied")
    # the consumer applies each event once (it dedupes by event id); a second event for a
    # note can only come from an RPC request executed again after its node died with the
    # ack (at-least-once RPC: what idempotency keys are for) — so only around the kill
    twice = sorted(int(note.rsplit("-", 1)[1]) for note in calls if seen[note] > 1)
    assert all(KILL_AFTER - 2 <= i <= KILL_AFTER + 2 for i in twice), (twice, calls)
    survivors = {q["name"]: q for q in cluster.queues()}
    assert survivors[HANDLER_QUEUE]["leader"] != killed.name
    wait_for(lambda: {q["name"]: q for q in cluster.queues()}[HANDLER_QUEUE]["messages"] == 0, timeout=20,
             message="the handler's queue drained (its counters lag a little)")
