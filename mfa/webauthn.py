"""django-otp-webauthn's passkey views, each ending through this app's one door
(services.mark_verified, services.enrolled) so that a passkey counts for the step-up and a
first passkey brings its recovery codes. Mounted under the library's own namespace
("otp_webauthn"), which its template tags and scripts reverse."""

import json

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views

from mfa import services


class CompleteRegistration(views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        first = not services.has_device(self.request.user)
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            credential = services.WebAuthnCredential.objects.get(
                pk=json.loads(response.content)["id"], user=self.request.user
            )
            services.record(
                action=services.Action.SECOND_FACTOR_ADDED,
                request=self.request,
                detail=services.kind_of(credential),
            )
            if first:
                services.enrolled(self.request, credential)
        return response


class CompleteAuthentication(views.CompleteCredentialAuthenticationView):
    """For a signed-in user only (passwordless sign-in is off): proves the second factor."""

    def complete_auth(self, device):
        services.mark_verified(self.request, device)

    def get_success_data(self, device):
        # Back to where the user was going when the page named it; a step-up form in place
        # (an admin action) resubmits itself instead (static/js/second-factor.js).
        data = {"id": device.pk}
        if self.request.GET.get("next"):
            data["redirect_url"] = self.get_success_url()
        return data


app_name = "otp_webauthn"

urlpatterns = [
    path(
        "registration/begin/",
        views.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
