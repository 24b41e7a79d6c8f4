"""Logging in and out and changing the password, with Django's views and our templates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from powertriangle.accounts.forms import AccountDeleteForm, PasswordChangeForm, TokenForm
from powertriangle.accounts.models import ApiToken
from powertriangle.accounts.ratelimit import (
    TOO_MANY,
    login_blocked,
    login_failed,
    login_succeeded,
)
from powertriangle.accounts.services import user_delete
from powertriangle.accounts.tokens import token_create, token_revoke, tokens_of, tokens_revoke_all
from powertriangle.core.ratelimit import client_address
from powertriangle.orgs.selectors import sole_coach_of
from powertriangle.projects.selectors import memberships_of_user

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
    """Django's password change; it revokes every API token of the account too (whoever had
    the old password may have made one)."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: DjangoPasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        tokens_revoke_all(user=form.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    """Your API tokens: make one (its key is shown this once), see and revoke the others."""
    user = request.user
    assert isinstance(user, User)
    form = TokenForm(request.POST or None)
    made: tuple[ApiToken, str] | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = token_create(
                    user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
        if form.errors:
            status = 422
        else:
            form = TokenForm()
    context = {"form": form, "made": made, "tokens": list(tokens_of(user)), "now": timezone.now()}
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not token_revoke(user=user, token_id=pk):
        raise Http404
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("accounts:tokens")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete one's own account after the password; say before what stays (the projects'
    member records, which their coaches erase) and where one is the only coach."""
    user = request.user
    assert isinstance(user, User)
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        user_delete(user=user)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        return redirect("accounts:login")
    context = {
        "form": form,
        "members": memberships_of_user(user),
        "sole_coach_of": sole_coach_of(user),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", context, status=status)
