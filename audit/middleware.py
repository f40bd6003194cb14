"""Every admin page and change is recorded, for every ModelAdmin, by this one middleware:
one entry per request, written after the view has answered.

- a list (changelist) read: "admin list", with how many rows matched and the conference the
  list was filtered to; a list action or a list edit: "admin action";
- a change page, a delete page or an object's history read: "admin view" of that object;
- an object added, changed or deleted: "admin add/change/delete", with the changed field
  names (never their values) from the admin's own LogEntry;
- any other page of the admin (a ModelAdmin's own views, autocomplete): its URL name.

The admin treats every method but POST as a read, so does the record: HEAD and OPTIONS are
recorded as reads too. Refused (4xx) and anonymous requests, and reads answered with a
redirect (nothing shown), are not recorded. When the view
has already written its own entry through ``audit.services.record`` (an export, a visa read),
the middleware writes none. The middleware also makes the current request known to
``record()`` (``audit.services.current_request``), so a service called without one still
records the client address.
"""

import json

from django.contrib.admin.models import LogEntry
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import (
    record,
    reset_current_request,
    set_current_request,
    was_recorded,
    write,
)
from events.models import Conference

Action = AuditEntry.Action

# The admin's own pages that show no personal data.
UNRECORDED = {
    "index",
    "app_list",
    "jsi18n",
    "login",
    "logout",
    "password_change",
    "password_change_done",
}
OBJECT_VIEWS = {"change_view", "delete_view", "history_view"}


class AdminRecordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_request(request)
        try:
            response = self.get_response(request)
            if getattr(request, "_audit_admin", None) is not None:
                self._record(request, response)
            return response
        finally:
            reset_current_request(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces or match.url_name in UNRECORDED:
            return None
        model_admin = getattr(view_func, "model_admin", None)
        view_name = getattr(view_func, "__name__", "")
        object_id = view_kwargs.get("object_id")
        before = None
        if model_admin is not None and view_name == "delete_view" and request.method == "POST":
            # After the deletion the object and its conference are gone: look now.
            before = model_admin.model._default_manager.filter(pk=_as_int(object_id)).first()
        request._audit_admin = {
            "model_admin": model_admin,
            "view": view_name,
            "url_name": match.url_name,
            "object_id": object_id,
            "object": before,
            "started": timezone.now(),
        }
        return None

    def _record(self, request, response):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or response.status_code >= 400:
            return
        if request.method != "POST" and response.status_code >= 300:
            return  # a redirect shows nothing (an object of another conference, a login)
        if was_recorded(request):
            return
        seen = request._audit_admin
        model_admin = seen["model_admin"]
        if model_admin is None:
            self._other(request, seen)
            return
        label = model_admin.model._meta.label_lower
        context = getattr(response, "context_data", None) or {}
        writes = request.method == "POST" and response.status_code in (301, 302, 303)
        view = seen["view"]
        if view == "changelist_view":
            self._changelist(request, label, context)
        elif view in OBJECT_VIEWS and not writes:
            obj = context.get("original") or context.get("object")
            detail = {"delete_view": "delete page", "history_view": "history"}.get(view, "")
            if view == "change_view" and request.method == "POST":
                detail = "form with errors"  # the object is shown again
            self._object(request, Action.ADMIN_VIEW, label, seen, obj, detail)
        elif view == "delete_view":
            self._object(request, Action.ADMIN_DELETE, label, seen, seen["object"], "")
        elif view in ("change_view", "add_view") and writes:
            entry = _log_entries(request, seen).first()
            object_id = entry.object_id if entry is not None else seen["object_id"]
            obj = model_admin.model._default_manager.filter(pk=_as_int(object_id)).first()
            action = Action.ADMIN_ADD if view == "add_view" else Action.ADMIN_CHANGE
            detail = _changed_fields(entry)
            self._object(request, action, label, {"object_id": object_id}, obj, detail)
        # add_view without a write shows an empty form: nothing read.

    def _changelist(self, request, label, context):
        changelist = context.get("cl")
        if request.method == "POST":
            name = request.POST.get("action", "") or "list edit"
            selected = request.POST.getlist("_selected_action")
            deleted = _log_entries(request, request._audit_admin).count()
            detail = f"{label}: {name}" + (f", {deleted} deleted" if deleted else "")
            record(
                action=Action.ADMIN_ACTION,
                request=request,
                conference=_filtered_conference(request),
                subject=label,
                detail=detail,
                count=len(selected) or None,
            )
            return
        record(
            action=Action.ADMIN_LIST,
            request=request,
            conference=_filtered_conference(request),
            subject=label,
            detail=_filters(request),
            count=changelist.result_count if changelist is not None else None,
        )

    def _object(self, request, action, label, seen, obj, detail):
        if obj is not None:
            record(action=action, request=request, subject=obj, detail=detail)
            return
        # The object is gone or was never there: its id alone.
        write(
            action=action,
            request=request,
            user=None,
            conference=None,
            subject_type=label,
            subject_id=_as_int(seen["object_id"]),
            detail=detail,
            count=None,
        )

    def _other(self, request, seen):
        action = Action.ADMIN_ACTION if request.method == "POST" else Action.ADMIN_VIEW
        if seen["url_name"] == "autocomplete":
            action = Action.ADMIN_LIST
            model = request.GET.get("model_name", "")
            detail = f"autocomplete {request.GET.get('app_label', '')}.{model}"
        else:
            detail = seen["url_name"] or request.path[:100]
        record(action=action, request=request, detail=detail)


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _log_entries(request, seen):
    return LogEntry.objects.filter(
        user_id=request.user.pk, action_time__gte=seen["started"]
    ).order_by("id")


def _changed_fields(entry):
    """The field names of a LogEntry's message ("changed: email, family_name"), not values."""
    if entry is None or not entry.change_message:
        return ""
    try:
        parts = json.loads(entry.change_message)
    except ValueError:
        return ""
    words = []
    for part in parts if isinstance(parts, list) else []:
        for kind, what in part.items():
            fields = what.get("fields", []) if isinstance(what, dict) else []
            name = what.get("name", "") if isinstance(what, dict) else ""
            words.append(f"{kind} {name}: {', '.join(fields)}".replace("  ", " ").strip())
    return "; ".join(words)


def _filters(request):
    """The list's filters and ordering, not the search words (they may be a person's name or
    address: the record keeps that a search was made)."""
    parts = [f"{key}={value}" for key, value in request.GET.items() if key != "q"]
    if request.GET.get("q"):
        parts.append("searched")
    return "&".join(parts)


def _filtered_conference(request):
    for key, value in request.GET.items():
        if key == "conference" or key.endswith("conference__id__exact"):
            pk = _as_int(value)
            if pk is not None:
                return Conference.objects.filter(pk=pk).first()
    return None
