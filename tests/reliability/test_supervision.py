"""The local run supervises its processes: one killed process is restarted with a backoff
and said so in the log; the others keep running (issue 12, problem 1)."""
from __future__ import annotations

import os
import signal
import sys

from kit.launcher import System

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def test_a_killed_process_is_restarted_with_backoff_and_the_others_keep_running(tmp_path):
    system = System({}, tmp_path, port=0, services=())
    said = []

    def say(line, **_):
        said.append(line)

    try:
        system._spawn("billing", SLEEPER, dict(system.env))
        system._spawn("orders", SLEEPER, dict(system.env))
        orders_pid = system.processes["orders"].pid
        assert system.supervise(now=0.0, say=say) == []

        first = system.processes["billing"]
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert system.supervise(now=10.0, say=say) == []          # noticed, restart due in 1 s
        assert "billing exited with -9; restarting it in 1 s" in said[-1]
        assert system.supervise(now=11.0, say=say) == ["billing"]
        assert system.processes["billing"].poll() is None and system.processes["billing"].pid != first.pid
        assert system.processes["orders"].pid == orders_pid and system.processes["orders"].poll() is None

        # a second crash soon after waits longer (backoff), then restarts again
        second = system.processes["billing"]
        os.killpg(second.pid, signal.SIGKILL)
        second.wait(timeout=10)
        assert system.supervise(now=12.0, say=say) == []
        assert "restarting it in 2 s" in said[-1]
        assert system.supervise(now=13.0, say=say) == []
        assert system.supervise(now=14.0, say=say) == ["billing"]
        assert system.processes["billing"].poll() is None
    finally:
        system.stop(grace=5)
