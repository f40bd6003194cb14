"""Every admin page asks for a second factor from the users who need one (services), before
the admin's own view runs; only its sign-in and sign-out pages do not."""

from mfa.decorators import second_factor_redirect

# The admin's pages a user reaches before proving a second factor.
OPEN_ADMIN_VIEWS = {"login", "logout"}


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware, which tells whether the session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.app_names:
            return None
        if match.url_name in OPEN_ADMIN_VIEWS:
            return None
        return second_factor_redirect(request)
