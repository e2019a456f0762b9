"""N4: operators override the texts of an event per channel and language."""
from __future__ import annotations

from kit.context import Caller
from services.notifications import exceptions as exc
from services.notifications import store, views
from services.notifications.adapters.templates import TemplateProblem, compile_text, context, render
from services.notifications.dependencies import Deps
from services.notifications.domain.messages import LANGUAGES, TEMPLATE_KEYS
from services.notifications.domain.routing import CHANNELS
from services.notifications.models import TemplateOverride, new_id


def list_templates(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """``data``: ``{"template"}`` (None: every template)."""
    caller.require_role("admin")
    template = data.get("template")
    keys = [template] if template else list(TEMPLATE_KEYS)
    if template and template not in TEMPLATE_KEYS:
        raise exc.TemplateNotFound("No such template")
    rows = store.overrides_of(uow.session, keys)
    return {"items": [views.template_view(k, c, lang, rows.get((k, c, lang)))
                      for k in keys for c in CHANNELS for lang in LANGUAGES]}


def put_template(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Override the text of one event on one channel in one language. ``data``: ``{"key":
    {template, channel, language}, "text": {subject, body}}``."""
    caller.require_role("admin")
    key, text = data["key"], data["text"]
    errors = {}
    for name in ("subject", "body"):
        if text.get(name):
            try:
                compile_text(text[name])
            except TemplateProblem as problem:
                errors[name] = [str(problem)]
    if not errors:  # parses; now it must also render (the sandbox refuses unsafe access)
        try:
            render(key["template"], key["channel"], context({}, language=key["language"]),
                   "http://sample.invalid", {"subject": text.get("subject"), "body": text["body"]})
        except TemplateProblem as problem:
            errors["body"] = [str(problem)]
    if errors:
        raise exc.InvalidTemplate("The template does not render", errors=errors)
    row = store.override(uow.session, key["template"], key["channel"], key["language"], for_update=True)
    if row is None:
        row = TemplateOverride(id=new_id(), **key)
        uow.session.add(row)
    row.subject, row.body = text.get("subject"), text["body"]
    row.updated_by, row.updated_at = caller.user_id, uow.now()
    uow.record_action("template.updated", "template", "{template}/{channel}/{language}".format(**key),
                      "Изменён текст уведомления", account_id=None)
    return views.template_view(key["template"], key["channel"], key["language"], row)


def delete_template(uow, caller: Caller, key: dict, deps: Deps) -> dict:
    """Back to the built-in text. ``key``: ``{template, channel, language}``."""
    caller.require_role("admin")
    if not store.delete_override(uow.session, key["template"], key["channel"], key["language"]):
        raise exc.TemplateNotFound("This template is not overridden")
    uow.record_action("template.reset", "template", "{template}/{channel}/{language}".format(**key),
                      "Восстановлен встроенный текст уведомления", account_id=None)
    return views.template_view(key["template"], key["channel"], key["language"], None)
