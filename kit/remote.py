"""Calls from one service to another with a deadline (Nameko's in-service RpcProxy has none).

Keep them short and rare: facts travel as events; this is for a lookup a handler cannot
do without (e.g. a person whose identity events have not arrived yet). A call that does
not answer within the deadline, or fails for any reason other than the other service's
own error, becomes 503 ``<service>_unavailable``.
"""
from __future__ import annotations

import eventlet
import structlog
from nameko.rpc import ReplyListener, RpcProxy

from kit.errors import ServiceError, Unavailable

log = structlog.get_logger(__name__)


class BoundedProxy:
    def __init__(self, proxy, service: str, timeout: float):
        self._proxy = proxy
        self._service = service
        self._timeout = timeout

    def __getattr__(self, method: str):
        def call(*args, **kwargs):
            code = "{}_unavailable".format(self._service)
            try:
                with eventlet.Timeout(self._timeout):
                    return getattr(self._proxy, method)(*args, **kwargs)
            except eventlet.Timeout:
                log.warning("remote_call_timed_out", service=self._service, method=method, timeout=self._timeout)
                raise Unavailable("The {} service did not answer in time".format(self._service), code=code)
            except ServiceError:
                raise
            except Exception as exc:  # the service is down or broken: say so, do not guess
                log.warning("remote_call_failed", service=self._service, method=method, error=repr(exc))
                raise Unavailable("The {} service is unavailable".format(self._service), code=code)

        return call


class ExclusiveReplyListener(ReplyListener):
    """Nameko's reply listener with an exclusive, non-durable reply queue. Nameko declares
    it durable: on a RabbitMQ cluster a durable classic queue whose node is lost cannot be
    declared again ("home node down"), which would stop the whole container's consumer
    from reconnecting. An exclusive queue goes with its connection and is declared anew on
    the node the consumer reconnects to (a reply in flight is lost: the call times out)."""

    def setup(self):
        super().setup()
        self.queue.durable = False
        self.queue.exclusive = True
        self.queue.auto_delete = True


class Remote(RpcProxy):
    """``identity = Remote("identity", "IDENTITY_RPC_TIMEOUT")``: the deadline in seconds
    comes from that setting (``default_timeout`` when it is not set)."""

    rpc_reply_listener = ExclusiveReplyListener()

    def __init__(self, target_service: str, timeout_setting: str, default_timeout: float = 3.0, **options):
        super().__init__(target_service, **options)
        self.timeout_setting = timeout_setting
        self.default_timeout = default_timeout

    def setup(self):
        super().setup()
        # parsed once per service container, not per worker (issue 13 item 10)
        self.timeout = float(self.container.config.get(self.timeout_setting) or self.default_timeout)

    def get_dependency(self, worker_ctx):
        return BoundedProxy(super().get_dependency(worker_ctx), self.target_service, self.timeout)
