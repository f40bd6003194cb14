from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisasConfig(AppConfig):
    """Visa support builds on registration and events and is never imported by them. Its
    links into registration: the visa panel it adds in ready() to
    ``registration.extensions`` (the manage page), and its one receiver of
    ``registration.signals.registration_withdrawn`` (a cancelled, erased or deleted
    registration takes its visa data with it)."""

    name = "visas"
    verbose_name = _("Visa support")

    def ready(self):
        from registration.extensions import AttendeePart, add_part
        from registration.signals import registration_withdrawn
        from visas import panel

        add_part(
            AttendeePart(
                name="visa",
                context=panel.part_context,
                manage_template="visas/includes/visa_panel.html",
                email_html_template="",
                email_text_template="",
                email_kinds=frozenset(),
            )
        )
        registration_withdrawn.connect(
            panel.on_registration_withdrawn, dispatch_uid="visas-registration-withdrawn"
        )
