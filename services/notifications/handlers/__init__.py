"""Notifications' use cases, one transaction each: ``verb(uow, caller, data, deps)``."""
