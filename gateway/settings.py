"""Gateway settings: environment variables with local-run defaults (see kit.config)."""
from __future__ import annotations

from kit import config as kit_config

DEFAULTS = {
    "PORT": "8080",
    # where gunicorn listens: the loopback for a local run; containers set 0.0.0.0
    "HOST": "127.0.0.1",
    "GATEWAY_WORKERS": "1",
    "GATEWAY_THREADS": "8",
    # gateway.worker: seconds a request may take to arrive (and one read or write may wait);
    # bodies up to this size are buffered before a thread sees the request
    "CLIENT_IO_TIMEOUT": "10",
    "REQUEST_BUFFER_BYTES": str(1024 * 1024),
    "RPC_POOL_SIZE": "8",
    "RPC_TIMEOUT": "10",
    # bulkheads: calls in flight to one service per gateway process (fewer than the threads)
    "RPC_SERVICE_CONCURRENCY": "4",
    # per-method deadlines, "service.method=seconds,service=seconds"; RPC_TIMEOUT otherwise
    "RPC_TIMEOUTS": "",
    "READINESS_TIMEOUT": "3",
    "SERVICES": ",".join(kit_config.SERVICES),
    # "<count>/<seconds>" fixed windows
    "RATE_LIMIT_LOGIN_IP": "30/60",
    # failed sign-ins per login (normalized) before it is locked for 300 s, doubling after
    "RATE_LIMIT_LOGIN_ID": "10/300",
    # proxies (comma-separated addresses or CIDRs) whose X-Forwarded-For is believed
    "TRUSTED_PROXIES": "",
    "RATE_LIMIT_REGISTER_IP": "10/60",
    "RATE_LIMIT_REGISTER_ID": "5/3600",
    "RATE_LIMIT_AUTH_IP": "60/60",
    "IDEMPOTENCY_TTL": "86400",
    # how long a request with an Idempotency-Key counts as running: a worker killed mid-request
    # leaves its mark, and retries get 409 only until then (at least the RPC deadline)
    "REQUEST_DEADLINE": "60",
    "MAX_CONTENT_LENGTH": str(20 * 1024 * 1024),
    # uploads of order chat attachments (the orders service checks the same limit)
    "ATTACHMENT_MAX_BYTES": str(10 * 1024 * 1024),
}


def load(overrides: dict | None = None) -> dict:
    names = set(kit_config.DEFAULTS) | set(DEFAULTS)
    settings = {name: kit_config.get(name, DEFAULTS.get(name)) for name in names}
    settings.update(overrides or {})
    settings["SERVICE_NAMES"] = [s for s in str(settings["SERVICES"]).split(",") if s]
    return settings
