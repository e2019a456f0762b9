"""gunicorn settings of the web app (``gunicorn --config python:web.gunicorn_conf web.wsgi:app``):
gthread workers, the same JSON log lines as every process (kit.logging.gunicorn_config),
listening on ``WEB_HOST:WEB_PORT`` (a local run: the loopback, ``PORT + 1``; containers
set ``WEB_HOST=0.0.0.0``)."""
from kit import config as kit_config
from kit.logging import gunicorn_config
from web.settings import DEFAULTS

bind = "{}:{}".format(kit_config.get("WEB_HOST", DEFAULTS["WEB_HOST"]), kit_config.get("WEB_PORT", DEFAULTS["WEB_PORT"]))
worker_class = "gthread"
workers = int(kit_config.get("WEB_WORKERS", DEFAULTS["WEB_WORKERS"]))
threads = int(kit_config.get("WEB_THREADS", DEFAULTS["WEB_THREADS"]))
graceful_timeout = 30
timeout = 60
keepalive = 5
accesslog = None  # the app logs one JSON line per request (web.app)
errorlog = "-"
logconfig_dict = gunicorn_config("web", kit_config.get("LOG_LEVEL"), kit_config.get("LOG_FORMAT"))
preload_app = False
control_socket_disable = True
