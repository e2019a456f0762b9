"""A per-process pool of started standalone RPC proxies (never one per request).

Nameko's standalone proxies are single-threaded: a gthread worker checks one out for a
request, sets that request's caller as its context data, and gives it back. A proxy that
timed out or lost its connection is stopped and dropped, never reused (a late reply could
otherwise be read by the next request).

Every request carries its deadline: the broker drops it when nobody has taken it by then
(the message's ``expiration``), and a service that takes it later — hung, then resumed —
does not execute it (``deadline`` in the context data, see :mod:`kit.rpc`).

Bulkheads: at most ``per_service`` calls to one service are in flight per process; one more
is refused at once (503 ``service_busy``), so a hung service ties up that many threads and
proxies, never all of them, and the other services keep answering. Deadlines are per
method where ``timeouts`` says so (``RPC_TIMEOUTS``: ``service.method=seconds`` or
``service=seconds``), ``RPC_TIMEOUT`` otherwise.
"""
from __future__ import annotations

import os
import queue
import socket
import sys
import threading
import time
from contextlib import contextmanager

import structlog
from kombu.exceptions import OperationalError
from nameko.exceptions import RpcTimeout, UnknownService
from nameko.standalone.rpc import ClusterRpcProxy

from kit.errors import ServiceError, Unavailable

log = structlog.get_logger(__name__)

# Nameko makes a kombu Connection for every message it publishes, and each one asks whether
# librabbitmq can be imported (outside eventlet, i.e. in the gateway's threads). It is not
# installed (we use py-amqp) and a failed import is not remembered, so every RPC call searched
# sys.path for it again: about a fifth of the CPU a call costs the gateway. ``None`` in
# sys.modules makes that import fail at once; kombu then uses py-amqp, as it did anyway.
sys.modules.setdefault("librabbitmq", None)

TRANSPORT_ERRORS = (RpcTimeout, UnknownService, OperationalError, ConnectionError, socket.error,
                    OSError)


def parse_timeouts(text: str | None) -> dict[str, float]:
    """``"orders.create_order=15,identity=5"`` → ``{"orders.create_order": 15.0, "identity": 5.0}``."""
    timeouts = {}
    for part in (text or "").split(","):
        name, _, seconds = part.strip().partition("=")
        if name and seconds:
            timeouts[name.strip()] = float(seconds)
    return timeouts


class RpcPool:
    def __init__(self, amqp_uri: str, size: int, timeout: float, per_service: int | None = None,
                 timeouts: dict[str, float] | None = None):
        self.config = {"AMQP_URI": amqp_uri}
        self.size = size
        self.timeout = timeout
        self.per_service = per_service or size
        self.timeouts = dict(timeouts or {})
        self._bulkheads: dict[str, threading.BoundedSemaphore] = {}
        self._free: queue.LifoQueue = queue.LifoQueue()
        self._created = 0
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def _new(self, timeout: float) -> ClusterRpcProxy:
        proxy = ClusterRpcProxy(self.config, timeout=timeout)
        proxy.start()
        return proxy

    def _checkout(self) -> ClusterRpcProxy:
        if os.getpid() != self._pid:  # forked: the parent's connections are not ours
            self._free, self._created, self._pid = queue.LifoQueue(), 0, os.getpid()
        try:
            return self._free.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            grow = self._created < self.size
            if grow:
                self._created += 1
        if grow:
            try:
                return self._new(self.timeout)
            except Exception:
                with self._lock:
                    self._created -= 1
                raise
        try:
            return self._free.get(timeout=self.timeout)
        except queue.Empty:
            raise Unavailable("The gateway is busy; try again", code="gateway_busy")

    def _discard(self, proxy) -> None:
        with self._lock:
            self._created -= 1
        try:
            proxy.stop()
        except Exception:
            pass

    @contextmanager
    def cluster(self, context_data: dict):
        """A started cluster proxy acting for ``context_data``'s caller."""
        try:
            proxy = self._checkout()
        except TRANSPORT_ERRORS as exc:
            raise Unavailable("The message broker is unreachable", code="broker_unavailable") from exc
        proxy._worker_ctx.data = dict(context_data)
        healthy = True
        try:
            yield proxy._proxy
        except ServiceError:
            raise
        except RpcTimeout as exc:
            healthy = False
            raise Unavailable("A service did not answer in time", code="service_timeout") from exc
        except UnknownService as exc:
            healthy = False
            raise Unavailable("A service is not running", code="service_unavailable") from exc
        except TRANSPORT_ERRORS as exc:
            healthy = False
            log.warning("rpc_transport_error", error=repr(exc))
            raise Unavailable("The message broker is unreachable", code="broker_unavailable") from exc
        except BaseException:
            healthy = False
            raise
        finally:
            if healthy:
                self._free.put(proxy)
            else:
                self._discard(proxy)

    def timeout_of(self, service: str, method: str) -> float:
        return self.timeouts.get("{}.{}".format(service, method), self.timeouts.get(service, self.timeout))

    def _bulkhead(self, service: str) -> threading.BoundedSemaphore:
        with self._lock:
            if service not in self._bulkheads:
                self._bulkheads[service] = threading.BoundedSemaphore(self.per_service)
            return self._bulkheads[service]

    def call(self, context_data: dict, service: str, method: str, *args, **kwargs):
        timeout = self.timeout_of(service, method)
        bulkhead = self._bulkhead(service)
        if not bulkhead.acquire(blocking=False):
            log.warning("rpc_bulkhead_full", service=service, method=method, limit=self.per_service)
            raise Unavailable("The {} service is busy; try again".format(service), code="service_busy",
                              extra={"retry_after": 1})
        try:
            with self.cluster(dict(context_data, deadline=time.time() + timeout)) as cluster:
                target = getattr(cluster, service)
                target.options["expiration"] = timeout  # the broker drops it unclaimed after that
                cluster_listener = getattr(target, "reply_listener", None)
                consumer = getattr(cluster_listener, "queue_consumer", None)
                if consumer is not None:
                    consumer.timeout = timeout
                return getattr(target, method)(*args, **kwargs)
        finally:
            bulkhead.release()

    def ping(self, service: str, timeout: float) -> dict:
        """Ask ``service`` to answer within ``timeout`` (a dedicated proxy, not the pool's)."""
        proxy = self._new(timeout)
        try:
            return getattr(proxy._proxy, service).ping()
        finally:
            proxy.stop()

    def close(self) -> None:
        while True:
            try:
                self._discard(self._free.get_nowait())
            except queue.Empty:
                return
