from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    """Delegations build on registration and events and are never imported by them: each
    person a contact enters gets an ordinary registration through registration.services.
    Their one link into registration's pages is the "registered by" part added in ready()
    to ``registration.extensions`` (the confirmation mail, the manage page until then)."""

    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        from delegations import parts, privacy_parts, runners
        from privacy.registry import add_section
        from registration.extensions import AttendeePart, add_part

        add_part(
            AttendeePart(
                name="delegation",
                context=parts.part_context,
                manage_template="delegations/includes/registered_by_panel.html",
                email_html_template="delegations/emails/registered_by.html",
                email_text_template="delegations/emails/registered_by.txt",
                email_kinds=frozenset({"confirm_email"}),
            )
        )
        # Its section of the person's data download (privacy/registry.py).
        add_section("delegation", privacy_parts.delegation_section)
        # Registering a delegation's people once its contact confirmed (delegations/runners.py).
        runners.add_kinds()
