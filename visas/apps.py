from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisasConfig(AppConfig):
    """Visa support builds on registration and events and is never imported by them. Its
    links into registration: the visa panel it adds in ready() to
    ``registration.extensions`` (the manage page), and its one receiver of
    ``registration.signals.registration_withdrawn`` (a cancelled, erased or deleted
    registration takes its visa data with it). Its links into privacy: the visa section
    of the person's data download, and what withdrawing the consent to passport data does
    (``privacy.registry``, visas/privacy_parts.py)."""

    name = "visas"
    verbose_name = _("Visa support")

    def ready(self):
        from privacy.registry import add_section, add_withdrawal_effect
        from registration.extensions import AttendeePart, add_part
        from registration.signals import registration_withdrawn
        from visas import panel, privacy_parts, runners

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
        add_section("visa", privacy_parts.visa_section)
        add_withdrawal_effect(
            "visa", warning=privacy_parts.withdrawal_warning, apply=privacy_parts.withdraw
        )
        # Its exports, written by the task worker (visas/runners.py).
        runners.add_kinds()
