"""Every service has the same rooms: exactly those docs/adding-a-service.md lists as
required, plus only the optional ones it lists, and ``__init__.py``; no ``common.py``.

The rooms are read from the table in docs/adding-a-service.md, so the page a newcomer
reads and this test cannot disagree.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.config import SERVICES

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "adding-a-service.md"
SERVICES_DIR = ROOT / "services"
#: a row of the rooms table: | `service.py` | yes | ... |  or  | `handlers/<subject>.py` | when needed | ... |
ROW = re.compile(r"^\|\s*`(?P<room>[^`]+)`\s*\|\s*(?P<required>yes|when needed)\s*\|", re.MULTILINE)
NOT_ROOMS = {"__pycache__"}


def rooms_in(text: str) -> dict[str, tuple[str, bool]]:
    """room name → (``"file"`` or ``"dir"``, required) from the guide's rooms table."""
    rooms = {}
    for match in ROW.finditer(text):
        room = match["room"]
        kind = "dir" if "/" in room else "file"
        rooms[room.split("/")[0]] = (kind, match["required"] == "yes")
    return rooms


ROOMS = rooms_in(GUIDE.read_text(encoding="utf-8"))


def service_dirs() -> list[str]:
    return sorted(p.name for p in SERVICES_DIR.iterdir() if (p / "__init__.py").is_file())


def problems_of(directory: Path, rooms: dict[str, tuple[str, bool]]) -> list[str]:
    present = {p.name: ("dir" if p.is_dir() else "file") for p in directory.iterdir()
               if p.name not in NOT_ROOMS and not p.name.startswith(".")}
    problems = []
    for name, (kind, required) in sorted(rooms.items()):
        if name not in present:
            if required:
                problems.append("missing {} {}".format("folder" if kind == "dir" else "module", name))
        elif present[name] != kind:
            problems.append("{} must be a {}".format(name, "folder" if kind == "dir" else "module"))
    extra = sorted(set(present) - set(rooms) - {"__init__.py"})
    problems += ["{} is not a room of docs/adding-a-service.md".format(name) for name in extra]
    return problems


def test_the_guide_lists_the_rooms():
    required = {name for name, (_, needed) in ROOMS.items() if needed}
    optional = set(ROOMS) - required
    assert {"service.py", "handlers", "store.py", "events.py", "domain", "migrations", "tests"} <= required
    assert "flows.py" in optional and "adapters" in optional
    assert "common.py" not in ROOMS


def test_every_service_package_is_a_service_of_the_system():
    assert service_dirs() == sorted(SERVICES), "services/ and kit.config.SERVICES disagree"


@pytest.mark.parametrize("name", service_dirs())
def test_a_service_has_exactly_the_rooms_of_the_guide(name):
    problems = problems_of(SERVICES_DIR / name, ROOMS)
    if problems:
        pytest.fail("services/{}: {}".format(name, "; ".join(problems)), pytrace=False)


def test_no_common_module_under_services():
    found = sorted(str(p.relative_to(ROOT)) for p in SERVICES_DIR.rglob("common.py"))
    assert not found, "grab-bag modules (put each thing in its room): {}".format(found)


# --- the checker itself ----------------------------------------------------------------


def test_the_checker_refuses_a_missing_an_extra_and_a_misshapen_room(tmp_path):
    rooms = rooms_in("| room | required |\n|---|---|\n| `service.py` | yes | entrypoints |\n"
                     "| `handlers/<subject>.py` | yes | use cases |\n| `flows.py` | when needed | flows |\n")
    assert rooms == {"service.py": ("file", True), "handlers": ("dir", True), "flows.py": ("file", False)}
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "handlers.py").write_text("")
    (tmp_path / "common.py").write_text("")
    (tmp_path / "__pycache__").mkdir()
    assert problems_of(tmp_path, rooms) == ["missing folder handlers", "missing module service.py",
                                            "common.py is not a room of docs/adding-a-service.md",
                                            "handlers.py is not a room of docs/adding-a-service.md"]
    (tmp_path / "handlers.py").rename(tmp_path / "handlers")
    (tmp_path / "common.py").unlink()
    (tmp_path / "service.py").write_text("")
    assert problems_of(tmp_path, rooms) == ["handlers must be a folder"]
    (tmp_path / "handlers").unlink()
    (tmp_path / "handlers").mkdir()
    assert problems_of(tmp_path, rooms) == []
