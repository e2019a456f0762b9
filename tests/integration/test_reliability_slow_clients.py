"""Slow clients cannot freeze the gateway (issue 12, problem 4): with 50 connections that
sent half a header or half a body and stalled, `/healthz` and the API answer at once, and
the stalled connections are closed after `CLIENT_IO_TIMEOUT` (3 s in the tests)."""
from __future__ import annotations

import socket
import time

import requests

STALLED = 50


def _stall(port: int, index: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    if index % 2:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # half a header
    else:
        sock.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{\"login\": ")  # half a body
    return sock


def test_fifty_stalled_connections_do_not_freeze_the_gateway(system, admin):
    stalled = [_stall(system.port, i) for i in range(STALLED)]
    try:
        time.sleep(0.5)  # let the gateway take them all in
        started = time.monotonic()
        assert requests.get(system.base_url + "/healthz", timeout=3).status_code == 200
        assert admin.get("/me").status_code == 200
        assert time.monotonic() - started < 3
        # the stalled ones are closed by the gateway once their time is up
        deadline = time.monotonic() + 15
        closed = 0
        for sock in stalled:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                closed += sock.recv(1) == b""
            except ConnectionResetError:
                closed += 1
            except socket.timeout:
                pass
        assert closed == STALLED
    finally:
        for sock in stalled:
            sock.close()
