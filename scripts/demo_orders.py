"""Moved to :mod:`scripts.demo.catalog`. Kept only while services/orders/tests still import
``CLEANING_FIELDS`` from here (another workstream's file); delete it once they import
``scripts.demo.catalog``."""
from scripts.demo.catalog import CLEANING_FIELDS

__all__ = ["CLEANING_FIELDS"]
