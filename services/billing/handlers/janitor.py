"""The janitor (Kill Bill's name): payments left ``new``/``paying`` (no webhook came), card
refunds the provider has not confirmed and methods still being set up are asked about
again. Safe with several replicas: each tick claims its rows with ``FOR UPDATE SKIP LOCKED``
and stamps them, so another replica skips them until they are due again."""
from __future__ import annotations

from datetime import timedelta

import structlog
from sqlalchemy import or_, select

from services.billing.adapters import Providers
from services.billing.domain import payments as states
from services.billing.handlers import common, methods, payments, refunds
from services.billing.models import Payment, PaymentMethod, Refund

log = structlog.get_logger(__name__)
BATCH = 50


def _claim(db, model, conditions, settings: common.Settings) -> list[str]:
    with db.unit_of_work() as uow:
        now = uow.now()
        due = now - timedelta(seconds=settings.recheck_after)
        rows = uow.session.execute(
            select(model).where(*conditions, model.created_at <= due,
                                or_(model.checked_at.is_(None), model.checked_at <= due))
            .order_by(model.created_at).limit(BATCH).with_for_update(skip_locked=True)).scalars().all()
        for row in rows:
            row.checked_at = now
        return [row.id for row in rows]


def run(db, providers: Providers, settings: common.Settings) -> dict:
    # a payment flagged as an anomaly waits for an operator, not for the provider
    payment_ids = _claim(db, Payment, (Payment.status.in_(states.IN_FLIGHT), Payment.provider.is_not(None),
                                       Payment.anomaly.is_(None)), settings)
    for payment_id in payment_ids:
        payments.recheck_payment(db, providers, payment_id, settings)
    refund_ids = _claim(db, Refund, (Refund.status == states.REFUND_PENDING, Refund.destination == "card"), settings)
    for refund_id in refund_ids:
        refunds.process_refund(db, providers, refund_id, settings)
    method_ids = _claim(db, PaymentMethod, (PaymentMethod.status == states.CONFIGURING,
                                            PaymentMethod.provider_method_id.is_not(None),
                                            PaymentMethod.deleted_at.is_(None)), settings)
    for method_id in method_ids:
        methods.recheck_method(db, providers, method_id)
    if payment_ids or refund_ids or method_ids:
        log.info("janitor_tick", payments=len(payment_ids), refunds=len(refund_ids), methods=len(method_ids))
    return {"payments": len(payment_ids), "refunds": len(refund_ids), "methods": len(method_ids)}
