"""The API's reference pages, served from the project so they work without internet:
Swagger UI (``/api/v1/docs``, from the ``swagger-ui-bundle`` package) and Redoc
(``/api/v1/redoc``, vendored in ``gateway/static/redoc`` with its licence).

flask-smorest renders both pages; this blueprint serves the scripts and styles they load.
"""
from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from flask import Blueprint, send_from_directory

PREFIX = "/api/v1/docs/assets"
SWAGGER_UI_DIR = Path(swagger_ui_bundle.swagger_ui_path)
REDOC_DIR = Path(__file__).resolve().parent / "static" / "redoc"

#: flask-smorest settings: the pages, and where their assets are (never a CDN)
SETTINGS = {
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": PREFIX + "/swagger-ui/",
    # no badge from the public validator service: nothing on the page leaves the gateway
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
    "OPENAPI_REDOC_PATH": "redoc",
    "OPENAPI_REDOC_URL": PREFIX + "/redoc/redoc.standalone.js",
}

blp = Blueprint("docs_assets", __name__, url_prefix=PREFIX)


@blp.get("/swagger-ui/<path:filename>")
def swagger_ui(filename):
    return send_from_directory(SWAGGER_UI_DIR, filename, max_age=86400)


@blp.get("/redoc/<path:filename>")
def redoc(filename):
    return send_from_directory(REDOC_DIR, filename, max_age=86400)
