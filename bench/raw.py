"""Raw baselines and the RPC pool, driven from the bench process with threads (the
gateway's gthread workers call the pool from threads too; nothing here is monkey-patched).

- :class:`AmqpEcho`: an AMQP request/reply round trip with a plain client (pika) and
  RabbitMQ's direct reply-to (``amq.rabbitmq.reply-to``): a server thread answers every
  request on a queue at once — the least a request/reply over this broker costs;
- :func:`pool_caller`: ``identity.ping`` through :class:`gateway.rpc.RpcPool`, the gateway's
  own pool of Nameko proxies (bulkhead, deadline and all);
- :func:`pk_select`: a primary-key ``SELECT`` with psycopg2 on the same PostgreSQL.
"""
from __future__ import annotations

import threading
import time
import uuid

import pika
import psycopg2


def timed(call, seconds: float, callers: int = 1, warmup: int = 20) -> dict:
    """Run ``call()`` (made per caller by ``call`` when it is a factory: ``call(i)``) from
    ``callers`` threads for ``seconds``; calls/s and latency percentiles in ms."""
    latencies: list[list[float]] = [[] for _ in range(callers)]
    errors = [0] * callers
    start = threading.Barrier(callers + 1)
    deadline = [0.0]

    def work(i):
        fn = call(i)
        for _ in range(warmup):
            fn()
        start.wait()
        mine = latencies[i]
        while True:
            t0 = time.perf_counter()
            if t0 >= deadline[0]:
                return
            try:
                fn()
            except Exception:
                errors[i] += 1
                continue
            mine.append((time.perf_counter() - t0) * 1000)

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(callers)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + 3600
    start.wait()
    began = time.perf_counter()
    deadline[0] = began + seconds
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    samples = sorted(x for mine in latencies for x in mine)
    if not samples:
        return {"calls": 0, "rate": 0.0, "p50": None, "p95": None, "p99": None, "errors": sum(errors)}

    def pct(p):
        return samples[min(len(samples) - 1, int(p / 100 * len(samples)))]

    return {"calls": len(samples), "rate": len(samples) / elapsed, "p50": pct(50), "p95": pct(95), "p99": pct(99),
            "errors": sum(errors)}


class AmqpEcho:
    """A reply server on its own queue and its own connection, in a thread."""

    def __init__(self, amqp_uri: str):
        self.params = pika.URLParameters(amqp_uri)
        self.queue = "bench-echo-" + uuid.uuid4().hex[:8]
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.server_version = None

    def start(self) -> "AmqpEcho":
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("the AMQP echo server did not start")
        return self

    def _serve(self):
        self._connection = pika.BlockingConnection(self.params)
        self.server_version = self._connection._impl.server_properties.get("version")
        if isinstance(self.server_version, bytes):
            self.server_version = self.server_version.decode()
        channel = self._connection.channel()
        channel.queue_declare(self.queue, exclusive=True, auto_delete=True)
        channel.basic_qos(prefetch_count=100)

        def answer(ch, method, properties, body):
            ch.basic_publish("", properties.reply_to, body,
                             pika.BasicProperties(correlation_id=properties.correlation_id))
            ch.basic_ack(method.delivery_tag)

        channel.basic_consume(self.queue, answer)
        self._channel = channel
        self._ready.set()
        channel.start_consuming()
        self._connection.close()

    def stop(self):
        try:
            self._connection.add_callback_threadsafe(self._channel.stop_consuming)
        except Exception:
            pass
        self._thread.join(5)

    def client(self):
        """A caller of its own (one connection per thread: pika's are not thread-safe):
        publishes a request with ``reply_to=amq.rabbitmq.reply-to`` and waits for the answer."""
        connection = pika.BlockingConnection(self.params)
        channel = connection.channel()
        got = {}

        def on_reply(ch, method, properties, body):
            got[properties.correlation_id] = body

        channel.basic_consume("amq.rabbitmq.reply-to", on_reply, auto_ack=True)
        body = b'{"args": [], "kwargs": {}}'

        def call():
            correlation = uuid.uuid4().hex
            channel.basic_publish("", self.queue, body, pika.BasicProperties(
                reply_to="amq.rabbitmq.reply-to", correlation_id=correlation, content_type="application/json"))
            while correlation not in got:
                connection.process_data_events(time_limit=None)
            del got[correlation]

        call.connection = connection
        return call


def pool_caller(pool, context: dict, service: str = "identity", method: str = "ping"):
    def call():
        return pool.call(context, service, method)
    return call


def connect(dsn: str, patience: float = 90.0):
    """psycopg2.connect, waiting out "too many clients": the PostgreSQL of a shared machine
    (max_connections) is also used by test runs and other systems."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return psycopg2.connect(dsn)
        except psycopg2.OperationalError as exc:
            if "too many clients" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(1.0)


def pk_select(dsn: str, table: str, key: str, value):
    connection = connect(dsn)
    connection.autocommit = True
    cursor = connection.cursor()
    statement = "SELECT * FROM {} WHERE {} = %s".format(table, key)

    def call():
        cursor.execute(statement, (value,))
        cursor.fetchall()

    call.connection = connection
    return call
