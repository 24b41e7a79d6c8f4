"""Logging in and out and changing the password, with Django's views and our templates."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse
from django.urls import reverse_lazy

from powertriangle.accounts.forms import PasswordChangeForm
from powertriangle.accounts.ratelimit import (
    TOO_MANY,
    login_blocked,
    login_failed,
    login_succeeded,
)
from powertriangle.core.ratelimit import client_address

TOO_MANY_REQUESTS = 429


class LoginForm(AuthenticationForm):
    """Django's login form; a username that failed too often from this address is refused
    before its password is even checked (accounts.ratelimit)."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        address = client_address(self.request) if self.request is not None else "unknown"
        if username and login_blocked(username=username, address=address):
            raise ValidationError(TOO_MANY, code="too_many")
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                login_failed(username=username, address=address)
            raise
        if username and self.cleaned_data.get("password"):
            login_succeeded(username=username, address=address)
        return cleaned


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "too_many"):
            response.status_code = TOO_MANY_REQUESTS
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
