"""A badge print run: recorded by ``start_badge_batch`` and made by the task worker
(``print_badges``): the badges in chunks (progress recorded after each, so the admin page
shows it), then one PDF of all the pages, stored privately."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from documents import printing, services
from documents.models import BadgeBatch, Layout

logger = logging.getLogger(__name__)

# Badges laid out per WeasyPrint document; a multiple of four, so A4 sheets stay full.
CHUNK = 200


def start_badge_batch(*, conference, layout, registration_ids=None, by=None):
    """Records a print run of the chosen registrations' badges (every badge holder of the
    conference when none are chosen) and hands it to the task worker after the commit."""
    holders = services.badge_holders(conference)
    ids = sorted(set(registration_ids or []))
    if ids:
        holders = holders.filter(pk__in=ids)
    total = holders.count()
    if not total:
        raise services.DocumentError(
            _("No confirmed in-person attendee of %(conference)s is in this selection.")
            % {"conference": conference}
        )
    with transaction.atomic():
        batch = BadgeBatch.objects.create(
            conference=conference,
            layout=layout,
            registration_ids=list(holders.values_list("pk", flat=True)) if ids else [],
            total=total,
            created_by=by,
        )
        transaction.on_commit(lambda: print_badges.enqueue(batch_id=batch.pk))
    return batch


@task()
def print_badges(*, batch_id):
    """Renders one badge print run in chunks, recording progress, and stores the PDF."""
    batch = run_batch(batch_id=batch_id)
    return {"state": batch.state, "badges": batch.done}


def batch_registrations(batch):
    holders = services.badge_holders(batch.conference).select_related("conference")
    if batch.registration_ids:
        holders = holders.filter(pk__in=batch.registration_ids)
    return list(holders)


def run_batch(*, batch_id):
    """Renders a waiting print run; a run already finished or being rendered is left as it
    is (a task delivered twice makes one PDF)."""
    with transaction.atomic():
        batch = BadgeBatch.objects.select_for_update().select_related("conference").get(pk=batch_id)
        if batch.state != BadgeBatch.State.WAITING:
            return batch
        batch.state = BadgeBatch.State.RENDERING
        batch.save(update_fields=["state"])
    try:
        registrations = batch_registrations(batch)
        batch.total = len(registrations)
        batch.done = 0
        batch.save(update_fields=["total", "done"])
        documents = []
        for start in range(0, len(registrations), CHUNK):
            chunk = registrations[start : start + CHUNK]
            documents.append(printing.render_badges(printing.badges_for(chunk), batch.layout))
            batch.done += len(chunk)
            batch.save(update_fields=["done"])
        if not documents:
            raise ValueError("No confirmed in-person attendee is left in this selection.")
        content = printing.pdf.join_pdf(documents)
        name = f"badges-{batch.conference.slug}-{Layout(batch.layout).value}-{batch.pk}.pdf"
        batch.pdf.save(name, ContentFile(content), save=False)
        batch.state = BadgeBatch.State.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["pdf", "state", "finished_at"])
    except Exception as error:
        logger.exception("Badge print run %s failed", batch_id)
        batch.state = BadgeBatch.State.FAILED
        batch.failure = str(error)[:1000]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["state", "failure", "finished_at"])
    return batch
