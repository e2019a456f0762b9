"""A throwaway three-node RabbitMQ cluster on this machine, for the scale-out test.

The nodes run from the installed ``rabbitmq-server`` as the current user, each with its
own name (``<prefix>1@localhost`` …), AMQP and distribution ports, data and log
directories under ``base`` and an Erlang cookie of their own; they never touch the default
node on 5672. :meth:`Cluster.start` boots them, joins the second and third to the first
and waits until all three run; :meth:`Cluster.stop` stops every node it started (by its
process group, if ``rabbitmqctl stop`` does not finish) and leaves no process behind.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

SBIN = Path("/usr/lib/rabbitmq/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def available() -> str | None:
    """Why a cluster cannot be started here (None: it can)."""
    if not (SBIN / "rabbitmq-server").exists() or not (SBIN / "rabbitmqctl").exists():
        return "rabbitmq-server is not installed in {}".format(SBIN)
    return None


@dataclass
class Node:
    name: str
    amqp_port: int
    dist_port: int
    directory: Path
    process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return "amqp://guest:guest@localhost:{}/".format(self.amqp_port)


@dataclass
class Cluster:
    base: Path
    size: int = 3
    prefix: str = field(default_factory=lambda: "qc" + secrets.token_hex(3))
    nodes: list[Node] = field(default_factory=list)

    def __post_init__(self):
        self.base.mkdir(parents=True, exist_ok=True)
        cookie = self.base / ".erlang.cookie"
        cookie.write_text(secrets.token_hex(16))
        cookie.chmod(0o400)
        (self.base / "enabled_plugins").write_text("[].\n")
        self.nodes = [Node("{}{}@localhost".format(self.prefix, i + 1), free_port(), free_port(),
                           self.base / "n{}".format(i + 1)) for i in range(self.size)]

    # --- the nodes' environment and CLI ------------------------------------------------

    def _env(self, node: Node | None = None) -> dict:
        env = {**os.environ, "HOME": str(self.base), "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.base / "enabled_plugins"),
               "RABBITMQ_CONFIG_FILE": str(self.base / "no-config")}
        if node is not None:
            env.update({
                "RABBITMQ_NODENAME": node.name, "RABBITMQ_NODE_PORT": str(node.amqp_port),
                "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1", "RABBITMQ_DIST_PORT": str(node.dist_port),
                "RABBITMQ_MNESIA_BASE": str(node.directory / "mnesia"),
                "RABBITMQ_LOG_BASE": str(node.directory / "log"),
                "RABBITMQ_PID_FILE": str(node.directory / "pid"),
                # one scheduler each: three nodes share a small machine with the tests
                "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "+S 1:1 +sbwt none +A 4",
            })
        return env

    def ctl(self, node: Node, *args: str, timeout: float = 60) -> str:
        done = subprocess.run([str(SBIN / "rabbitmqctl"), "-n", node.name, *args], env=self._env(),
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError("rabbitmqctl {} on {}: {}{}".format(" ".join(args), node.name, done.stdout, done.stderr))
        return done.stdout

    # --- life ---------------------------------------------------------------------------

    def start(self, timeout: float = 120) -> "Cluster":
        for node in self.nodes:
            (node.directory / "log").mkdir(parents=True, exist_ok=True)
            node.process = subprocess.Popen(
                [str(SBIN / "rabbitmq-server")], env=self._env(node), start_new_session=True,
                stdout=(node.directory / "out.log").open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        for node in self.nodes:
            self._await(node, deadline)
        first = self.nodes[0]
        for node in self.nodes[1:]:
            self.ctl(node, "stop_app")
            self.ctl(node, "join_cluster", first.name)
            self.ctl(node, "start_app")
        running = json.loads(self.ctl(first, "cluster_status", "--formatter", "json"))["running_nodes"]
        if sorted(running) != sorted(n.name for n in self.nodes):
            raise RuntimeError("the cluster runs {} of {}".format(running, [n.name for n in self.nodes]))
        return self

    def _await(self, node: Node, deadline: float) -> None:
        """Until the node runs (``await_startup`` fails at once while it is not yet known to epmd)."""
        while True:
            try:
                self.ctl(node, "await_startup", "--timeout", "10", timeout=30)
                return
            except RuntimeError:
                if time.monotonic() > deadline or not self.running(node):
                    raise
                time.sleep(1)

    def failover_uri(self) -> str:
        """Every node, for kombu's failover (``;``-separated): a client moves to the next one."""
        return ";".join(node.uri for node in self.nodes)

    def queues(self, node: Node | None = None) -> list[dict]:
        node = node or next(n for n in self.nodes if self.running(n))
        return json.loads(self.ctl(node, "list_queues", "name", "type", "durable", "exclusive", "leader", "members",
                                   "messages", "--formatter", "json", "-q"))

    def node_named(self, name: str) -> Node:
        return next(node for node in self.nodes if node.name == name)

    def running(self, node: Node) -> bool:
        return node.process is not None and node.process.poll() is None

    def kill(self, node: Node) -> None:
        """The node dies at once (SIGKILL of its whole process group: no goodbye to peers or clients)."""
        if self.running(node):
            os.killpg(node.process.pid, signal.SIGKILL)
            node.process.wait(30)

    def stop(self) -> None:
        for node in self.nodes:
            if not self.running(node):
                continue
            try:
                self.ctl(node, "stop", timeout=30)
                node.process.wait(30)
            except Exception:
                self.kill(node)
        # the directory (logs) stays for pytest to clean up with its other temporary paths
