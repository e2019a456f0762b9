"""N2: what a person wants to hear (category × channel) and their quiet hours."""
from __future__ import annotations

from kit.context import Caller
from kit.errors import ValidationFailed
from services.notifications import views
from services.notifications.dependencies import Deps
from services.notifications.domain import preferences
from services.notifications.domain.quiet_hours import QuietHours, QuietHoursProblem
from services.notifications.models import Preference


def get_preferences(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return views.preferences_view(uow.session.get(Preference, caller.require_user()))


def update_preferences(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """A change applies to the next event."""
    user_id = caller.require_user()
    stored = uow.session.get(Preference, user_id, with_for_update=True)
    if stored is None:
        stored = Preference(user_id=user_id, choices={}, updated_at=uow.now())
        uow.session.add(stored)
    if "categories" in data:
        try:
            stored.choices = preferences.change(stored.choices, data["categories"])
        except preferences.PreferenceProblem as problem:  # several fields at once: the kit's rules carry one
            raise ValidationFailed("Some preferences are invalid", errors={"categories": problem.errors})
    if "quiet_hours" in data:
        quiet = data["quiet_hours"]
        if quiet is None:
            stored.quiet_start = stored.quiet_end = None
        else:
            try:
                parsed = QuietHours.parse(quiet["start"], quiet["end"], quiet.get("timezone"))
            except QuietHoursProblem as problem:
                raise ValidationFailed("The quiet hours are invalid", errors={"quiet_hours": problem.errors})
            stored.quiet_start, stored.quiet_end = quiet["start"], quiet["end"]
            stored.timezone = parsed.timezone
    stored.updated_at = uow.now()
    uow.record_action("notification_settings.updated", "user", user_id, "Изменены настройки уведомлений: {}".format(
        ", ".join(label for key, label in (("categories", "категории"), ("quiet_hours", "тихие часы")) if key in data)))
    return views.preferences_view(stored)
