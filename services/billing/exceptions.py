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
    """The action is refused for a reason outside billing's domain rules (the provider refused
    the payment, or the saved method's provider is gone); the code says which. Broken domain
    rules are kit.errors.RuleBroken."""


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


class ProductNotFound(NotFound):
    code = "product_not_found"


class ProductCodeTaken(Conflict):
    code = "product_code_taken"


class PromoCodeTaken(Conflict):
    code = "promo_code_taken"


class CartItemNotFound(NotFound):
    code = "cart_item_not_found"


class PurchaseNotFound(NotFound):
    code = "purchase_not_found"


class ServiceNotFound(NotFound):
    code = "service_not_found"


class ServiceExpired(Conflict):
    code = "service_expired"


class ServiceNotRenewable(Conflict):
    code = "service_not_renewable"


class UnknownServiceAction(BadRequest):
    code = "service_action_unknown"


class InvoiceNotFound(NotFound):
    code = "invoice_not_found"


class ActNotFound(NotFound):
    code = "act_not_found"


class ContractNotFound(NotFound):
    code = "contract_not_found"


class PayerRequired(Conflict):
    code = "payer_required"


class OrderInvoiceNotFound(NotFound):
    code = "order_invoice_not_found"


class OrderInvoiceExists(Conflict):
    code = "order_invoice_exists"


class OrderInvoiceNotIssued(Conflict):
    code = "order_invoice_not_issued"


class StatementLineNotFound(NotFound):
    code = "statement_line_not_found"
