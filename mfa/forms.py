from django import forms
from django.utils.translation import gettext_lazy as _

from mfa import services


class CodeForm(forms.Form):
    """A code from the authenticator app or a recovery code; valid once it has verified the
    session (services.verify_code), so a valid form is a verified session."""

    prefix_field = "second_factor_code"

    second_factor_code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_second_factor_code(self):
        code = self.cleaned_data["second_factor_code"]
        self.device = services.verify_code(self.request, code=code)
        if self.device is None:
            raise forms.ValidationError(
                _("This code is not valid, or has been used already. Try the next one.")
            )
        return code


class ConfirmAuthenticatorForm(forms.Form):
    code = forms.CharField(
        label=_("The six-digit code your app shows now"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, request, device, *args, **kwargs):
        self.request = request
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not services.confirm_authenticator(self.request, device=self.device, code=code):
            raise forms.ValidationError(_("This code does not match. Try the next one."))
        return code
