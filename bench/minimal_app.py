"""The raw HTTP baseline: the least a Flask endpoint costs under the gateway's gunicorn
settings (``gateway/gunicorn_conf.py``: the same worker class, workers and threads), with
no authentication, no RPC and no database — what an API request costs beyond it is ours."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/ping")
def ping():
    return jsonify({"ok": True})
