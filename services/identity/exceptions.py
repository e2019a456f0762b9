"""Named errors of identity; each crosses RPC as its kind with its code."""
from kit.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed


class UserNotFound(NotFound):
    code = "user_not_found"


class CompanyNotFound(NotFound):
    code = "company_not_found"


class CommunityNotFound(NotFound):
    code = "community_not_found"


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"


class TotpRequired(Unauthorized):
    code = "totp_required"


class InvalidRefreshToken(Unauthorized):
    code = "refresh_token_invalid"


class AlreadyRegistered(Conflict):
    code = "already_registered"


class InvalidCode(ValidationFailed):
    code = "code_invalid"


class RightRequired(Forbidden):
    code = "right_required"


class RuleRefused(Conflict):
    """A domain rule refused the action (the code says which)."""


class GroupKindUnknown(NotFound):
    """Groups are companies or communities; anything else is no resource at all."""

    code = "group_kind_unknown"


class DataRequestNotFound(NotFound):
    code = "data_request_not_found"
