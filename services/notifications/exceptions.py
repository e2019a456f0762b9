"""Named errors of notifications; each crosses RPC as its kind with its code."""
from kit.errors import Conflict, NotFound, Unauthorized, ValidationFailed


class NotificationNotFound(NotFound):
    code = "notification_not_found"


class DeviceNotFound(NotFound):
    code = "device_not_found"


class DeliveryNotFound(NotFound):
    code = "delivery_not_found"


class TemplateNotFound(NotFound):
    code = "template_not_found"


class InvalidTemplate(ValidationFailed):
    code = "template_invalid"


class TelegramUsernameTaken(Conflict):
    code = "telegram_username_taken"


class TelegramSecretInvalid(Unauthorized):
    code = "telegram_secret_invalid"
