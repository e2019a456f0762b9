"""gunicorn's gthread worker, buffering each request before a thread sees it.

A plain gthread worker gives a connection one of its threads as soon as the first bytes
arrive; a client that then stalls — half a header, half a body — holds that thread, and a
handful of them freeze the gateway (``/healthz`` included). Here the worker's event loop
reads a request (headers and a body of up to ``REQUEST_BUFFER_BYTES``) without a thread,
and hands it to a thread only once it is all there — as a buffering proxy in front would.
A request not complete within ``CLIENT_IO_TIMEOUT`` seconds is dropped. A larger body (or
``Expect: 100-continue``) goes to a thread after its headers, and every client socket has a
kernel receive and send timeout of the same length, so a stalled read frees its thread.
"""
from __future__ import annotations

import errno
import re
import selectors
import socket
import struct
import time
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

from gateway.settings import DEFAULTS
from kit import config as kit_config

HEADER_END = b"\r\n\r\n"
MAX_HEADER_BYTES = 64 * 1024
CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
CHUNKED = re.compile(rb"^transfer-encoding:.*chunked", re.IGNORECASE | re.MULTILINE)
EXPECT = re.compile(rb"^expect:[ \t]*100-continue", re.IGNORECASE | re.MULTILINE)


def _setting(name: str) -> float:
    return float(kit_config.get(name, DEFAULTS[name]))


def bound(sock: socket.socket, seconds: float) -> None:
    """Kernel-level timeouts: they survive ``setblocking(True)``, which gunicorn calls."""
    whole = int(seconds)
    value = struct.pack("ll", whole, int((seconds - whole) * 1_000_000))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, value)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, value)


def ready(buffer: bytes, limit: int) -> bool:
    """Enough of a request is here for a thread: all of it, or its headers when the body is
    large, chunked-and-unfinished is still waited for, or the client waits for 100 Continue."""
    end = buffer.find(HEADER_END)
    if end < 0:
        return len(buffer) > MAX_HEADER_BYTES  # let the parser refuse it
    head, body = buffer[:end + 2], buffer[end + len(HEADER_END):]
    if EXPECT.search(head):
        return True
    if CHUNKED.search(head):
        return body.endswith(b"0\r\n\r\n") or len(body) > limit
    length = CONTENT_LENGTH.search(head)
    wanted = int(length.group(1)) if length else 0
    return len(body) >= wanted or wanted > limit or len(body) > limit


class BufferingThreadWorker(ThreadWorker):
    def init_process(self):
        self.io_timeout = _setting("CLIENT_IO_TIMEOUT")
        self.buffer_limit = int(_setting("REQUEST_BUFFER_BYTES"))
        self.buffering: list[TConn] = []
        super().init_process()

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())
        try:
            bound(client_sock, self.io_timeout)
        except OSError:
            pass
        self._buffer(conn)

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection's next request is buffered the same way."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._buffer(conn)

    def _buffer(self, conn) -> None:
        conn.early = bytearray()
        conn.read_deadline = time.monotonic() + self.io_timeout
        conn.sock.setblocking(False)
        self.buffering.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn, _client) -> None:
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(conn)
            return
        conn.early += data
        if ready(bytes(conn.early), self.buffer_limit):
            self.poller.unregister(conn.sock)
            self.buffering.remove(conn)
            conn.data_ready = True
            self.enqueue_req(conn)

    def _drop(self, conn) -> None:
        try:
            self.poller.unregister(conn.sock)
        except (OSError, KeyError, ValueError):
            pass
        self.buffering.remove(conn)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c in self.buffering if c.read_deadline <= now]:
            self._drop(conn)

    def handle(self, conn):
        early = getattr(conn, "early", None)
        if early:
            conn.early = None
            try:
                conn.sock.setblocking(True)
                conn.init()
                conn.parser.unreader.unread(bytes(early))
            except OSError:
                return False
        return super().handle(conn)
