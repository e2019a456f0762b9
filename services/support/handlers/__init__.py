"""Support's use cases: plain functions ``(uow, caller, data, deps)``, one transaction each.

- ``reference``: what admins manage and clients pick from (departments, …)
"""
