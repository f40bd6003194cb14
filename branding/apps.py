from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandingConfig(AppConfig):
    name = "branding"
    verbose_name = _("Branding")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from branding.mail import mail_look
        from events.page_cache import content_changed
        from outbox.look import provide

        # Mails show the conference's colour and logo (outbox/look.py asks branding/mail.py).
        provide(mail_look)

        # The colour and logos show on every public page of a conference: a saved branding
        # drops the cached pages, as a saved conference does (events.apps).
        for model in self.get_models():
            post_save.connect(content_changed, sender=model, dispatch_uid=f"pages-{model}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"pages-d-{model}")
