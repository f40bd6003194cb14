"""Clones a conference as its next edition (events.services.clone_as_next_edition).

    python manage.py clone_conference SLUG [--weeks N | --starts YYYY-MM-DDTHH:MM
        [--ends YYYY-MM-DDTHH:MM]] [--label TEXT] [--if-missing]

--starts and --ends are the new edition's wall-clock times at the venue (the conference's
own zone); every other moment moves by the same difference.

`make try` uses it to give a newcomer an upcoming edition of the seed conference, labelled
"demo edition", on which registration can be tried.
"""

import datetime as dt

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
            "--starts",
            type=dt.datetime.fromisoformat,
            help="The new edition's start at the venue, e.g. 2027-05-17T09:00.",
        )
        parser.add_argument(
            "--ends",
            type=dt.datetime.fromisoformat,
            help="The new edition's end at the venue (default: as long as this edition).",
        )
        parser.add_argument(
            "--label", default="", help="Added to the title in brackets, e.g. “demo edition”."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the edition this would create already exists.",
        )

    def handle(self, *args, slug, weeks, starts, ends, label, if_missing, **options):
        conference = Conference.objects.filter(slug=slug).first()
        if conference is None:
            raise CommandError(f"No conference with the slug “{slug}”.")
        if weeks is not None and weeks < 1:
            raise CommandError("--weeks must be 1 or more: a next edition comes later.")
        if weeks is not None and starts is not None:
            raise CommandError("Give --weeks or --starts, not both.")
        if ends is not None and starts is None:
            raise CommandError("--ends needs --starts.")
        # Wall-clock times at the venue.
        dates = {
            "starts_at": starts and starts.replace(tzinfo=conference.zone),
            "ends_at": ends and ends.replace(tzinfo=conference.zone),
        }
        try:
            plan = services.plan_next_edition(
                conference=conference, weeks=weeks, label=label, **dates
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        if if_missing:
            existing = Conference.objects.filter(slug=plan.slug).first()
            if existing is not None:
                self.stdout.write(
                    f"“{existing.title}” exists already. Page: {existing.get_absolute_url()}"
                )
                return
        edition = services.clone_as_next_edition(
            conference=conference, weeks=weeks, label=label, **dates
        )
        local_start = edition.starts_at.astimezone(edition.zone)
        local_end = edition.ends_at.astimezone(edition.zone)
        self.stdout.write(
            f"Created “{edition.title}”: {local_start:%a %d %b %Y %H:%M} to "
            f"{local_end:%a %d %b %Y %H:%M} ({edition.time_zone}), registration open until it "
            f"starts. Page: {edition.get_absolute_url()}"
        )
