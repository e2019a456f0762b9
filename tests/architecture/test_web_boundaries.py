"""The web app is the API's first client and proves it (issue 15): ``web/`` reaches the
platform only through the gateway's public HTTP API. It imports nothing of the services,
the gateway, the RPC or the stores, nor a broker or database library; of the kit it may use
what any client could have (settings, logging, Redis, the words and formats of kit.i18n).
Read from the source with ``ast``; nothing runs."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: what web/ may never import (a module or anything under it)
FORBIDDEN = ("services", "gateway", "kit.rpc", "kit.store", "kit.remote", "kit.db", "kit.service", "kit.events",
             "kit.outbox", "kit.runner", "nameko", "kombu", "amqp", "sqlalchemy", "psycopg2", "scripts", "sandbox")
#: what of the kit web/ may import
KIT_ALLOWED = ("kit", "kit.config", "kit.logging", "kit.redis", "kit.i18n")


def imported_names(path: Path) -> list[tuple[int, str]]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append((node.lineno, node.module))
            names += [(node.lineno, "{}.{}".format(node.module, alias.name)) for alias in node.names]
    return names


def violations(root: Path) -> list[str]:
    found = []
    for path in sorted((root / "web").rglob("*.py")):
        for line, name in imported_names(path):
            where = "{}:{} imports {}".format(path.relative_to(root), line, name)
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN):
                found.append(where)
            elif (name == "kit" or name.startswith("kit.")) and not any(
                    name == ok or name.startswith(ok + ".") for ok in KIT_ALLOWED if ok != "kit") and name != "kit":
                found.append(where + " (only {} of the kit)".format(", ".join(KIT_ALLOWED[1:])))
    return found


def test_web_uses_only_the_public_api():
    assert (ROOT / "web" / "app.py").exists()
    assert violations(ROOT) == []


def test_the_check_finds_a_forbidden_import(tmp_path):
    (tmp_path / "web" / "pages").mkdir(parents=True)
    (tmp_path / "web" / "pages" / "x.py").write_text(
        "import json\nfrom services.orders import schemas\nfrom kit import rpc\nfrom kit.store import Store\n"
        "from kit.i18n import label\nimport sqlalchemy\n")
    found = violations(tmp_path)
    assert [line.split(" imports ")[1] for line in found] == [
        "services.orders", "services.orders.schemas", "kit.rpc", "kit.store", "kit.store.Store", "sqlalchemy"]
