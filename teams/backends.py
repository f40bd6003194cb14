"""Permissions from teams: a user holds the rights of the roles of the teams they belong to.

Django's ModelBackend, with the rights of auth groups replaced by those of teams (groups
grant nothing here: teams/migrations/0002 turned the old groups into teams). Rights given
to an account directly still count site-wide, as Django's do; the admin's scoped pages
(teams/admin.py) show conferences only through teams, so such rights alone show nothing.

Without an object, ``has_perm`` answers "may this user do this anywhere?" (the admin's menu
and its model pages ask that); with an object that belongs to a conference it answers for
that conference only. Superusers are answered by Django itself (User.has_perm)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from teams import services
from teams.scope import conference_id_of


class TeamBackend(ModelBackend):
    def _get_group_permissions(self, user_obj):
        return Permission.objects.none()

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if obj is None:
            return super().get_all_permissions(user_obj) | services.permissions_of(user_obj)
        conference_id = conference_id_of(obj)
        if conference_id is None:  # a site-wide object: the rights held anywhere
            return self.get_all_permissions(user_obj)
        return services.permissions_of(user_obj, conference_id=conference_id)
