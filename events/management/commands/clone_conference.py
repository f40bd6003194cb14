"""Clones a conference as its next edition (events.services.clone_as_next_edition).

    python manage.py clone_conference SLUG [--weeks N] [--label TEXT] [--if-missing]

`make try` uses it to give a newcomer an upcoming edition of the seed conference, labelled
"demo edition", on which registration can be tried.
"""

from django.core.management.base import BaseCommand, CommandError

from events import services
from events.models import Conference


class Command(BaseCommand):
    help = (
        "Copies a conference as its next edition: organisations, goals, topics, "
        "anniversaries, rooms and the programme (as provisional), dates moved by whole weeks, "
        "registration open until it starts. Nothing personal is copied."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The conference to clone.")
        parser.add_argument(
            "--weeks",
            type=int,
            help="Move the dates by this many weeks (default: the whole weeks nearest to a "
            "whole number of years that start the edition at least 8 weeks from now).",
        )
        parser.add_argument(
            "--label", default="", help="Added to the title in brackets, e.g. “demo edition”."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the edition this would create already exists.",
        )

    def handle(self, *args, slug, weeks, label, if_missing, **options):
        conference = Conference.objects.filter(slug=slug).first()
        if conference is None:
            raise CommandError(f"No conference with the slug “{slug}”.")
        if weeks is not None and weeks < 1:
            raise CommandError("--weeks must be 1 or more: a next edition comes later.")
        if if_missing:
            plan = services.plan_next_edition(conference=conference, weeks=weeks, label=label)
            existing = Conference.objects.filter(slug=plan.slug).first()
            if existing is not None:
                self.stdout.write(
                    f"“{existing.title}” exists already. Page: {existing.get_absolute_url()}"
                )
                return
        edition = services.clone_as_next_edition(conference=conference, weeks=weeks, label=label)
        local_start = edition.starts_at.astimezone(edition.zone)
        local_end = edition.ends_at.astimezone(edition.zone)
        self.stdout.write(
            f"Created “{edition.title}”: {local_start:%a %d %b %Y %H:%M} to "
            f"{local_end:%a %d %b %Y %H:%M} ({edition.time_zone}), registration open until it "
            f"starts. Page: {edition.get_absolute_url()}"
        )
