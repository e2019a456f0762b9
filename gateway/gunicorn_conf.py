"""gunicorn settings: gthread workers (gunicorn has no eventlet worker any more).

Each run of the gateway keeps its own files under ``<VAR_DIR>/run/gateway-<PORT>/``: the
control socket (``gunicornc``) and, unless ``PROMETHEUS_MULTIPROC_DIR`` names another, the
directory where the workers' metrics meet (prometheus-client's multiprocess mode), emptied
when the arbiter starts; so two runs on one host share neither.
"""
import os
import shutil
import tempfile
from pathlib import Path

from gateway.settings import DEFAULTS
from kit import config as kit_config
from kit.logging import gunicorn_config

PORT = kit_config.get("PORT", DEFAULTS["PORT"])
# a local run listens on the loopback only; containers set HOST=0.0.0.0
bind = "{}:{}".format(kit_config.get("HOST", DEFAULTS["HOST"]), PORT)
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
logconfig_dict = gunicorn_config("gateway", kit_config.get("LOG_LEVEL"), kit_config.get("LOG_FORMAT"))
# Build the app (and its per-process RPC pool) in each worker, never before the fork.
preload_app = False

RUN_DIR = Path(kit_config.get("VAR_DIR")) / "run" / "gateway-{}".format(PORT)
control_socket = str(RUN_DIR / "gunicorn.ctl")
if len(control_socket) > 100:  # a unix socket's path has at most 107 bytes
    control_socket = os.path.join(tempfile.gettempdir(), "platform-gateway-{}-{}.ctl".format(PORT, os.getuid()))

# Workers share their metrics through files here; set before any worker imports the client.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(RUN_DIR / "metrics"))


def on_starting(server):
    """A fresh metrics directory per run: counts left by an earlier run do not add up."""
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    """A worker's live gauges go with it (its counters stay in the sum)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
