from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or ticket code"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class CheckInForm(forms.Form):
    registration = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    desk = forms.CharField(label=_("Desk"), max_length=40)
    q = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
