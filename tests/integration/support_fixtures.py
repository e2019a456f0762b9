"""Shared pieces of the support stories: the agents of manual 004's departments.

Test modules import the fixtures they use: ``from tests.integration.support_fixtures import agents``.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture(scope="session")
def agents(make_user):
    """Support agents of the departments (Ирина answers technical questions, Олег accounting)."""
    return SimpleNamespace(tech=make_user(roles=["support_agent"], first_name="Ирина"),
                           accounting=make_user(roles=["support_agent"], first_name="Олег"))
