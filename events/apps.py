from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Conferences and programme")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from events.models import Enquiry, Session
        from events.page_cache import content_changed

        # Any saved content may show on a public page: drop every cached page at once.
        for model in self.get_models():
            if model is Enquiry:
                continue
            post_save.connect(content_changed, sender=model, dispatch_uid=f"pages-{model}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"pages-d-{model}")
        m2m_changed.connect(
            content_changed, sender=Session.speakers.through, dispatch_uid="pages-m2m"
        )
