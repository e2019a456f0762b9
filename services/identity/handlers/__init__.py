"""Identity's use cases, one transaction each, all ``(uow, caller, data, deps) -> plain data``:
registration, sessions, profile, phones, totp (two-step sign-in), people, groups
(companies and communities) and account_users."""
