from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendingConfig(AppConfig):
    """Attending builds on registration and events and is never imported by them. Its links
    into registration's pages are the parts it adds in ready() to
    ``registration.extensions``: the ticket (on the manage page and in the emails that
    confirm a seat), the join links, recordings and slides (manage page only), and the
    personal join links the programme, the calendar feed and the change mails carry."""

    name = "attending"
    verbose_name = _("Attending")

    def ready(self):
        from attending import join_panel, joins, privacy_parts, runners, tickets
        from privacy.registry import add_section
        from registration.extensions import AttendeePart, add_part, set_join_links

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
        add_part(
            AttendeePart(
                name="join",
                context=join_panel.part_context,
                manage_template="attending/includes/join_panel.html",
                email_html_template="",
                email_text_template="",
            )
        )
        # The personal links that the manage page's programme, the personal calendar feed
        # and the session-change mails carry instead of the platforms' URLs.
        set_join_links(joins.join_links, many=joins.join_links_many)
        # Its section of the person's data download (privacy/registry.py).
        add_section("attendance", privacy_parts.attendance_section)
        # Its background job: chosen join links revoked and reissued (jobs/registry.py).
        runners.add_kinds()
