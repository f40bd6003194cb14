"""Signing into the admin in the browser as staff do: the password on the admin's login
page, then the second factor (mfa/). Tests that are not about the second factor prove it
with a fresh recovery code, which works at any moment and once."""

from mfa import services


def sign_in(page, user, password, next_url="/admin/"):
    code = services.new_recovery_codes(user)[0]
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(code)
    page.get_by_role("button", name="Continue").click()
