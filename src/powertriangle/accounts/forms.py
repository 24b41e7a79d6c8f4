"""Django's own account forms, with help texts that render as plain text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from powertriangle.accounts.tokens import DAYS_MAX, NAME_MAX


class PasswordChangeForm(DjangoPasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django gives these rules as an HTML list; we never mark text safe, so join sentences.
        self.fields["new_password1"].help_text = " ".join(
            str(text) for text in password_validators_help_texts()
        )


class TokenForm(forms.Form):
    """A new API token: what it is for and how long it lasts (the rules: accounts.tokens)."""

    name = forms.CharField(
        label=_("What is it for?"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("For example the name of the script that uses it."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=DAYS_MAX,
        help_text=_("At most 365 days. You can revoke it here at any time."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"days": settings.POWERTRIANGLE_TOKEN_DAYS})
        super().__init__(*args, **kwargs)


class AccountDeleteForm(forms.Form):
    """Deleting one's own account: the password again, so that a forgotten open session is
    not enough to do it."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm.")},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong")
        return password
