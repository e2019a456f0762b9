"""The API reference pages work without internet: opened in a real headless browser
(Debian's chromium) that cannot resolve any host but the gateway's, Swagger UI
(``/api/v1/docs``) and Redoc (``/api/v1/redoc``) render every operation of the OpenAPI
document (issue 13, item 1). ``scripts/ensure-infra.sh browser`` installs chromium."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import threading

import pytest
from werkzeug.serving import make_server

from gateway.app import create_app

METHODS = {"get", "post", "put", "patch", "delete"}
# everything but the gateway on 127.0.0.1 is unreachable, as on a machine without internet
OFFLINE = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@pytest.fixture(scope="module")
def gateway_url():
    app = create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:{}".format(server.server_port)
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def operations(gateway_url):
    app = create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40})
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    found = {(method, path) for path, item in spec["paths"].items() for method in item if method in METHODS}
    assert len(found) > 50
    return found


@pytest.fixture(scope="module")
def operation_ids():
    app = create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40})
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    return {item[method]["operationId"] for item in spec["paths"].values() for method in item if method in METHODS}


def rendered(url: str) -> str:
    """The page's DOM after its scripts ran (chromium's virtual time: no sleeping)."""
    browser = shutil.which("chromium")
    assert browser, "chromium is missing: bash scripts/ensure-infra.sh browser"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--host-resolver-rules=" + OFFLINE, "--virtual-time-budget=30000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_swagger_ui_renders_every_operation_offline(gateway_url, operations):
    dom = rendered(gateway_url + "/api/v1/docs")
    shown = {(method.lower(), html.unescape(path)) for method, path in re.findall(
        r'opblock-summary-method">(\w+)</span>.*?data-path="([^"]+)"', dom, flags=re.S)}
    assert shown == operations
    assert "cdn." not in dom


def test_redoc_renders_every_operation_offline(gateway_url, operation_ids):
    dom = rendered(gateway_url + "/api/v1/redoc")
    shown = set(re.findall(r'id="tag/[^/"]+/operation/([^"]+)"', dom))  # Redoc anchors by operationId
    assert shown == operation_ids


def test_the_assets_come_from_the_gateway(gateway_url):
    import requests

    for asset in ("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css", "redoc/redoc.standalone.js"):
        response = requests.get(gateway_url + "/api/v1/docs/assets/" + asset, timeout=10)
        assert response.status_code == 200 and len(response.content) > 10000, asset
