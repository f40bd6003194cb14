"""Names in templates, by the one rule of registration/names.py.

``{% greeting registration %}`` is the first line of every mail to a person ("Dear Anna,",
"尊敬的王丽：", "Здравствуйте, Иван Петрович!"), in the language the mail is being written
in; ``{{ person|display_name }}`` is the whole name as the active language writes it.
"""

from django import template
from django.utils.translation import gettext as _

from registration import names

register = template.Library()


@register.simple_tag
def greeting(person):
    """The greeting line of a mail to `person` (anything with given and family name)."""
    return _("Dear %(name)s,") % {"name": names.salutation_name(person)}


@register.filter
def display_name(person):
    return names.display_name(person)
