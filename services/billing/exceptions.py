"""Named errors of billing; each crosses RPC as its kind with its code."""
from kit.errors import BadRequest, Conflict, Forbidden, NotFound, Unavailable, ValidationFailed


class PaymentNotFound(NotFound):
    code = "payment_not_found"


class PayerNotFound(NotFound):
    code = "payer_not_found"


class PaymentMethodNotFound(NotFound):
    code = "payment_method_not_found"


class OrderNotFound(NotFound):
    code = "order_not_found"


class NoAccount(Forbidden):
    code = "account_required"


class ManagerPaymentNotAllowed(Forbidden):
    code = "manager_payment_not_allowed"


class RuleRefused(Conflict):
    """A billing rule refused the action (the code says which)."""


class InvalidAmount(ValidationFailed):
    """An amount or currency the rules refuse (the code says which; ``errors`` says where)."""


class InvalidReference(ValidationFailed):
    """A field names something that does not exist here (a payer, a saved method)."""


class IdempotencyKeyReused(ValidationFailed):
    code = "idempotency_key_reused"


class WebhookRejected(BadRequest):
    code = "webhook_signature_invalid"


class UnknownProvider(NotFound):
    code = "payment_provider_unknown"


class ProviderUnavailable(Unavailable):
    code = "payment_provider_unavailable"
