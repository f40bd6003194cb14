from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Enquiry
from events.spam import HoneypotFormMixin, honeypot_layout_item
from outbox.addresses import AddressField, validate_single_line


class EnquiryForm(HoneypotFormMixin, forms.ModelForm):
    consent = forms.BooleanField(
        required=True,
        label=_(
            "I agree that the organisers store this message and my contact details to answer it."
        ),
        error_messages={
            "required": _("Please agree so that we may store and answer your message.")
        },
    )

    class Meta:
        model = Enquiry
        fields = ["name", "email", "organisation", "message", "consent"]
        labels = {
            "name": _("Your name"),
            "email": _("Your email address"),
            "organisation": _("Organisation (optional)"),
            "message": _("Your question"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": 5000}),
        }
        field_classes = {"email": AddressField}

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "organisation"):
            self.fields[name].validators.append(validate_single_line)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.disable_csrf = True  # see events.views.enquiry
        self.helper.layout = Layout(
            "name",
            "email",
            "organisation",
            "message",
            "consent",
            honeypot_layout_item(),
            Submit("submit", _("Send request")),
        )

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(_("Please write at least a sentence so we can help."))
        return message
