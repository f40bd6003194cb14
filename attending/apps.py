from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendingConfig(AppConfig):
    """Attending builds on registration and events and is never imported by them. Its one
    link into registration's pages is the ticket part it adds in ready() to
    ``registration.extensions`` (shown on the manage page and in the emails that confirm a
    seat)."""

    name = "attending"
    verbose_name = _("Attending")

    def ready(self):
        from attending import tickets
        from registration.extensions import AttendeePart, add_part

        add_part(
            AttendeePart(
                name="ticket",
                context=tickets.part_context,
                manage_template="attending/includes/ticket_panel.html",
                email_html_template="attending/emails/ticket.html",
                email_text_template="attending/emails/ticket.txt",
                email_kinds=frozenset({"registered", "approved", "seat_available"}),
            )
        )
