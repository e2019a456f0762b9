"""gunicorn settings: gthread workers (gunicorn has no eventlet worker any more)."""
from kit import config as kit_config
from gateway.settings import DEFAULTS

bind = "0.0.0.0:{}".format(kit_config.get("PORT", DEFAULTS["PORT"]))
# gthread that buffers each request first: slow or stalled clients cannot hold the threads
worker_class = "gateway.worker.BufferingThreadWorker"
workers = int(kit_config.get("GATEWAY_WORKERS", DEFAULTS["GATEWAY_WORKERS"]))
threads = int(kit_config.get("GATEWAY_THREADS", DEFAULTS["GATEWAY_THREADS"]))
# Kubernetes gives 60 s: 10 s preStop sleep + up to 40 s for running requests.
graceful_timeout = 40
timeout = 60
keepalive = 5
accesslog = None  # the app logs one JSON line per request (gateway.context)
errorlog = "-"
# Build the app (and its per-process RPC pool) in each worker, never before the fork.
preload_app = False
