"""Messages kept as what happened, translated when shown (UX principle 14).

A ``Text`` is an English source string (marked with ``gettext_noop`` so it stays in the
catalogues) and its parameters. The outbox stores it as JSON; the bell, the messages page, the
home panel and the API render it in the reader's language, e-mails and chat robots in the
site's (zh-hans). Parameters that are themselves words (a state, a kind, a clock name) are
stored as their codes and translated when shown::

    outbox.tell(people, form, Text(N_("%(serial)s is %(state)s"),
                                   {"serial": form.serial, "state": FormState(form.state)}))
"""

from __future__ import annotations

import enum
import logging

from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext

log = logging.getLogger(__name__)


class Text:
    """An English source string and its parameters; ``str()`` translates it into the active
    language."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, params: dict | None = None, /, **more):
        self.msgid = str(msgid)
        self.params = {**(params or {}), **more}

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Text({self.msgid!r}, {self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Text) and self.as_json() == other.as_json()

    def render(self) -> str:
        translated = gettext(self.msgid)
        if not self.params:
            return translated
        values = {name: _shown(value) for name, value in self.params.items()}
        try:
            return translated % values
        except (KeyError, TypeError, ValueError):  # a catalogue that lost a placeholder
            log.warning("message %r does not fit its parameters %r", self.msgid, values)
            return self.msgid % values

    def as_json(self) -> dict:
        return {"id": self.msgid, "params": {k: _stored(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Text:
        return cls(data["id"], {k: _loaded(v) for k, v in (data.get("params") or {}).items()})


class Code:
    """A choice field's value (``state``, ``kind`` …) kept as its code and shown as its label in
    the reader's language: ``choice_code(form, "state")`` where the message would say
    ``form.get_state_display()``."""

    __slots__ = ("field", "value")

    def __init__(self, field: str, value):
        self.field, self.value = field, value

    def __str__(self) -> str:
        app_label, model, name = self.field.split(".")
        try:
            choices = dict(apps.get_model(app_label, model)._meta.get_field(name).flatchoices)
        except LookupError:
            return str(self.value)
        return str(choices.get(self.value, self.value))


def choice_code(instance, field: str) -> Code:
    """``instance``'s choice ``field`` as its code, to be shown as its label when read."""
    meta = instance._meta
    return Code(f"{meta.app_label}.{meta.model_name}.{field}", getattr(instance, field))


def shown(value) -> str:
    """``value`` as the reader reads it: a ``Text`` translated, anything else as it is."""
    return str(value) if value is not None else ""


def stored(value) -> dict | None:
    """What the outbox keeps of a subject or body: a ``Text`` as JSON, plain text as nothing."""
    return value.as_json() if isinstance(value, Text) else None


def loaded(data: dict | None, fallback: str) -> str:
    """The stored JSON rendered in the active language, or ``fallback`` (the text written
    when the message was sent) for rows from before, or when it no longer renders."""
    if not data:
        return fallback
    try:
        return Text.from_json(data).render()
    except Exception:  # a message must always show, even if its source moved on
        log.warning("stored message %r no longer renders", data, exc_info=True)
        return fallback


# -- parameters -------------------------------------------------------------------------------


def _stored(value):
    if isinstance(value, list | tuple):  # lines, each shown on its own
        return {"lines": [_stored(v) for v in value]}
    if isinstance(value, Text):
        return {"text": value.as_json()}
    if isinstance(value, Code):
        return {"field": value.field, "value": value.value}
    if isinstance(value, enum.Enum) and hasattr(value, "label"):  # a TextChoices member
        kind = type(value)
        return {"choice": f"{kind.__module__}.{kind.__qualname__}", "value": value.value}
    if isinstance(value, Promise):  # a lazy label: keep its source, translate when shown
        with translation.override(None):
            return {"words": str(value)}
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _loaded(value):
    if not isinstance(value, dict):
        return value
    if "text" in value:
        return Text.from_json(value["text"])
    if "lines" in value:
        return [_loaded(v) for v in value["lines"]]
    if "choice" in value:
        try:
            return import_string(value["choice"])(value["value"])
        except (ImportError, ValueError):
            return value["value"]
    if "field" in value:
        return Code(value["field"], value["value"])
    if "words" in value:
        return _Words(value["words"])
    return value


class _Words(str):
    """A stored lazy label: translated when shown."""

    def __str__(self) -> str:
        return gettext(str.__str__(self))


def _shown(value):
    if isinstance(value, list | tuple):
        return "\n".join(str(_shown(v)) for v in value)
    if isinstance(value, Text):
        return value.render()
    if isinstance(value, enum.Enum) and hasattr(value, "label"):
        return str(value.label)
    if isinstance(value, Code | _Words | Promise):
        return str(value)
    return value
