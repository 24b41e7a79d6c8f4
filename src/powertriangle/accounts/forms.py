"""Django's own account forms, with help texts that render as plain text."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts


class PasswordChangeForm(DjangoPasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django gives these rules as an HTML list; we never mark text safe, so join sentences.
        self.fields["new_password1"].help_text = " ".join(
            str(text) for text in password_validators_help_texts()
        )
