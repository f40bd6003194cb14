"""The teams admin, and the scope every conference-owned admin page goes through.

``ConferenceScopedAdmin`` is mixed into each ModelAdmin (and inline) of a model that belongs
to a conference: its lists, searches, change pages, actions and exports show only the
conferences the user serves with the model's rights (teams/services.py), and the choices of
its foreign keys are limited the same way. An object of another conference is answered as a
missing one. tests/teams/test_scope_registry.py fails for any admin that forgets it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models import Conference
from teams import services
from teams.models import Team
from teams.roles import DATA_OFFICER
from teams.scope import conference_path


def scope_queryset(queryset, user, permissions, path=None):
    """``queryset`` limited to the conferences ``user`` serves with any of ``permissions``;
    ``path`` leads from the queryset's model to its conference ("" for Conference)."""
    if path is None:
        path = conference_path(queryset.model)
    if path is None or sees_every_conference(user, permissions):
        return queryset  # a site-wide model, or a user who serves every conference
    allowed = Conference.objects.none()
    for permission in permissions:
        allowed = allowed | services.conferences_for(user, permission)
    allowed_ids = allowed.values("pk")
    if path == "":
        return queryset.filter(pk__in=allowed_ids)
    return queryset.filter(**{f"{path}__in": allowed_ids})


def sees_every_conference(user, permissions):
    """Superusers, and members of a team for all conferences with one of ``permissions``."""
    return any(services.serves_all_conferences(user, permission) for permission in permissions)


def _model_permissions(model):
    opts = model._meta
    return [f"{opts.app_label}.{action}_{opts.model_name}" for action in ("view", "change")]


class ConferenceScopedAdmin:
    """Mix in before admin.ModelAdmin (or an inline). ``conference_field`` is the path to the
    conference ("conference", "registration__conference"); left None, it is found by
    following foreign keys. ``scope_permissions`` are the rights whose conferences are shown;
    left None, the model's view and change rights."""

    conference_field = None
    scope_permissions = None

    def get_conference_path(self):
        path = self.conference_field
        if path is None:
            path = conference_path(self.model)
        if path is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__}: {self.model.__name__} has no path to a conference; "
                "set conference_field."
            )
        return path

    def get_scope_permissions(self):
        if self.scope_permissions is not None:
            return list(self.scope_permissions)
        return _model_permissions(self.model)

    def scoped_conferences(self, request):
        """The conferences this page may show to ``request.user``."""
        allowed = Conference.objects.none()
        for permission in self.get_scope_permissions():
            allowed = allowed | services.conferences_for(request.user, permission)
        return allowed

    def get_queryset(self, request):
        return scope_queryset(
            super().get_queryset(request),
            request.user,
            self.get_scope_permissions(),
            self.get_conference_path(),
        )

    def _scope_choices(self, request, formfield):
        queryset = getattr(formfield, "queryset", None) if formfield is not None else None
        if queryset is not None and conference_path(queryset.model) is not None:
            formfield.queryset = scope_queryset(
                queryset, request.user, self.get_scope_permissions()
            )
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._scope_choices(request, formfield)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._scope_choices(request, formfield)

    def get_list_filter(self, request):
        """A filter on a related object offers only the ones in this page's scope."""
        filters = list(super().get_list_filter(request))
        if sees_every_conference(request.user, self.get_scope_permissions()):
            return filters
        scoped = []
        for entry in filters:
            if isinstance(entry, str):
                try:
                    field = get_fields_from_path(self.model, entry)[-1]
                except (FieldDoesNotExist, AttributeError):
                    field = None
                if (
                    field is not None
                    and field.is_relation
                    and field.related_model is not None
                    and conference_path(field.related_model) is not None
                ):
                    entry = (entry, RelatedOnlyFieldListFilter)
            scoped.append(entry)
        return scoped


class TeamAdminForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "role", "all_conferences", "conferences", "members"]

    # Set by TeamAdmin.get_form: the account filling the form in.
    acting_user = None

    def clean(self):
        cleaned = super().clean()
        self.instance.all_conferences = cleaned.get("all_conferences", False)
        self.instance.clean_conferences(cleaned.get("conferences"))
        self.clean_own_rights(cleaned)
        return cleaned

    def clean_own_rights(self, cleaned):
        """No one but a superuser raises their own rights here: joining a team, or making
        (or changing) a team of data officers, who manage the teams themselves."""
        user = self.acting_user
        if user is None or user.is_superuser:
            return
        errors = {}
        if user in (cleaned.get("members") or []):
            errors["members"] = _("You cannot add yourself to a team; only a superuser can.")
        was = self.initial.get("role") if self.instance.pk else None
        if DATA_OFFICER.slug in {cleaned.get("role"), was}:
            errors["role"] = _("Only a superuser can make or change a team of data officers.")
        if errors:
            raise ValidationError(errors)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    """Superusers and data officers decide who serves which conference in which role. A data
    officer for some conferences sees and makes teams of those conferences only."""

    form = TeamAdminForm
    list_display = ["name", "role", "all_conferences", "member_count"]
    list_filter = ["role", "all_conferences"]
    search_fields = ["name", "members__username", "members__email"]
    autocomplete_fields = ["conferences", "members"]
    filter_horizontal = []

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total

    def may_see_everything(self, request):
        return services.serves_all_conferences(request.user, "teams.change_team")

    def get_queryset(self, request):
        queryset = (
            super().get_queryset(request).annotate(member_total=Count("members", distinct=True))
        )
        if self.may_see_everything(request):
            return queryset
        allowed = services.conferences_for(request.user, "teams.view_team")
        # Teams for all conferences, or reaching a conference outside the user's, are hidden.
        return (
            queryset.filter(all_conferences=False)
            .exclude(conferences__in=Conference.objects.exclude(pk__in=allowed.values("pk")))
            .filter(conferences__in=allowed)
            .distinct()
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "conferences" and not self.may_see_everything(request):
            formfield.queryset = services.conferences_for(request.user, "teams.change_team")
        return formfield

    def get_readonly_fields(self, request, obj=None):
        if self.may_see_everything(request):
            return []
        return ["all_conferences"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.acting_user = request.user
        return form

    def is_own_team(self, request, obj):
        """A team the user belongs to, which only a superuser may change or delete."""
        user = request.user
        return obj is not None and not user.is_superuser and obj.members.filter(pk=user.pk).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.is_own_team(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.is_own_team(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if self.is_own_team(request, obj):
                messages.warning(
                    request,
                    gettext(
                        "You are a member of this team; only a superuser can change or delete it."
                    ),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        own = [obj for obj in objs if self.is_own_team(request, obj)]
        if own and request.method == "POST" and "post" not in request.POST:
            for team in own:
                messages.error(
                    request,
                    gettext(
                        "You are a member of %(team)s; only a superuser can change or delete it."
                    )
                    % {"team": team.name},
                )
        return super().get_deleted_objects(objs, request)


# Groups grant nothing here (teams/backends.py): teams take their place in the admin.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)
