from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents builds on events, registration and attending, and nothing imports it. Its
    one link into registration's pages is the documents part it adds in ready() to
    ``registration.extensions`` (the letter and the certificate on the manage page)."""

    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from documents import badges, panel, privacy_parts
        from privacy.registry import add_section
        from registration.extensions import AttendeePart, add_part

        add_part(
            AttendeePart(
                name="documents",
                context=panel.part_context,
                manage_template="documents/includes/documents_panel.html",
                # No email carries it: the documents are downloaded from the manage page.
                email_html_template="",
                email_text_template="",
                email_kinds=frozenset(),
            )
        )
        # Its section of the person's data download (privacy/registry.py).
        add_section("documents", privacy_parts.documents_section)
        # Badge print runs, rendered by the task worker (documents/badges.py).
        badges.add_kinds()
