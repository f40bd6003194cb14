"""Clones a conference as its next edition (events.services.clone_as_next_edition).

    python manage.py clone_conference SLUG [--weeks N | --starts YYYY-MM-DDTHH:MM
        [--ends YYYY-MM-DDTHH:MM]] [--label [TEXT]] [--label-ru TEXT] [--label-zh-hans TEXT]
        [--if-missing]

--starts and --ends are the new edition's wall-clock times at the venue (the conference's
own zone); every other moment moves by the same difference.

--label adds a label in brackets to the title in every language: without a text, "demo
edition" in each language's own words (the site's translation); with a text, that text in
every language, unless --label-ru / --label-zh-hans (one option per language of
settings.LANGUAGES) give a language its own.

`make try` uses it (--label, no text) to give a newcomer an upcoming edition of the seed
conference, labelled "demo edition" / "демонстрационный выпуск" / "演示版", on which
registration can be tried.
"""

import datetime as dt

from django.conf import settings
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
            "--label",
            nargs="?",
            const=services.DEMO_LABEL,
            default="",
            help="Added to the title in brackets in every language; without a text, "
            "“demo edition” in each language's words.",
        )
        for code, name in settings.LANGUAGES:
            if code == settings.LANGUAGE_CODE:
                continue
            parser.add_argument(
                f"--label-{code}",
                dest=f"label_{code}",
                default="",
                help=f"The label in this language ({name}), instead of --label's.",
            )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the edition this would create already exists.",
        )

    def _label(self, label, options):
        """The label as the service takes it: one text, the translated default, or a text
        per language where a language is given its own."""
        own = {
            code: options[f"label_{code}"]
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE and options.get(f"label_{code}")
        }
        if not own:
            return label
        if not label:
            raise CommandError("A label per language needs --label too (the English one).")
        return {
            code: own.get(code) or services.label_in(label, code)
            for code, _name in settings.LANGUAGES
        }

    def handle(self, *args, slug, weeks, starts, ends, label, if_missing, **options):
        label = self._label(label, options)
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
