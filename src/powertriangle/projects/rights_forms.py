"""Forms of the data-rights pages: what the coach confirms before an erasure or a deletion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from powertriangle.projects.rights.erasure import ErasureMode


class ErasureForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What happens to what they said"),
        widget=forms.RadioSelect,
        choices=[
            (
                ErasureMode.ANONYMISE.value,
                _("Keep it without their name: it stays in the reflection, as anonymous"),
            ),
            (
                ErasureMode.DELETE.value,
                _("Delete it: everything they said goes, with the dots and links on it"),
            ),
        ],
        error_messages={"required": _("Choose what happens to what they said.")},
    )


class ProjectDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the project and everything in it are deleted for good"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
