"""Which conference an object belongs to: the path from a model to events.Conference.

The path is found by following foreign keys (the shortest chain, a direct ``conference``
field first): Registration -> "conference", Ticket -> "registration__conference". A model
with no such chain (Organisation, a user) belongs to no conference and is site-wide."""

from collections import deque
from functools import cache

from django.apps import apps


def _conference_model():
    return apps.get_model("events", "Conference")


def _forward_keys(model):
    fields = [
        field
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model
    ]
    # A field named "conference" is tried first, so it wins among equally short paths.
    return sorted(fields, key=lambda field: field.name != "conference")


@cache
def conference_path(model):
    """ "" for Conference itself, "a__b__conference" for a model that reaches it through
    foreign keys, None for a site-wide model."""
    conference = _conference_model()
    if model._meta.concrete_model is conference:
        return ""
    queue = deque([(model, [])])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        for field in _forward_keys(current):
            target = field.related_model
            if target is conference:
                return "__".join([*path, field.name])
            if target not in seen and len(path) < 4:
                seen.add(target)
                queue.append((target, [*path, field.name]))
    return None


def conference_id_of(obj, path=None):
    """The id of the conference ``obj`` belongs to, or None for a site-wide object (or one
    not yet attached to any conference)."""
    if path is None:
        path = conference_path(type(obj))
    if path is None:
        return None
    if path == "":
        return obj.pk
    *parts, last = path.split("__")
    for part in parts:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)
