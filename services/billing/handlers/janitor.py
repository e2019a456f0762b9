"""The janitor (Kill Bill's name), a periodic sweep over what is due: payments left
``new``/``paying`` (no webhook came), card refunds the provider has not confirmed and methods
still being set up, with no news for PAYMENT_RECHECK_AFTER. Each claim is one transaction
that takes a batch with ``FOR UPDATE SKIP LOCKED`` and stamps it, so replicas share the work
and a row is due again only after another PAYMENT_RECHECK_AFTER; flows.run_janitor asks the
provider about each row claimed, batch after batch (kit.periodic.drain)."""
from __future__ import annotations

from kit.context import Caller
from services.billing import store
from services.billing.dependencies import Deps

#: rows of one kind claimed per transaction
BATCH = 50


def claim_due_payments(uow, caller: Caller, data: dict, deps: Deps) -> list[str]:
    return store.claim_due_payments(uow.session, uow.now(), deps.settings.recheck_after, data.get("batch", BATCH))


def claim_due_refunds(uow, caller: Caller, data: dict, deps: Deps) -> list[str]:
    return store.claim_due_refunds(uow.session, uow.now(), deps.settings.recheck_after, data.get("batch", BATCH))


def claim_due_methods(uow, caller: Caller, data: dict, deps: Deps) -> list[str]:
    return store.claim_due_methods(uow.session, uow.now(), deps.settings.recheck_after, data.get("batch", BATCH))
