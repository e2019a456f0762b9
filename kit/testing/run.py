"""Run pytest with eventlet monkey-patched first (what ``nameko test`` does).

    python -m kit.testing.run [pytest args]
"""
import eventlet

eventlet.monkey_patch()  # noqa: E402  before pytest imports threading and sockets

import os  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402
from psycogreen.eventlet import patch_psycopg  # noqa: E402

if __name__ == "__main__":
    patch_psycopg()
    code = pytest.main(sys.argv[1:] + ["--suppress-nameko-eventlet-notification"])
    sys.stdout.flush()
    sys.stderr.flush()
    # Interpreter shutdown under eventlet tears logging locks down from dead greenlets and
    # prints noise; everything worth keeping is flushed, so leave at once.
    os._exit(int(code))
