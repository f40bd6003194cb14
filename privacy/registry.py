"""Where apps that hold personal data tell privacy about it, without privacy importing them.

Privacy builds on registration (and below) and knows nothing of the apps above it (visas,
attending, documents, delegations, messaging). Each of them registers, from its own
``AppConfig.ready()`` and nowhere else (nothing is imported for its side effects):

- a **section** of the person's data download: ``add_section(key, provider)``, where
  ``provider(registration)`` returns a :class:`Section` (or None when it holds nothing
  about that registration). It should cost a query or two, whatever it holds;
- what **withdrawing a consent** does to its data, beyond recording the withdrawal:
  ``add_withdrawal_effect(purpose, warning=..., apply=...)``. ``warning(registration)`` is
  the sentence the confirmation page shows (empty: nothing to say); ``apply(registration=...,
  now=...)`` runs inside the withdrawal's transaction and returns ``{category: count}`` of
  what it destroyed, which goes into the destruction record (audit).

For example, in ``VisasConfig.ready()``::

    from privacy.registry import add_section, add_withdrawal_effect
    from visas import privacy_parts

    add_section("visa", privacy_parts.visa_section)
    add_withdrawal_effect("visa", warning=privacy_parts.withdrawal_warning,
                          apply=privacy_parts.withdraw)

Registering the same key again replaces it (a reloaded AppConfig does not add it twice).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Field:
    """One fact: `name` is the JSON key, `label` what a person reads."""

    name: str
    label: str
    value: object

    def json_value(self):
        value = self.value
        if isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if value is None or isinstance(value, bool | int | float):
            return value
        return str(value)

    def display(self):
        value = self.value
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, dt.datetime):
            return date_format(localtime(value), "DATETIME_FORMAT")
        if isinstance(value, dt.date):
            return date_format(value, "DATE_FORMAT")
        return str(value)


@dataclass(frozen=True)
class Record:
    """One thing held (a visa request, a check-in): its facts, in order."""

    fields: list
    title: str = ""

    def as_json(self):
        return {each.name: each.json_value() for each in self.fields}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    records: list = field(default_factory=list)
    # Said once above the records (why something is missing, where it goes next).
    note: str = ""

    def as_json(self):
        return {
            "title": str(self.title),
            "note": str(self.note),
            "records": [record.as_json() for record in self.records],
        }


def record(*fields, title=""):
    """Record(...) from (name, label, value) triples."""
    return Record(
        fields=[Field(name, str(label), value) for name, label, value in fields], title=title
    )


_sections = {}


def add_section(key, provider):
    _sections[key] = provider


def remove_section(key):
    _sections.pop(key, None)


def sections_for(registration):
    """Every section that holds something about `registration`, in the order added."""
    found = []
    for provider in _sections.values():
        section = provider(registration)
        if section is not None:
            found.append(section)
    return found


@dataclass(frozen=True)
class WithdrawalEffect:
    warning: Callable
    apply: Callable


_effects = {}


def add_withdrawal_effect(purpose, *, warning, apply):
    _effects[purpose] = WithdrawalEffect(warning=warning, apply=apply)


def withdrawal_effect(purpose):
    return _effects.get(purpose)
