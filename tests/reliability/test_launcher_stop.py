"""Closing the terminal of `make run` (SIGHUP) stops every process it started, whether the
run is up or still starting; so do Ctrl-C and SIGTERM (issue 13, item 5)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from kit.config import ROOT

# the launcher's own loop (kit.launcher.serve) around two stand-in processes; "starting":
# the signal arrives while the start-up is still at work (as while the demo data loads)
LAUNCHER = """
import sys, time
from pathlib import Path
from kit.launcher import System, serve

system = System({}, Path(sys.argv[1]), port=0, services=())
sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]

def start_up():
    for name in ("billing", "orders"):
        system._spawn(name, sleeper, dict(system.env))
    print(" ".join(str(p.pid) for p in system.processes.values()), flush=True)
    if sys.argv[2] == "starting":
        time.sleep(120)

sys.exit(serve(system, start_up))
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by its parent) is not running
        with open("/proc/{}/stat".format(pid)) as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("phase", ["running", "starting"])
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_the_launcher_stops_every_process(tmp_path, phase, signum):
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(tmp_path), phase], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    children = []
    try:
        children = [int(pid) for pid in launcher.stdout.readline().split()]
        assert len(children) == 2 and all(alive(pid) for pid in children)
        time.sleep(0.5)  # inside the supervising loop (or the start-up's long step)
        launcher.send_signal(signum)
        assert launcher.wait(timeout=30) == 0, launcher.stderr.read()[-2000:]
        assert "Stopped." in launcher.stdout.read()
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in children if alive(pid)], "left running after {}".format(signum.name)
    finally:
        if launcher.poll() is None:
            launcher.kill()
        for pid in children:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
