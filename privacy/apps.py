from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's consents and rights. Builds on registration (and below) and is never
    imported by it. Everything it hooks into is connected here, and only here:

    - ``registration.extensions``: the consents the registration form asks and their
      recording (``set_consent_keeper``), and the "Your data" part of the manage page;
    - ``registration.signals.registration_withdrawn``: an erasure withdraws the consents;
    - ``privacy.registry``: privacy's own sections of the data download (the registration,
      its answers, its consents), first; the apps above add theirs from their own ready().
    """

    name = "privacy"
    verbose_name = _("Personal data and consents")

    def ready(self):
        from privacy import panel, registry, sections, services
        from registration.extensions import AttendeePart, add_part, set_consent_keeper
        from registration.signals import registration_withdrawn

        set_consent_keeper(
            offers=services.consent_offers, record=services.record_registration_consents
        )
        add_part(
            AttendeePart(
                name="privacy",
                context=panel.part_context,
                manage_template="privacy/includes/your_data.html",
                email_html_template="",
                email_text_template="",
                manage_slot="end",
            )
        )
        registry.add_section("registration", sections.registration_section)
        registry.add_section("answers", sections.answers_section)
        registry.add_section("consents", sections.consents_section)
        registration_withdrawn.connect(
            services.on_registration_withdrawn, dispatch_uid="privacy-registration-withdrawn"
        )
